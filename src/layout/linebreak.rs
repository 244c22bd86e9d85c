//! Chinese line breaking: UAX #14 opportunities (unicode-linebreak) plus the clreq
//! rules it misses, then the paragraph broken as a whole (total-fit, after Knuth and
//! Plass as TeX and Typst do): of all ways to break it, the one whose justified lines
//! are spread least, squeezing punctuation where a line runs over (先挤进后推出) and,
//! past that, setting it a little tighter than natural.
//!
//! Written by hand on top of unicode-linebreak because no crate applies the clreq
//! prohibition lists and CJK punctuation compression together, nor breaks CJK text
//! by total fit: the layout crates that do Knuth–Plass (hyphenation-based, for
//! spaces between words) have neither. Paragraphs are short, so a dynamic program over
//! the break candidates, looking back a line's worth of them, is enough.

/// May not start a line (clreq, GB/T 15834).
pub const NO_LINE_START: &str = "、，。．：；！？）］｝〕〉》」』】〗〙〛’”…‥—～％‰·／,.:;!?)]}%";
/// May not end a line.
pub const NO_LINE_END: &str = "（［｛〔〈《「『【〖〘〚‘“([{";
/// Full-width punctuation whose glyph has a blank half on the right, which may be
/// squeezed out when a line is too long by a little.
pub const SQUEEZABLE: &str = "、，。：；）」』】》〉”’";
/// What follows a number as its unit, qualifier or the rest of a date or time; a number
/// and these never part (12.6万人次, 1150余万元, 2024年12月31日, 2.21个百分点, 2个月).
const NUMBER_PARTS: &str = "年月日号时分秒点万千百亿余多元个人次名项天小倍户家所岁";
/// The widest spread of a justified line per gap, as a share of the font size (issue
/// 14): more reads as letter-spacing ("二 是 报 名").
pub const MAX_STRETCH: f32 = 0.05;
/// The most a justified line is set tighter than natural per gap, past squeezing its
/// punctuation, as a share of the font size: half the spread allowed, because at 5%
/// the ink of some pairs of Noto Serif CJK glyphs meets (measured by
/// tests/layout.rs `tightened_lines_never_make_glyphs_touch`), while a spread never
/// brings glyphs closer.
pub const MAX_TIGHTEN: f32 = 0.025;
/// The widest a gap between a digit or Latin letter and a Chinese character (中西间距,
/// natural 0 here) may open in justification, as a share of the font size (clreq,
/// JLREQ: up to a quarter em).
pub const MAX_JUNCTION: f32 = 0.25;

/// One of the character sets above, answered with a bit test: they are asked about
/// nearly every character of every line tried, and `str::contains` searches the
/// string each time.
struct CharSet {
    bits: Box<[u64; 0x10000 / 64]>,
    /// For a character beyond the Basic Multilingual Plane (none of the sets has one).
    chars: &'static str,
}

impl CharSet {
    fn of(chars: &'static str) -> CharSet {
        let mut bits = Box::new([0u64; 0x10000 / 64]);
        for c in chars.chars().filter(|&c| (c as u32) < 0x10000) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        CharSet { bits, chars }
    }

    fn contains(&self, c: char) -> bool {
        match self.bits.get(c as usize / 64) {
            Some(word) => word & (1 << (c as usize % 64)) != 0,
            None => self.chars.contains(c),
        }
    }
}

static NO_LINE_START_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::of(NO_LINE_START));
static NO_LINE_END_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::of(NO_LINE_END));
static SQUEEZABLE_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::of(SQUEEZABLE));
static NUMBER_PARTS_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::of(NUMBER_PARTS));

/// Whether `c` is in [`SQUEEZABLE`].
pub fn is_squeezable(c: char) -> bool {
    SQUEEZABLE_SET.contains(c)
}

/// What justification may do to the gap after a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Inside a run of narrow characters (the digits of a number, a Latin word), or
    /// at the end of the text: kept at natural spacing.
    Fixed,
    /// Between Chinese characters or full-width punctuation: spread or tightened
    /// evenly, within [`MAX_STRETCH`].
    Even,
    /// Between a narrow character and a Chinese one (中西间距): spread or tightened
    /// with the even gaps, and when those reach [`MAX_STRETCH`] it takes more of the
    /// room, up to [`MAX_JUNCTION`].
    Junction,
}

