//! The masthead of page 1 (marking, series in red, 期号, issuer and date, red rule)
//! and the 版记 at the foot of the last page.

use super::flow::Flow;
use super::geometry::*;
use super::model::*;
use super::typeset::*;
use crate::document::Document;
use crate::fonts::FontRole;

impl Flow<'_> {
    pub(super) fn masthead(&mut self, doc: &Document) {
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
        // GB/T 9704 7.3.1: the title stands two blank lines (of the body's pitch) below
        // the red rule.
        self.y = y + 2.0 * LINE_PITCH;
    }

    pub(super) fn end_block(&mut self, doc: &Document) {
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
        // The 版记 closes the last page, which is an even one (GB/T 9704: a document
        // printed on both sides ends on the back of a leaf): when the text ends on an odd
        // page, the 版记 goes to the next.
        if self.pages.len() % 2 == 1 {
            self.new_page();
        }
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
}
