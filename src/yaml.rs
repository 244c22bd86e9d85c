//! Reading YAML files a clerk wrote, with every failure tied to the file and place.
//!
//! serde_yaml is archived, so this uses serde-saphyr: maintained, pure Rust, with
//! input budgets (depth, aliases, size) on by default, duplicate keys rejected and
//! line/column on every error.

use crate::i18n::{self, tr, Lang};
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
        CappedReadError::TooLarge => {
            Problem::whole_file(path, tr!("yaml-too-large", bytes = MAX_YAML_BYTES))
                .with_hint(tr!("yaml-too-large-help"))
        }
        CappedReadError::NotRegular(kind) => {
            Problem::whole_file(path, tr!("yaml-not-regular", kind = file_kind_words(kind)))
                .with_hint(tr!("yaml-not-regular-help"))
        }
        CappedReadError::Io(e) => Problem::whole_file(
            path,
            tr!("yaml-unreadable", error = crate::i18n::io_words(&e)),
        )
        .with_hint(tr!("yaml-unreadable-help")),
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
            CappedReadError::TooLarge => f.write_str(&tr!("yaml-larger-than-expected")),
            CappedReadError::NotRegular(kind) => {
                f.write_str(&tr!("yaml-not-regular", kind = file_kind_words(kind)))
            }
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

