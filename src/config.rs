//! The job configuration (`config/briefing.yaml`): who issues the briefing, where data
//! and archive live, fonts, and report schedules, checked once at start.
//!
//! Relative paths in the file are resolved against the folder that holds the file, so
//! the service behaves the same whatever its working directory.

use crate::i18n::{show, tr};
use crate::model::period::PeriodKind;
use crate::model::problem::{Problem, Problems};
use croner::parser::{CronParser, Seconds};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};

pub mod delivery;

/// The distribution lists printed in the end block (版记).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// 报: superiors.
    #[serde(default)]
    pub report_to: Vec<String>,
    /// 送: peers.
    #[serde(default)]
    pub send_to: Vec<String>,
    /// 发: subordinates.
    #[serde(default)]
    pub issue_to: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    series: String,
    issuer: String,
    #[serde(default)]
    marking: Option<String>,
    #[serde(default, deserialize_with = "optional_decimal_u32")]
    copies: Option<u32>,
    #[serde(default = "default_retention")]
    retention: String,
    #[serde(default)]
    timezone: Option<Spanned<String>>,
    metrics_dir: String,
    archive_dir: String,
    #[serde(default)]
    distribution: Distribution,
    fonts: RawFonts,
    regions: Vec<RawRegion>,
    #[serde(default)]
    schedules: Vec<RawSchedule>,
    #[serde(default)]
    service: ServiceSettings,
    #[serde(default)]
    delivery: Vec<delivery::RawChannel>,
    #[serde(default)]
    approval: Option<Spanned<String>>,
}

/// Whether a due briefing is issued at once or first made as a draft (送审稿) that a
/// leader approves (`sw-briefing approve`) before it gets its 期号.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Approval {
    /// Issued and filed at once (the behaviour without sign-off).
    #[default]
    None,
    /// Made as a draft; issued by `sw-briefing approve`.
    Required,
}

/// How the service catches up, retries and shuts down.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ServiceSettings {
    /// On start, periods that fell due within this many days are made; older ones are listed.
    #[serde(deserialize_with = "decimal_u32")]
    pub catch_up_days: u32,
    /// A due report whose metrics are not there yet is retried this often.
    #[serde(deserialize_with = "decimal_u32")]
    pub retry_minutes: u32,
    /// After this many days past its due time, a report still without data is recorded as missing.
    #[serde(deserialize_with = "decimal_u32")]
    pub late_data_days: u32,
    /// On SIGTERM, how long the report in progress may take to finish.
    #[serde(deserialize_with = "decimal_u32")]
    pub shutdown_grace_seconds: u32,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            catch_up_days: 92,
            retry_minutes: 60,
            late_data_days: 20,
            shutdown_grace_seconds: 60,
        }
    }
}

/// A whole number as written in decimal digits: YAML would read `0x10` as 16 and
/// `1_000` as 1000, which is not what the person who wrote them meant to say.
fn decimal_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let text = String::deserialize(d)?;
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(serde::de::Error::custom(tr!(
            "config-not-decimal",
            text = t
        )));
    }
    t.parse::<u32>()
        .map_err(|_| serde::de::Error::custom(tr!("config-too-large", text = t)))
}

fn optional_decimal_u32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    decimal_u32(d).map(Some)
}

fn default_retention() -> String {
    "永久".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    title: Vec<Spanned<String>>,
    body: Vec<Spanned<String>>,
    heading: Vec<Spanned<String>>,
    kai: Vec<Spanned<String>>,
    #[serde(default)]
    fallbacks: RawFallbacks,
}

/// `fonts.fallbacks`: one list for every role, or a list per role.
#[derive(Debug, Default)]
enum RawFallbacks {
    #[default]
    None,
    All(Vec<Spanned<String>>),
    PerRole(Vec<(Spanned<String>, Vec<Spanned<String>>)>),
}

