//! Measuring and setting text: characters to faces (with fallbacks), lines broken and
//! justified, text beside other text.

use super::geometry::*;
use super::linebreak::{self, break_lines, segments, Gap, Gaps, Line, Measure};
use super::model::*;
use crate::fonts::{FaceId, FontBook, FontRole};

/// Measures and sets text with a font book.
pub struct Typesetter<'a> {
    pub book: &'a FontBook,
}

/// Characters of a piece of text with their faces and advances at a size.
struct Shaped {
    chars: Vec<char>,
    faces: Vec<FaceId>,
    advances: Vec<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

impl<'a> Typesetter<'a> {
    fn shape(&self, role: FontRole, size: f32, text: &str) -> Shaped {
        let chars: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect();
        let faces: Vec<FaceId> = chars
            .iter()
            .map(|&c| {
                self.book
                    .face_for(role, c)
                    .unwrap_or_else(|| self.book.primary(role))
            })
            .collect();
        let advances = chars
            .iter()
            .zip(&faces)
            .map(|(&c, &f)| {
                if c == '\n' {
                    0.0
                } else {
                    self.book.face(f).advance_em(c) * size
                }
            })
            .collect();
        Shaped {
            chars,
            faces,
            advances,
        }
    }

    /// `left` set from `x`, with `right` ending at `right_edge` on the same line, as
    /// the masthead's 发文机关 and date and the 版记's 印发机关 and 印发日期 are: a long
    /// `left` wraps within the room `right` leaves, and `right` stands on its last line.
    pub(super) fn set_beside(
        &self,
        size: f32,
        left: &str,
        x: f32,
        right: &str,
        right_edge: f32,
    ) -> Vec<Vec<TextRun>> {
        let right_width = self.measure(FontRole::Body, size, right);
        let width = right_edge - x;
        let left_width = (width - right_width - size).max(width / 2.0);
        let mut lines = self.set(
            FontRole::Body,
            size,
            left,
            x,
            left_width,
            0.0,
            Align::Left,
            Ink::Black,
        );
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        let last = lines.last_mut().expect("at least one line");
        for run in self
            .set(
                FontRole::Body,
                size,
                right,
                x,
                width,
                0.0,
                Align::Left,
                Ink::Black,
            )
            .into_iter()
            .flatten()
        {
            last.push(TextRun {
                x: run.x - x + right_edge - right_width,
                ..run
            });
        }
        lines
    }

    /// Width of `text` on one line.
    pub fn measure(&self, role: FontRole, size: f32, text: &str) -> f32 {
        self.shape(role, size, text).advances.iter().sum()
    }

    /// `text` as one unbroken line in black, its runs relative to x 0: a page number,
    /// a mark in the margin.
    pub fn one_line(&self, role: FontRole, size: f32, text: &str) -> Vec<TextRun> {
        self.set(
            role,
            size,
            text,
            0.0,
            PAGE_WIDTH,
            0.0,
            Align::Left,
            Ink::Black,
        )
        .into_iter()
        .flatten()
        .collect()
    }

    /// Breaks `text` into lines of at most `width` (the first line `width - indent`) and
    /// returns, per line, its runs positioned relative to (`x`, baseline 0).
    #[allow(clippy::too_many_arguments)] // each is a plain typesetting parameter, named at every call
    pub fn set(
        &self,
        role: FontRole,
        size: f32,
        text: &str,
        x: f32,
        width: f32,
        indent: f32,
        align: Align,
        ink: Ink,
    ) -> Vec<Vec<TextRun>> {
        self.set_breaking(role, size, text, x, width, indent, align, ink, false)
    }

    /// As [`Typesetter::set`] flush left in black, breaking only between words (jieba's,
    /// as for the title): a heading keeps its words whole (GB/T 9704 7.3.1 词意完整).
    #[allow(clippy::too_many_arguments)] // as `set`
    pub fn set_at_words(
        &self,
        role: FontRole,
        size: f32,
        text: &str,
        x: f32,
        width: f32,
        indent: f32,
    ) -> Vec<Vec<TextRun>> {
        self.set_breaking(
            role,
            size,
            text,
            x,
            width,
            indent,
            Align::Left,
            Ink::Black,
            true,
        )
    }