/// A [`file_kind`] in the words of the current language.
pub fn file_kind_words(kind: &str) -> String {
    match kind {
        "a folder" => tr!("file-kind-folder"),
        "a FIFO (named pipe)" => tr!("file-kind-fifo"),
        "a device" => tr!("file-kind-device"),
        "a socket" => tr!("file-kind-socket"),
        "a link" => tr!("file-kind-link"),
        "a regular file" => tr!("file-kind-regular"),
        _ => tr!("file-kind-other"),
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
            let mut problem = Problem::new(path, line, column, tr!("yaml-not-utf8"));
            problem = if looks_gbk {
                problem.with_hint(tr!("yaml-not-utf8-gbk-help"))
            } else {
                problem.with_hint(tr!("yaml-not-utf8-help"))
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
        return Err(Problem::whole_file(path, tr!("yaml-empty")).with_hint(tr!("yaml-empty-help")));
    }
    if let Some((index, line)) = text.lines().enumerate().find(|(_, l)| l.starts_with('\t')) {
        let _ = line;
        return Err(Problem::new(path, index as u64 + 1, 1, tr!("yaml-tab"))
            .with_hint(tr!("yaml-tab-help")));
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
        Some(near) => tr!("yaml-hint-did-you-mean", field = near),
        None => hint_for(&message),
    };
    let message = match i18n::lang() {
        Lang::En => message,
        Lang::Zh => in_chinese(error, &message),
    };
    Problem::new(path, line, column, message).with_hint(hint)
}

/// The parser's error in Chinese: serde's and the parser's usual kinds (unknown or
/// missing field, wrong type or value, unknown variant, duplicate key, early end) as
/// catalogue messages with the names filled in; messages of this program's own types
/// are already in the current language; anything else keeps the parser's text as a
/// quoted detail. English keeps the parser's own text, which the messages copy.
fn in_chinese(error: &serde_saphyr::Error, rendered: &str) -> String {
    use serde_saphyr::Error as E;
    let mut error = error;
    while let E::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let list = |names: &[&str]| names.join(", ");
    match error {
        E::SerdeUnknownField {
            field, expected, ..
        } => tr!(
            "yaml-unknown-field",
            field = field,
            expected = list(expected)
        ),
        E::SerdeMissingField { field, .. } => tr!("yaml-missing-field", field = *field),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => tr!(
            "yaml-invalid-type",
            found = unexpected_words(unexpected),
            expected = expected_words(expected)
        ),
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => tr!(
            "yaml-invalid-value",
            found = unexpected_words(unexpected),
            expected = expected_words(expected)
        ),
        E::SerdeInvalidLength { len, expected, .. } => tr!(
            "yaml-invalid-length",
            len = *len,
            expected = expected_words(expected)
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => tr!(
            "yaml-unknown-variant",
            variant = variant,
            expected = list(expected)
        ),
        E::DuplicateMappingKey { key: Some(key), .. } => tr!("yaml-duplicate-key", key = key),
        E::DuplicateMappingKey { key: None, .. } => tr!("yaml-duplicate-key-unnamed"),
        E::Eof { .. } => tr!("yaml-eof"),
        E::Unexpected { expected, .. } => {
            let what = match *expected {
                "mapping start" | "empty mapping start" => tr!("yaml-word-map"),
                "sequence start" => tr!("yaml-word-sequence"),
                "scalar" | "string scalar" | "str expected" | "missing string" => {
                    tr!("yaml-word-scalar")
                }
                other => other.to_string(),
            };
            tr!("yaml-expected-here", what = what)
        }
        E::Message { msg, .. } if msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) => {
            msg.clone()
        }
        _ => tr!("yaml-other", detail = rendered),
    }
}

/// serde's words for the value found ("string \"abc\"", "integer `5`") in the current
/// language; the value itself is kept as written.
fn unexpected_words(text: &str) -> String {
    let kinds = [
        ("boolean ", "yaml-found-boolean"),
        ("integer ", "yaml-found-integer"),
        ("floating point ", "yaml-found-float"),
        ("character ", "yaml-found-character"),
        ("string ", "yaml-found-string"),
    ];
    for (prefix, id) in kinds {
        if let Some(value) = text.strip_prefix(prefix) {
            return found_word(id, value);
        }
    }
    match text {
        "sequence" => tr!("yaml-word-sequence"),
        "map" => tr!("yaml-word-map"),
        "unit value" | "null" => tr!("yaml-word-null"),
        other => other.to_string(),
    }
}

fn found_word(id: &str, value: &str) -> String {
    match id {
        "yaml-found-boolean" => tr!("yaml-found-boolean", value = value),
        "yaml-found-integer" => tr!("yaml-found-integer", value = value),
        "yaml-found-float" => tr!("yaml-found-float", value = value),
        "yaml-found-character" => tr!("yaml-found-character", value = value),
        _ => tr!("yaml-found-string", value = value),
    }
}

/// serde's words for what was expected ("a string", "u32", "a sequence") in the current
/// language; a type's own description (this program's types describe themselves in
/// the current language) is kept.
fn expected_words(text: &str) -> String {
    match text {
        "a string" | "a borrowed string" | "a character" => tr!("yaml-word-string"),
        "a boolean" => tr!("yaml-word-boolean"),
        "a sequence" => tr!("yaml-word-sequence"),
        "a map" => tr!("yaml-word-map"),
        "u8" | "u16" | "u32" | "u64" | "usize" => tr!("yaml-word-unsigned"),
        "i8" | "i16" | "i32" | "i64" | "isize" => tr!("yaml-word-integer"),
        "f32" | "f64" => tr!("yaml-word-number"),
        other => match other.strip_prefix("struct ") {
            Some(_) => tr!("yaml-word-map"),
            None => other.to_string(),
        },
    }
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

/// The help line for a parser message. Messages of this program's own types are in
/// the current language, so each is recognised by its English or its Chinese words.
fn hint_for(message: &str) -> String {
    let has = |english: &str, chinese: &str| message.contains(english) || message.contains(chinese);
    if message.contains("unknown field") {
        tr!("yaml-hint-unknown-field")
    } else if message.contains("unknown variant") {
        tr!("yaml-hint-unknown-variant")
    } else if message.contains("uplicate") {
        tr!("yaml-hint-duplicate")
    } else if has("not a period", "不是期间") {
        tr!("yaml-hint-period")
    } else if has("not a number", "不是数字") {
        tr!("yaml-hint-number")
    } else if has("whole number in plain decimal digits", "十进制整数") {
        tr!("yaml-hint-whole-number")
    } else if has("plain decimal digits", "十进制数字") || has("significant digits", "有效数字")
    {
        tr!("yaml-hint-figure")
    } else if message.contains("non-finite float") {
        tr!("yaml-hint-non-finite")
    } else if has("is not a date that exists", "不存在的日期") {
        tr!("yaml-hint-date-exists")
    } else if has("is not a date;", "不是日期；") {
        tr!("yaml-hint-date")
    } else if message.contains("missing field") {
        tr!("yaml-hint-missing-field")
    } else {
        tr!("yaml-hint-other")
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
        assert!(
            problem.message.contains("tab") || problem.message.contains("制表符"),
            "{}",
            problem.message
        );
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
