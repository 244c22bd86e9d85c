//! Page layout: turns a `Document` into pages of positioned text runs and shapes,
//! following GB/T 9704 (A4, 37/28 mm margins, 156 × 225 mm type area, 22 lines of
//! 三号 text). Knows fonts only through their metrics and nothing of PDF, so it can be
//! tested as a text dump.

pub mod chart;
pub mod linebreak;

use crate::document::{Block, Document, Table};
use crate::fonts::{FaceId, FontBook, FontRole};
use linebreak::{break_lines, segments, Line, SQUEEZABLE};

/// Millimetres to points.
pub const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

pub const PAGE_WIDTH: f32 = mm(210.0);
pub const PAGE_HEIGHT: f32 = mm(297.0);
pub const MARGIN_TOP: f32 = mm(37.0);
pub const MARGIN_LEFT: f32 = mm(28.0);
pub const TYPE_WIDTH: f32 = mm(156.0);
pub const TYPE_HEIGHT: f32 = mm(225.0);
pub const TYPE_BOTTOM: f32 = MARGIN_TOP + TYPE_HEIGHT;
/// 三号.
pub const BODY_SIZE: f32 = 16.0;
/// 22 lines to the type area.
pub const LINE_PITCH: f32 = TYPE_HEIGHT / 22.0;
/// 二号.
pub const TITLE_SIZE: f32 = 22.0;
/// 四号.
pub const SMALL_SIZE: f32 = 14.0;
/// 小四, for tables.
pub const TABLE_SIZE: f32 = 12.0;
/// Where the ideographic em box's baseline sits below its top, as a fraction of the size.
const BASELINE_IN_EM: f32 = 0.88;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    Black,
    /// The red of mastheads (≈ CMYK 0/80/80/0).
    Red,
    /// 0 = black, 1 = white.
    Gray(f32),
}