    #[allow(clippy::too_many_arguments)] // as `set`
    fn set_breaking(
        &self,
        role: FontRole,
        size: f32,
        text: &str,
        x: f32,
        width: f32,
        indent: f32,
        align: Align,
        ink: Ink,
        at_words: bool,
    ) -> Vec<Vec<TextRun>> {
        let shaped = self.shape(role, size, text);
        if shaped.chars.is_empty() {
            return Vec::new();
        }
        let text: String = shaped.chars.iter().collect();
        // Asked of each char many times over while lines are tried, so decided once.
        let squeezable_at: Vec<bool> = shaped
            .chars
            .iter()
            .zip(&shaped.advances)
            .map(|(&c, &advance)| advance >= size * 0.9 && linebreak::is_squeezable(c))
            .collect();
        let squeezable = |i: usize| squeezable_at[i];
        let squeeze_of = |i: usize| if squeezable(i) { size * 0.5 } else { 0.0 };
        let gap = |i: usize| {
            shaped.advances.get(i + 1).map_or(Gap::Fixed, |&next| {
                gap_between(shaped.advances[i], next, size)
            })
        };
        let mut segs = segments(&text, &|i| shaped.advances[i], &squeeze_of, &gap);
        if at_words && self.measure(role, size, &text) > width - indent {
            // jieba's break points are byte offsets.
            let words: std::collections::HashSet<usize> = super::words::break_points(&text)
                .into_iter()
                .map(|byte| text[..byte].chars().count())
                .collect();
            segs = linebreak::join_unless(segs, &|at| words.contains(&at));
        }
        // A piece wider than the line (a long number or URL) is cut rather than allowed
        // to leave the type area; never before closing punctuation when avoidable.
        let limit = width - indent;
        segs = segs
            .into_iter()
            .flat_map(|s| {
                if s.width - s.squeeze > limit && s.end - s.start > 1 {
                    linebreak::split_wide(
                        &s,
                        &shaped.chars,
                        &|i| shaped.advances[i],
                        &squeeze_of,
                        &gap,
                        limit,
                    )
                } else {
                    vec![s]
                }
            })
            .collect();
        let measure = Measure {
            first_width: width - indent,
            width,
            em: size,
            justify: align == Align::Justify,
        };
        let lines = break_lines(&segs, measure, &squeezable);
        lines
            .iter()
            .enumerate()
            .map(|(n, line)| {
                let line_x = x + if n == 0 { indent } else { 0.0 };
                self.place_line(&shaped, line, line_x, size, align, ink)
            })
            .collect()
    }

    fn place_line(
        &self,
        s: &Shaped,
        line: &Line,
        x: f32,
        size: f32,
        align: Align,
        ink: Ink,
    ) -> Vec<TextRun> {
        let range = line.start..line.end;
        let visible: Vec<usize> = range.clone().filter(|&i| s.chars[i] != '\n').collect();
        if visible.is_empty() {
            return Vec::new();
        }
        // Squeeze punctuation first when the line runs over; the rest is taken from the
        // gaps below.
        // Indexed from the line's first char.
        let mut squeeze = vec![0.0f32; line.end - line.start];
        let overflow = line.overflow();
        if overflow > 0.0 && !line.squeezable.is_empty() {
            let each = (overflow / line.squeezable.len() as f32).min(size * 0.5);
            for &i in &line.squeezable {
                squeeze[i - line.start] = each;
            }
        }
        let natural: f32 = visible
            .iter()
            .map(|&i| s.advances[i] - squeeze[i - line.start])
            .sum();
        let free = line.target_width - natural;
        // Justification widens or narrows the gaps next to Chinese characters and
        // full-width punctuation, never those inside a run of narrow characters: 14.06%
        // and 2025年12月31日 keep their digits together (see `linebreak::spacing`).
        let gaps: Vec<Gap> = visible
            .windows(2)
            .map(|w| gap_between(s.advances[w[0]], s.advances[w[1]], size))
            .collect();
        let mut count = Gaps::default();
        for &g in &gaps {
            count.add(g);
        }
        let spacing = linebreak::spacing(free, count, gaps.len() as u32, size);
        let (start_x, justified) = match align {
            Align::Justify if !line.last || free < 0.0 => (x, true),
            Align::Center => (x + free.max(0.0) / 2.0, false),
            _ => (x, false),
        };
        let mut runs: Vec<TextRun> = Vec::new();
        let mut pen = start_x;
        let mut break_before = true;
        for (n, &i) in visible.iter().enumerate() {
            let face = s.faces[i];
            // The space after this character; after the last one it matters not, so it
            // takes the run's, keeping the run whole. A squeezed mark stands alone, its
            // squeeze taken from its own spacing, so that the PDF's advance of it is the
            // squeezed one (text extraction reads a glyph overlapping the next as a
            // break).
            let squeezed = squeeze[i - line.start] > 0.0;
            let after = match gaps.get(n) {
                Some(&g) if justified => spacing.of(g),
                Some(_) => 0.0,
                None if squeezed => 0.0,
                None => runs.last().map_or(0.0, |r| r.spacing),
            } - squeeze[i - line.start];
            match runs.last_mut() {
                Some(run)
                    if !break_before && !squeezed && run.face == face && run.spacing == after =>
                {
                    run.text.push(s.chars[i])
                }
                _ => runs.push(TextRun {
                    x: pen,
                    y: 0.0,
                    size,
                    face,
                    text: {
                        // Room for the rest of the line, which a run usually is.
                        let mut text = String::with_capacity((visible.len() - n) * 3);
                        text.push(s.chars[i]);
                        text
                    },
                    spacing: after,
                    ink,
                }),
            }
            pen += s.advances[i] + after;
            break_before = squeezed;
        }
        runs
    }
}

/// What justification may do to the gap between two characters of these advances:
/// nothing between two narrow ones (digits, Latin letters), which stay together, nor
/// beside one without advance (a combining mark stays on its base); a narrow one
/// beside a wide one is a CJK–Latin junction.
fn gap_between(before: f32, after: f32, size: f32) -> Gap {
    let narrow = |advance: f32| advance < size * 0.75;
    if before < size * 0.01 || after < size * 0.01 {
        return Gap::Fixed;
    }
    match (narrow(before), narrow(after)) {
        (true, true) => Gap::Fixed,
        (false, false) => Gap::Even,
        _ => Gap::Junction,
    }
}

/// Distance from the top of a line box of `pitch` to the baseline of `size` text.
pub fn baseline_in(pitch: f32, size: f32) -> f32 {
    (pitch - size) / 2.0 + size * BASELINE_IN_EM
}