impl<'de> Deserialize<'de> for RawFallbacks {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RawFallbacks;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of font files, or a list per role (title, body, heading, kai)")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RawFallbacks, E> {
                Ok(RawFallbacks::None)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<RawFallbacks, E> {
                Ok(RawFallbacks::None)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RawFallbacks, A::Error> {
                let mut all = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    all.push(item);
                }
                Ok(RawFallbacks::All(all))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawFallbacks, A::Error> {
                let mut roles = Vec::new();
                while let Some(role) = map.next_key::<Spanned<String>>()? {
                    let list = map.next_value::<Option<Vec<Spanned<String>>>>()?;
                    roles.push((role, list.unwrap_or_default()));
                }
                Ok(RawFallbacks::PerRole(roles))
            }
        }
        d.deserialize_any(Visit)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    code: Spanned<String>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default)]
    distribution: Option<Distribution>,
    #[serde(default)]
    approval: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    name: String,
    cron: Spanned<String>,
    period: PeriodKind,
    #[serde(default)]
    regions: Option<Vec<String>>,
}

/// A font file and, for collections (.ttc), the face index (`path#2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSource {
    pub path: PathBuf,
    pub index: u32,
    /// How the config named it, for messages.
    pub written: String,
}

/// Font chains per typographic role; each role's fallbacks follow its chain.
#[derive(Debug, Clone)]
pub struct FontConfig {
    pub title: Vec<FontSource>,
    pub body: Vec<FontSource>,
    pub heading: Vec<FontSource>,
    pub kai: Vec<FontSource>,
    pub fallbacks: Fallbacks,
}

/// The fallback fonts of each role, tried after the role's own fonts: a bold face
/// after the bold title, a sans face after the 黑体 headings. A single list in the
/// config applies to every role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fallbacks {
    pub title: Vec<FontSource>,
    pub body: Vec<FontSource>,
    pub heading: Vec<FontSource>,
    pub kai: Vec<FontSource>,
}

impl Fallbacks {
    fn of_mut(&mut self, role: &str) -> Option<&mut Vec<FontSource>> {
        match role {
            "title" => Some(&mut self.title),
            "body" => Some(&mut self.body),
            "heading" => Some(&mut self.heading),
            "kai" => Some(&mut self.kai),
            _ => None,
        }
    }
}

/// One region the job reports on.
#[derive(Debug, Clone)]
pub struct RegionJob {
    pub code: String,
    pub issuer: String,
    pub distribution: Distribution,
    /// The config's `approval`, or the region's own.
    pub approval: Approval,
}

/// One report schedule: when it fires and which period a firing reports on.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub name: String,
    /// The expression as written (5 or 6 fields).
    pub cron_text: String,
    /// The same expression with seconds, as tokio-cron-scheduler wants it.
    pub cron_with_seconds: String,
    pub cron: croner::Cron,
    pub period: PeriodKind,
    /// Region codes; empty means every configured region.
    pub regions: Vec<String>,
}

impl Schedule {
    /// The regions this schedule covers.
    pub fn region_codes<'a>(&'a self, config: &'a Config) -> Vec<&'a str> {
        if self.regions.is_empty() {
            config.regions.iter().map(|r| r.code.as_str()).collect()
        } else {
            self.regions.iter().map(String::as_str).collect()
        }
    }
}

/// The checked job configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: PathBuf,
    pub series: String,
    pub issuer: String,
    pub marking: Option<String>,
    pub copies: Option<u32>,
    pub retention: String,
    pub timezone: chrono_tz::Tz,
    pub metrics_dir: PathBuf,
    pub archive_dir: PathBuf,
    pub fonts: FontConfig,
    pub regions: Vec<RegionJob>,
    pub schedules: Vec<Schedule>,
    pub service: ServiceSettings,
    /// Where each issued package is delivered (empty: nowhere).
    pub delivery: Vec<delivery::Channel>,
    /// The config's `approval` (regions may override it: [`RegionJob::approval`]).
    pub approval: Approval,
}

impl Config {
    /// Reads and checks the config file; every problem found is returned together.
    pub fn load(path: &Path) -> Result<Config, Problems> {
        let raw: RawConfig = crate::yaml::load(path).map_err(|p| Problems(vec![p]))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        check(path, &base, raw)
    }

    pub fn region(&self, code: &str) -> Option<&RegionJob> {
        self.regions.iter().find(|r| r.code == code)
    }
}