/// How many gaps of each kind justification may change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gaps {
    pub even: u32,
    pub junctions: u32,
}

impl Gaps {
    pub fn add(&mut self, gap: Gap) {
        match gap {
            Gap::Fixed => {}
            Gap::Even => self.even += 1,
            Gap::Junction => self.junctions += 1,
        }
    }

    fn plus(self, other: Gaps) -> Gaps {
        Gaps {
            even: self.even + other.even,
            junctions: self.junctions + other.junctions,
        }
    }

    /// Gaps justification may widen or narrow.
    pub fn widened(self) -> u32 {
        self.even + self.junctions
    }
}

/// One unbreakable piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Char range in the paragraph.
    pub start: usize,
    pub end: usize,
    pub width: f32,
    /// Width that punctuation compression could remove from this segment.
    pub squeeze: f32,
    /// Gaps inside the segment that justification changes.
    pub gaps: Gaps,
    /// The gap after the segment's last character.
    pub gap_after: Gap,
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

/// Cuts `chars` into unbreakable segments; `advance(i)` is the width of char i,
/// `gap(i)` what justification may do to the gap after char i.
pub fn segments(
    text: &str,
    advance: &dyn Fn(usize) -> f32,
    squeeze_of: &dyn Fn(usize) -> f32,
    gap: &dyn Fn(usize) -> Gap,
) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let number = number_runs(&chars);
    // The char index at each byte offset where a char starts; the end maps past the last.
    let mut byte_to_char = vec![chars.len(); text.len() + 1];
    for (ci, (bi, _)) in text.char_indices().enumerate() {
        byte_to_char[bi] = ci;
    }
    // UAX #14 treats “ ” ‘ ’ as ambiguous quotes that never part from their
    // neighbours; in Chinese they open and close like brackets (clreq), so a line may
    // break before an opening one and after a closing one.
    let quotes = (1..chars.len())
        .filter(|&ci| matches!(chars[ci], '“' | '‘') || matches!(chars[ci - 1], '”' | '’'))
        .map(|ci| (ci, false));
    let mut breaks: Vec<(usize, bool)> = unicode_linebreak::linebreaks(text)
        .map(|(byte, op)| {
            let ci = byte_to_char.get(byte).copied().unwrap_or(chars.len());
            (ci, op == unicode_linebreak::BreakOpportunity::Mandatory)
        })
        .chain(quotes)
        .collect::<std::collections::BTreeMap<usize, bool>>()
        .into_iter()
        .filter(|&(ci, hard)| {
            hard || ci >= chars.len()
                || (allowed_between(&chars, ci) && !(number[ci - 1] && number[ci]))
        })
        .collect();
    if breaks.last().map(|b| b.0) != Some(chars.len()) {
        breaks.push((chars.len(), false));
    }
    let mut out = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (end, hard) in breaks {
        if end <= start {
            continue;
        }
        out.push(segment(
            start,
            end,
            hard && end < chars.len(),
            advance,
            squeeze_of,
            gap,
        ));
        start = end;
    }
    out
}

/// The segment of chars `start..end`, measured.
fn segment(
    start: usize,
    end: usize,
    hard_break: bool,
    advance: &dyn Fn(usize) -> f32,
    squeeze_of: &dyn Fn(usize) -> f32,
    gap: &dyn Fn(usize) -> Gap,
) -> Segment {
    let mut gaps = Gaps::default();
    for i in start..end - 1 {
        gaps.add(gap(i));
    }
    Segment {
        start,
        end,
        width: (start..end).map(advance).sum(),
        squeeze: (start..end).map(squeeze_of).sum(),
        gaps,
        gap_after: gap(end - 1),
        hard_break,
    }
}

