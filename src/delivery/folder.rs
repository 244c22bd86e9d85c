//! The `folder` channel: the PDF copied into a folder (an OA system's import share)
//! under its delivery name, atomically (a hidden temporary file, synced, then linked
//! into place without replacing anything), never overwriting another file.

use super::messages;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// What a folder delivery found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    New,
    /// The same bytes were already there under that name (an earlier attempt that was
    /// stopped before it was recorded): nothing written, not a duplicate.
    AlreadyThere,
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|on_disk| on_disk == bytes)
}

/// Copies `pdf` into `dir` as `name`. The folder must exist: a share that is not
/// mounted is not replaced by a folder of that name on the local disk.
pub fn deliver(dir: &Path, name: &str, pdf: &[u8]) -> Result<Copied, String> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(messages::folder_not_a_folder()),
        Err(e) => return Err(messages::folder_unusable(&e)),
    }
    let target = dir.join(name);
    if fs::symlink_metadata(&target).is_ok() {
        return if holds(&target, pdf) {
            Ok(Copied::AlreadyThere)
        } else {
            Err(messages::folder_name_taken(&target))
        };
    }
    let io = |e: std::io::Error| messages::folder_write_failed(&target, &e);
    let mut temp = tempfile::Builder::new()
        .prefix(".sw-briefing-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io)?;
    temp.write_all(pdf).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o644)).map_err(io)?;
    match temp.persist_noclobber(&target) {
        Ok(_) => {}
        // Another writer got there between the check and the link.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            return if holds(&target, pdf) {
                Ok(Copied::AlreadyThere)
            } else {
                Err(messages::folder_name_taken(&target))
            };
        }
        Err(e) => return Err(io(e.error)),
    }
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
    Ok(Copied::New)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            deliver(dir.path(), "a.pdf", b"%PDF-1").unwrap(),
            Copied::New
        );
        assert_eq!(
            deliver(dir.path(), "a.pdf", b"%PDF-1").unwrap(),
            Copied::AlreadyThere
        );
        let taken = deliver(dir.path(), "a.pdf", b"%PDF-2").unwrap_err();
        assert!(taken.contains("a.pdf"), "{taken}");
        assert_eq!(fs::read(dir.path().join("a.pdf")).unwrap(), b"%PDF-1");
        // Nothing else is left in the folder.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(deliver(&dir.path().join("absent"), "a.pdf", b"x").is_err());
    }
}