fn check(file: &Path, base: &Path, raw: RawConfig) -> Result<Config, Problems> {
    let mut problems = Problems::default();
    let at = |s: &Spanned<String>, message: String| {
        Problem::new(file, s.referenced.line(), s.referenced.column(), message)
    };

    let timezone = match &raw.timezone {
        None => chrono_tz::Asia::Shanghai,
        Some(tz) => tz.value.parse::<chrono_tz::Tz>().unwrap_or_else(|_| {
            problems.push(
                at(tz, tr!("config-timezone", name = tz.value))
                    .with_hint(tr!("config-timezone-help")),
            );
            chrono_tz::Asia::Shanghai
        }),
    };

    for (label, text) in [("series", &raw.series), ("issuer", &raw.issuer)] {
        if text.trim().is_empty() {
            problems.push(
                Problem::whole_file(file, tr!("config-empty", key = label))
                    .with_hint(tr!("config-empty-help")),
            );
        }
    }

    // The series names every briefing's PDF file in the archive (255 bytes at most on
    // most file systems); a longer one is a paste gone wrong.
    let series_length = raw.series.chars().count();
    if series_length > MAX_SERIES_CHARS {
        problems.push(
            Problem::whole_file(
                file,
                tr!(
                    "config-series-long",
                    length = series_length,
                    most = MAX_SERIES_CHARS
                ),
            )
            .with_hint(tr!("config-series-long-help")),
        );
    }

    if !matches!(raw.retention.as_str(), "永久" | "定期30年" | "定期10年") {
        problems.push(
            Problem::whole_file(file, tr!("config-retention", value = raw.retention))
                .with_hint(tr!("config-retention-help")),
        );
    }

    let mut font_chain =
        |role: &str, list: &[Spanned<String>], required: bool| -> Vec<FontSource> {
            if required && list.is_empty() {
                problems.push(
                    Problem::whole_file(file, tr!("config-fonts-none", role = role))
                        .with_hint(tr!("config-fonts-none-help")),
                );
            }
            list.iter()
                .filter_map(|s| match parse_font_source(base, &s.value) {
                    Ok(source) => Some(source),
                    Err(message) => {
                        problems.push(at(s, message).with_hint(tr!("config-font-path-help")));
                        None
                    }
                })
                .collect()
        };
    let fonts = FontConfig {
        title: font_chain("title", &raw.fonts.title, true),
        body: font_chain("body", &raw.fonts.body, true),
        heading: font_chain("heading", &raw.fonts.heading, true),
        kai: font_chain("kai", &raw.fonts.kai, true),
        fallbacks: Fallbacks::default(),
    };
    let mut fonts = fonts;
    let fallback_list = |list: &[Spanned<String>], problems: &mut Problems| {
        let mut sources = Vec::new();
        for s in list {
            match parse_font_source(base, &s.value) {
                // A fallback that is not installed is skipped (the loader logs it): the
                // bundled config names the Noto CJK fonts of Debian's fonts-noto-cjk, and a
                // machine without them still makes every briefing whose characters the
                // bundled fonts hold; a rare character then fails that briefing by name.
                Ok(source) if !source.path.is_file() => {}
                Ok(source) => sources.push(source),
                Err(message) => {
                    problems.push(at(s, message).with_hint(tr!("config-font-path-help")))
                }
            }
        }
        sources
    };
    match &raw.fonts.fallbacks {
        RawFallbacks::None => {}
        RawFallbacks::All(list) => {
            let sources = fallback_list(list, &mut problems);
            fonts.fallbacks = Fallbacks {
                title: sources.clone(),
                body: sources.clone(),
                heading: sources.clone(),
                kai: sources,
            };
        }
        RawFallbacks::PerRole(roles) => {
            let mut seen: Vec<&str> = Vec::new();
            for (role, list) in roles {
                let sources = fallback_list(list, &mut problems);
                if seen.contains(&role.value.as_str()) {
                    problems.push(
                        at(
                            role,
                            tr!("config-font-fallback-role-twice", role = role.value.clone()),
                        )
                        .with_hint(tr!("config-font-fallback-role-hint")),
                    );
                    continue;
                }
                seen.push(&role.value);
                match fonts.fallbacks.of_mut(&role.value) {
                    Some(slot) => *slot = sources,
                    None => problems.push(
                        at(
                            role,
                            tr!("config-font-fallback-role", role = role.value.clone()),
                        )
                        .with_hint(tr!("config-font-fallback-role-hint")),
                    ),
                }
            }
        }
    }

    let mut approval_of = |value: &Option<Spanned<String>>, default: Approval| match value {
        None => default,
        Some(s) => match s.value.trim() {
            "none" => Approval::None,
            "required" => Approval::Required,
            other => {
                problems.push(
                    at(s, format!("`approval` is `{other}`, not none or required"))
                        .with_hint("write `approval: required` to have each briefing approved (sw-briefing approve) before it is issued, or `approval: none` (the default) to issue at once"),
                );
                default
            }
        },
    };
    let approval = approval_of(&raw.approval, Approval::None);
    let region_approvals: Vec<Approval> = raw
        .regions
        .iter()
        .map(|r| approval_of(&r.approval, approval))
        .collect();

    let mut regions = Vec::new();
    for (region, region_approval) in raw.regions.into_iter().zip(region_approvals) {
        if !is_region_code(&region.code.value) {
            problems.push(
                at(
                    &region.code,
                    tr!("config-region-code", code = region.code.value),
                )
                .with_hint(tr!("config-region-code-help")),
            );
        }
        if regions
            .iter()
            .any(|r: &RegionJob| r.code == region.code.value)
        {
            problems.push(
                at(
                    &region.code,
                    tr!("config-region-twice", code = region.code.value),
                )
                .with_hint(tr!("config-region-twice-help")),
            );
        }
        regions.push(RegionJob {
            code: region.code.value.clone(),
            issuer: region.issuer.unwrap_or_else(|| raw.issuer.clone()),
            distribution: region
                .distribution
                .unwrap_or_else(|| raw.distribution.clone()),
            approval: region_approval,
        });
    }
    if regions.is_empty() {
        problems.push(
            Problem::whole_file(file, tr!("config-regions-none"))
                .with_hint(tr!("config-regions-none-help")),
        );
    }

    let mut schedules = Vec::new();
    for schedule in raw.schedules {
        match parse_cron(&schedule.cron.value) {
            Ok((cron, with_seconds)) => {
                if let Err(reason) = fires_within(&cron, timezone, NEVER_FIRES_YEARS) {
                    problems.push(
                        at(
                            &schedule.cron,
                            tr!(
                                "config-schedule-never",
                                schedule = schedule.name,
                                cron = schedule.cron.value,
                                reason = reason
                            ),
                        )
                        .with_hint(tr!("config-schedule-never-help")),
                    );
                }
                for code in schedule.regions.iter().flatten() {
                    if !regions.iter().any(|r| &r.code == code) {
                        problems.push(
                            at(
                                &schedule.cron,
                                tr!(
                                    "config-schedule-region",
                                    schedule = schedule.name,
                                    code = code
                                ),
                            )
                            .with_hint(tr!("config-schedule-region-help")),
                        );
                    }
                }
                schedules.push(Schedule {
                    name: schedule.name,
                    cron_text: schedule.cron.value.clone(),
                    cron_with_seconds: with_seconds,
                    cron,
                    period: schedule.period,
                    regions: schedule.regions.unwrap_or_default(),
                })
            }
            Err(reason) => problems.push(
                at(
                    &schedule.cron,
                    tr!(
                        "config-schedule-invalid",
                        schedule = schedule.name,
                        cron = schedule.cron.value,
                        reason = reason
                    ),
                )
                .with_hint(tr!("config-schedule-invalid-help")),
            ),
        }
    }

    check_ranges(file, &raw.service, raw.copies, &mut problems);
    let codes: Vec<&str> = regions
        .iter()
        .map(|r: &RegionJob| r.code.as_str())
        .collect();
    let delivery = delivery::check(file, base, raw.delivery, &codes, &mut problems);

    let metrics_dir = normalize(&base.join(&raw.metrics_dir));
    let archive_dir = normalize(&base.join(&raw.archive_dir));
    check_folders(file, &metrics_dir, &archive_dir, &mut problems);

    problems.into_result(Config {
        file: file.to_path_buf(),
        series: raw.series,
        issuer: raw.issuer,
        marking: raw.marking.filter(|m| !m.trim().is_empty()),
        copies: raw.copies,
        retention: raw.retention,
        timezone,
        metrics_dir,
        archive_dir,
        fonts,
        regions,
        schedules,
        service: raw.service,
        delivery,
        approval,
    })
}

