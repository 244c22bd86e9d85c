//! What must hold for any input, written once and used by the property tests
//! (tests/properties.rs), the replayed fuzz findings (tests/fuzz_regressions.rs) and
//! the cargo-fuzz targets (fuzz/fuzz_targets/, which include this file by path).
//!
//! Each check returns a description of the first violation instead of panicking, so
//! that proptest can shrink on it and the fuzz targets can panic with it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use sw_briefing::config::Config;
use sw_briefing::document::{Block, DocMeta, Document, EndBlock, Masthead};
use sw_briefing::fonts::{FontBook, FontRole};
use sw_briefing::layout::linebreak::{NO_LINE_START, SQUEEZABLE};
use sw_briefing::layout::{Align, Ink, TextRun, Typesetter};

/// Float slack for positions summed over a line of some thirty advances.
pub const EPSILON: f32 = 0.05;

/// Characters after which UAX #14 always breaks and that layout keeps as text (the
/// other mandatory breaks, CR, LF, VT, FF and NEL, are control characters, which
/// layout drops after honouring LF).
const VISIBLE_HARD_BREAKS: [char; 2] = ['\u{2028}', '\u{2029}'];

/// The repository root, whether compiled for the main crate's tests or for the fuzz
/// crate in its `fuzz/` folder.
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("config/briefing.yaml").is_file() {
        manifest.to_path_buf()
    } else {
        manifest
            .parent()
            .expect("the fuzz crate lives inside the repository")
            .to_path_buf()
    }
}

/// The fonts of the repository's config, parsed once per process (parsing takes far
/// longer than laying out one paragraph).
pub fn font_book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let config_path = repo_root().join("config/briefing.yaml");
        let config = Config::load(&config_path)
            .unwrap_or_else(|e| panic!("cannot load {}: {e:?}", config_path.display()));
        FontBook::load(&config.fonts).expect("the configured fonts load")
    })
}

/// Width of `ch` as the typesetter measures it.
pub fn advance(book: &FontBook, role: FontRole, size: f32, ch: char) -> f32 {
    let face = book
        .face_for(role, ch)
        .unwrap_or_else(|| book.primary(role));
    book.face(face).advance_em(ch) * size
}

/// Whether `ch` is full-width punctuation whose blank right half may be squeezed out.
fn squeezable(book: &FontBook, role: FontRole, size: f32, ch: char) -> bool {
    SQUEEZABLE.contains(ch) && advance(book, role, size, ch) >= size * 0.9
}

/// Right edge of a run's ink: its advances and letter spacing, less the blank right
/// half of a full-width closing mark that ends it (the half that punctuation
/// compression lets the next character overlap).
pub fn right_edge(book: &FontBook, run: &TextRun) -> f32 {
    let face = book.face(run.face);
    let count = run.text.chars().count() as f32;
    let advances: f32 = run
        .text
        .chars()
        .map(|c| face.advance_em(c) * run.size)
        .sum();
    let mut right = run.x + advances + run.spacing * (count - 1.0).max(0.0);
    if let Some(last) = run.text.chars().last() {
        if SQUEEZABLE.contains(last) && face.advance_em(last) * run.size >= run.size * 0.9 {
            right -= run.size * 0.5;
        }
    }
    right
}

/// One call of `Typesetter::set`, with everything it was given.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub role: FontRole,
    pub size: f32,
    pub x: f32,
    pub width: f32,
    pub indent: f32,
    pub align: Align,
}

/// Sets `text` as a paragraph and checks what any paragraph must satisfy:
///
/// 1. every run lies within `[x, x + width]` (the first line within
///    `[x + indent, x + width]`);
/// 2. the runs, read in order, give back the text without its control characters
///    (line feeds included: they end lines but are not printed);
/// 3. a line starts with a character of `NO_LINE_START` only where there was no
///    other choice: right after a hard line break, or inside a run of such
///    characters that, with the character before it, is wider than the narrowest
///    line (so some line of it has to start with one of them).
pub fn check_paragraph(book: &FontBook, text: &str, m: Measure) -> Result<(), String> {
    let lines = Typesetter { book }.set(
        m.role,
        m.size,
        text,
        m.x,
        m.width,
        m.indent,
        m.align,
        Ink::Black,
    );
    let right_limit = m.x + m.width + EPSILON;
    for (n, line) in lines.iter().enumerate() {
        let left_limit = m.x + if n == 0 { m.indent } else { 0.0 } - EPSILON;
        for run in line {
            if run.x < left_limit {
                return Err(format!(
                    "line {n}: run {:?} starts at {:.3}, left of {:.3}",
                    run.text,
                    run.x,
                    left_limit + EPSILON
                ));
            }
            let right = right_edge(book, run);
            if right > right_limit {
                return Err(format!(
                    "line {n}: run {:?} ends at {:.3}, right of {:.3}",
                    run.text,
                    right,
                    right_limit - EPSILON
                ));
            }
        }
    }

    let printed: String = lines.iter().flatten().map(|r| r.text.as_str()).collect();
    let expected: String = text.chars().filter(|c| !c.is_control()).collect();
    if printed != expected {
        return Err(format!(
            "the runs read {printed:?}, the text without control characters is {expected:?}"
        ));
    }

    check_line_starts(book, text, m, &lines)
}

