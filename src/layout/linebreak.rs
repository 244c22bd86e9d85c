//! Chinese line breaking: UAX #14 opportunities (unicode-linebreak) plus the clreq
//! rules it misses, then greedy filling with punctuation compression before pushing
//! a character to the next line (先挤进后推出).
//!
//! Written by hand on top of unicode-linebreak because no crate applies the clreq
//! prohibition lists and CJK punctuation compression together.

/// May not start a line (clreq, GB/T 15834).
pub const NO_LINE_START: &str = "、，。．：；！？）］｝〕〉》」』】〗〙〛’”…‥—～％‰·／,.:;!?)]}%";
/// May not end a line.
pub const NO_LINE_END: &str = "（［｛〔〈《「『【〖〘〚‘“([{";
/// Full-width punctuation whose glyph has a blank half on the right, which may be
/// squeezed out when a line is too long by a little.
pub const SQUEEZABLE: &str = "、，。：；）」』】》〉”’";

/// One unbreakable piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Char range in the paragraph.
    pub start: usize,
    pub end: usize,
    pub width: f32,
    /// Width that punctuation compression could remove from this segment.
    pub squeeze: f32,
    /// A mandatory break follows.
    pub hard_break: bool,
}

/// One laid-out line: a char range and how to fit it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// Sum of the advances.
    pub natural_width: f32,
    /// The width the line must fill.
    pub target_width: f32,
    /// Squeezable punctuation in the line (char indices, paragraph-relative).
    pub squeezable: Vec<usize>,
    /// Last line of the paragraph, or before a hard break: not justified.
    pub last: bool,
}

impl Line {
    /// How far past its target the line runs (0 when it fits).
    pub fn overflow(&self) -> f32 {
        (self.natural_width - self.target_width).max(0.0)
    }
}

/// Cuts `chars` into unbreakable segments; `advance(i)` is the width of char i.
pub fn segments(
    text: &str,
    advance: &dyn Fn(usize) -> f32,
    squeeze_of: &dyn Fn(usize) -> f32,
) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let byte_to_char: std::collections::HashMap<usize, usize> = text
        .char_indices()
        .enumerate()
        .map(|(ci, (bi, _))| (bi, ci))
        .collect();
    let mut breaks: Vec<(usize, bool)> = unicode_linebreak::linebreaks(text)
        .map(|(byte, op)| {
            let ci = byte_to_char.get(&byte).copied().unwrap_or(chars.len());
            (ci, op == unicode_linebreak::BreakOpportunity::Mandatory)
        })
        .filter(|&(ci, hard)| hard || ci >= chars.len() || allowed_between(&chars, ci))
        .collect();
    if breaks.last().map(|b| b.0) != Some(chars.len()) {
        breaks.push((chars.len(), false));
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (end, hard) in breaks {
        if end <= start {
            continue;
        }
        let width = (start..end).map(advance).sum();
        let squeeze = (start..end).map(squeeze_of).sum();
        out.push(Segment {
            start,
            end,
            width,
            squeeze,
            hard_break: hard && end < chars.len(),
        });
        start = end;
    }
    out
}

/// Cuts a segment too wide for any line (a long number, a URL, a run of punctuation)
/// into pieces a line may break between. A forced break still follows the
/// prohibition rules where it can: each piece is a character with the
/// no-line-start characters after it, so closing punctuation stays on the line of
/// the character it follows. Only a piece that is itself wider than `limit` (a run
/// of punctuation longer than a line) is cut by character.
pub fn split_wide(
    segment: &Segment,
    chars: &[char],
    advance: &dyn Fn(usize) -> f32,
    squeeze_of: &dyn Fn(usize) -> f32,
    limit: f32,
) -> Vec<Segment> {
    let piece = |start: usize, end: usize| Segment {
        start,
        end,
        width: (start..end).map(advance).sum(),
        squeeze: (start..end).map(squeeze_of).sum(),
        hard_break: segment.hard_break && end == segment.end,
    };
    // Cut before every character that may start a line, and at the end.
    let cuts = (segment.start + 1..segment.end)
        .filter(|&at| !NO_LINE_START.contains(chars[at]))
        .chain(std::iter::once(segment.end));
    let mut pieces = Vec::new();
    let mut start = segment.start;
    for cut in cuts {
        let p = piece(start, cut);
        if p.width - p.squeeze > limit && p.end - p.start > 1 {
            pieces.extend((p.start..p.end).map(|c| piece(c, c + 1)));
        } else {
            pieces.push(p);
        }
        start = cut;
    }
    pieces
}