/// The longest `series`: it is part of every archived file name.
pub const MAX_SERIES_CHARS: usize = 40;

/// A schedule must fire within this many years of now, or it is taken for a mistake.
pub const NEVER_FIRES_YEARS: i64 = 5;

/// Whether `cron` fires within `years` of now in `tz`; otherwise why not, as words.
fn fires_within(cron: &croner::Cron, tz: chrono_tz::Tz, years: i64) -> Result<(), String> {
    let now = chrono::Utc::now().with_timezone(&tz);
    let limit = now
        .checked_add_signed(chrono::Duration::days(366 * years))
        .unwrap_or(now);
    match cron.find_next_occurrence(&now, false) {
        Ok(next) if next <= limit => Ok(()),
        Ok(next) => Err(tr!(
            "config-cron-far",
            date = next.format("%Y-%m-%d").to_string(),
            years = years
        )),
        Err(_) => Err(tr!("config-cron-never")),
    }
}

/// The allowed range of each number in `service` (and of `copies`): the unit, the
/// least and the most. Beyond them a value is a typo, and date arithmetic with it
/// would overflow (100000000 catch-up days reach before the calendar's start).
pub const SERVICE_RANGES: [(&str, &str, u32, u32); 4] = [
    ("service.catch_up_days", "days", 0, 3660),
    ("service.retry_minutes", "minutes", 1, 7 * 24 * 60),
    ("service.late_data_days", "days", 0, 3660),
    ("service.shutdown_grace_seconds", "seconds", 0, 3600),
];

