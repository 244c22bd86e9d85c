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
//! ledger.head    `sha256:` and the digest of the ledger's last line, by each run that appends
//! index.html     every briefing, with links to the PDFs; index.csv the same as a table
//! .lock          held by the process that changes the archive
//! drafts/<code>-<region>/<period>/   a draft (送审稿) waiting for approval: its PDF and
//!                draft.json; not a package, not in the ledger or the index
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
pub mod deliveries;
pub mod drafts;
pub mod durable;
pub mod index;
pub mod ledger;
mod listing;
mod lock;
pub mod metadata;
mod naming;
mod plan;
pub mod seal;
pub mod verify;

pub use listing::{issued_periods, list_archive, list_region, region_dirs, Listing};
pub use lock::{lock, lock_for_reading, service_lock, Locked, ServiceLockError};
pub use naming::{region_dir_name, safe_component, Filed, PackageName};
pub use plan::{latest_for, next_issue_number, plan, Decision, Issue, Plan, Request};

use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub use durable::write_new;

/// The ledger's file name in the archive folder.
pub const LEDGER: &str = "ledger.jsonl";
/// The SHA-256 of the ledger's last line, rewritten by each run that appends: a ledger cut
/// short no longer contains it.
pub const LEDGER_HEAD: &str = "ledger.head";
/// Where packages are built before they are moved into place.
pub const STAGING: &str = ".staging";
pub const LOCK: &str = ".lock";
pub const INDEX_HTML: &str = "index.html";
pub const INDEX_CSV: &str = "index.csv";
/// Drafts waiting for approval (`approval: required`): not packages, not in the
/// ledger or the index.
pub const DRAFTS: &str = "drafts";

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
    /// A package was moved into place, but its ledger line could not be appended.
    Unrecorded {
        package: PathBuf,
        cause: Box<ArchiveError>,
    },
}

impl ArchiveError {
    /// The first line of the message, without its `help:`.
    pub fn headline(&self) -> String {
        self.to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
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
                    if source.to_string().ends_with("not a regular file") {
                        "something other than a file (a pipe, a device) stands where the archive keeps this file: remove it, restore the file from a backup copy, and run `sw-briefing verify`; nothing already archived was changed"
                    } else {
                        io_help(source.kind())
                    }
                )
            }
            ArchiveError::Damaged {
                path,
                message,
                help,
            } => write!(f, "{}: {message}\n  help: {help}", path.display()),
            ArchiveError::Unrecorded { package, cause } => write!(
                f,
                "{}: the package is sealed and in place, but its ledger line could not be written: {}\n  help: filing stopped here, nothing else was filed; make the ledger appendable again (free space, a read-write mount, `chattr -i {LEDGER}`, its permissions), then run `sw-briefing record` to record this package (the next run also records it); until then `verify` notes it as unrecorded",
                package.display(),
                cause.headline()
            ),
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
        ErrorKind::InvalidFilename => {
            "a file or folder name is too long for the file system (most allow 255 bytes): shorten the region name (region.name in its metrics file) or `series` in the config; nothing already archived was changed"
        }
        ErrorKind::NotADirectory => {
            "a part of the path is a file, not a folder: check `archive_dir` in the config and move the file away; nothing already archived was changed"
        }
        ErrorKind::NotFound => {
            "the file or a folder on its path does not exist (moved or deleted during the run?): check the path named above, and `archive_dir` in the config; nothing already archived was changed"
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
