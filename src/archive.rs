//! Filing briefings in the archive folder: where each one goes, its issue number
//! (期号), and writing it so that a crash leaves the old state or the new, never a
//! torn file, and nothing already filed is overwritten. Locking uses the standard
//! library's advisory file locks (flock on Linux).
//!
//! Layout: `<archive>/<code>-<region>/<year>/<series>-<year>年第<NN>期-<period>.pdf`,
//! where the year is the year of issue and numbers run per region, series and year.

use crate::period::Period;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: {action} failed: {source}\n  help: check that the archive folder exists, is writable by this user and that the disk has room; nothing already archived was changed")]
    Io { path: PathBuf, action: &'static str, source: std::io::Error },
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> ArchiveError {
    let path = path.to_path_buf();
    move |source| ArchiveError::Io { path, action, source }
}

/// A briefing already in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub path: PathBuf,
    pub issue_number: u32,
    pub issue_year: i32,
    pub period: Period,
}

/// Exclusive use of one archive by one process at a time.
pub struct ArchiveLock {
    _file: File,
}

/// Takes the archive's lock, waiting for another process that holds it.
pub fn lock(archive: &Path) -> Result<ArchiveLock, ArchiveError> {
    fs::create_dir_all(archive).map_err(io(archive, "creating the archive folder"))?;
    let path = archive.join(".lock");
    let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io(&path, "opening the lock file"))?;
    file.lock().map_err(io(&path, "locking the archive"))?;
    Ok(ArchiveLock { _file: file })
}

/// A folder name that cannot leave the archive or confuse a file manager.
pub fn safe_component(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "_".to_string()
    } else {
        cleaned
    }
}

pub fn region_dir(archive: &Path, code: &str, name: &str) -> PathBuf {
    archive.join(safe_component(&format!("{code}-{name}")))
}

pub fn file_name(series: &str, issue_year: i32, issue_number: u32, period: &Period) -> String {
    safe_component(&format!("{series}-{issue_year}年第{issue_number:02}期-{period}.pdf"))
}

/// Reads back the briefings filed for a region.
pub fn filed(region_dir: &Path, series: &str) -> Result<Vec<Filed>, ArchiveError> {
    let mut out = Vec::new();
    let years = match fs::read_dir(region_dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(region_dir, "reading the region folder")(e)),
    };
    let prefix = format!("{}-", safe_component(series));
    for year in years {
        let year = year.map_err(io(region_dir, "reading the region folder"))?;
        let Ok(issue_year) = year.file_name().to_string_lossy().parse::<i32>() else { continue };
        let year_path = year.path();
        for entry in fs::read_dir(&year_path).map_err(io(&year_path, "reading the year folder"))? {
            let entry = entry.map_err(io(&year_path, "reading the year folder"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".pdf")) else { continue };
            // rest = "2023年第03期-2023-Q4"
            let Some((head, period)) = rest.split_once("期-") else { continue };
            let Some(number) = head.split_once("年第").and_then(|(_, n)| n.parse::<u32>().ok()) else { continue };
            let Ok(period) = period.parse::<Period>() else { continue };
            out.push(Filed { path: entry.path(), issue_number: number, issue_year, period });
        }
    }
    out.sort_by_key(|f| (f.issue_year, f.issue_number));
    Ok(out)
}

/// The periods filed for region `code` (in any folder named `<code>-…`).
pub fn filed_periods(archive: &Path, code: &str, series: &str) -> Result<Vec<Filed>, ArchiveError> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(archive) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(archive, "reading the archive folder")(e)),
    };
    let prefix = format!("{code}-");
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) && entry.path().is_dir() {
            out.extend(filed(&entry.path(), series)?);
        }
    }
    Ok(out)
}

/// Removes temporary files left by a process that was killed while writing.
pub fn clean_partials(dir: &Path) -> Result<usize, ArchiveError> {
    let mut removed = 0;
    let entries = match fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(dir, "reading the archive folder")(e)),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            removed += clean_partials(&path)?;
        } else if entry.file_name().to_string_lossy().starts_with(".partial-") {
            fs::remove_file(&path).map_err(io(&path, "removing a leftover temporary file"))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The issue number the next briefing of `issue_year` gets.
pub fn next_issue_number(filed: &[Filed], issue_year: i32) -> u32 {
    filed.iter().filter(|f| f.issue_year == issue_year).map(|f| f.issue_number).max().unwrap_or(0) + 1
}

/// Writes `bytes` to `target` through a temp file in the same folder, fsync and a
/// rename that refuses to replace an existing file; then fsyncs the folder.
pub fn write_new(target: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    // A bare file name (a preview in the working folder) has an empty parent.
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(io(dir, "creating the folder"))?;
    let mut temp = tempfile::Builder::new().prefix(".partial-").suffix(".tmp").tempfile_in(dir).map_err(io(dir, "creating a temporary file"))?;
    temp.write_all(bytes).map_err(io(target, "writing"))?;
    temp.as_file().sync_all().map_err(io(target, "syncing"))?;
    temp.persist_noclobber(target).map_err(|e| ArchiveError::Io { path: target.to_path_buf(), action: "moving into place", source: e.error })?;
    let mut perms = fs::metadata(target).map_err(io(target, "reading permissions"))?.permissions();
    perms.set_readonly(true);
    fs::set_permissions(target, perms).map_err(io(target, "making read-only"))?;
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir, "syncing the folder"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_numbers_continue() {
        let dir = tempfile::tempdir().unwrap();
        let region = region_dir(dir.path(), "430300", "湘潭市");
        let name = file_name("社会工作简报", 2024, 3, &Period::Year(2023));
        assert_eq!(name, "社会工作简报-2024年第03期-2023.pdf");
        write_new(&region.join("2024").join(&name), b"%PDF").unwrap();
        let filed = filed(&region, "社会工作简报").unwrap();
        assert_eq!(filed.len(), 1);
        assert_eq!((filed[0].issue_number, filed[0].period), (3, Period::Year(2023)));
        assert_eq!(next_issue_number(&filed, 2024), 4);
        assert_eq!(next_issue_number(&filed, 2025), 1);
        assert!(write_new(&region.join("2024").join(&name), b"other").is_err(), "existing files are never replaced");
        assert_eq!(std::fs::read(region.join("2024").join(&name)).unwrap(), b"%PDF");
    }

    #[test]
    fn hostile_names_stay_inside() {
        assert_eq!(safe_component("../../etc"), "_.._etc");
        assert!(!safe_component("a/b").contains('/'));
    }
}
