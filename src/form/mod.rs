//! The clerk's door to the metrics: a fill-in workbook and its import.
//!
//! `sw-briefing form --region CODE --period P` writes an .xlsx form (rust_xlsxwriter)
//! with every field of docs/metrics-format.md as a labelled Chinese row, last
//! period's figures beside the blanks, data validation on the input cells and the
//! rest locked. `sw-briefing import FILE...` reads filled forms (.xlsx, .xls, .ods,
//! through calamine), makes the metrics YAML of each, checks it with the metrics
//! loader ([`crate::metrics::parse_str`]) and files it under the metrics folder
//! atomically. YAML stays the canonical store; the form is only a way in.
//!
//! [`layout`] is the one table both directions use; [`messages`] holds every text
//! the clerk reads.

pub mod layout;
pub mod messages;
pub mod read;
pub mod write;

use crate::cli::exit;
use crate::metrics::{self, MetricsStore};
use crate::model::period::Period;
use messages as msg;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Where on a form a problem is: sheet, cell and the field's Chinese label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    /// `C5`, or a range `C5:D5`; `None` for the whole sheet.
    pub cell: Option<String>,
    pub field: Option<String>,
}

/// One thing wrong with a form, in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub file: PathBuf,
    pub place: Option<Place>,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for FormProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self
            .place
            .as_ref()
            .map(|p| msg::place(&p.sheet, p.cell.as_deref(), p.field.as_deref()))
            .unwrap_or_default();
        let file = self.file.display().to_string();
        write!(f, "{}", msg::problem(&file, &place, &self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{}", msg::hint_line(hint))?;
        }
        Ok(())
    }
}

/// The job config and every metrics file on record, or the exit code of a bad config
/// (its problems printed).
fn config_and_metrics(
    config: &Path,
) -> Result<(crate::config::Config, crate::app::load::Loaded), i32> {
    let config = crate::config::Config::load(config).map_err(|problems| {
        eprintln!("{problems}");
        exit::CONFIG
    })?;
    let loaded = crate::app::load::load_dir_tolerant(&config.metrics_dir);
    Ok((config, loaded))
}

/// `form`: writes the fill-in workbook; returns the exit code.
pub fn run_form(config: &Path, code: &str, period: &str, output: Option<&Path>) -> i32 {
    if !crate::config::is_region_code(code) {
        eprintln!("{}", msg::option_error("--region", &msg::bad_code(code).0));
        return exit::USAGE;
    }
    let period: Period = match period.parse() {
        Ok(p) => p,
        Err(_) => {
            eprintln!(
                "{}",
                msg::option_error("--period", &msg::bad_period_argument(period))
            );
            return exit::USAGE;
        }
    };
    let (_config, loaded) = match config_and_metrics(config) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let store = &loaded.store;
    let identity = store
        .get(code, &period)
        .or_else(|| store.history(code).last())
        .map(|m| &m.data);
    let previous = store.get(code, &period.previous()).map(|m| &m.data);
    let bytes = match write::workbook(&write::FormInput {
        code,
        period,
        identity,
        previous,
    }) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "{}",
                msg::error_line(&msg::cannot_make_form(&e.to_string()))
            );
            return exit::FAILED;
        }
    };
    let output = match output {
        Some(o) => o.to_path_buf(),
        None => {
            let name = identity.map(|m| m.region.name.value.as_str()).unwrap_or("");
            let stem = if name.is_empty() {
                format!("{code}-{period}")
            } else {
                format!("{code}-{name}-{period}")
            };
            PathBuf::from(format!("{stem}-填报表.xlsx"))
        }
    };
    if output.exists() {
        // It may be a form the clerk has already filled in.
        let (m, h) = msg::form_exists(&output.display().to_string());
        eprintln!("{}\n{}", msg::error_line(&m), msg::hint_line(&h));
        return exit::USAGE;
    }
    if let Err(e) = write_new(&output, &bytes) {
        let (m, h) = msg::cannot_write(&output.display().to_string(), &e.to_string());
        eprintln!("{}\n{}", msg::error_line(&m), msg::hint_line(&h));
        return exit::FAILED;
    }
    println!("{}", msg::form_written(&output.display().to_string()));
    exit::OK
}

/// A checked form and where it goes.
struct Planned {
    source: PathBuf,
    target: PathBuf,
    yaml: String,
    /// SHA-256 of the different file it replaces.
    replaces: Option<String>,
    unchanged: bool,
}

