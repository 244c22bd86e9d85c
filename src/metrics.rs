//! The metrics a clerk files for one region and one period, and their loading.
//!
//! One YAML file per region and period, named after the period (`2023.yaml`,
//! `2023-Q4.yaml`, `2023-11.yaml`) inside a folder per region. Every field is
//! documented with its unit in `docs/metrics-format.md`. Loading reports every
//! problem of every file, each with file, line and column.

use crate::period::Period;
use crate::problem::{Problem, Problems};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// How exact a figure is, as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// The figure as stated.
    #[default]
    Exact,
    /// "More than": 1150余万元, 2000余人次.
    Over,
    /// "About": 约1150万元.
    About,
}

/// A number with an optional qualifier. In YAML either a plain number (`1705`) or a
/// mapping (`{value: 11500000, qualifier: over}` for 1150余万元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub qualifier: Qualifier,
}

impl Figure {
    pub fn exact(value: f64) -> Figure {
        Figure {
            value,
            qualifier: Qualifier::Exact,
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a number such as 1705, or {value: 11500000, qualifier: over} for 1150余万",
                )
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::exact(v as f64))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::exact(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Figure, E> {
                if v.is_finite() {
                    Ok(Figure::exact(v))
                } else {
                    Err(E::custom("expected a finite number"))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Figure, E> {
                Err(E::custom(diagnose_number_text(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Figure, A::Error> {
                let mut value = None;
                let mut qualifier = Qualifier::Exact;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value::<f64>()?),
                        "qualifier" => qualifier = map.next_value()?,
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["value", "qualifier"],
                            ));
                        }
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("value"))?;
                Ok(Figure { value, qualifier })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Explains why a piece of text is not a number and how to write it, for the usual
/// ways a figure copied from a spreadsheet or a document goes wrong. Such text is
/// rejected, never guessed at: 1,705 could be a thousands separator or a decimal comma.
pub fn diagnose_number_text(text: &str) -> String {
    let t = text.trim();
    let fix = if t.chars().any(|c| ('０'..='９').contains(&c)) {
        let half: String = t
            .chars()
            .map(|c| {
                if ('０'..='９').contains(&c) {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        format!("it has full-width digits; write them half-width: {half}")
    } else if t.ends_with('%') || t.ends_with('％') {
        format!(
            "write the percentage without the % sign: {}",
            t.trim_end_matches(['%', '％'])
        )
    } else if t.contains(',') || t.contains('，') {
        format!(
            "write the number without thousands separators: {}",
            t.replace([',', '，'], "")
        )
    } else if t.contains('万')
        || t.contains('亿')
        || t.contains('元')
        || t.contains('人')
        || t.contains('个')
    {
        let digits: String = t
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let scale = if t.contains('亿') {
            1e8
        } else if t.contains('万') {
            1e4
        } else {
            1.0
        };
        let over = t.contains('余') || t.contains('多');
        match digits.parse::<f64>() {
            Ok(v) if over => format!("write the figure without units, in yuan or persons: {{value: {}, qualifier: over}}", v * scale),
            Ok(v) => format!("write the figure without units, in yuan or persons: {}", v * scale),
            Err(_) => "write the figure as digits without units, in yuan or persons".to_string(),
        }
    } else {
        "write digits only, e.g. 1705; for 1150余万元 write {value: 11500000, qualifier: over}"
            .to_string()
    };
    format!("`{t}` is text, not a number: {fix}")
}

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    County,
}

/// Whether the figures are published facts or invented for illustration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataStatus {
    Published,
    Illustrative,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: Spanned<String>,
    /// GB/T 2260 administrative code, six digits, quoted.
    pub code: Spanned<String>,
    pub level: Level,
    /// Name of the parent region (e.g. 湖南省), used for 居全省第二.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub parent_code: Option<String>,
    /// Resident population, persons.
    #[serde(default)]
    pub population: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCount {
    /// The field of service, e.g. 禁毒, 养老, 儿童.
    pub field: String,
    pub count: Spanned<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Honour {
    pub title: String,
    pub count: Spanned<Figure>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// Social-work posts at the end of the period.
    #[serde(default)]
    pub posts: Option<Spanned<Figure>>,
    /// Posts created during the period.
    #[serde(default)]
    pub new_posts: Option<Spanned<Figure>>,
    #[serde(default)]
    pub new_posts_by_field: Vec<FieldCount>,
    /// Social workers employed at the end of the period, persons.
    #[serde(default)]
    pub workers: Option<Spanned<Figure>>,
    #[serde(default)]
    pub honours: Vec<Honour>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub name: String,
    /// Yuan; leave out when the split is not known.
    #[serde(default)]
    pub amount_yuan: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// All funds put in during the period, yuan.
    #[serde(default)]
    pub total_yuan: Option<Spanned<Figure>>,
    #[serde(default)]
    pub channels: Vec<Channel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// 助理社会工作师, 社会工作师, 高级社会工作师.
    pub title: String,
    /// Yuan per month.
    pub monthly_yuan: Spanned<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedRank {
    /// 1 = first.
    pub rank: Spanned<Figure>,
    /// What was ranked, e.g. 通过人数占常住人口比例.
    pub basis: String,
    /// The peer group, e.g. 全省.
    pub among: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Persons registered for the national exam.
    #[serde(default)]
    pub registrants: Option<Spanned<Figure>>,
    /// Persons who passed.
    #[serde(default)]
    pub passes: Option<Spanned<Figure>>,
    /// Percent of workers holding a certificate, 0–100.
    #[serde(default)]
    pub certified_share_percent: Option<Spanned<Figure>>,
    /// Rank among peers as published, when peers' data is not on file.
    #[serde(default)]
    pub rank: Option<StatedRank>,
    #[serde(default)]
    pub allowances: Vec<Allowance>,
    /// Figures the source states are record highs (`registrants`, `passes`) when the
    /// earlier years are not on file.
    #[serde(default)]
    pub record_highs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Person-times trained during the period.
    #[serde(default)]
    pub person_times: Option<Spanned<Figure>>,
    /// Months of free pre-exam training.
    #[serde(default)]
    pub pre_exam_months: Option<Spanned<Figure>>,
    /// Days of the yearly central training.
    #[serde(default)]
    pub central_training_days: Option<Spanned<Figure>>,
    /// Minimum training hours per frontline worker per year.
    #[serde(default)]
    pub training_hours_per_worker: Option<Spanned<Figure>>,
    /// Minimum supervision hours per frontline worker per year.
    #[serde(default)]
    pub supervision_hours_per_worker: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationLevel {
    /// E.g. 乡镇（街道）社会工作站, 村（社区）社会工作室.
    pub level: String,
    pub built: Spanned<Figure>,
    #[serde(default)]
    pub total: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What is to be reached, as a phrase: 村（社区）社会工作服务全覆盖.
    pub description: String,
    /// The station level it counts, when it is a count of stations.
    #[serde(default)]
    pub level: Option<String>,
    /// The number to reach.
    #[serde(default)]
    pub goal: Option<Spanned<Figure>>,
    /// When the target was set (start of the schedule).
    #[serde(default)]
    pub set_on: Option<chrono::NaiveDate>,
    pub deadline: chrono::NaiveDate,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stations {
    #[serde(default)]
    pub levels: Vec<StationLevel>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// Figures of one subordinate region (county, district), for the table by county.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subregion {
    pub name: String,
    /// Social workers, persons.
    #[serde(default)]
    pub workers: Option<Spanned<Figure>>,
    /// Township stations built.
    #[serde(default)]
    pub stations_built: Option<Spanned<Figure>>,
    /// Township stations to build.
    #[serde(default)]
    pub stations_total: Option<Spanned<Figure>>,
}

/// Everything filed for one region and one period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    pub data_status: DataStatus,
    /// Where published figures come from.
    #[serde(default)]
    pub source: Option<String>,
    pub region: Region,
    pub period: Spanned<Period>,
    #[serde(default)]
    pub staffing: Staffing,
    #[serde(default)]
    pub funding: Funding,
    #[serde(default)]
    pub certification: Certification,
    #[serde(default)]
    pub training: Training,
    #[serde(default)]
    pub stations: Stations,
    /// Figures by county (district), for the table by county.
    #[serde(default)]
    pub subregions: Vec<Subregion>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub next_steps: Vec<String>,
}

/// A checked metrics file and where it came from.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub file: PathBuf,
    pub data: MetricsFile,
    /// SHA-256 and size of the bytes the data was parsed from: the archive records
    /// what a briefing was made from, not what the file holds by the time it is filed.
    pub source: SourceDigest,
}

/// The digest of a metrics file as it was read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceDigest {
    pub sha256: String,
    pub size: u64,
}

impl SourceDigest {
    pub fn of(bytes: &[u8]) -> SourceDigest {
        SourceDigest {
            sha256: crate::archive::bagit::sha256_hex(bytes),
            size: bytes.len() as u64,
        }
    }
}

impl Metrics {
    pub fn code(&self) -> &str {
        &self.data.region.code.value
    }
    pub fn name(&self) -> &str {
        &self.data.region.name.value
    }
    pub fn period(&self) -> Period {
        self.data.period.value
    }
}

/// All metrics on file, by region code and period.
#[derive(Debug, Clone, Default)]
pub struct MetricsStore {
    pub by_region: BTreeMap<String, BTreeMap<Period, Metrics>>,
}

impl MetricsStore {
    pub fn get(&self, code: &str, period: &Period) -> Option<&Metrics> {
        self.by_region.get(code)?.get(period)
    }
    pub fn history(&self, code: &str) -> impl Iterator<Item = &Metrics> {
        self.by_region
            .get(code)
            .into_iter()
            .flat_map(|m| m.values())
    }
    /// Regions sharing a parent, for peer ranking.
    pub fn peers_of<'a>(
        &'a self,
        metrics: &Metrics,
    ) -> impl Iterator<Item = &'a Metrics> + use<'a> {
        let parent = metrics.data.region.parent_code.clone();
        let period = metrics.period();
        self.by_region
            .values()
            .filter_map(move |m| m.get(&period))
            .filter(move |m| parent.is_some() && m.data.region.parent_code == parent)
    }
}

/// Loads every `*.yaml` below `dir`, checking each; all problems are returned together.
pub fn load_dir(dir: &Path) -> Result<MetricsStore, Problems> {
    let loaded = load_dir_tolerant(dir);
    loaded.problems.into_result(loaded.store)
}

/// What a folder of metrics holds: the good files, every problem, and the regions
/// the problems belong to (so that one bad region does not stop the others).
#[derive(Debug, Default)]
pub struct Loaded {
    pub store: MetricsStore,
    pub problems: Problems,
    /// Region codes with at least one problem.
    pub tainted: std::collections::BTreeSet<String>,
    /// Problems in files that could not be tied to any region.
    pub unattributed: usize,
}

/// Whether `parent` is a GB/T 2260 code of a region containing `code`: a province
/// (`43xxxx` under `430000`) or a prefecture (`4303xx` under `430300`).
pub fn is_ancestor_code(parent: &str, code: &str) -> bool {
    let prefix = code_prefix(parent);
    crate::config::is_region_code(parent)
        && !prefix.is_empty()
        && parent != code
        && code.starts_with(prefix)
}

/// The digits of a code that its subregions share: `430000` → `43`, `430300` → `4303`.
fn code_prefix(code: &str) -> &str {
    let mut prefix = code;
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    prefix
}

/// The region a file belongs to by its folder name, `<code>-<name>`.
fn folder_code(file: &Path) -> Option<String> {
    let folder = file.parent()?.file_name()?.to_str()?;
    let code: String = folder.chars().take(6).collect();
    (crate::config::is_region_code(&code) && folder[6..].starts_with('-')).then_some(code)
}

/// Like [`load_dir`], but keeps going: good regions stay usable.
pub fn load_dir_tolerant(dir: &Path) -> Loaded {
    match list_dir(dir) {
        Ok(files) => load_files(files),
        Err(loaded) => loaded,
    }
}

/// Every metrics file below `dir`, sorted; or the problem of reading the folder.
fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, Loaded> {
    let mut files = Vec::new();
    if let Err(e) = collect_yaml(dir, &mut files) {
        let mut loaded = Loaded::default();
        loaded.problems.push(
            Problem::whole_file(dir, format!("cannot read the metrics folder: {e}"))
                .with_hint("check `metrics_dir` in the config and that the folder exists"),
        );
        loaded.unattributed += 1;
        return Err(loaded);
    }
    files.sort();
    Ok(files)
}

/// Like [`load_dir_tolerant`], for a run that makes the briefings of `codes` only:
/// reads their folders, and for the rank only the files of their peers (regions in
/// the same parent, which by GB/T 2260 share the parent's leading digits) for the
/// period each briefing is on, `period_of(store, code)`. Files outside a
/// `<code>-<name>` folder could belong to any region: then everything is read.
/// A national setup's one-region run reads a few hundred files instead of 27,000.
pub fn load_regions_tolerant(
    dir: &Path,
    codes: &BTreeSet<String>,
    period_of: impl Fn(&MetricsStore, &str) -> Option<Period>,
) -> Loaded {
    let files = match list_dir(dir) {
        Ok(files) => files,
        Err(loaded) => return loaded,
    };
    let folders: Vec<Option<String>> = files.iter().map(|f| folder_code(f)).collect();
    if folders.iter().any(Option::is_none) {
        return load_files(files);
    }
    let own: Vec<PathBuf> = files
        .iter()
        .zip(&folders)
        .filter(|(_, code)| code.as_ref().is_some_and(|c| codes.contains(c)))
        .map(|(f, _)| f.clone())
        .collect();
    let mut first = load_files(own);
    let mut wanted: Vec<(String, String)> = Vec::new();
    for code in codes {
        let Some(period) = period_of(&first.store, code) else {
            continue;
        };
        let parents: BTreeSet<&str> = first
            .store
            .history(code)
            .filter_map(|m| m.data.region.parent_code.as_deref())
            .collect();
        for parent in parents {
            wanted.push((code_prefix(parent).to_string(), period.to_string()));
        }
    }
    let peers: Vec<PathBuf> = files
        .iter()
        .zip(&folders)
        .filter(|(file, folder)| {
            let folder = folder.as_deref().unwrap_or_default();
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            !codes.contains(folder)
                && wanted
                    .iter()
                    .any(|(prefix, period)| folder.starts_with(prefix.as_str()) && stem == period)
        })
        .map(|(file, _)| file.clone())
        .collect();
    // Other regions' files: their store entries cannot collide with the named ones
    // (a file claiming a named code outside its folder is refused, not stored).
    let peers = load_files(peers);
    first.store.by_region.extend(peers.store.by_region);
    first.problems.extend(peers.problems);
    first.tainted.extend(peers.tainted);
    first.unattributed += peers.unattributed;
    first
}

/// Loads and checks the given files (sorted), keeping the good ones.
fn load_files(files: Vec<PathBuf>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut names: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    // Parsing is nearly all of the time (a ministry's 27,000 files took 5 s on one
    // core); the files are merged in sorted order, so problems keep their order. Boxed
    // while in flight: a list of 27,000 unboxed results (1.6 KB each) would add 43 MB
    // to the peak, next to the store they are moved into.
    let results = crate::parallel::map_in_order(&files, 64, |file| load_file(file).map(Box::new));
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(metrics) => {
                let code = metrics.code().to_string();
                let name = metrics.name().to_string();
                let mut consistent = true;
                if let Some(folder) = folder_code(&file) {
                    if folder != code {
                        loaded.problems.push(at(&file, &metrics.data.region.code, format!("region.code is {code}, but the file is in the folder of region {folder}"))
                            .with_hint("move the file to its region's folder or correct the code"));
                        loaded.tainted.insert(folder);
                        consistent = false;
                    }
                }
                match names.get(&code) {
                    Some((first, first_file)) if *first != name => {
                        loaded.problems.push(
                            at(
                                &file,
                                &metrics.data.region.name,
                                format!(
                                    "region {code} is named {name} here but {first} in {}",
                                    first_file.display()
                                ),
                            )
                            .with_hint("a code names one region: correct the name or the code"),
                        );
                        consistent = false;
                    }
                    Some(_) => {}
                    None => {
                        names.insert(code.clone(), (name, file.clone()));
                    }
                }
                if !consistent {
                    loaded.tainted.insert(code);
                    continue;
                }
                let store = &mut loaded.store;
                let problems = &mut loaded.problems;
                let period = metrics.period();
                let periods = store.by_region.entry(code.clone()).or_default();
                if let Some(first) = periods.get(&period) {
                    problems.push(
                        Problem::new(
                            &file,
                            metrics.data.period.referenced.line(),
                            metrics.data.period.referenced.column(),
                            format!(
                                "region {code} period {period} is already filed in {}",
                                first.file.display()
                            ),
                        )
                        .with_hint(
                            "keep one file per region and period; delete or merge the other",
                        ),
                    );
                    loaded.tainted.insert(code);
                } else {
                    periods.insert(period, *metrics);
                }
            }
            Err(found) => {
                match folder_code(&file) {
                    Some(code) => {
                        loaded.tainted.insert(code);
                    }
                    None => loaded.unattributed += 1,
                }
                loaded.problems.extend(found);
            }
        }
    }
    loaded
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if kind.is_dir() {
            collect_yaml(&path, out)?;
        } else if (kind.is_file() || kind.is_symlink()) && is_yaml {
            // A link is read like a file; a broken one then fails with its path named.
            out.push(path);
        }
    }
    Ok(())
}

/// Loads and checks one metrics file.
pub fn load_file(path: &Path) -> Result<Metrics, Problems> {
    let bytes = crate::yaml::read_bytes(path).map_err(|p| Problems(vec![p]))?;
    let text = crate::yaml::decode_utf8(path, &bytes).map_err(|p| Problems(vec![p]))?;
    let mut metrics = parse_str(path, &text)?;
    metrics.source = SourceDigest::of(&bytes);
    Ok(metrics)
}

/// Parses and checks metrics text as if read from `path` (which only names it in
/// messages and must end in the period, e.g. `2023.yaml`). Pure: no I/O.
pub fn parse_str(path: &Path, text: &str) -> Result<Metrics, Problems> {
    let data: MetricsFile = crate::yaml::parse(path, text).map_err(|p| Problems(vec![p]))?;
    let problems = check(path, &data);
    problems.into_result(Metrics {
        file: path.to_path_buf(),
        data,
        source: SourceDigest::of(text.as_bytes()),
    })
}

fn at<T>(file: &Path, s: &Spanned<T>, message: String) -> Problem {
    Problem::new(file, s.referenced.line(), s.referenced.column(), message)
}

/// Every rule a well-formed file obeys beyond its types.
fn check(file: &Path, m: &MetricsFile) -> Problems {
    let mut problems = Problems::default();
    let mut count = |label: &str, f: &Option<Spanned<Figure>>| {
        if let Some(f) = f {
            check_count(file, label, f, &mut problems);
        }
    };
    count("region.population", &m.region.population);
    count("staffing.posts", &m.staffing.posts);
    count("staffing.new_posts", &m.staffing.new_posts);
    count("staffing.workers", &m.staffing.workers);
    count("funding.total_yuan", &m.funding.total_yuan);
    count("certification.registrants", &m.certification.registrants);
    count("certification.passes", &m.certification.passes);
    count("training.person_times", &m.training.person_times);
    count("training.pre_exam_months", &m.training.pre_exam_months);
    count(
        "training.central_training_days",
        &m.training.central_training_days,
    );
    count(
        "training.training_hours_per_worker",
        &m.training.training_hours_per_worker,
    );
    count(
        "training.supervision_hours_per_worker",
        &m.training.supervision_hours_per_worker,
    );
    for (i, f) in m.staffing.new_posts_by_field.iter().enumerate() {
        check_count(
            file,
            &format!("staffing.new_posts_by_field[{i}].count"),
            &f.count,
            &mut problems,
        );
    }
    for (i, h) in m.staffing.honours.iter().enumerate() {
        check_count(
            file,
            &format!("staffing.honours[{i}].count"),
            &h.count,
            &mut problems,
        );
    }
    for (i, c) in m.funding.channels.iter().enumerate() {
        if let Some(a) = &c.amount_yuan {
            check_count(
                file,
                &format!("funding.channels[{i}].amount_yuan"),
                a,
                &mut problems,
            );
        }
    }
    for (i, a) in m.certification.allowances.iter().enumerate() {
        check_count(
            file,
            &format!("certification.allowances[{i}].monthly_yuan"),
            &a.monthly_yuan,
            &mut problems,
        );
    }
    if let Some(rank) = &m.certification.rank {
        check_count(file, "certification.rank.rank", &rank.rank, &mut problems);
        if rank.rank.value.value < 1.0 {
            problems.push(
                at(
                    file,
                    &rank.rank,
                    "certification.rank.rank must be 1 or more".into(),
                )
                .with_hint("1 means first place"),
            );
        }
    }

    let valid = |f: &Spanned<Figure>| f.value.value >= 0.0;
    if let (Some(reg), Some(pass)) = (&m.certification.registrants, &m.certification.passes) {
        if valid(reg) && valid(pass) && pass.value.value > reg.value.value {
            problems.push(
                at(
                    file,
                    pass,
                    format!(
                        "certification.passes is {}, more than the {} registrants",
                        pass.value.value, reg.value.value
                    ),
                )
                .with_hint("passes cannot exceed registrants; check both figures"),
            );
        }
    }
    if let Some(share) = &m.certification.certified_share_percent {
        let v = share.value.value;
        if !(0.0..=100.0).contains(&v) {
            problems.push(
                at(file, share, format!("certification.certified_share_percent is {v}; a share lies between 0 and 100"))
                    .with_hint("write the percentage as a number without %, e.g. 50 for 50%"),
            );
        }
    }
    if let Some(total) = &m.funding.total_yuan {
        let amounts: Vec<f64> = m
            .funding
            .channels
            .iter()
            .filter_map(|c| c.amount_yuan.as_ref().map(|a| a.value.value))
            .collect();
        let sum: f64 = amounts.iter().sum();
        if total.value.qualifier == Qualifier::Exact
            && amounts.len() == m.funding.channels.len()
            && !amounts.is_empty()
            && (sum - total.value.value).abs() > 0.5
        {
            problems.push(
                at(file, total, format!("funding.total_yuan is {}, but the channels add up to {sum}", total.value.value))
                    .with_hint("make the channel amounts add up to the total, or mark the total as approximate"),
            );
        }
    }
    for (i, level) in m.stations.levels.iter().enumerate() {
        check_count(
            file,
            &format!("stations.levels[{i}].built"),
            &level.built,
            &mut problems,
        );
        if let Some(total) = &level.total {
            check_count(
                file,
                &format!("stations.levels[{i}].total"),
                total,
                &mut problems,
            );
            if valid(&level.built) && valid(total) && level.built.value.value > total.value.value {
                problems.push(
                    at(
                        file,
                        &level.built,
                        format!(
                            "stations.levels[{i}] ({}): {} built, more than the total of {}",
                            level.level, level.built.value.value, total.value.value
                        ),
                    )
                    .with_hint("built cannot exceed total; check both figures"),
                );
            }
        }
    }
    for (i, s) in m.subregions.iter().enumerate() {
        for (label, f) in [
            ("workers", &s.workers),
            ("stations_built", &s.stations_built),
            ("stations_total", &s.stations_total),
        ] {
            if let Some(f) = f {
                check_count(file, &format!("subregions[{i}].{label}"), f, &mut problems);
            }
        }
        if let (Some(b), Some(t)) = (&s.stations_built, &s.stations_total) {
            if valid(b) && valid(t) && b.value.value > t.value.value {
                problems.push(
                    at(
                        file,
                        b,
                        format!(
                            "subregions[{i}] ({}): {} stations built, more than the total of {}",
                            s.name, b.value.value, t.value.value
                        ),
                    )
                    .with_hint("built cannot exceed total; check both figures"),
                );
            }
        }
    }
    for (i, target) in m.stations.targets.iter().enumerate() {
        if let Some(goal) = &target.goal {
            check_count(
                file,
                &format!("stations.targets[{i}].goal"),
                goal,
                &mut problems,
            );
        }
        if let Some(level) = &target.level {
            if !m.stations.levels.iter().any(|l| &l.level == level) {
                problems.push(Problem::whole_file(file, format!("stations.targets[{i}] counts level `{level}`, which stations.levels does not list"))
                    .with_hint("use the exact level name from stations.levels"));
            }
        }
        if let Some(set_on) = target.set_on {
            if set_on > target.deadline {
                problems.push(Problem::whole_file(
                    file,
                    format!(
                        "stations.targets[{i}]: set_on {set_on} is after the deadline {}",
                        target.deadline
                    ),
                ));
            }
        }
    }

    for name in &m.certification.record_highs {
        if !matches!(name.as_str(), "registrants" | "passes") {
            problems.push(
                Problem::whole_file(file, format!("certification.record_highs lists `{name}`"))
                    .with_hint("list only registrants and/or passes"),
            );
        }
    }

    let code = &m.region.code;
    if !crate::config::is_region_code(&code.value) {
        problems.push(
            at(
                file,
                code,
                format!(
                    "region.code `{}` is not a six-digit GB/T 2260 code",
                    code.value
                ),
            )
            .with_hint("write it in quotes, e.g. \"430300\""),
        );
    }
    if let Some(parent) = &m.region.parent_code {
        if !is_ancestor_code(parent, &code.value) {
            problems.push(
                at(file, code, format!("region.parent_code `{parent}` is not a region that contains {}", code.value)).with_hint(
                    "a parent's GB/T 2260 code is the region's own with its last two or four digits zero, e.g. 430000 for 430300; quote it",
                ),
            );
        }
    }
    let name = &m.region.name;
    if name.value.trim().is_empty()
        || name
            .value
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\'))
        || name.value.contains("..")
    {
        problems.push(
            at(
                file,
                name,
                format!(
                    "region.name `{}` is not a place name",
                    name.value.escape_debug()
                ),
            )
            .with_hint("write the name as printed, e.g. 湘潭市, without slashes"),
        );
    }
    let expected_stem = m.period.value.to_string();
    if file.file_stem().and_then(|s| s.to_str()) != Some(expected_stem.as_str()) {
        problems.push(
            at(
                file,
                &m.period,
                format!(
                    "the file says period {expected_stem} but is named {}",
                    file.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
            )
            .with_hint(format!(
                "name the file {expected_stem}.yaml, or correct the period"
            )),
        );
    }
    problems
}

fn check_count(file: &Path, label: &str, figure: &Spanned<Figure>, problems: &mut Problems) {
    let v = figure.value.value;
    if v < 0.0 {
        problems.push(
            at(
                file,
                figure,
                format!("{label} is {v}; a count or amount cannot be negative"),
            )
            .with_hint("write 0 or leave the field out when there is nothing to report"),
        );
    } else if v.fract() != 0.0 {
        problems.push(
            at(
                file,
                figure,
                format!("{label} is {v}; expected a whole number"),
            )
            .with_hint("counts and yuan amounts are whole numbers"),
        );
    }
}
