//! Reading YAML files a clerk wrote, with every failure tied to the file and place.
//!
//! serde_yaml is archived, so this uses serde-saphyr: maintained, pure Rust, with
//! input budgets (depth, aliases, size) on by default, duplicate keys rejected and
//! line/column on every error.

use crate::model::problem::Problem;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Files larger than this are refused before parsing: a monthly metrics file is a few KB.
pub const MAX_YAML_BYTES: u64 = 1024 * 1024;

/// Reads a file as UTF-8 text, explaining the usual ways a clerk's editor gets it wrong.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let bytes = read_bytes(path)?;
    decode_utf8(path, &bytes)
}

/// Reads a file whole, refusing one too large to be a clerk's YAML; [`decode_utf8`]
/// then makes text of it. Apart so that callers can digest the bytes as they were.
///
/// Only a regular file is read (after following links): a FIFO would block the run
/// for ever and a device such as /dev/zero never ends. The cap counts the bytes
/// actually read, not the length the file claims (a device claims 0).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Problem> {
    read_capped(path, MAX_YAML_BYTES).map_err(|e| match e {
        CappedReadError::TooLarge => Problem::whole_file(
            path,
            format!("the file is more than {MAX_YAML_BYTES} bytes; at most {MAX_YAML_BYTES} bytes are accepted"),
        )
        .with_hint("a metrics or config file is a few kilobytes; check that this is the right file"),
        CappedReadError::NotRegular(kind) => Problem::whole_file(
            path,
            format!("this is {kind}, not a regular file"),
        )
        .with_hint("point the path (or the link) at an ordinary file; nothing is read from pipes, devices or sockets"),
        CappedReadError::Io(e) => Problem::whole_file(path, format!("cannot read the file: {e}"))
            .with_hint("check that the path exists and that this user may read it"),
    })
}

/// Why [`read_capped`] read nothing.
#[derive(Debug)]
pub enum CappedReadError {
    /// More bytes than the cap.
    TooLarge,
    /// What the path is instead of a regular file ("a FIFO (named pipe)", …).
    NotRegular(&'static str),
    Io(std::io::Error),
}

impl std::fmt::Display for CappedReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CappedReadError::TooLarge => f.write_str("the file is larger than expected"),
            CappedReadError::NotRegular(kind) => write!(f, "this is {kind}, not a regular file"),
            CappedReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<CappedReadError> for std::io::Error {
    fn from(e: CappedReadError) -> std::io::Error {
        match e {
            CappedReadError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// Opens `path` for reading only if it is a regular file, following links. Opened
/// without blocking, so that a FIFO is refused instead of waiting for a writer; the
/// check is on the opened file, so a link swapped between a check and the open
/// cannot slip a device in.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), CappedReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(CappedReadError::Io)?;
    let metadata = file.metadata().map_err(CappedReadError::Io)?;
    if !metadata.is_file() {
        return Err(CappedReadError::NotRegular(file_kind(
            &metadata.file_type(),
        )));
    }
    Ok((file, metadata))
}

/// A file type in words, for messages.
pub fn file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_symlink() {
        "a link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Reads a regular file whole, refusing one of more than `cap` bytes, counted as read.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, CappedReadError> {
    use std::io::Read;
    let (file, metadata) = open_regular(path)?;
    if metadata.len() > cap {
        return Err(CappedReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(CappedReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(CappedReadError::TooLarge);
    }
    Ok(bytes)
}

/// The text of a file's bytes: UTF-8, byte order mark dropped, CRLF read as LF.
pub fn decode_utf8(path: &Path, bytes: &[u8]) -> Result<String, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.replace("\r\n", "\n")),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let column = bytes[..offset]
                .iter()
                .rev()
                .take_while(|&&b| b != b'\n')
                .count() as u64
                + 1;
            let looks_gbk = bytes[offset..]
                .first()
                .is_some_and(|b| (0x81..=0xFE).contains(b));
            let mut problem = Problem::new(path, line, column, "the file is not UTF-8 text");
            problem = if looks_gbk {
                problem.with_hint(
                    "it looks like GBK/GB 2312 (the Windows Chinese default); re-save it as UTF-8, e.g. in Notepad choose 另存为 → 编码 UTF-8, or run `iconv -f GBK -t UTF-8 old.yaml > new.yaml`",
                )
            } else {
                problem.with_hint("re-save the file with UTF-8 encoding")
            };
            Err(problem)
        }
    }
}

/// Parses YAML text into `T`, mapping parser and type errors to a located problem.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Problem> {
    // YAML ends a line at CR as well as at LF and CR LF. One kind of line end lets the
    // tab check below and the parser count the same lines; a file saved with old Mac
    // line ends (CR alone) otherwise had its tabs missed and its places misnumbered.
    let text = &normalize_line_ends(text);
    if text.trim().is_empty() {
        return Err(Problem::whole_file(path, "the file is empty")
            .with_hint("fill it in from the example in README.md"));
    }
    if let Some((index, line)) = text.lines().enumerate().find(|(_, l)| l.starts_with('\t')) {
        let _ = line;
        return Err(Problem::new(
            path,
            index as u64 + 1,
            1,
            "a tab indents this line; YAML allows only spaces",
        )
        .with_hint("replace the tab with spaces (two per level)"));
    }
    serde_saphyr::from_str::<T>(text).map_err(|e| from_yaml_error(path, &e))
}