/// Text set in one face at one size, starting at `x` on the baseline `y` (points from
/// the top-left corner of the page); `spacing` is added after every character.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub face: FaceId,
    pub text: String,
    pub spacing: f32,
    pub ink: Ink,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        ink: Ink,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Ink>,
        stroke: Option<(Ink, f32)>,
    },
    Polyline {
        points: Vec<(f32, f32)>,
        width: f32,
        ink: Ink,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// A bookmark: a section heading and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaidOut {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

impl LaidOut {
    /// A stable, readable dump of every item, for snapshot tests.
    pub fn dump(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {}", i + 1);
            for item in &page.items {
                let _ = match item {
                    Item::Text(t) => writeln!(
                        out,
                        "  text {:.1},{:.1} {}pt f{} sp{:.2} {:?}",
                        t.x, t.y, t.size, t.face, t.spacing, t.text
                    ),
                    Item::Rule {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                        ..
                    } => writeln!(out, "  rule {x1:.1},{y1:.1}-{x2:.1},{y2:.1} w{width:.2}"),
                    Item::Rect { x, y, w, h, .. } => {
                        writeln!(out, "  rect {x:.1},{y:.1} {w:.1}x{h:.1}")
                    }
                    Item::Polyline { points, .. } => {
                        writeln!(out, "  polyline {} points", points.len())
                    }
                };
            }
        }
        out
    }

    /// All text of all pages, runs joined in order: what a reader should get back.
    pub fn text(&self) -> String {
        self.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| {
                if let Item::Text(t) = i {
                    Some(t.text.as_str())
                } else {
                    None
                }
            })
            .collect()
    }
}

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
    fn set_beside(
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
        let shaped = self.shape(role, size, text);
        if shaped.chars.is_empty() {
            return Vec::new();
        }
        let text: String = shaped.chars.iter().collect();
        let squeezable =
            |i: usize| SQUEEZABLE.contains(shaped.chars[i]) && shaped.advances[i] >= size * 0.9;
        let squeeze_of = |i: usize| if squeezable(i) { size * 0.5 } else { 0.0 };
        let mut segs = segments(&text, &|i| shaped.advances[i], &squeeze_of);
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
                        limit,
                    )
                } else {
                    vec![s]
                }
            })
            .collect();
        let lines = break_lines(&segs, width - indent, width, &squeezable);
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
        // Squeeze punctuation first when the line runs over.
        let mut squeeze = vec![0.0f32; s.chars.len()];
        let overflow = line.overflow();
        if overflow > 0.0 && !line.squeezable.is_empty() {
            let each = (overflow / line.squeezable.len() as f32).min(size * 0.5);
            for &i in &line.squeezable {
                squeeze[i] = each;
            }
        }
        let natural: f32 = visible.iter().map(|&i| s.advances[i] - squeeze[i]).sum();
        let free = line.target_width - natural;
        // Justification widens the gaps next to Chinese characters and full-width
        // punctuation, never those inside a run of narrow characters: 14.06% and
        // 2025年12月31日 keep their digits together. A line of narrow characters only
        // (a long number or address) is spread evenly.
        let narrow = |i: usize| s.advances[i] < size * 0.75;
        let widened: Vec<bool> = visible
            .windows(2)
            .map(|w| !(narrow(w[0]) && narrow(w[1])))
            .collect();
        let widened_count = widened.iter().filter(|&&w| w).count();
        // Spread evenly instead when the line must shrink (overlaps otherwise come
        // from a few gaps taking all of it), or when a few gaps would open wide.
        let concentrated =
            widened_count == 0 || free < 0.0 || free / widened_count as f32 > size * 0.5;
        let (gaps, widened): (f32, Vec<bool>) = if concentrated {
            (widened.len() as f32, vec![true; widened.len()])
        } else {
            (widened_count as f32, widened)
        };
        let (start_x, spacing) = match align {
            Align::Justify if !line.last && gaps > 0.0 => (x, free / gaps),
            Align::Justify if free < 0.0 && gaps > 0.0 => (x, free / gaps),
            Align::Center => (x + free.max(0.0) / 2.0, 0.0),
            _ => (x, 0.0),
        };
        let mut runs: Vec<TextRun> = Vec::new();
        let mut pen = start_x;
        let mut break_before = true;
        for (n, &i) in visible.iter().enumerate() {
            let face = s.faces[i];
            // The space after this character; after the last one it matters not, so it
            // takes the run's, keeping the run whole.
            let after = match widened.get(n) {
                Some(true) => spacing,
                Some(false) => 0.0,
                None => runs.last().map_or(spacing, |r| r.spacing),
            };
            match runs.last_mut() {
                Some(run) if !break_before && run.face == face && run.spacing == after => {
                    run.text.push(s.chars[i])
                }
                _ => runs.push(TextRun {
                    x: pen,
                    y: 0.0,
                    size,
                    face,
                    text: s.chars[i].to_string(),
                    spacing: after,
                    ink,
                }),
            }
            pen += s.advances[i] - squeeze[i] + after;
            break_before = squeeze[i] > 0.0;
        }
        runs
    }
}

/// Distance from the top of a line box of `pitch` to the baseline of `size` text.
pub fn baseline_in(pitch: f32, size: f32) -> f32 {
    (pitch - size) / 2.0 + size * BASELINE_IN_EM
}

struct Flow<'a> {
    ts: Typesetter<'a>,
    pages: Vec<Page>,
    outline: Vec<OutlineEntry>,
    /// Top of the next line, from the top of the page.
    y: f32,
    table_count: u32,
    chart_count: u32,
}

impl<'a> Flow<'a> {
    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.pages.last_mut().expect("a page is open").items
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    fn room(&self) -> f32 {
        TYPE_BOTTOM - self.y
    }

    fn ensure(&mut self, height: f32) {
        if self.room() + 0.01 < height {
            self.new_page();
        }
    }