/// `import`: reads, checks and files forms; nothing is written when any has an error.
pub fn run_import(config: &Path, files: &[PathBuf], dry_run: bool, replace: bool) -> i32 {
    let (config, loaded) = match config_and_metrics(config) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let mut problems: Vec<FormProblem> = Vec::new();
    let mut planned: Vec<Planned> = Vec::new();
    for file in files {
        match plan(file, &config.metrics_dir, &loaded.store, replace) {
            Ok(p) => {
                if let Some(other) = planned.iter().find(|o| o.target == p.target) {
                    let (m, h) = msg::same_target(
                        &p.target.display().to_string(),
                        &other.source.display().to_string(),
                    );
                    problems.push(FormProblem {
                        file: file.clone(),
                        place: None,
                        message: m,
                        hint: Some(h),
                    });
                } else {
                    planned.push(p);
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{}", msg::error_line(&p.to_string()));
        }
        eprintln!("{}", msg::summary(problems.len(), files.len()));
        return exit::METRICS;
    }
    for p in &planned {
        let target = p.target.display().to_string();
        if dry_run {
            println!("{}", msg::dry_run_ok(&target));
            continue;
        }
        if p.unchanged {
            println!("{}", msg::unchanged(&target));
            continue;
        }
        if let Err(e) = write_atomically(&p.target, p.yaml.as_bytes()) {
            let (m, h) = msg::cannot_write(&target, &e.to_string());
            eprintln!("{}\n{}", msg::error_line(&m), msg::hint_line(&h));
            return exit::FAILED;
        }
        match &p.replaces {
            Some(old) => {
                tracing::warn!(file = %target, form = %p.source.display(), replaced_sha256 = %old, "metrics file replaced from a form");
                println!("{}", msg::replaced(&target, old));
            }
            None => {
                tracing::info!(file = %target, form = %p.source.display(), "metrics file imported from a form");
                println!("{}", msg::imported(&target));
            }
        }
    }
    exit::OK
}

/// Reads and checks one form and decides where it goes.
fn plan(
    file: &Path,
    metrics_dir: &Path,
    store: &MetricsStore,
    replace: bool,
) -> Result<Planned, Vec<FormProblem>> {
    let form = read::read(file)?;
    let period: Period = form.period.parse().map_err(|_| {
        let (m, h) = msg::bad_period(&form.period);
        vec![FormProblem {
            file: file.to_path_buf(),
            place: None,
            message: m,
            hint: Some(h.into()),
        }]
    })?;
    let existing = store.get(&form.code, &period);
    let target = match existing {
        Some(m) => m.file.clone(),
        None => region_folder(metrics_dir, &form.code, &form.name).join(format!("{period}.yaml")),
    };
    let mut problems = Vec::new();
    if let Err(found) = metrics::parse_str(&target, &form.yaml) {
        for p in found.0 {
            problems.push(locate(file, &form, &p));
        }
    }
    if let Some(other) = store
        .history(&form.code)
        .find(|m| m.file != target && m.name() != form.name)
    {
        let (m, h) = msg::region_renamed(
            &form.code,
            &form.name,
            other.name(),
            &other.file.display().to_string(),
        );
        problems.push(FormProblem {
            file: file.to_path_buf(),
            place: Some(form.name_place.clone()),
            message: m,
            hint: Some(h),
        });
    }
    let mut replaces = None;
    let mut unchanged = false;
    if let Ok(old) = std::fs::read(&target) {
        if old == form.yaml.as_bytes() {
            unchanged = true;
        } else if replace {
            replaces = Some(crate::model::digest::sha256_hex(&old));
        } else {
            let (m, h) = msg::exists_different(&target.display().to_string());
            problems.push(FormProblem {
                file: file.to_path_buf(),
                place: None,
                message: m,
                hint: Some(h.into()),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Planned {
        source: file.to_path_buf(),
        target,
        yaml: form.yaml,
        replaces,
        unchanged,
    })
}

/// The region's folder: the one already named after its code, else `<code>-<name>`.
fn region_folder(metrics_dir: &Path, code: &str, name: &str) -> PathBuf {
    let prefix = format!("{code}-");
    if let Ok(entries) = std::fs::read_dir(metrics_dir) {
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix) && e.path().is_dir())
            .map(|e| e.path())
            .collect();
        found.sort();
        if let Some(first) = found.into_iter().next() {
            return first;
        }
    }
    metrics_dir.join(format!("{code}-{name}"))
}

/// A loader's problem, placed on the form by the line it names (or the list entry
/// its message names) and said in Chinese.
fn locate(file: &Path, form: &read::ReadForm, p: &crate::model::problem::Problem) -> FormProblem {
    let by_line = (p.line > 0)
        .then(|| form.lines.get(p.line as usize - 1).cloned().flatten())
        .flatten();
    let place = by_line.or_else(|| {
        form.entries
            .iter()
            .filter(|(path, _)| p.message.contains(path.as_str()))
            .max_by_key(|(path, _)| path.len())
            .map(|(_, place)| place.clone())
    });
    let (message, hint) = msg::loader_rule(p);
    FormProblem {
        file: file.to_path_buf(),
        place,
        message,
        hint: Some(hint.to_string()),
    }
}

/// Writes a file whole or not at all: a temporary file in the same folder, synced,
/// then renamed over the target; the folder is synced after.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, true)
}

/// Like [`write_atomically`], but fails when the file exists (never replaces one).
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, false)
}

fn write_file(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".import-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); the metrics and the form are not.
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writer and the reader share the layout: a blank form reads back as the
    /// region's identity alone, which the loader accepts.
    #[test]
    fn a_blank_form_reads_back_as_the_identity() {
        let dir = tempfile::tempdir().unwrap();
        let on_file = metrics::parse_str(
            Path::new("2022.yaml"),
            "data_status: illustrative\nregion: {name: 示例市, code: \"990100\", level: city, parent: 示例省, parent_code: \"990000\"}\nperiod: \"2022\"\nstaffing: {posts: 520}\n",
        )
        .unwrap();
        let bytes = write::workbook(&write::FormInput {
            code: "990100",
            period: "2023".parse().unwrap(),
            identity: Some(&on_file.data),
            previous: Some(&on_file.data),
        })
        .unwrap();
        let path = dir.path().join("form.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let form = read::read(&path).unwrap();
        assert_eq!(
            (form.code.as_str(), form.name.as_str(), form.period.as_str()),
            ("990100", "示例市", "2023")
        );
        let m = metrics::parse_str(Path::new("2023.yaml"), &form.yaml).unwrap();
        assert_eq!(m.data.region.parent_code.as_deref(), Some("990000"));
        assert!(
            m.data.staffing.posts.is_none(),
            "last period's figure is a reference only"
        );
    }
}