pub fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// Reads and parses in one step.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<T, Problem> {
    let text = read_text(path)?;
    parse(path, &text)
}

fn from_yaml_error(path: &Path, error: &serde_saphyr::Error) -> Problem {
    let (line, column) = error
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let message = error.render_with_options(serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    });
    // The parser appends its own "at line X column Y"; the problem already carries it.
    let message = match message.find(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message,
    };
    let hint = match nearest_field(&message) {
        Some(near) => format!("did you mean `{near}`? The fields are listed in docs/metrics-format.md (README.md for the config)"),
        None => hint_for(&message).to_string(),
    };
    Problem::new(path, line, column, message).with_hint(hint)
}

/// For "unknown field `pases`, expected one of …", the listed field closest to the typo.
fn nearest_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (typo, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected one of")?.1;
    expected
        .split(',')
        .map(|f| f.trim().trim_matches('`').to_string())
        .filter(|f| !f.is_empty())
        .map(|f| (strsim::jaro_winkler(typo, &f), f))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, f)| f)
}

fn hint_for(message: &str) -> &'static str {
    if message.contains("unknown field") {
        "check the spelling against the field list in docs/metrics-format.md (or README.md for the config)"
    } else if message.contains("unknown variant") {
        "use one of the values listed in the message"
    } else if message.contains("uplicate") {
        "each key may appear once in a mapping; delete or merge the repeated one"
    } else if message.contains("not a period") {
        "write the period in quotes as \"2023\", \"2023-Q4\" or \"2023-11\""
    } else if message.contains("not a number") {
        "write plain digits, e.g. 1705; amounts are in yuan"
    } else if message.contains("whole number in plain decimal digits") {
        "write the number in digits only, without 0x, 0o, 0b, _ or an exponent"
    } else if message.contains("plain decimal digits") || message.contains("significant digits") {
        "write the figure as digits only, e.g. {value: 1705, qualifier: over}"
    } else if message.contains("non-finite float") {
        "write the figure as digits only, e.g. 1705; .inf and .nan are not figures"
    } else if message.contains("is not a date that exists") {
        "correct the day or the month; write dates as YYYY-MM-DD"
    } else if message.contains("is not a date;") {
        "write the date as YYYY-MM-DD, e.g. 2023-12-31"
    } else if message.contains("missing field") {
        "add the field; docs/metrics-format.md lists which fields are required"
    } else {
        "compare this place with the example in docs/metrics-format.md; quote text that contains : # [ ] { } and close every bracket and quote"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        count: u32,
    }

    #[test]
    fn typos_get_the_nearest_field_suggested() {
        let message =
            "unknown field `pases`, expected one of registrants, passes, certified_share_percent";
        assert_eq!(nearest_field(message).as_deref(), Some("passes"));
        assert_eq!(
            nearest_field("unknown field `zzzzzz`, expected one of registrants, passes"),
            None
        );
    }

    #[test]
    fn gbk_bytes_are_named_as_gbk() {
        let gbk = b"count: 1\nname: \xcf\xe6\xcc\xb6\n"; // 湘潭 in GBK
        let problem = decode_utf8(Path::new("x.yaml"), gbk).unwrap_err();
        assert_eq!((problem.line, problem.column), (2, 7));
        assert!(problem.hint.unwrap().contains("GBK"));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode_utf8(Path::new("x.yaml"), b"\xEF\xBB\xBFcount: 3\r\n").unwrap();
        let sample: Sample = parse(Path::new("x.yaml"), &text).unwrap();
        assert_eq!(sample.count, 3);
    }

    #[test]
    fn a_tab_after_a_lone_carriage_return_is_found_on_its_line() {
        let problem =
            parse::<Sample>(Path::new("x.yaml"), "count: 1\r\tcolour: red\r").unwrap_err();
        assert_eq!((problem.line, problem.column), (2, 1));
        assert!(problem.message.contains("tab"), "{}", problem.message);
        let problem =
            parse::<Sample>(Path::new("x.yaml"), "count: 1\r\ncolour: red\r\n").unwrap_err();
        assert_eq!(problem.line, 2);
    }

    #[test]
    fn errors_carry_line_and_column() {
        let problem = parse::<Sample>(Path::new("x.yaml"), "\ncount: -4\n").unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.column > 0);
        let problem = parse::<Sample>(Path::new("x.yaml"), "count: 1\ncolour: red\n").unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("colour"), "{}", problem.message);
    }
}