/// Copy numbers (份号) have six digits at most (GB/T 9704-2012 §7.2.1).
pub const MAX_COPIES: u32 = 999_999;

fn check_ranges(
    file: &Path,
    service: &ServiceSettings,
    copies: Option<u32>,
    problems: &mut Problems,
) {
    let values = [
        service.catch_up_days,
        service.retry_minutes,
        service.late_data_days,
        service.shutdown_grace_seconds,
    ];
    for ((key, unit, least, most), value) in SERVICE_RANGES.iter().zip(values) {
        if !(*least..=*most).contains(&value) {
            problems.push(
                Problem::whole_file(
                    file,
                    tr!(
                        "config-range",
                        key = *key,
                        value = value,
                        unit = unit_words(unit),
                        least = *least,
                        most = *most
                    ),
                )
                .with_hint(tr!(
                    "config-range-help",
                    unit = unit_words(unit),
                    least = *least,
                    most = *most,
                    default = default_of(key)
                )),
            );
        }
    }
    if let Some(copies) = copies {
        if !(1..=MAX_COPIES).contains(&copies) {
            problems.push(
                Problem::whole_file(
                    file,
                    tr!("config-copies", copies = copies, most = MAX_COPIES),
                )
                .with_hint(tr!("config-copies-help")),
            );
        }
    }
}

/// A unit of [`SERVICE_RANGES`] in the words of the current language.
fn unit_words(unit: &str) -> String {
    match unit {
        "days" => tr!("unit-days"),
        "minutes" => tr!("unit-minutes"),
        _ => tr!("unit-seconds"),
    }
}

fn default_of(key: &str) -> u32 {
    let d = ServiceSettings::default();
    match key {
        "service.catch_up_days" => d.catch_up_days,
        "service.retry_minutes" => d.retry_minutes,
        "service.late_data_days" => d.late_data_days,
        _ => d.shutdown_grace_seconds,
    }
}

