//! BagIt 1.0 (RFC 8493) with SHA-256 manifests: the text of the tag files, and the
//! check of a bag on disk that both sealing and `verify` use.
//!
//! Written by hand: the Rust BagIt crates do not fit (async_bagit needs nightly Rust
//! and Tokio for file I/O; bagr is a command-line tool with no release in years), and
//! the part of the format used here is a few lines of text per file.

use crate::i18n::tr;
use crate::model::problem::Problem;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
pub const BAG_INFO: &str = "bag-info.txt";
pub const BAGIT: &str = "bagit.txt";
/// The tag files every bag made here lists in its tag manifest.
pub const TAG_FILES: [&str; 3] = [BAGIT, BAG_INFO, MANIFEST];

pub use crate::model::digest::sha256_hex;

/// The most a tag file or record of the archive may hold when read whole.
pub const MAX_TAG_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads one of the archive's own small files whole: only a regular file (a FIFO put
/// in a package would block `verify` for ever), capped by the bytes read.
pub fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    Ok(crate::yaml::read_capped(path, MAX_TAG_FILE_BYTES)?)
}

/// Reads a whole file that must be a regular one (a briefing's PDF, the ledger): a
/// FIFO or a device in its place is refused instead of waited on or read without end.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    Ok(crate::yaml::read_capped(path, 1 << 40)?)
}

/// [`read_small`] as UTF-8 text.
pub fn read_small_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_small(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// SHA-256 and size of a file, read in pieces.
pub fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    // A FIFO or device put into a package would block or never end: regular files only.
    let (mut file, _) = crate::yaml::open_regular(path)?;
    let mut hasher = Sha256::new();
    // Through io::copy's buffer on the stack, not a zeroed one on the heap per file.
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), size))
}

/// A file path as a manifest writes it: `%`, CR and LF percent-encoded (RFC 8493 §2.1.3).
pub fn encode_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn decode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3).unwrap_or("");
        match code.to_ascii_uppercase().as_str() {
            "25" => out.push('%'),
            "0D" => out.push('\r'),
            "0A" => out.push('\n'),
            _ => {
                out.push('%');
                rest = &rest[at + 1..];
                continue;
            }
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}

/// A manifest: `<sha256>  <path>` per file, sorted by path.
pub fn manifest(entries: &BTreeMap<String, String>) -> String {
    entries
        .iter()
        .map(|(path, digest)| format!("{digest}  {}\n", encode_path(path)))
        .collect()
}

/// Reads a manifest into path → digest; an unreadable line gives its number and why.
pub fn parse_manifest(text: &str) -> Result<BTreeMap<String, String>, (usize, String)> {
    let mut entries = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((digest, path)) = line.split_once([' ', '\t']) else {
            return Err((i + 1, tr!("bagit-manifest-line")));
        };
        let path = path.trim_start_matches([' ', '\t']);
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) || path.is_empty() {
            return Err((i + 1, tr!("bagit-manifest-digest")));
        }
        if entries
            .insert(decode_path(path), digest.to_ascii_lowercase())
            .is_some()
        {
            return Err((i + 1, tr!("bagit-manifest-twice", path = path)));
        }
    }
    Ok(entries)
}

/// `Payload-Oxum`: total payload bytes and file count.
pub fn oxum(total_bytes: u64, files: usize) -> String {
    format!("{total_bytes}.{files}")
}

/// bag-info.txt from labels and values in order; line breaks in values become spaces.
pub fn bag_info(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(label, value)| format!("{label}: {}\n", value.replace(['\r', '\n'], " ").trim()))
        .collect()
}

/// Reads bag-info.txt (continuation lines start with white space).
pub fn parse_bag_info(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((label, value)) = line.split_once(':') {
            fields.push((label.trim().to_string(), value.trim().to_string()));
        }
    }
    fields
}

