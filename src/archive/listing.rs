//! Reading what the archive holds: every package by its folder, and what else is there.

use super::{
    io, ArchiveError, Filed, PackageName, DRAFTS, INDEX_CSV, INDEX_HTML, LEDGER, LEDGER_HEAD,
};
use crate::model::period::Period;
use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Everything in the archive folder: packages, and entries that are not packages.
#[derive(Debug, Default)]
pub struct Listing {
    pub filed: Vec<Filed>,
    /// Entries in region or year folders that are not packages this program files.
    pub strays: Vec<PathBuf>,
}

fn read_dir_sorted(dir: &Path, action: &'static str) -> Result<Vec<fs::DirEntry>, ArchiveError> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir, action))? {
        entries.push(entry.map_err(io(dir, action))?);
    }
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

fn is_hidden(entry: &fs::DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

fn scan_region(region_dir: &Path, listing: &mut Listing) -> Result<(), ArchiveError> {
    let region = region_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for year in read_dir_sorted(region_dir, "reading the region folder")? {
        if is_hidden(&year) {
            continue;
        }
        let year_path = year.path();
        let Some(issue_year) = year
            .file_name()
            .to_str()
            .and_then(|y| y.parse::<i32>().ok())
            .filter(|_| year_path.is_dir())
        else {
            listing.strays.push(year_path);
            continue;
        };
        for entry in read_dir_sorted(&year_path, "reading the year folder")? {
            if is_hidden(&entry) {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            match PackageName::parse(&name) {
                Some(parsed)
                    if parsed.issue_year == issue_year
                        && parsed.dir_name() == name
                        && entry.path().is_dir() =>
                {
                    listing.filed.push(Filed {
                        dir: entry.path(),
                        region: region.clone(),
                        name: parsed,
                    })
                }
                _ => listing.strays.push(entry.path()),
            }
        }
    }
    Ok(())
}

/// The packages filed for one region (every series), in name order.
pub fn list_region(region_dir: &Path) -> Result<Vec<Filed>, ArchiveError> {
    let mut listing = Listing::default();
    match fs::metadata(region_dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(region_dir, "reading the region folder")(e)),
        Ok(_) => scan_region(region_dir, &mut listing)?,
    }
    Ok(listing.filed)
}

/// The region folders of the archive by region code (`<code>-<name>`), each list in
/// name order. A region is found by its code, not by its name: a region renamed in
/// the metrics keeps its folder and its 期号 sequence.
pub fn region_dirs(
    root: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<String>>, ArchiveError> {
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    if !root.exists() {
        return Ok(out);
    }
    for entry in read_dir_sorted(root, "reading the archive folder")? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&entry) || !entry.path().is_dir() {
            continue;
        }
        if let Some((code, _)) = name.split_once('-') {
            out.entry(code.to_string()).or_default().push(name);
        }
    }
    Ok(out)
}

/// Every package in the archive. The archive's own files at the top (ledger, index,
/// lock, hidden entries, a README) are skipped; any other top-level file is a stray.
pub fn list_archive(root: &Path) -> Result<Listing, ArchiveError> {
    let mut listing = Listing::default();
    if !root.exists() {
        return Ok(listing);
    }
    for entry in read_dir_sorted(root, "reading the archive folder")? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_hidden(&entry)
            || [LEDGER, LEDGER_HEAD, INDEX_HTML, INDEX_CSV].contains(&name.as_str())
            || (name.starts_with("README") && entry.path().is_file())
            || (name == DRAFTS && entry.path().is_dir())
        {
            continue;
        }
        if entry.path().is_dir() {
            scan_region(&entry.path(), &mut listing)?;
        } else {
            listing.strays.push(entry.path());
        }
    }
    Ok(listing)
}

/// (region code, period) of every package of `series` in the archive: what the
/// scheduler counts as issued.
pub fn issued_periods(
    root: &Path,
    series: &str,
) -> Result<BTreeSet<(String, Period)>, ArchiveError> {
    let series = super::safe_component(series);
    Ok(list_archive(root)?
        .filed
        .iter()
        .filter(|f| f.name.series == series)
        .filter_map(|f| {
            f.region_code()
                .map(|code| (code.to_string(), f.name.period))
        })
        .collect())
}
