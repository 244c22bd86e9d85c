//! The archive: every issued briefing is filed as a sealed BagIt 1.0 package (RFC 8493)
//! holding the PDF, the metrics files it was made from and its GB/T 18894 record; an
//! append-only, hash-chained ledger records each event; an index lists every package.
//!
//! Layout, relative to the configured `archive_dir`:
//!
//! ```text
//! <code>-<region>/<year of issue>/<series>-<year>年第<NN>期-<period>[-r<K>]/   one bag
//!     bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//!     data/<series>-<year>年第<NN>期-<period>[-r<K>].pdf   the briefing
//!     data/metadata.json                                   the GB/T 18894 record
//!     data/inputs/<code>-<region>/<period>.yaml            the metrics it was made from
//! ledger.jsonl   one JSON event per line, each carrying the SHA-256 of the line before
//! index.html     every briefing, with links to the PDFs; index.csv the same as a table
//! .lock          held by the process that changes the archive
//! .staging/      packages being built; what a killed run left here is removed later
//! ```
//!
//! Issue numbers (期号) run per region, series and year of issue, and are fixed when a
//! period is first issued. A revision (`--revise`) keeps the number and adds `-r2`, `-r3`.
//!
//! Deciding (names, numbers, gaps, the ledger chain, BagIt text) is done by pure
//! functions; this module and its `seal`, `ledger`, `index` and `verify` parts do the
//! I/O. Every change is made so that a kill at any instant leaves an archive that
//! verifies: a package is built and checked in `.staging/`, made read-only, moved into
//! place with one rename, and then recorded; a package found without its ledger line
//! is recorded by the next run.

pub mod bagit;
pub mod durable;
pub mod index;
pub mod ledger;
pub mod metadata;
pub mod seal;
pub mod verify;

use crate::period::Period;
use std::fmt;
use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub use durable::write_new;

/// The ledger's file name in the archive folder.
pub const LEDGER: &str = "ledger.jsonl";
/// Where packages are built before they are moved into place.
pub const STAGING: &str = ".staging";
pub const LOCK: &str = ".lock";
pub const INDEX_HTML: &str = "index.html";
pub const INDEX_CSV: &str = "index.csv";

/// The program that makes the packages, as recorded in them.
pub fn program() -> String {
    format!("sw-briefing {}", env!("CARGO_PKG_VERSION"))
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// A file operation failed.
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// Something in the archive is not as this program left it.
    Damaged {
        path: PathBuf,
        message: String,
        help: String,
    },
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Io {
                path,
                action,
                source,
            } => {
                write!(
                    f,
                    "{}: {action} failed: {source}\n  help: {}",
                    path.display(),
                    io_help(source.kind())
                )
            }
            ArchiveError::Damaged {
                path,
                message,
                help,
            } => write!(f, "{}: {message}\n  help: {help}", path.display()),
        }
    }
}

fn io_help(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ReadOnlyFilesystem => {
            "the archive folder is on a read-only file system: remount it read-write, or point `archive_dir` in the config at a writable folder; nothing already archived was changed"
        }
        ErrorKind::PermissionDenied => {
            "this user may not write there: run as the user who owns the archive or fix the folder's permissions; nothing already archived was changed"
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk holding the archive is full: free some space and run again; nothing already archived was changed, and the next run completes or removes what this one left unfinished"
        }
        _ => "check that the archive folder exists, is writable by this user and that the disk has room; nothing already archived was changed",
    }
}

pub(crate) fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> ArchiveError {
    let path = path.to_path_buf();
    move |source| ArchiveError::Io {
        path,
        action,
        source,
    }
}