/// Every file below `dir`, as paths relative to `base` with `/`.
pub fn files_below(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files_below(base, &path, out)?;
        } else {
            let relative = path.strip_prefix(base).unwrap_or(&path);
            out.push(
                relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

/// Checks one bag as `bagit.py --validate` does (structure, completeness, every
/// digest, Payload-Oxum, the tag manifest). Each problem names the file concerned.
pub fn check_bag(bag: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    fn push(problems: &mut Vec<Problem>, path: &Path, message: String) {
        problems.push(Problem::whole_file(path, message).with_hint(reseal()));
    }
    fn reseal() -> String {
        tr!("bagit-reseal-hint")
    }

    let bagit_txt = bag.join(BAGIT);
    match read_small(&bagit_txt) {
        Ok(bytes) if bytes == BAGIT_TXT.as_bytes() => {}
        Ok(_) => push(
            &mut problems,
            &bagit_txt,
            tr!("bagit-txt-wrong", expected = format!("{BAGIT_TXT:?}")),
        ),
        Err(e) => push(
            &mut problems,
            &bagit_txt,
            tr!("bagit-unreadable", error = crate::i18n::io_words(&e)),
        ),
    }
    let data = bag.join("data");
    let mut on_disk = Vec::new();
    if let Err(e) = files_below(bag, &data, &mut on_disk) {
        push(
            &mut problems,
            &data,
            tr!(
                "bagit-payload-unreadable",
                error = crate::i18n::io_words(&e)
            ),
        );
    }

    let manifest_path = bag.join(MANIFEST);
    let listed = match read_small_text(&manifest_path) {
        Ok(text) => match parse_manifest(&text) {
            Ok(entries) => entries,
            Err((line, message)) => {
                problems.push(
                    Problem::new(&manifest_path, line as u64, 0, message).with_hint(reseal()),
                );
                BTreeMap::new()
            }
        },
        Err(e) => {
            push(
                &mut problems,
                &manifest_path,
                tr!("bagit-unreadable", error = crate::i18n::io_words(&e)),
            );
            BTreeMap::new()
        }
    };
    let mut total = 0u64;
    for (relative, expected) in &listed {
        let path = bag.join(relative);
        if !relative.starts_with("data/") || relative.split('/').any(|c| c == ".." || c.is_empty())
        {
            push(
                &mut problems,
                &manifest_path,
                tr!("bagit-outside-data", path = relative),
            );
            continue;
        }
        match hash_file(&path) {
            Ok((actual, size)) => {
                total += size;
                if &actual != expected {
                    push(
                        &mut problems,
                        &path,
                        tr!(
                            "bagit-file-altered",
                            actual = actual,
                            manifest = MANIFEST,
                            expected = expected
                        ),
                    );
                }
            }
            Err(e) => push(
                &mut problems,
                &path,
                tr!(
                    "bagit-listed-unreadable",
                    manifest = MANIFEST,
                    error = crate::i18n::io_words(&e)
                ),
            ),
        }
    }
    let on_disk_set: BTreeSet<&String> = on_disk.iter().collect();
    for extra in on_disk.iter().filter(|f| !listed.contains_key(*f)) {
        push(
            &mut problems,
            &bag.join(extra),
            tr!("bagit-unlisted", manifest = MANIFEST),
        );
    }
    let missing = listed.keys().filter(|f| !on_disk_set.contains(f)).count();

    let info_path = bag.join(BAG_INFO);
    match read_small_text(&info_path) {
        Ok(text) => {
            let info = parse_bag_info(&text);
            match info.iter().find(|(label, _)| label == "Payload-Oxum") {
                Some((_, value)) if missing == 0 && on_disk.len() == listed.len() => {
                    let actual = oxum(total, on_disk.len());
                    if *value != actual {
                        push(
                            &mut problems,
                            &info_path,
                            tr!("bagit-oxum-wrong", value = value, actual = actual),
                        );
                    }
                }
                Some(_) => {}
                None => push(&mut problems, &info_path, tr!("bagit-oxum-missing")),
            }
        }
        Err(e) => push(
            &mut problems,
            &info_path,
            tr!("bagit-unreadable", error = crate::i18n::io_words(&e)),
        ),
    }

    let tag_path = bag.join(TAG_MANIFEST);
    match read_small_text(&tag_path) {
        Ok(text) => match parse_manifest(&text) {
            Ok(entries) => {
                for name in TAG_FILES {
                    if !entries.contains_key(name) {
                        push(
                            &mut problems,
                            &tag_path,
                            tr!("bagit-tag-unlisted", name = name),
                        );
                    }
                }
                for (relative, expected) in &entries {
                    let path = bag.join(relative);
                    match hash_file(&path) {
                        Ok((actual, _)) if &actual == expected => {}
                        Ok((actual, _)) => push(
                            &mut problems,
                            &path,
                            tr!(
                                "bagit-tag-altered",
                                actual = actual,
                                manifest = TAG_MANIFEST,
                                expected = expected
                            ),
                        ),
                        Err(e) => push(
                            &mut problems,
                            &path,
                            tr!(
                                "bagit-listed-unreadable",
                                manifest = TAG_MANIFEST,
                                error = crate::i18n::io_words(&e)
                            ),
                        ),
                    }
                }
            }
            Err((line, message)) => {
                problems.push(Problem::new(&tag_path, line as u64, 0, message).with_hint(reseal()))
            }
        },
        Err(e) => push(
            &mut problems,
            &tag_path,
            tr!("bagit-unreadable", error = crate::i18n::io_words(&e)),
        ),
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded_both_ways() {
        let odd = "data/50%\r\nx.yaml";
        assert_eq!(encode_path(odd), "data/50%25%0D%0Ax.yaml");
        assert_eq!(decode_path(&encode_path(odd)), odd);
        assert_eq!(decode_path("data/100%zz"), "data/100%zz");
    }

    #[test]
    fn manifests_round_trip_and_reject_bad_lines() {
        let mut entries = BTreeMap::new();
        entries.insert("data/b.pdf".to_string(), "a".repeat(64));
        entries.insert("data/a 1.yaml".to_string(), "b".repeat(64));
        let text = manifest(&entries);
        assert!(
            text.starts_with(&format!("{}  data/a 1.yaml\n", "b".repeat(64))),
            "{text}"
        );
        assert_eq!(parse_manifest(&text).unwrap(), entries);
        assert_eq!(parse_manifest("abc data/x\n").unwrap_err().0, 1);
        let twice = format!("{0}  data/x\n{0}  data/x\n", "c".repeat(64));
        assert_eq!(parse_manifest(&twice).unwrap_err().0, 2);
    }

    #[test]
    fn bag_info_is_one_label_per_line() {
        let text = bag_info(&[
            ("Source-Organization", "湘潭市民政局".into()),
            ("External-Description", "a\nb".into()),
            ("Payload-Oxum", oxum(10, 2)),
        ]);
        assert_eq!(
            text,
            "Source-Organization: 湘潭市民政局\nExternal-Description: a b\nPayload-Oxum: 10.2\n"
        );
        let parsed = parse_bag_info(&format!("{text}Long: one\n  two\n"));
        assert_eq!(
            parsed.last().unwrap(),
            &("Long".to_string(), "one two".to_string())
        );
    }

    #[test]
    fn a_changed_byte_is_found_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let bag = dir.path();
        fs::create_dir_all(bag.join("data")).unwrap();
        fs::write(bag.join("data/a.txt"), b"hello").unwrap();
        let mut entries = BTreeMap::new();
        entries.insert("data/a.txt".to_string(), sha256_hex(b"hello"));
        fs::write(bag.join(BAGIT), BAGIT_TXT).unwrap();
        fs::write(bag.join(MANIFEST), manifest(&entries)).unwrap();
        fs::write(
            bag.join(BAG_INFO),
            bag_info(&[("Payload-Oxum", oxum(5, 1))]),
        )
        .unwrap();
        let mut tags = BTreeMap::new();
        for name in TAG_FILES {
            tags.insert(name.to_string(), hash_file(&bag.join(name)).unwrap().0);
        }
        fs::write(bag.join(TAG_MANIFEST), manifest(&tags)).unwrap();
        assert_eq!(check_bag(bag), vec![]);
        fs::write(bag.join("data/a.txt"), b"hellp").unwrap();
        let problems = check_bag(bag);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, bag.join("data/a.txt"));
        fs::write(bag.join("data/extra.txt"), b"x").unwrap();
        assert!(check_bag(bag)
            .iter()
            .any(|p| p.file == bag.join("data/extra.txt")));
    }
}
