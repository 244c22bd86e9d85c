//! Who may change the archive: one process at a time holds `.lock` while it files; a
//! service also holds `.service.lock` for its whole life, so that two services never
//! run on one archive.

use super::{io, ledger, ArchiveError, LOCK};
use std::fs::{self, File};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The file a running service holds locked.
pub const SERVICE_LOCK: &str = ".service.lock";

/// Exclusive use of one archive by one process at a time. Everything that changes the
/// archive is a method of this handle, so it cannot be done without the lock.
pub struct Locked {
    root: PathBuf,
    _file: Option<File>,
    /// The ledger's end once read under this lock (see `Locked::record`).
    pub(super) ledger_end: std::sync::Mutex<Option<ledger::LedgerEnd>>,
    /// The region folders by code once read under this lock (see `Locked::decide`).
    pub(super) region_dirs:
        std::sync::Mutex<Option<std::collections::BTreeMap<String, Vec<String>>>>,
    /// The index rows of packages filed under this lock, by folder (see
    /// `Locked::write_index`).
    pub(super) index_rows: std::sync::Mutex<std::collections::HashMap<PathBuf, super::index::Row>>,
    /// Whether a group an interrupted run left unrecorded was looked for under this
    /// lock (see `Locked::record`).
    pub(super) group_checked: std::sync::atomic::AtomicBool,
}

impl Locked {
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for Locked {
    /// Before the lock is let go: `ledger.head` follows what was appended under it.
    fn drop(&mut self) {
        self.write_head_file();
    }
}

/// Opens (creating it and the archive folder if need be) one of the archive's lock files.
fn open_lock_file(archive: &Path, name: &str) -> Result<(File, PathBuf), ArchiveError> {
    fs::create_dir_all(archive).map_err(io(archive, "creating the archive folder"))?;
    let path = archive.join(name);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        // Without blocking: a FIFO in the lock's place fails at once instead of
        // waiting for a reader.
        .custom_flags(libc::O_NONBLOCK)
        .open(&path)
        .map_err(io(&path, "opening the lock file"))?;
    Ok((file, path))
}

/// Takes the archive's lock for changing it, waiting for a process that holds it.
pub fn lock(archive: &Path) -> Result<Locked, ArchiveError> {
    let (file, path) = open_lock_file(archive, LOCK)?;
    file.lock().map_err(io(&path, "locking the archive"))?;
    Ok(Locked {
        root: archive.to_path_buf(),
        _file: Some(file),
        ledger_end: Default::default(),
        region_dirs: Default::default(),
        index_rows: Default::default(),
        group_checked: Default::default(),
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
            let file = crate::yaml::open_regular(&archive.join(LOCK))
                .map(|(file, _)| file)
                .ok()
                .filter(|f| f.lock().is_ok());
            Ok(Locked {
                root: archive.to_path_buf(),
                _file: file,
                ledger_end: Default::default(),
                region_dirs: Default::default(),
                index_rows: Default::default(),
                group_checked: Default::default(),
            })
        }
        Err(e) => Err(e),
    }
}

/// Why the service lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ServiceLockError {
    #[error("{}", crate::tr!("service-already-running", path = path))]
    AlreadyRunning { path: PathBuf },
    #[error("{0}")]
    Archive(#[from] ArchiveError),
}

/// Takes the archive's service lock without waiting, for the life of the returned file.
pub fn service_lock(archive: &Path) -> Result<File, ServiceLockError> {
    let (file, path) = open_lock_file(archive, SERVICE_LOCK)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(ServiceLockError::AlreadyRunning { path }),
        Err(fs::TryLockError::Error(e)) => {
            Err(io(&path, "locking the archive for the service")(e).into())
        }
    }
}