/// Per char, whether it belongs to a number with its unit: a digit and everything
/// after it that is a digit, a joiner (. , %) or one of [`NUMBER_PARTS`].
fn number_runs(chars: &[char]) -> Vec<bool> {
    let mut inside = false;
    chars
        .iter()
        .map(|&c| {
            inside = c.is_ascii_digit()
                || (inside && (matches!(c, '.' | ',' | '%' | '％') || NUMBER_PARTS_SET.contains(c)));
            inside
        })
        .collect()
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
    gap: &dyn Fn(usize) -> Gap,
    limit: f32,
) -> Vec<Segment> {
    let piece = |start: usize, end: usize| {
        self::segment(
            start,
            end,
            segment.hard_break && end == segment.end,
            advance,
            squeeze_of,
            gap,
        )
    };
    // Cut before every character that may start a line, and at the end.
    let cuts = (segment.start + 1..segment.end)
        .filter(|&at| !NO_LINE_START_SET.contains(chars[at]))
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
    if NO_LINE_START_SET.contains(after) || NO_LINE_END_SET.contains(before) {
        return false;
    }
    // Digits, Latin letters and their joiners stay together (1,705; 24.99; GB/T).
    let word =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '/' | '-' | '%' | '_');
    if word(before) && word(after) {
        return false;
    }
    // —— and …… are never split.
    !(before == after && matches!(before, '—' | '…'))
}

/// Joins each segment to the next unless a break is allowed after it by `keeps(end)`
/// (a char index): a heading breaks only between words.
pub fn join_unless(segments: Vec<Segment>, keeps: &dyn Fn(usize) -> bool) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut open = false;
    for seg in segments {
        match out.last_mut() {
            Some(prev) if open => {
                prev.gaps.add(prev.gap_after);
                prev.gaps = prev.gaps.plus(seg.gaps);
                prev.end = seg.end;
                prev.width += seg.width;
                prev.squeeze += seg.squeeze;
                prev.gap_after = seg.gap_after;
                prev.hard_break = seg.hard_break;
            }
            _ => out.push(seg),
        }
        let last = out.last().expect("just pushed");
        open = !last.hard_break && !keeps(last.end);
    }
    out
}

/// The space justification adds at each kind of gap of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    pub even: f32,
    pub junction: f32,
    pub fixed: f32,
}

impl Spacing {
    pub fn of(&self, gap: Gap) -> f32 {
        match gap {
            Gap::Fixed => self.fixed,
            Gap::Even => self.even,
            Gap::Junction => self.junction,
        }
    }
}

/// How justification shares `free` room (negative when the line must be set tighter)
/// among a line's `gaps`, `all` gaps in all. The even gaps and junctions share it
/// evenly; past [`MAX_STRETCH`], junctions take the rest up to [`MAX_JUNCTION`] before
/// the even gaps open wider; a line is tightened evenly. The narrow runs' gaps stay
/// natural, unless the line has no other gap or those would open wider than half a
/// character: then all gaps share it. Shared by the breaking and the setting of lines,
/// so that the spacing the breaking weighs is the one set.
pub fn spacing(free: f32, gaps: Gaps, all: u32, em: f32) -> Spacing {
    let widened = gaps.widened();
    if widened == 0 || free.abs() / widened as f32 > em * 0.5 {
        let each = if all == 0 { 0.0 } else { free / all as f32 };
        return Spacing {
            even: each,
            junction: each,
            fixed: each,
        };
    }
    let each = free / widened as f32;
    let limit = MAX_STRETCH * em;
    if each <= limit || gaps.junctions == 0 || gaps.even == 0 {
        return Spacing {
            even: each,
            junction: each,
            fixed: 0.0,
        };
    }
    let junction =
        ((free - gaps.even as f32 * limit) / gaps.junctions as f32).min(MAX_JUNCTION * em);
    let even = (free - gaps.junctions as f32 * junction) / gaps.even as f32;
    if even > junction {
        // So wide that junctions need no more than the rest.
        return Spacing {
            even: each,
            junction: each,
            fixed: 0.0,
        };
    }
    Spacing {
        even,
        junction,
        fixed: 0.0,
    }
}

/// Costs of a way to break a paragraph, in order of weight: a line that runs over or
/// is spread wider than [`MAX_STRETCH`] (only when nothing else fits); each line (no
/// more lines than needed); a last line shorter than two characters (孤字); and per
/// line, the square of its spread or tightening as a share of the limit, of its
/// junctions' spread as a share of theirs, and of the squeezable blank it squeezes
/// out (at half weight: squeezing a comma's blank half is ordinary, and comes before
/// tightening).
const OVER_LIMIT: f32 = 1e4;
const PER_LINE: f32 = 100.0;
const SHORT_LAST_LINE: f32 = 50.0;

/// The shape of a paragraph's lines.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// The width of the first line (after the indent) and of the others.
    pub first_width: f32,
    pub width: f32,
    /// The font size.
    pub em: f32,
    /// Whether the lines but the last are justified (else ragged).
    pub justify: bool,
}

