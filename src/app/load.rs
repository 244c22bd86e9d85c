//! Reading metrics files from disk: every file below the metrics folder, or only what a
//! run for named regions needs; parsed in parallel, every problem of every file kept.

use crate::metrics::check::at;
use crate::metrics::store::code_prefix;
use crate::metrics::*;
use crate::model::digest::SourceDigest;
use crate::model::period::Period;
use crate::model::problem::{Problem, Problems};
use crate::tr;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// Warnings (passages written twice), each a warning line and a help line.
    pub warnings: Vec<String>,
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
            Problem::whole_file(
                dir,
                crate::tr!("load-metrics-dir", error = crate::i18n::io_words(&e)),
            )
            .with_hint(crate::tr!("load-metrics-dir-help")),
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
    // Parsing is nearly all of the time, so it runs on every core; the files are merged
    // in sorted order, so problems keep their order. Boxed while in flight: unboxed
    // results of a ministry's tens of thousands of files would add to the peak, next to
    // the store they are moved into.
    //
    // Handed out in batches: one file is parsed in about a tenth of a millisecond, and
    // waking the merging thread for each one cost a context switch per file both ways.
    const FILES_PER_BATCH: usize = 16;
    let batches: Vec<&[PathBuf]> = files.chunks(FILES_PER_BATCH).collect();
    let results = crate::app::parallel::map_in_order(&batches, |batch| {
        batch
            .iter()
            .map(|file| load_file(file).map(Box::new))
            .collect::<Vec<_>>()
    });
    for (file, result) in files.iter().zip(results.into_iter().flatten()) {
        match result {
            Ok(metrics) => {
                for repeat in &metrics.repeats {
                    loaded.warnings.push(format!(
                        "{}\n{}",
                        tr!("warning-line", message = repeat.message(file)),
                        tr!("help-line", hint = crate::metrics::repeats::Repeat::hint())
                    ));
                }
                let code = metrics.code().to_string();
                let name = metrics.name().to_string();
                let mut consistent = true;
                if let Some(folder) = folder_code(&file) {
                    if folder != code {
                        loaded.problems.push(
                            at(
                                &file,
                                &metrics.data.region.code,
                                crate::tr!("load-wrong-folder", code = code, folder = folder),
                            )
                            .with_hint(crate::tr!("load-wrong-folder-help")),
                        );
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
                                crate::tr!(
                                    "load-name-differs",
                                    code = code,
                                    name = name,
                                    first = first,
                                    file = first_file
                                ),
                            )
                            .with_hint(crate::tr!("load-name-differs-help")),
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
                            crate::tr!(
                                "load-period-twice",
                                code = code,
                                period = crate::i18n::show(period),
                                file = first.file
                            ),
                        )
                        .with_hint(crate::tr!("load-period-twice-help")),
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
    let mut seen = BTreeSet::new();
    collect_yaml_in(dir, out, &mut seen)
}

fn collect_yaml_in(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut BTreeSet<(u64, u64)>,
) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    // Each folder once, by identity: a linked folder is followed, a link back up is not.
    let meta = std::fs::metadata(dir)?;
    if !seen.insert((meta.dev(), meta.ino())) {
        tracing::warn!(path = %dir.display(), "a linked folder leads to a folder already read; not read twice");
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let mut kind = entry.file_type()?;
        if kind.is_symlink() {
            // A region folder may be a link (to another disk): follow it. A broken link
            // is kept as a file, so that its read fails with its path named.
            if let Ok(target) = std::fs::metadata(&path) {
                kind = target.file_type();
            }
        }
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if kind.is_dir() {
            collect_yaml_in(&path, out, seen)?;
        } else if is_yaml {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with("._") {
                // macOS writes `._name` beside a file copied to a foreign disk: its
                // resource fork, binary, not metrics.
                tracing::warn!(path = %path.display(), "skipping a macOS metadata file (`._` prefix), not metrics; delete it");
                continue;
            }
            // Anything else named .yaml is read: a link, a FIFO or a device is then
            // refused with its path named, never waited on.
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