    fn place_lines(&mut self, lines: Vec<Vec<TextRun>>, pitch: f32) {
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let left = n - i;
            // No lone first line at a page's foot, no lone last line at the next page's head.
            if self.room() + 0.01 < pitch
                || (i == 0 && n >= 2 && self.room() + 0.01 < 2.0 * pitch)
                || (left == 2 && i >= 2 && self.room() + 0.01 < 2.0 * pitch)
            {
                self.new_page();
            }
            let size = line.first().map(|r| r.size).unwrap_or(BODY_SIZE);
            let baseline = self.y + baseline_in(pitch, size);
            for mut run in line {
                run.y = baseline;
                self.items().push(Item::Text(run));
            }
            self.y += pitch;
        }
    }

    fn paragraph(
        &mut self,
        role: FontRole,
        size: f32,
        pitch: f32,
        indent_chars: f32,
        text: &str,
        align: Align,
    ) {
        let lines = self.ts.set(
            role,
            size,
            text,
            MARGIN_LEFT,
            TYPE_WIDTH,
            indent_chars * size,
            align,
            Ink::Black,
        );
        self.place_lines(lines, pitch);
    }

    fn masthead(&mut self, doc: &Document) {
        let m = &doc.masthead;
        let ts = &self.ts;
        let mut items = Vec::new();
        let mut y = MARGIN_TOP;
        if let Some(marking) = &m.marking {
            let size = BODY_SIZE;
            let lines = ts.set(
                FontRole::Heading,
                size,
                marking,
                MARGIN_LEFT,
                TYPE_WIDTH,
                0.0,
                Align::Left,
                Ink::Black,
            );
            let extra_lines = lines.len().saturating_sub(1);
            for (i, line) in lines.into_iter().enumerate() {
                let line_y = y + size * BASELINE_IN_EM + i as f32 * LINE_PITCH;
                items.extend(
                    line.into_iter()
                        .map(|run| Item::Text(TextRun { y: line_y, ..run })),
                );
            }
            y += size * 1.6 + extra_lines as f32 * LINE_PITCH;
        }
        // The series name in large red characters, letter-spaced as mastheads are.
        let preferred_size: f32 = if m.series.chars().count() <= 6 {
            42.0
        } else {
            36.0
        };
        // A long series name is set smaller rather than wrapped: the masthead is one line.
        let preferred_width = ts.measure(FontRole::Title, preferred_size, &m.series);
        let series_size = if preferred_width > TYPE_WIDTH {
            (preferred_size * TYPE_WIDTH / preferred_width * 0.98).floor()
        } else {
            preferred_size
        };
        let natural = ts.measure(FontRole::Title, series_size, &m.series);
        let n = m.series.chars().count().max(1) as f32;
        let tracking =
            ((TYPE_WIDTH * 0.8 - natural) / (n - 1.0).max(1.0)).clamp(0.0, series_size * 0.5);
        let width = natural + tracking * (n - 1.0);
        y += series_size * 1.1;
        for run in ts
            .set(
                FontRole::Title,
                series_size,
                &m.series,
                MARGIN_LEFT,
                TYPE_WIDTH,
                0.0,
                Align::Left,
                Ink::Red,
            )
            .into_iter()
            .flatten()
        {
            items.push(Item::Text(TextRun {
                x: run.x + (TYPE_WIDTH - width) / 2.0,
                y,
                spacing: tracking,
                ..run
            }));
        }
        y += series_size * 0.3 + LINE_PITCH;
        for run in ts
            .set(
                FontRole::Body,
                BODY_SIZE,
                &m.issue_label,
                MARGIN_LEFT,
                TYPE_WIDTH,
                0.0,
                Align::Center,
                Ink::Black,
            )
            .into_iter()
            .flatten()
        {
            items.push(Item::Text(TextRun { y, ..run }));
        }
        y += LINE_PITCH;
        let issuer_lines = ts.set_beside(
            BODY_SIZE,
            &m.issuer,
            MARGIN_LEFT,
            &m.date_text,
            MARGIN_LEFT + TYPE_WIDTH,
        );
        let issuer_line_count = issuer_lines.len();
        for (i, line) in issuer_lines.into_iter().enumerate() {
            let line_y = y + i as f32 * LINE_PITCH;
            items.extend(
                line.into_iter()
                    .map(|run| Item::Text(TextRun { y: line_y, ..run })),
            );
        }
        y += (issuer_line_count - 1) as f32 * LINE_PITCH;
        y += BODY_SIZE * 0.6;
        items.push(Item::Rule {
            x1: MARGIN_LEFT,
            y1: y,
            x2: MARGIN_LEFT + TYPE_WIDTH,
            y2: y,
            width: 2.0,
            ink: Ink::Red,
        });
        self.items().extend(items);
        // The title stands two lines below the red rule.
        self.y = y + LINE_PITCH;
    }

    fn title(&mut self, title: &str) {
        let pitch = TITLE_SIZE * 1.5;
        // Balance a long title: the narrowest width that keeps the same number of lines.
        let full = TYPE_WIDTH - 2.0 * TITLE_SIZE;
        let count = |w: f32| {
            self.ts
                .set(
                    FontRole::Title,
                    TITLE_SIZE,
                    title,
                    MARGIN_LEFT,
                    w,
                    0.0,
                    Align::Left,
                    Ink::Black,
                )
                .len()
        };
        let lines_at_full = count(full);
        let mut width = full;
        if lines_at_full > 1 {
            let (mut lo, mut hi) = (full / lines_at_full as f32, full);
            for _ in 0..12 {
                let mid = (lo + hi) / 2.0;
                if count(mid) <= lines_at_full {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            width = hi + 0.5;
        }
        let lines = self.ts.set(
            FontRole::Title,
            TITLE_SIZE,
            title,
            MARGIN_LEFT + (TYPE_WIDTH - width) / 2.0,
            width,
            0.0,
            Align::Center,
            Ink::Black,
        );
        self.place_lines(lines, pitch);
        self.y += LINE_PITCH * 0.5;
    }

    fn table(&mut self, table: &Table) {
        self.table_count += 1;
        let size = TABLE_SIZE;
        let pitch = size * 1.5;
        let pad = 5.0;
        let total: f32 = table.widths.iter().sum();
        let widths: Vec<f32> = table
            .widths
            .iter()
            .map(|w| w / total * TYPE_WIDTH)
            .collect();
        let caption = format!("表{}　{}", self.table_count, table.caption);
        let cell_lines = |row: &[String], role: FontRole| -> Vec<Vec<Vec<TextRun>>> {
            let mut x = MARGIN_LEFT;
            row.iter()
                .zip(&widths)
                .enumerate()
                .map(|(col, (text, w))| {
                    let align = if col == 0 { Align::Left } else { Align::Center };
                    let lines = self.ts.set(
                        role,
                        size,
                        text,
                        x + pad,
                        w - 2.0 * pad,
                        0.0,
                        align,
                        Ink::Black,
                    );
                    x += w;
                    lines
                })
                .collect()
        };
        let header = cell_lines(&table.header, FontRole::Heading);
        let row_height = |cells: &Vec<Vec<Vec<TextRun>>>| {
            cells.iter().map(|c| c.len().max(1)).max().unwrap_or(1) as f32 * pitch + pad
        };
        let header_height = row_height(&header);
        let body: Vec<_> = table
            .rows
            .iter()
            .map(|r| cell_lines(r, FontRole::Body))
            .collect();
        let heights: Vec<f32> = body.iter().map(row_height).collect();
        let whole: f32 = LINE_PITCH + header_height + heights.iter().sum::<f32>();
        // A table that fits where it is stays whole. Otherwise a table of four rows or
        // more starts here when at least two rows fit, and leaves at least two for the
        // next page (header repeated under 续表); else it starts on a new page.
        let mut break_before_row = None;
        if self.room() + 0.01 < whole {
            let caption_lines = self
                .ts
                .set(
                    FontRole::Heading,
                    SMALL_SIZE,
                    &caption,
                    MARGIN_LEFT,
                    TYPE_WIDTH,
                    0.0,
                    Align::Center,
                    Ink::Black,
                )
                .len()
                .max(1);
            let mut used = caption_lines as f32 * LINE_PITCH + header_height;
            let fitting = heights
                .iter()
                .take_while(|h| {
                    used += **h;
                    used <= self.room() + 0.01
                })
                .count();
            let here = if body.len() - fitting == 1 {
                fitting.saturating_sub(1)
            } else {
                fitting
            };
            if body.len() >= 4 && here >= 2 {
                break_before_row = Some(here);
            } else {
                self.new_page();
            }
        }
        let put_caption = |flow: &mut Flow, text: &str| {
            let lines = flow.ts.set(
                FontRole::Heading,
                SMALL_SIZE,
                text,
                MARGIN_LEFT,
                TYPE_WIDTH,
                0.0,
                Align::Center,
                Ink::Black,
            );
            flow.place_lines(lines, LINE_PITCH);
        };
        put_caption(self, &caption);
        let put_row = |flow: &mut Flow, cells: &[&[Vec<TextRun>]], height: f32, shade: bool| {
            let top = flow.y;
            if shade {
                flow.items().push(Item::Rect {
                    x: MARGIN_LEFT,
                    y: top,
                    w: TYPE_WIDTH,
                    h: height,
                    fill: Some(Ink::Gray(0.9)),
                    stroke: None,
                });
            }
            let mut x = MARGIN_LEFT;
            for (cell, w) in cells.iter().zip(&widths) {
                flow.items().push(Item::Rect {
                    x,
                    y: top,
                    w: *w,
                    h: height,
                    fill: None,
                    stroke: Some((Ink::Black, 0.6)),
                });
                let text_height = cell.len() as f32 * pitch;
                let mut line_top = top + (height - text_height) / 2.0;
                for line in cell.iter() {
                    for run in line {
                        flow.items().push(Item::Text(TextRun {
                            y: line_top + baseline_in(pitch, size),
                            ..run.clone()
                        }));
                    }
                    line_top += pitch;
                }
                x += w;
            }
            flow.y += height;
        };
        fn lines_of(cells: &[Vec<Vec<TextRun>>]) -> Vec<&[Vec<TextRun>]> {
            cells.iter().map(Vec::as_slice).collect()
        }
        let slice_height = |cells: &[&[Vec<TextRun>]]| {
            cells.iter().map(|c| c.len().max(1)).max().unwrap_or(1) as f32 * pitch + pad
        };
        let header = lines_of(&header);
        let continue_on_next_page = |flow: &mut Flow| {
            flow.new_page();
            put_caption(flow, &format!("（续表{}）", flow.table_count));
            put_row(flow, &header, header_height, true);
        };
        put_row(self, &header, header_height, true);
        // Room for rows on a page that holds only the continued table's caption and header.
        let fresh_room = TYPE_HEIGHT - LINE_PITCH - header_height;
        for (index, cells) in body.iter().enumerate() {
            if break_before_row == Some(index) {
                continue_on_next_page(self);
            }
            let mut rest = lines_of(cells);
            let mut page_is_fresh = false;
            loop {
                let height = slice_height(&rest);
                if self.room() + 0.01 >= height {
                    put_row(self, &rest, height, false);
                    break;
                }
                // A row that fits on a page moves to the next one whole. A row taller
                // than a page (a long name from the data) is split between lines, so
                // that no text runs past the foot of the page.
                let lines_here = ((self.room() - pad + 0.01) / pitch).floor().max(0.0) as usize;
                if height <= fresh_room + 0.01 || (lines_here == 0 && !page_is_fresh) {
                    continue_on_next_page(self);
                    page_is_fresh = true;
                    continue;
                }
                let lines_here = lines_here.max(1);
                let (now, later): (Vec<_>, Vec<_>) = rest
                    .iter()
                    .map(|c| c.split_at(lines_here.min(c.len())))
                    .unzip();
                put_row(self, &now, slice_height(&now), false);
                rest = later;
                continue_on_next_page(self);
                page_is_fresh = true;
            }
        }
        self.y += LINE_PITCH * 0.5;
    }

    fn end_block(&mut self, doc: &Document) {
        let e = &doc.end_block;
        let size = SMALL_SIZE;
        let pitch = LINE_PITCH;
        let width = TYPE_WIDTH - 2.0 * size;
        let mut rows: Vec<Vec<Vec<TextRun>>> = e
            .lines
            .iter()
            .map(|(label, names)| {
                self.ts.set(
                    FontRole::Body,
                    size,
                    &format!("{label}：{names}"),
                    MARGIN_LEFT + size,
                    width,
                    0.0,
                    Align::Left,
                    Ink::Black,
                )
            })
            .collect();
        let right_text = match e.copies {
            Some(n) => format!("{}印发（共印{n}份）", e.date_text),
            None => format!("{}印发", e.date_text),
        };
        let issuer_lines = self.ts.set_beside(
            size,
            &e.issuer,
            MARGIN_LEFT + size,
            &right_text,
            MARGIN_LEFT + TYPE_WIDTH - size,
        );
        rows.push(issuer_lines);
        let height: f32 = rows.iter().map(|r| r.len().max(1) as f32 * pitch).sum();
        self.ensure(height + 4.0);
        // Bottom-aligned: the last rule lies on the type area's bottom edge.
        let mut y = TYPE_BOTTOM - height;
        let rule = |y: f32, width: f32| Item::Rule {
            x1: MARGIN_LEFT,
            y1: y,
            x2: MARGIN_LEFT + TYPE_WIDTH,
            y2: y,
            width,
            ink: Ink::Black,
        };
        let mut items = vec![rule(y, 1.0)];
        let n = rows.len();
        for (i, row) in rows.into_iter().enumerate() {
            for line in row {
                for run in line {
                    items.push(Item::Text(TextRun {
                        y: y + baseline_in(pitch, size),
                        ..run
                    }));
                }
                y += pitch;
            }
            items.push(rule(y, if i + 1 == n { 1.0 } else { 0.7 }));
        }
        self.items().extend(items);
        self.y = TYPE_BOTTOM;
    }

    fn page_numbers(&mut self) {
        let size = SMALL_SIZE;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = format!("— {} —", i + 1);
            let width = self.ts.measure(FontRole::Body, size, &text);
            let odd = i % 2 == 0;
            let x = if odd {
                MARGIN_LEFT + TYPE_WIDTH - size - width
            } else {
                MARGIN_LEFT + size
            };
            let y = TYPE_BOTTOM + mm(7.0) + size * BASELINE_IN_EM;
            for run in self
                .ts
                .set(
                    FontRole::Body,
                    size,
                    &text,
                    0.0,
                    PAGE_WIDTH,
                    0.0,
                    Align::Left,
                    Ink::Black,
                )
                .into_iter()
                .flatten()
            {
                page.items.push(Item::Text(TextRun {
                    x: run.x + x,
                    y,
                    ..run
                }));
            }
        }
    }
}