impl Measure {
    /// How much narrower than natural a line with these `gaps` may be set, past
    /// squeezing its punctuation: justified lines only.
    fn tightening(&self, gaps: Gaps) -> f32 {
        if self.justify {
            gaps.widened() as f32 * MAX_TIGHTEN * self.em
        } else {
            0.0
        }
    }

    /// The cost of one line of `natural` width, `squeeze` of it squeezable, with
    /// `gaps` justification may change of `all` its gaps, to fill `target`.
    fn cost(
        &self,
        natural: f32,
        squeeze: f32,
        gaps: Gaps,
        all: u32,
        target: f32,
        last: bool,
    ) -> f32 {
        let mut cost = PER_LINE;
        let overflow = natural - target;
        let tightening = self.tightening(gaps);
        if overflow > squeeze + tightening + 0.01 {
            return cost + OVER_LIMIT * (1.0 + overflow / self.em);
        }
        let limit = MAX_STRETCH * self.em;
        if overflow > 0.01 {
            let squeezed = overflow.min(squeeze);
            if squeezed > 0.0 {
                cost += 0.5 * (squeezed / squeeze).powi(2);
            }
            if overflow - squeezed > 0.01 {
                let each = (overflow - squeezed) / gaps.widened() as f32;
                cost += (each / limit).powi(2);
            }
        } else if !last && self.justify {
            // A line of one character has no gap to spread its room over.
            let free = target - natural;
            let spaced = if all == 0 {
                Spacing {
                    even: free,
                    junction: 0.0,
                    fixed: free,
                }
            } else {
                spacing(free, gaps, all, self.em)
            };
            let r = spaced.even.max(spaced.fixed) / limit;
            cost += if r <= 1.0 { r * r } else { OVER_LIMIT * r };
            cost += (spaced.junction / (MAX_JUNCTION * self.em)).powi(2);
        } else if !last {
            cost += ((target - natural) / target).powi(2);
        }
        if last && natural - squeeze < 2.0 * self.em - 0.01 {
            cost += SHORT_LAST_LINE;
        }
        cost
    }
}

