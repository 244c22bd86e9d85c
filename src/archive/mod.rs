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

use crate::i18n::{show, tr};
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
                let help = if source.to_string().ends_with("not a regular file") {
                    tr!("archive-help-not-a-file")
                } else {
                    io_help(source.kind())
                };
                write!(
                    f,
                    "{}",
                    tr!(
                        "archive-io",
                        path = path.display(),
                        action = action_words(action),
                        error = show(source),
                        help = help
                    )
                )
            }
            ArchiveError::Damaged {
                path,
                message,
                help,
            } => write!(
                f,
                "{}",
                tr!(
                    "archive-damaged",
                    path = path.display(),
                    message = message,
                    help = help
                )
            ),
            ArchiveError::Unrecorded { package, cause } => write!(
                f,
                "{}",
                tr!(
                    "archive-unrecorded",
                    package = package.display(),
                    cause = cause.headline(),
                    ledger = LEDGER
                )
            ),
        }
    }
}

/// What the archive was doing when an I/O error stopped it, in the reader's language.
/// The call sites name it in English words (`io(path, "writing")`), which stay the key.
fn action_words(action: &str) -> String {
    match action {
        "making read-only" => tr!("archive-action-making-read-only"),
        "reading the folder" => tr!("archive-action-reading-the-folder"),
        "creating the folder" => tr!("archive-action-creating-the-folder"),
        "reading the staging folder" => tr!("archive-action-reading-the-staging-folder"),
        "moving into place" => tr!("archive-action-moving-into-place"),
        "writing" => tr!("archive-action-writing"),
        "syncing" => tr!("archive-action-syncing"),
        "setting permissions" => tr!("archive-action-setting-permissions"),
        "moving the package into place" => tr!("archive-action-moving-the-package-into-place"),
        "reading the archive folder" => tr!("archive-action-reading-the-archive-folder"),
        "reading the region folder" => tr!("archive-action-reading-the-region-folder"),
        "reading the year folder" => tr!("archive-action-reading-the-year-folder"),
        "reading the size" => tr!("archive-action-reading-the-size"),
        "opening" => tr!("archive-action-opening"),
        "creating" => tr!("archive-action-creating"),
        "appending" => tr!("archive-action-appending"),
        "reading a metrics file for the package" => {
            tr!("archive-action-reading-a-metrics-file-for-the-package")
        }
        "syncing the folder" => tr!("archive-action-syncing-the-folder"),
        "removing an unfinished package" => tr!("archive-action-removing-an-unfinished-package"),
        "creating a temporary file" => tr!("archive-action-creating-a-temporary-file"),
        "creating a folder in the package" => {
            tr!("archive-action-creating-a-folder-in-the-package")
        }
        "creating the archive folder" => tr!("archive-action-creating-the-archive-folder"),
        "reading" => tr!("archive-action-reading"),
        "creating a staging folder" => tr!("archive-action-creating-a-staging-folder"),
        "appending to the ledger" => tr!("archive-action-appending-to-the-ledger"),
        "reading the package record" => tr!("archive-action-reading-the-package-record"),
        "reading the ledger" => tr!("archive-action-reading-the-ledger"),
        "reading the file type" => tr!("archive-action-reading-the-file-type"),
        "opening the lock file" => tr!("archive-action-opening-the-lock-file"),
        "opening the delivery lock" => tr!("archive-action-opening-the-delivery-lock"),
        "locking the archive" => tr!("archive-action-locking-the-archive"),
        "locking the archive for the service" => {
            tr!("archive-action-locking-the-archive-for-the-service")
        }
        "locking the archive for delivery" => {
            tr!("archive-action-locking-the-archive-for-delivery")
        }
        "removing a temporary file" => tr!("archive-action-removing-a-temporary-file"),
        other => other.to_string(),
    }
}

fn io_help(kind: ErrorKind) -> String {
    match kind {
        ErrorKind::ReadOnlyFilesystem => tr!("archive-help-read-only"),
        ErrorKind::PermissionDenied => tr!("archive-help-permission"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => tr!("archive-help-full"),
        ErrorKind::InvalidFilename => tr!("archive-help-name-too-long"),
        ErrorKind::NotADirectory => tr!("archive-help-not-a-folder"),
        ErrorKind::NotFound => tr!("archive-help-not-found"),
        _ => tr!("archive-help-other"),
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