/// Test hook, deliberately left out of the user documentation: when the environment
/// variable `SW_BRIEFING_TEST_PAUSE_AT` names this point, the process says so on stderr
/// and waits to be killed, so that the tests can SIGKILL it at a known step.
pub(crate) fn pause_point(name: &str) {
    if std::env::var_os("SW_BRIEFING_TEST_PAUSE_AT").is_some_and(|v| v == name) {
        eprintln!("sw-briefing: paused at {name}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// Exclusive use of one archive by one process at a time. Everything that changes the
/// archive is a method of this handle, so it cannot be done without the lock.
pub struct Locked {
    root: PathBuf,
    _file: Option<File>,
    /// The ledger's end once read under this lock (see `Locked::record`).
    ledger_end: std::sync::Mutex<Option<ledger::LedgerEnd>>,
}

impl Locked {
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Takes the archive's lock for changing it, waiting for a process that holds it.
pub fn lock(archive: &Path) -> Result<Locked, ArchiveError> {
    fs::create_dir_all(archive).map_err(io(archive, "creating the archive folder"))?;
    let path = archive.join(LOCK);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io(&path, "opening the lock file"))?;
    file.lock().map_err(io(&path, "locking the archive"))?;
    Ok(Locked {
        root: archive.to_path_buf(),
        _file: Some(file),
        ledger_end: Default::default(),
    })
}

/// The lock for reading (verify): also works on an archive this user may not write,
/// where it holds the lock when the lock file exists and goes without it otherwise.
pub fn lock_for_reading(archive: &Path) -> Result<Locked, ArchiveError> {
    match lock(archive) {
        Ok(locked) => Ok(locked),
        Err(ArchiveError::Io { source, .. })
            if matches!(
                source.kind(),
                ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied
            ) =>
        {
            let file = File::open(archive.join(LOCK))
                .ok()
                .filter(|f| f.lock().is_ok());
            Ok(Locked {
                root: archive.to_path_buf(),
                _file: file,
                ledger_end: Default::default(),
            })
        }
        Err(e) => Err(e),
    }
}

/// A name that cannot leave the archive, confuse a file manager, or need escaping in
/// a BagIt manifest (`%`, CR and LF are the characters RFC 8493 escapes).
pub fn safe_component(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(
                    c,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
                )
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "_".to_string()
    } else {
        cleaned
    }
}

pub fn region_dir_name(code: &str, name: &str) -> String {
    safe_component(&format!("{code}-{name}"))
}

/// What a package's folder name says: series, year of issue, 期号, period, revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PackageName {
    pub series: String,
    pub issue_year: i32,
    pub issue_number: u32,
    pub period: Period,
    /// 1 for the first issue; 2, 3… for revisions.
    pub revision: u32,
}

impl PackageName {
    /// 文件编号: series, year and 期号, e.g. `社会工作简报-2024年第01期`.
    pub fn document_number(&self) -> String {
        format!(
            "{}-{}年第{:02}期",
            self.series, self.issue_year, self.issue_number
        )
    }

    /// The folder name, e.g. `社会工作简报-2024年第01期-2023` or `…-2023-r2`.
    pub fn dir_name(&self) -> String {
        let base = safe_component(&format!("{}-{}", self.document_number(), self.period));
        if self.revision > 1 {
            format!("{base}-r{}", self.revision)
        } else {
            base
        }
    }

    pub fn pdf_name(&self) -> String {
        format!("{}.pdf", self.dir_name())
    }

    /// Reads a folder name written by [`PackageName::dir_name`]; the series comes back
    /// as it appears in the name (after [`safe_component`]).
    pub fn parse(name: &str) -> Option<PackageName> {
        let (rest, revision) = match name.rsplit_once("-r") {
            Some((head, k)) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
                (head, k.parse::<u32>().ok().filter(|&r| r >= 2)?)
            }
            _ => (name, 1),
        };
        let (head, period) = rest.rsplit_once("期-")?;
        let period = period.parse::<Period>().ok()?;
        let (series_year, number) = head.rsplit_once("年第")?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let issue_number = number.parse::<u32>().ok().filter(|&n| n >= 1)?;
        let (series, year) = series_year.rsplit_once('-')?;
        if series.is_empty() || year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(PackageName {
            series: series.to_string(),
            issue_year: year.parse().ok()?,
            issue_number,
            period,
            revision,
        })
    }
}

/// A package in the archive, as its place says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    /// The bag folder.
    pub dir: PathBuf,
    /// The region folder's name (`<code>-<region>`).
    pub region: String,
    pub name: PackageName,
}

impl Filed {
    pub fn pdf(&self) -> PathBuf {
        self.dir.join("data").join(self.name.pdf_name())
    }
    pub fn metadata(&self) -> PathBuf {
        self.dir.join("data").join(metadata::FILE)
    }
    /// The folder relative to the archive, with `/`, as the ledger and index name it.
    pub fn relative(&self) -> String {
        format!(
            "{}/{}/{}",
            self.region,
            self.name.issue_year,
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )
    }
}

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
            || [LEDGER, INDEX_HTML, INDEX_CSV].contains(&name.as_str())
            || (name.starts_with("README") && entry.path().is_file())
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

/// The 期号 the next briefing of `series` issued in `issue_year` gets.
pub fn next_issue_number(filed: &[Filed], series: &str, issue_year: i32) -> u32 {
    let series = safe_component(series);
    filed
        .iter()
        .filter(|f| f.name.series == series && f.name.issue_year == issue_year)
        .map(|f| f.name.issue_number)
        .max()
        .unwrap_or(0)
        + 1
}

/// The newest revision filed for a period (of the first issue, should there be two).
pub fn latest_for<'a>(filed: &'a [Filed], series: &str, period: &Period) -> Option<&'a Filed> {
    let series = safe_component(series);
    let mut of_period: Vec<&Filed> = filed
        .iter()
        .filter(|f| f.name.series == series && f.name.period == *period)
        .collect();
    of_period.sort_by_key(|f| {
        (
            f.name.issue_year,
            f.name.issue_number,
            std::cmp::Reverse(f.name.revision),
        )
    });
    of_period.first().copied()
}

