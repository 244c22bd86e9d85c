//! Writing so that a crash leaves the old state or the new one, never a torn file:
//! temp file in the same folder, fsync, rename, fsync of the folder (an fsync of a file
//! does not persist its directory entry). Every error names its path.

use super::{io, ArchiveError};
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Sealed files: read-only for everyone.
pub const FILE_MODE: u32 = 0o444;
/// Sealed folders: nothing can be added, removed or renamed inside.
pub const DIR_MODE: u32 = 0o555;

pub fn sync_dir(dir: &Path) -> Result<(), ArchiveError> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir, "syncing the folder"))
}

/// Creates `dir` and any missing parents, and makes each new entry durable.
pub fn create_dirs(dir: &Path) -> Result<(), ArchiveError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => return Ok(()),
        Err(e) => return Err(io(dir, "creating the folder")(e)),
    }
    if let Some(parent) = dir.parent() {
        sync_dir(parent)?;
    }
    Ok(())
}

/// Writes a new file (never replacing one) without syncing it: for the files of a
/// package, which are synced together with the rest of its group ([`GroupSync`]).
pub fn create_unsynced(path: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    create_written(path, bytes).map(drop)
}

/// [`create_unsynced`] for a file of a package being sealed: made read-only through
/// its descriptor once written, which spares a walk over the package and a lookup of
/// each path afterwards.
pub fn create_sealed_unsynced(path: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    create_written(path, bytes)?
        .set_permissions(fs::Permissions::from_mode(FILE_MODE))
        .map_err(io(path, "making read-only"))
}

/// A new file (never replacing one) with `bytes` written to it, still open.
fn create_written(path: &Path, bytes: &[u8]) -> Result<File, ArchiveError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io(path, "creating"))?;
    file.write_all(bytes).map_err(io(path, "writing"))?;
    Ok(file)
}

/// Makes each of `folders` unchangeable: the folders of a package being sealed, as
/// [`create_dirs_unsynced`] listed them. The package's own folder is left writable so
/// that it can still be renamed (the caller seals it after the move).
pub fn seal_folders(folders: &[std::path::PathBuf]) -> Result<(), ArchiveError> {
    folders.iter().try_for_each(|folder| set_mode(folder, DIR_MODE))
}

/// Sets a file's or folder's permission bits (to seal it: [`FILE_MODE`], [`DIR_MODE`]).
pub fn set_mode(path: &Path, mode: u32) -> Result<(), ArchiveError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(io(path, "making read-only"))
}

/// Creates `dir` and any missing parents without syncing: the new entries are made
/// durable by the group's sync ([`GroupSync`]). Returns the folders created.
pub fn create_dirs_unsynced(
    dir: &Path,
    created: &mut Vec<std::path::PathBuf>,
) -> Result<(), ArchiveError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs_unsynced(parent, created)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => created.push(dir.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => {}
        Err(e) => return Err(io(dir, "creating the folder")(e)),
    }
    Ok(())
}

/// Makes a group of new files and folders durable at once. On Linux 5.8 or later,
/// where `syncfs` reports write-back errors to the caller, one `syncfs` of the archive's
/// file system replaces an fsync per file and folder (a package has 11 files and 5
/// folders; each fsync waited for its own journal commit): it writes back everything
/// dirty on that file system and waits for it. Elsewhere, or when a path of the group
/// lies on another file system, every path is synced one by one.
pub struct GroupSync {
    /// The archive folder, opened before anything of the group is written: `syncfs`
    /// reports a write-back error only to descriptors opened before it happened.
    root: File,
    device: u64,
    syncfs: bool,
}

impl GroupSync {
    pub fn new(root: &Path) -> Result<GroupSync, ArchiveError> {
        use std::os::unix::fs::MetadataExt;
        let file = File::open(root).map_err(io(root, "syncing the folder"))?;
        let device = file
            .metadata()
            .map_err(io(root, "syncing the folder"))?
            .dev();
        Ok(GroupSync {
            root: file,
            device,
            syncfs: syncfs_reports_errors(),
        })
    }