/// The clreq rules on top of UAX #14 for a break before char `at`.
fn allowed_between(chars: &[char], at: usize) -> bool {
    if at == 0 {
        return false;
    }
    let before = chars[at - 1];
    let after = chars[at];
    if NO_LINE_START.contains(after) || NO_LINE_END.contains(before) {
        return false;
    }
    // Digits, Latin letters and their joiners stay together (1,705; 24.99; GB/T).
    let word =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '/' | '-' | '%' | '_');
    if word(before) && word(after) {
        return false;
    }
    // A number keeps its unit and date parts together: 12月, 1705人, 1150余万元.
    if before.is_ascii_digit() && "年月日号时分秒点万亿余元个人次名项天小%％".contains(after)
    {
        return false;
    }
    // —— and …… are never split.
    !(before == after && matches!(before, '—' | '…'))
}

/// Fills lines greedily: a segment that overflows is kept on the line when squeezing
/// punctuation makes it fit, else pushed to the next line.
pub fn break_lines(
    segments: &[Segment],
    first_width: f32,
    width: f32,
    squeezable_chars: &dyn Fn(usize) -> bool,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut i = 0;
    let mut target = first_width;
    while i < segments.len() {
        let start = segments[i].start;
        let mut natural = 0.0f32;
        let mut squeeze = 0.0f32;
        let mut j = i;
        let mut hard = false;
        while j < segments.len() {
            let seg = &segments[j];
            let fits = natural + seg.width <= target + 0.01;
            let fits_squeezed = natural + seg.width - (squeeze + seg.squeeze) <= target + 0.01;
            if j > i && !fits && !fits_squeezed {
                break;
            }
            natural += seg.width;
            squeeze += seg.squeeze;
            j += 1;
            if seg.hard_break {
                hard = true;
                break;
            }
        }
        let end = segments[j - 1].end;
        lines.push(Line {
            start,
            end,
            natural_width: natural,
            target_width: target,
            squeezable: (start..end).filter(|&c| squeezable_chars(c)).collect(),
            last: hard || j == segments.len(),
        });
        i = j;
        target = width;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(text: &str, width_chars: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let adv = |i: usize| if chars[i].is_ascii() { 0.5 } else { 1.0 };
        let sq = |i: usize| {
            if SQUEEZABLE.contains(chars[i]) {
                0.5
            } else {
                0.0
            }
        };
        let segs = segments(text, &adv, &sq);
        break_lines(&segs, width_chars, width_chars, &|i| {
            SQUEEZABLE.contains(chars[i])
        })
        .iter()
        .map(|l| chars[l.start..l.end].iter().collect())
        .collect()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let text = "参加社会工作者职业水平考试人数达到一千七百零五人，通过四百二十六人。";
        for width in 3..20 {
            for line in lay(text, width as f32).iter().skip(1) {
                let first = line.chars().next().unwrap();
                assert!(
                    !NO_LINE_START.contains(first),
                    "width {width}: line starts with {first}: {line}"
                );
            }
        }
    }

    #[test]
    fn numbers_are_never_split() {
        let text = "全年考试报名1705人，通过426人，通过率24.99%，资金1150余万元。";
        for width in 4..30 {
            let lines = lay(text, width as f32);
            for pair in lines.windows(2) {
                let end = pair[0].chars().last().unwrap();
                let start = pair[1].chars().next().unwrap();
                assert!(
                    !(end.is_ascii_digit()
                        && (start.is_ascii_digit() || start == '.' || start == '%')),
                    "width {width}: {pair:?}"
                );
            }
        }
    }

    #[test]
    fn squeezes_before_pushing() {
        // Ten chars with a comma at the end fit a 9.5-wide line by squeezing the comma.
        let lines = lay("一二三四五六七八九，十", 9.5);
        assert_eq!(lines[0], "一二三四五六七八九，");
    }

    #[test]
    fn a_forced_break_keeps_closing_punctuation_on_its_line() {
        // Too wide for a line of 10, so it must be cut inside; never before a comma.
        let text = "1,234,567,890,123,456,789";
        let chars: Vec<char> = text.chars().collect();
        let segs = segments(text, &|_| 0.5, &|_| 0.0);
        assert_eq!(
            segs.len(),
            1,
            "digits and commas form one unbreakable piece"
        );
        let pieces = split_wide(&segs[0], &chars, &|_| 0.5, &|_| 0.0, 10.0);
        for piece in &pieces {
            assert_ne!(chars[piece.start], ',', "{pieces:?}");
        }
        assert_eq!(
            (pieces.first().unwrap().start, pieces.last().unwrap().end),
            (0, chars.len())
        );
        // A run of commas wider than the line has to be cut somewhere.
        let commas = "，".repeat(30);
        let chars: Vec<char> = commas.chars().collect();
        let seg = Segment {
            start: 0,
            end: 30,
            width: 30.0,
            squeeze: 0.0,
            hard_break: false,
        };
        assert_eq!(split_wide(&seg, &chars, &|_| 1.0, &|_| 0.0, 10.0).len(), 30);
    }

    #[test]
    fn dashes_stay_whole() {
        let text = "一二三——四五六……七八";
        for width in 2..10 {
            for line in lay(text, width as f32) {
                assert!(!line.starts_with('—') && !line.starts_with('…'), "{line}");
            }
        }
    }
}