/// Breaks a paragraph of `segments` into lines as a whole (total fit): the least
/// costly of all ways (see [`Measure::cost`]), found by a dynamic program over the
/// segment ends that looks back only as far as a line reaches. A segment that
/// overflows is kept on a line when squeezing punctuation makes it fit (先挤进后推出).
pub fn break_lines(
    segments: &[Segment],
    measure: Measure,
    squeezable_chars: &dyn Fn(usize) -> bool,
) -> Vec<Line> {
    let n = segments.len();
    let target = |i: usize| {
        if i == 0 {
            measure.first_width
        } else {
            measure.width
        }
    };
    // best[j]: the least cost of setting segments[..j], and where its last line starts.
    let mut best: Vec<(f32, usize)> = vec![(f32::INFINITY, 0); n + 1];
    best[0] = (0.0, 0);
    for j in 0..n {
        let end = &segments[j];
        let last = end.hard_break || j + 1 == n;
        let (mut natural, mut squeeze, mut gaps) = (0.0f32, 0.0f32, Gaps::default());
        for i in (0..=j).rev() {
            let seg = &segments[i];
            // A line never runs across a hard break.
            if i < j && seg.hard_break {
                break;
            }
            natural += seg.width;
            squeeze += seg.squeeze;
            gaps = gaps.plus(seg.gaps);
            if i < j {
                gaps.add(seg.gap_after);
            }
            // Lines from further back are wider still: only one segment may overflow.
            if i < j && natural - squeeze - measure.tightening(gaps) > target(i) + 0.01 {
                break;
            }
            // A line costs more than nothing (`PER_LINE` at least), so a start already
            // dearer than the best so far cannot win.
            if best[i].0 >= best[j + 1].0 {
                continue;
            }
            let all = (end.end - seg.start).saturating_sub(1) as u32;
            let cost = best[i].0 + measure.cost(natural, squeeze, gaps, all, target(i), last);
            if cost < best[j + 1].0 {
                best[j + 1] = (cost, i);
            }
        }
    }
    let mut lines = Vec::new();
    let mut j = n;
    while j > 0 {
        let i = best[j].1;
        let (start, end) = (segments[i].start, segments[j - 1].end);
        lines.push(Line {
            start,
            end,
            natural_width: segments[i..j].iter().map(|s| s.width).sum(),
            target_width: target(i),
            squeezable: (start..end).filter(|&c| squeezable_chars(c)).collect(),
            last: segments[j - 1].hard_break || j == n,
        });
        j = i;
    }
    lines.reverse();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_sets_hold_what_their_strings_hold() {
        for set in [NO_LINE_START, NO_LINE_END, SQUEEZABLE, NUMBER_PARTS] {
            let bits = CharSet::of(set);
            for c in (0..0x11_0000).filter_map(char::from_u32) {
                assert_eq!(bits.contains(c), set.contains(c), "{c:?} in {set}");
            }
        }
    }

    fn lay(text: &str, width_chars: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let adv = |i: usize| if chars[i].is_ascii() { 0.5 } else { 1.0 };
        let sq = |i: usize| {
            if is_squeezable(chars[i]) {
                0.5
            } else {
                0.0
            }
        };
        let segs = segments(text, &adv, &sq, &|_| Gap::Even);
        let measure = Measure {
            first_width: width_chars,
            width: width_chars,
            em: 1.0,
            justify: true,
        };
        break_lines(&segs, measure, &|i| is_squeezable(chars[i]))
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
                    !NO_LINE_START_SET.contains(first),
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
        let segs = segments(text, &|_| 0.5, &|_| 0.0, &|_| Gap::Fixed);
        assert_eq!(
            segs.len(),
            1,
            "digits and commas form one unbreakable piece"
        );
        let pieces = split_wide(&segs[0], &chars, &|_| 0.5, &|_| 0.0, &|_| Gap::Fixed, 10.0);
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
            gaps: Gaps {
                even: 29,
                junctions: 0,
            },
            gap_after: Gap::Even,
            hard_break: false,
        };
        assert_eq!(
            split_wide(&seg, &chars, &|_| 1.0, &|_| 0.0, &|_| Gap::Even, 10.0).len(),
            30
        );
    }

    #[test]
    fn numbers_keep_their_units_and_dates_stay_whole() {
        let text = "到2024年12月31日培训12.6万人次，资金1150余万元，提高2.21个百分点，为期2个月";
        let chars: Vec<char> = text.chars().collect();
        let segs = segments(text, &|_| 1.0, &|_| 0.0, &|_| Gap::Even);
        let pieces: Vec<String> = segs
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect();
        for whole in [
            "2024年12月31日",
            "12.6万人次，",
            "1150余万元，",
            "2.21个百分点，",
            "2个月",
        ] {
            assert!(
                pieces.iter().any(|p| p.ends_with(whole)),
                "{whole}: {pieces:?}"
            );
        }
    }

    #[test]
    fn a_line_may_break_at_chinese_quotes() {
        let text = "获评“优秀人才”称号";
        let chars: Vec<char> = text.chars().collect();
        let starts: Vec<char> = segments(text, &|_| 1.0, &|_| 0.0, &|_| Gap::Even)
            .iter()
            .map(|s| chars[s.start])
            .collect();
        assert!(
            starts.contains(&'“') && starts.contains(&'称'),
            "{starts:?}"
        );
    }

    #[test]
    fn a_line_of_one_character_is_no_way_out_of_a_wide_spread() {
        // The number cannot join the first line; a first line of one character would
        // spread nothing but leave the whole line empty.
        for text in [
            "甲乙丙丁戊己庚辛壬癸1234567890123456",
            "二是报名增长14.06%，通过增长24.21%",
        ] {
            let lines = lay(text, 11.0);
            for line in &lines[..lines.len() - 1] {
                assert!(line.chars().count() > 2, "{lines:?}");
            }
        }
    }

    #[test]
    fn joined_segments_break_only_where_kept() {
        let text = "一二三四五六";
        let segs = join_unless(segments(text, &|_| 1.0, &|_| 0.0, &|_| Gap::Even), &|at| {
            at == 3
        });
        let ends: Vec<usize> = segs.iter().map(|s| s.end).collect();
        assert_eq!(ends, [3, 6]);
        assert_eq!(segs[0].gaps.even, 2);
        assert!((segs[1].width - 3.0).abs() < 1e-6);
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