    /// Syncs `files` and `folders` (all written under the archive folder). With
    /// `syncfs`, the paths are only checked to be on the archive's file system.
    pub fn sync(
        &self,
        root: &Path,
        files: &[std::path::PathBuf],
        folders: &[std::path::PathBuf],
    ) -> Result<(), ArchiveError> {
        use std::os::unix::fs::MetadataExt;
        let one_file_system = self.syncfs
            && folders
                .iter()
                .all(|f| fs::metadata(f).is_ok_and(|m| m.dev() == self.device));
        if one_file_system {
            return self.syncfs(root);
        }
        for file in files {
            File::open(file)
                .and_then(|f| f.sync_all())
                .map_err(io(file, "syncing"))?;
        }
        for folder in folders {
            sync_dir(folder)?;
        }
        Ok(())
    }

    #[cfg(target_os = "linux")]
    fn syncfs(&self, root: &Path) -> Result<(), ArchiveError> {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes a descriptor this value owns and touches no memory.
        if unsafe { libc::syncfs(self.root.as_raw_fd()) } == 0 {
            Ok(())
        } else {
            Err(io(root, "syncing the folder")(
                std::io::Error::last_os_error(),
            ))
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn syncfs(&self, _root: &Path) -> Result<(), ArchiveError> {
        unreachable!("syncfs is used on Linux only")
    }
}

/// Whether `syncfs` returns the write-back errors of its file system: Linux 5.8 and
/// later (before, it returned 0 after a failed write-back).
fn syncfs_reports_errors() -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let release = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= (5, 8)
}

/// A temp file in `dir` holding `bytes`, synced, to be moved onto `target`.
fn synced_temp(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
) -> Result<tempfile::NamedTempFile, ArchiveError> {
    let mut temp = tempfile::Builder::new()
        .prefix(".partial-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io(dir, "creating a temporary file"))?;
    temp.write_all(bytes).map_err(io(target, "writing"))?;
    temp.as_file().sync_all().map_err(io(target, "syncing"))?;
    Ok(temp)
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
    let temp = synced_temp(dir, target, bytes)?;
    temp.persist_noclobber(target)
        .map_err(|e| ArchiveError::Io {
            path: target.to_path_buf(),
            action: "moving into place",
            source: e.error,
        })?;
    fs::set_permissions(target, fs::Permissions::from_mode(FILE_MODE))
        .map_err(io(target, "making read-only"))?;
    sync_dir(dir)
}

/// Replaces `target` with `bytes` atomically (for the index, which is rewritten).
pub fn replace(target: &Path, bytes: &[u8]) -> Result<(), ArchiveError> {
    let dir = target.parent().expect("archive paths have a folder");
    let temp = synced_temp(dir, target, bytes)?;
    fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o644))
        .map_err(io(target, "setting permissions"))?;
    temp.persist(target).map_err(|e| ArchiveError::Io {
        path: target.to_path_buf(),
        action: "moving into place",
        source: e.error,
    })?;
    sync_dir(dir)
}

/// Removes a folder this program built (a staging folder), read-only parts included.
pub fn remove_tree(dir: &Path) -> Result<(), ArchiveError> {
    fn writable(dir: &Path) {
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
        if let Ok(entries) = fs::read_dir(dir) {
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    writable(&entry.path());
                }
            }
        }
    }
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        _ => {}
    }
    writable(dir);
    fs::remove_dir_all(dir).map_err(io(dir, "removing an unfinished package"))
}

/// Appends one line to a file and syncs it. Should the write fail part-way (a full
/// disk), the file is cut back to its old length, so that no torn line stays.
pub fn append_line(path: &Path, line: &str) -> Result<(), ArchiveError> {
    let existed = path.exists();
    let mut file = fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(io(path, "opening"))?;
    let before = file.metadata().map_err(io(path, "reading the size"))?.len();
    let mut bytes = line.as_bytes().to_vec();
    bytes.push(b'\n');
    if let Err(e) = file.write_all(&bytes).and_then(|_| file.sync_all()) {
        let _ = file.set_len(before).and_then(|_| file.sync_all());
        return Err(io(path, "appending")(e));
    }
    if !existed {
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
    }
    Ok(())
}