/// The metrics and archive folders must be apart: an archive inside the metrics folder
/// has its copies of the inputs read as metrics by the next run (every region then has
/// each period twice), and metrics inside the archive are mixed with what is filed.
/// Each must also be a folder, if it exists.
fn check_folders(file: &Path, metrics_dir: &Path, archive_dir: &Path, problems: &mut Problems) {
    for (key, dir) in [("metrics_dir", metrics_dir), ("archive_dir", archive_dir)] {
        if let Ok(meta) = std::fs::metadata(dir) {
            if !meta.is_dir() {
                problems.push(
                    Problem::whole_file(
                        file,
                        tr!(
                            "config-dir-not-folder",
                            key = key,
                            dir = dir,
                            kind = crate::yaml::file_kind_words(crate::yaml::file_kind(
                                &meta.file_type()
                            ))
                        ),
                    )
                    .with_hint(tr!("config-dir-not-folder-help", key = key)),
                );
            }
        }
    }
    let (metrics, archive) = (resolved(metrics_dir), resolved(archive_dir));
    let message = if metrics == archive {
        Some(tr!(
            "config-dirs-same",
            archive = archive_dir,
            metrics = metrics_dir
        ))
    } else if archive.starts_with(&metrics) {
        Some(tr!(
            "config-dirs-inside",
            archive = archive_dir,
            metrics = metrics_dir
        ))
    } else if metrics.starts_with(&archive) {
        Some(tr!(
            "config-dirs-holds",
            archive = archive_dir,
            metrics = metrics_dir
        ))
    } else {
        None
    };
    if let Some(message) = message {
        problems.push(Problem::whole_file(file, message).with_hint(tr!("config-dirs-help")));
    }
}

/// A folder as the disk resolves it (absolute, links followed) as far as it exists,
/// with the rest as written: so that a folder not made yet compares with one that is.
fn resolved(dir: &Path) -> PathBuf {
    let mut existing = dir.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        }
    }
}

/// Folds `a/../b` to `b` without touching the disk, so printed paths read plainly.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// GB/T 2260 codes are six digits.
pub fn is_region_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

fn parse_font_source(base: &Path, written: &str) -> Result<FontSource, String> {
    let (path, index) = match written.rsplit_once('#') {
        Some((path, index)) => (
            path,
            index
                .parse::<u32>()
                .map_err(|_| tr!("config-font-index", written = written))?,
        ),
        None => (written, 0),
    };
    if path.trim().is_empty() {
        return Err(tr!("config-font-path-empty"));
    }
    Ok(FontSource {
        path: normalize(&base.join(path)),
        index,
        written: written.to_string(),
    })
}

/// Parses a 5-field or 6-field cron expression; returns it and its 6-field form.
pub fn parse_cron(text: &str) -> Result<(croner::Cron, String), String> {
    let fields = text.split_whitespace().count();
    let with_seconds = match fields {
        5 => format!("0 {}", text.trim()),
        6 => text.split_whitespace().collect::<Vec<_>>().join(" "),
        n => return Err(tr!("config-cron-fields", count = n)),
    };
    // Day-of-month and day-of-week both apply (AND), as in tokio-cron-scheduler, so
    // that the fire times computed here are the ones the scheduler ticks at.
    let parser = CronParser::builder()
        .seconds(Seconds::Required)
        .dom_and_dow(true)
        .build();
    let cron = parser
        .parse(&with_seconds)
        .map_err(|e| tr!("config-cron-library", detail = show(e)))?;
    Ok((cron, with_seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_accepts_five_and_six_fields() {
        assert_eq!(parse_cron("0 8 1 * *").unwrap().1, "0 0 8 1 * *");
        assert_eq!(parse_cron("*/2 * * * * *").unwrap().1, "*/2 * * * * *");
        assert!(parse_cron("0 8 32 * *").is_err());
        assert!(parse_cron("every monday").unwrap_err().contains('2'));
    }

    #[test]
    fn font_sources_take_a_face_index() {
        let source = parse_font_source(Path::new("/cfg"), "/usr/x.ttc#2").unwrap();
        assert_eq!(
            (source.path.as_path(), source.index),
            (Path::new("/usr/x.ttc"), 2)
        );
        assert!(parse_font_source(Path::new("/cfg"), "x.ttc#b").is_err());
    }
}