/// Lays out the whole briefing.
pub fn layout(doc: &Document, book: &FontBook) -> LaidOut {
    let mut flow = Flow {
        ts: Typesetter { book },
        pages: vec![Page::default()],
        outline: Vec::new(),
        y: MARGIN_TOP,
        table_count: 0,
        chart_count: 0,
    };
    flow.masthead(doc);
    flow.title(&doc.title);
    let blocks = &doc.blocks;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                // A heading never ends a page: keep room for it and two lines after it.
                let needed = match blocks.get(i + 1) {
                    Some(Block::Table(_)) | Some(Block::Chart(_)) => LINE_PITCH * 4.0,
                    _ => LINE_PITCH * 3.0,
                };
                flow.ensure(needed);
                flow.outline.push(OutlineEntry {
                    title: text.clone(),
                    page: flow.pages.len() - 1,
                    y: flow.y,
                });
                let role = if *level == 1 {
                    FontRole::Heading
                } else {
                    FontRole::Kai
                };
                flow.paragraph(role, BODY_SIZE, LINE_PITCH, 2.0, text, Align::Left);
            }
            Block::Paragraph { text, .. } => flow.paragraph(
                FontRole::Body,
                BODY_SIZE,
                LINE_PITCH,
                2.0,
                text,
                Align::Justify,
            ),
            Block::Note { text, .. } => {
                flow.y += LINE_PITCH * 0.5;
                flow.paragraph(
                    FontRole::Body,
                    SMALL_SIZE,
                    SMALL_SIZE * 1.6,
                    2.0,
                    text,
                    Align::Justify,
                );
            }
            Block::Table(table) => flow.table(table),
            Block::Chart(c) => {
                flow.chart_count += 1;
                // A chart a little taller than the room left is drawn lower rather than
                // moved to the next page, leaving most of this one blank.
                let height = if flow.room() >= chart::HEIGHT + LINE_PITCH {
                    chart::HEIGHT
                } else if flow.room() >= chart::MIN_HEIGHT + LINE_PITCH {
                    flow.room() - LINE_PITCH
                } else {
                    flow.new_page();
                    chart::HEIGHT
                };
                let number = flow.chart_count;
                let items =
                    chart::draw(&flow.ts, c, number, MARGIN_LEFT, flow.y, TYPE_WIDTH, height);
                flow.items().extend(items);
                flow.y += height + LINE_PITCH;
            }
        }
    }
    flow.end_block(doc);
    flow.page_numbers();
    LaidOut {
        pages: flow.pages,
        outline: flow.outline,
    }
}