fn check_line_starts(
    book: &FontBook,
    text: &str,
    m: Measure,
    lines: &[Vec<TextRun>],
) -> Result<(), String> {
    // The text as layout sees it: control characters dropped, line feeds kept.
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let narrowest = m.width - m.indent;
    let mut next = 0; // index in `chars` of the next printed character
    let mut previous_visible: Option<char> = None;
    for (n, line) in lines.iter().enumerate() {
        let line_text: Vec<char> = line.iter().flat_map(|r| r.text.chars()).collect();
        let Some(&first) = line_text.first() else {
            continue;
        };
        let mut after_hard_break =
            previous_visible.is_some_and(|c| VISIBLE_HARD_BREAKS.contains(&c));
        while chars.get(next) == Some(&'\n') {
            after_hard_break = true;
            next += 1;
        }
        let start = next;
        if chars.get(start) != Some(&first) {
            return Err(format!(
                "line {n} starts with {first:?}, expected {:?}",
                chars.get(start)
            ));
        }
        if n > 0 && !after_hard_break && NO_LINE_START.contains(first) {
            // The run of no-line-start characters the line starts in, and the
            // character it hangs on.
            let mut run_start = start;
            while run_start > 0 && NO_LINE_START.contains(chars[run_start - 1]) {
                run_start -= 1;
            }
            let base = if run_start > 0
                && chars[run_start - 1] != '\n'
                && !VISIBLE_HARD_BREAKS.contains(&chars[run_start - 1])
            {
                run_start - 1
            } else {
                run_start
            };
            let mut run_end = start;
            while run_end < chars.len() && NO_LINE_START.contains(chars[run_end]) {
                run_end += 1;
            }
            let group = &chars[base..run_end];
            // The narrowest this group can be set: squeezable marks lose their blank half.
            let width: f32 = group
                .iter()
                .map(|&c| {
                    advance(book, m.role, m.size, c)
                        - if squeezable(book, m.role, m.size, c) {
                            m.size * 0.5
                        } else {
                            0.0
                        }
                })
                .sum();
            // Only a group that clearly fits counts: at the limit itself, float
            // rounding decides either way.
            if width + EPSILON <= narrowest {
                let before: String = chars[start.saturating_sub(12)..start].iter().collect();
                return Err(format!(
                    "line {n} starts with {first:?} after {before:?}, though {:?} ({width:.1} pt) fits on a line of {narrowest:.1} pt",
                    group.iter().collect::<String>()
                ));
            }
        }
        // Skip over this line's characters in the layout's text.
        let mut taken = 0;
        while taken < line_text.len() && next < chars.len() {
            if chars[next] != '\n' {
                taken += 1;
            }
            next += 1;
        }
        previous_visible = line_text.last().copied();
    }
    Ok(())
}

/// Loads `text` as the metrics file `2023.yaml` and checks what any outcome must
/// satisfy: no panic (the caller sees it), an accepted file reports the period its
/// name says, and a rejected one names at least one problem, each placed within the
/// text and rendered with its message.
pub fn check_metrics_text(text: &str) -> Result<(), String> {
    let path = Path::new("2023.yaml");
    match sw_briefing::metrics::parse_str(path, text) {
        Ok(metrics) => {
            let period = metrics.period().to_string();
            if period != "2023" {
                return Err(format!("accepted as 2023.yaml a file for period {period}"));
            }
        }
        Err(problems) => {
            if problems.0.is_empty() {
                return Err("rejected without naming a problem".into());
            }
            // Lines as YAML and editors count them: CR, LF and CR LF each end one.
            let last_line = text
                .replace("\r\n", "\n")
                .chars()
                .filter(|&c| c == '\n' || c == '\r')
                .count() as u64
                + 1;
            for problem in &problems.0 {
                let shown = problem.to_string();
                if problem.line > last_line {
                    return Err(format!(
                        "problem placed on line {} of a {}-line text: {shown}",
                        problem.line,
                        last_line - 1
                    ));
                }
                if problem.message.trim().is_empty() {
                    return Err(format!("problem without a message: {shown}"));
                }
            }
        }
    }
    Ok(())
}

/// A document of `blocks` under `masthead`, with a one-line 版记 and placeholder
/// metadata: what the layout tests need around the blocks they are about.
pub fn plain_document(masthead: Masthead, title: &str, blocks: Vec<Block>) -> Document {
    Document {
        masthead,
        title: title.into(),
        blocks,
        end_block: EndBlock {
            lines: Vec::new(),
            issuer: "示例市民政局办公室".into(),
            date_text: "2024年1月5日".into(),
            copies: None,
        },
        meta: DocMeta {
            title: "t".into(),
            author: "a".into(),
            subject: "s".into(),
            keywords: Vec::new(),
        },
    }
}
