//! Tables: column widths from their content, header repeated on every page, rows split
//! across pages with a 续表 caption.

use super::flow::Flow;
use super::geometry::*;
use super::model::*;
use super::typeset::*;
use crate::document::Table;
use crate::fonts::FontRole;

/// Tables of up to this many rows are never split across pages.
const SHORT_TABLE_ROWS: usize = 6;
/// A split leaves at least this many rows on each side.
const SPLIT_ROWS: usize = 3;

impl Flow<'_> {
    pub(super) fn table(&mut self, table: &Table) {
        self.table_count += 1;
        let caption = format!("表{}　{}", self.table_count, table.caption);
        let continued = format!("（续表{}）", self.table_count);
        self.table_with(table, Some(caption), continued);
    }

    /// The table of an attachment: its title stands above it, so it has no caption of
    /// its own and no number among the body's tables.
    pub(super) fn attached_table(&mut self, table: &Table) {
        self.table_with(table, None, "（续表）".to_string());
    }

    /// The columns' widths across the type area. Each column is first given its widest
    /// cell on one line, so that no cell wraps inside a word (职业水平考试报名,
    /// 提高2.21个百分点); the measure left over is shared by the document's relative
    /// widths. Only when the cells cannot all stand on one line do the relative widths
    /// alone decide, and long cells wrap.
    fn column_widths(&self, table: &Table, size: f32, pad: f32) -> Vec<f32> {
        let total: f32 = table.widths.iter().sum();
        let shares: Vec<f32> = table.widths.iter().map(|w| w / total).collect();
        let widest = |col: usize| -> f32 {
            let header = table
                .header
                .get(col)
                .map(|t| self.ts.measure(FontRole::Heading, size, t))
                .unwrap_or(0.0);
            table
                .rows
                .iter()
                .filter_map(|r| r.get(col))
                .map(|t| self.ts.measure(FontRole::Body, size, t))
                .fold(header, f32::max)
        };
        // A little more than the text, so that rounding never pushes a cell's last
        // character onto a second line.
        let natural: Vec<f32> = (0..shares.len())
            .map(|col| widest(col) + 2.0 * pad + 1.0)
            .collect();
        let needed: f32 = natural.iter().sum();
        if needed > TYPE_WIDTH {
            return shares.iter().map(|s| s * TYPE_WIDTH).collect();
        }
        let spare = TYPE_WIDTH - needed;
        natural
            .iter()
            .zip(&shares)
            .map(|(n, s)| n + spare * s)
            .collect()
    }

    fn table_with(&mut self, table: &Table, caption: Option<String>, continued: String) {
        let size = TABLE_SIZE;
        let pitch = size * 1.5;
        let pad = 5.0;
        let widths = self.column_widths(table, size, pad);
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
        let caption_room = if caption.is_some() { LINE_PITCH } else { 0.0 };
        let whole: f32 = caption_room + header_height + heights.iter().sum::<f32>();
        // A table that fits where it is stays whole. Otherwise a long table (more than
        // SHORT_TABLE_ROWS rows) starts here when at least SPLIT_ROWS rows fit, and
        // leaves at least SPLIT_ROWS for the next page (header repeated under 续表); a
        // short table, or one that cannot be split so, starts on a new page.
        let mut break_before_row = None;
        if self.room() + 0.01 < whole {
            let caption_lines = caption.as_deref().map_or(0, |caption| {
                self.ts
                    .set(
                        FontRole::Heading,
                        SMALL_SIZE,
                        caption,
                        MARGIN_LEFT,
                        TYPE_WIDTH,
                        0.0,
                        Align::Center,
                        Ink::Black,
                    )
                    .len()
                    .max(1)
            });
            let mut used = caption_lines as f32 * LINE_PITCH + header_height;
            let fitting = heights
                .iter()
                .take_while(|h| {
                    used += **h;
                    used <= self.room() + 0.01
                })
                .count();
            let here = fitting.min(body.len().saturating_sub(SPLIT_ROWS));
            if body.len() > SHORT_TABLE_ROWS && here >= SPLIT_ROWS {
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
        if let Some(caption) = &caption {
            put_caption(self, caption);
        }
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
            put_caption(flow, &continued);
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
}
