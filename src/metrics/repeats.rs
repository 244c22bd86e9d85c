//! A consistency check on the free text of a metrics file: the same long sentence or
//! paragraph written twice (a highlight pasted again as a next step, a paragraph copied
//! into two points) is printed twice in the briefing. It is only a warning: the file is
//! still well formed, and the clerk may mean it.

use crate::tr;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::Path;

/// A passage counts when it is at least this many characters long once punctuation and
/// white space are dropped: shorter ones (套话 like 持续推进社会工作) may well repeat.
pub const MIN_CHARS: usize = 20;

/// One passage found twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The passage as first written (trimmed).
    pub passage: String,
    /// Field and line of the first and the second place, e.g. `highlights[0]`, 62.
    pub first: (String, usize),
    pub second: (String, usize),
}

impl Repeat {
    /// The warning, through the catalogue: the file, both places, the passage.
    pub fn message(&self, file: &Path) -> String {
        let shown: String = if self.passage.chars().count() > 30 {
            self.passage.chars().take(30).chain(['…']).collect()
        } else {
            self.passage.clone()
        };
        tr!(
            "metrics-repeated-passage",
            file = file,
            first_field = self.first.0,
            first_line = self.first.1,
            second_field = self.second.0,
            second_line = self.second.1,
            passage = shown
        )
    }

    pub fn hint() -> String {
        tr!("metrics-repeated-passage-help")
    }
}

#[derive(Default, Deserialize)]
struct TargetText {
    #[serde(default)]
    description: Option<Spanned<String>>,
}

#[derive(Default, Deserialize)]
struct StationsText {
    #[serde(default)]
    targets: Vec<TargetText>,
}

/// The free text fields of a metrics file, with their places; other fields are ignored.
#[derive(Default, Deserialize)]
struct FreeText {
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    stations: StationsText,
    #[serde(default)]
    highlights: Vec<Spanned<String>>,
    #[serde(default)]
    next_steps: Vec<Spanned<String>>,
}

/// Drops punctuation and white space: what is left decides whether two passages are the
/// same.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !is_cjk_punctuation(*c))
        .collect()
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{2010}'..='\u{2027}')
}

/// The sentences of a text, each with its closing mark.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether any long passage of the parsed free text occurs twice. Every metrics file is
/// checked on every load, and almost none repeats itself: the text is parsed a second
/// time for the places (the schema keeps the free text without them) only when this says
/// there is something to report.
pub fn may_repeat(data: &super::schema::MetricsFile) -> bool {
    let texts = data
        .source
        .iter()
        .chain(data.stations.targets.iter().map(|t| &t.description))
        .chain(&data.highlights)
        .chain(&data.next_steps);
    let mut seen = std::collections::HashSet::new();
    for text in texts {
        let paragraph = text.trim();
        let parts = sentences(paragraph);
        let whole = (parts.len() > 1).then_some(paragraph);
        for passage in whole.into_iter().chain(parts) {
            let k = key(passage);
            if k.chars().count() >= MIN_CHARS && !seen.insert(k) {
                return true;
            }
        }
    }
    false
}

/// Every long passage written twice in the free text of `text` (a metrics file's text,
/// already parsed once, so it is well formed), in the order of their second place.
/// A paragraph found twice is reported once, not again sentence by sentence.
pub fn find(path: &Path, text: &str) -> Vec<Repeat> {
    let Ok(free) = crate::yaml::parse::<FreeText>(path, text) else {
        return Vec::new();
    };
    let mut fields: Vec<(String, &Spanned<String>)> = Vec::new();
    if let Some(s) = &free.source {
        fields.push(("source".into(), s));
    }
    for (i, t) in free.stations.targets.iter().enumerate() {
        if let Some(d) = &t.description {
            fields.push((format!("stations.targets[{i}].description"), d));
        }
    }
    for (i, h) in free.highlights.iter().enumerate() {
        fields.push((format!("highlights[{i}]"), h));
    }
    for (i, n) in free.next_steps.iter().enumerate() {
        fields.push((format!("next_steps[{i}]"), n));
    }

    // (key, passage, field index), paragraphs first within each field.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut found: Vec<(Repeat, usize, usize)> = Vec::new();
    let mut paragraphs_repeated: Vec<(usize, usize)> = Vec::new();
    for (index, (_, value)) in fields.iter().enumerate() {
        let paragraph = value.value.trim();
        let parts = sentences(paragraph);
        let mut passages: Vec<(&str, bool)> = Vec::new();
        if parts.len() > 1 {
            passages.push((paragraph, true));
        }
        passages.extend(parts.into_iter().map(|s| (s, false)));
        for (passage, whole) in passages {
            let k = key(passage);
            if k.chars().count() < MIN_CHARS {
                continue;
            }
            match seen.get(&k) {
                Some(&first) => {
                    if whole {
                        paragraphs_repeated.push((first, index));
                    } else if paragraphs_repeated.contains(&(first, index)) {
                        continue;
                    }
                    let place =
                        |i: usize| (fields[i].0.clone(), fields[i].1.referenced.line() as usize);
                    if found
                        .iter()
                        .any(|(r, a, b)| (*a, *b) == (first, index) && key(&r.passage) == k)
                    {
                        continue;
                    }
                    found.push((
                        Repeat {
                            passage: passage.to_string(),
                            first: place(first),
                            second: place(index),
                        },
                        first,
                        index,
                    ));
                }
                None => {
                    seen.insert(k, index);
                }
            }
        }
    }
    found.into_iter().map(|(r, _, _)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "出台社会工作人才队伍建设三年行动方案，明确岗位开发路径";

    #[test]
    fn a_passage_pasted_again_is_found_with_both_places() {
        let text =
            format!("highlights:\n  - {LONG}\nnext_steps:\n  - 加快建设。{LONG}。\n  - 稳定队伍\n");
        let repeats = find(Path::new("2023.yaml"), &text);
        assert_eq!(repeats.len(), 1, "{repeats:?}");
        assert_eq!(repeats[0].first, ("highlights[0]".to_string(), 2));
        assert_eq!(repeats[0].second, ("next_steps[0]".to_string(), 4));
    }

    #[test]
    fn punctuation_and_spaces_do_not_hide_a_repeat_and_short_ones_are_allowed() {
        let text = format!(
            "highlights:\n  - {LONG}\n  - \"{}\"\n  - 持续推进\nnext_steps:\n  - 持续推进\n",
            LONG.replace('，', " ,")
        );
        assert_eq!(find(Path::new("2023.yaml"), &text).len(), 1);
    }

    #[test]
    fn a_repeated_paragraph_is_reported_once() {
        let para = format!("{LONG}。完善薪酬待遇动态调整机制，稳定专业人才队伍。");
        let text = format!("highlights:\n  - {para}\nnext_steps:\n  - {para}\n");
        let repeats = find(Path::new("2023.yaml"), &text);
        assert_eq!(repeats.len(), 1, "{repeats:?}");
        assert_eq!(repeats[0].passage, para);
    }
}