/// What to do for a requested briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Filed already from the same inputs: nothing to do.
    Unchanged(Filed),
    /// Filed already, but the inputs differ now; a revision was not asked for.
    Changed(Filed),
    /// Make this package: a first issue (revision 1) or a revision.
    Issue(PackageName),
}

/// Decides what a run does for one region and period. `latest_inputs` is the inputs
/// digest recorded in the newest package of the period, when there is one.
pub fn plan(
    filed: &[Filed],
    series: &str,
    period: Period,
    issue_year: i32,
    latest_inputs: Option<&str>,
    inputs_sha256: &str,
    revise: bool,
) -> Plan {
    match latest_for(filed, series, &period) {
        None => Plan::Issue(PackageName {
            series: series.to_string(),
            issue_year,
            issue_number: next_issue_number(filed, series, issue_year),
            period,
            revision: 1,
        }),
        Some(latest) if latest_inputs == Some(inputs_sha256) => Plan::Unchanged(latest.clone()),
        Some(latest) if !revise => Plan::Changed(latest.clone()),
        Some(latest) => Plan::Issue(PackageName {
            series: series.to_string(),
            revision: latest.name.revision + 1,
            ..latest.name.clone()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filed(year: i32, number: u32, period: &str, revision: u32) -> Filed {
        let name = PackageName {
            series: "社会工作简报".into(),
            issue_year: year,
            issue_number: number,
            period: period.parse().unwrap(),
            revision,
        };
        Filed {
            dir: PathBuf::from(format!("r/430300-湘潭市/{year}/{}", name.dir_name())),
            region: "430300-湘潭市".into(),
            name,
        }
    }

    #[test]
    fn names_round_trip() {
        let name = PackageName {
            series: "社会工作简报".into(),
            issue_year: 2024,
            issue_number: 3,
            period: Period::Quarter(2023, 4),
            revision: 1,
        };
        assert_eq!(name.dir_name(), "社会工作简报-2024年第03期-2023-Q4");
        assert_eq!(name.document_number(), "社会工作简报-2024年第03期");
        assert_eq!(PackageName::parse(&name.dir_name()), Some(name.clone()));
        let revised = PackageName {
            revision: 2,
            period: Period::Month(2023, 11),
            ..name
        };
        assert_eq!(revised.dir_name(), "社会工作简报-2024年第03期-2023-11-r2");
        assert_eq!(
            revised.pdf_name(),
            "社会工作简报-2024年第03期-2023-11-r2.pdf"
        );
        assert_eq!(PackageName::parse(&revised.dir_name()), Some(revised));
        let dashed = PackageName {
            series: "a-r-b".into(),
            issue_year: 2024,
            issue_number: 12,
            period: Period::Year(2023),
            revision: 1,
        };
        assert_eq!(PackageName::parse(&dashed.dir_name()), Some(dashed));
        for bad in [
            "社会工作简报-2024年第01期-2023.pdf",
            "x",
            "社会工作简报-2024年第00期-2023",
            "社会工作简报-2024年第01期-2023-r1",
            "-2024年第01期-2023",
            "社会工作简报-24年第01期-2023",
        ] {
            assert_eq!(PackageName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_continue_per_series_and_year() {
        let list = [
            filed(2024, 1, "2023", 1),
            filed(2024, 2, "2023-Q4", 1),
            filed(2024, 2, "2023-Q4", 2),
            filed(2023, 7, "2022", 1),
        ];
        assert_eq!(next_issue_number(&list, "社会工作简报", 2024), 3);
        assert_eq!(next_issue_number(&list, "社会工作简报", 2025), 1);
        assert_eq!(next_issue_number(&list, "另一简报", 2024), 1);
        assert_eq!(
            latest_for(&list, "社会工作简报", &Period::Quarter(2023, 4))
                .unwrap()
                .name
                .revision,
            2
        );
    }

    #[test]
    fn plan_issues_once_and_revises_only_on_request() {
        let list = [filed(2024, 1, "2023", 1)];
        let year = Period::Year(2023);
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "aa", false),
            Plan::Unchanged(list[0].clone())
        );
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "aa", true),
            Plan::Unchanged(list[0].clone())
        );
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "bb", false),
            Plan::Changed(list[0].clone())
        );
        match plan(&list, "社会工作简报", year, 2025, Some("aa"), "bb", true) {
            Plan::Issue(name) => assert_eq!(
                (name.issue_year, name.issue_number, name.revision),
                (2024, 1, 2),
                "a revision keeps year and 期号"
            ),
            other => panic!("{other:?}"),
        }
        match plan(
            &list,
            "社会工作简报",
            Period::Year(2022),
            2024,
            None,
            "cc",
            false,
        ) {
            Plan::Issue(name) => assert_eq!(
                (name.issue_year, name.issue_number, name.revision),
                (2024, 2, 1)
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hostile_names_stay_inside() {
        assert_eq!(safe_component("../../etc"), "_.._etc");
        assert!(!safe_component("a/b").contains('/'));
        assert_eq!(safe_component("50%\n"), "50__");
    }
}
