//! The flow of a briefing down its pages: title, headings, paragraphs, tables and
//! charts in order, page breaks without lone lines, page numbers.

use super::chart;
use super::geometry::*;
use super::model::*;
use super::typeset::*;
use crate::document::{Block, Document};
use crate::fonts::{FontBook, FontRole};

pub(super) struct Flow<'a> {
    pub(super) ts: Typesetter<'a>,
    pub(super) pages: Vec<Page>,
    pub(super) outline: Vec<OutlineEntry>,
    /// Top of the next line, from the top of the page.
    pub(super) y: f32,
    pub(super) table_count: u32,
    pub(super) chart_count: u32,
}

impl<'a> Flow<'a> {
    pub(super) fn items(&mut self) -> &mut Vec<Item> {
        &mut self.pages.last_mut().expect("a page is open").items
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    pub(super) fn room(&self) -> f32 {
        TYPE_BOTTOM - self.y
    }

    pub(super) fn ensure(&mut self, height: f32) {
        if self.room() + 0.01 < height {
            self.new_page();
        }
    }

    pub(super) fn place_lines(&mut self, lines: Vec<Vec<TextRun>>, pitch: f32) {
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

    pub(super) fn paragraph(
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

    fn title(&mut self, title: &str) {
        let pitch = TITLE_SIZE * 1.5;
        // GB/T 9704 7.3.1: one line when it fits the type area; else broken between
        // words into balanced lines (a 梯形), each centred.
        let ts = &self.ts;
        let parts = super::words::balanced_lines(title, TYPE_WIDTH, |text| {
            ts.measure(FontRole::Title, TITLE_SIZE, text)
        });
        let lines: Vec<Vec<TextRun>> = parts
            .iter()
            .flat_map(|part| {
                ts.set(
                    FontRole::Title,
                    TITLE_SIZE,
                    part,
                    MARGIN_LEFT,
                    TYPE_WIDTH,
                    0.0,
                    Align::Center,
                    Ink::Black,
                )
            })
            .collect();
        self.place_lines(lines, pitch);
        // One blank line between the title and the body (GB/T 9704 7.3.1).
        self.y += LINE_PITCH;
    }

    /// GB/T 9704 7.3.6: one blank line under the body, two characters in, 附件：and the
    /// name; several attachments numbered 1. 2. …, their names aligned under the first.
    fn attachment_note(&mut self, items: &[String]) {
        self.ensure(LINE_PITCH * (items.len() as f32 + 1.0));
        self.y += LINE_PITCH;
        let several = items.len() > 1;
        for (i, item) in items.iter().enumerate() {
            let (text, indent) = match (several, i) {
                (false, _) => (format!("附件：{item}"), 2.0),
                (true, 0) => (format!("附件：1. {item}"), 2.0),
                (true, n) => (format!("{}. {item}", n + 1), 5.0),
            };
            self.paragraph(
                FontRole::Body,
                BODY_SIZE,
                LINE_PITCH,
                indent,
                &text,
                Align::Left,
            );
        }
    }

    /// GB/T 9704 8: an attachment starts a page; 附件 (with its number) in 黑体 flush
    /// left on the first line, its title centred on the third, then its table.
    fn attachment(&mut self, label: &str, title: &str, table: &crate::document::Table) {
        self.new_page();
        self.outline.push(OutlineEntry {
            title: label.to_string(),
            page: self.pages.len() - 1,
            y: self.y,
        });
        self.paragraph(
            FontRole::Heading,
            BODY_SIZE,
            LINE_PITCH,
            0.0,
            label,
            Align::Left,
        );
        self.y += LINE_PITCH;
        let lines = self.ts.set(
            FontRole::Title,
            TITLE_SIZE,
            title,
            MARGIN_LEFT,
            TYPE_WIDTH,
            0.0,
            Align::Center,
            Ink::Black,
        );
        self.place_lines(lines, LINE_PITCH);
        self.y += LINE_PITCH * 0.5;
        self.attached_table(table);
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
            for run in self.ts.one_line(FontRole::Body, size, &text) {
                page.items.push(Item::Text(TextRun {
                    x: run.x + x,
                    y,
                    ..run
                }));
            }
        }
    }
}

/// The face a heading of `level` is set in: 黑体 for sections, 楷体 below them.
pub(crate) fn heading_role(level: u8) -> FontRole {
    if level == 1 {
        FontRole::Heading
    } else {
        FontRole::Kai
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
                // A heading longer than a line breaks between words, as the title does.
                let lines = flow.ts.set_at_words(
                    heading_role(*level),
                    BODY_SIZE,
                    text,
                    MARGIN_LEFT,
                    TYPE_WIDTH,
                    2.0 * BODY_SIZE,
                );
                flow.place_lines(lines, LINE_PITCH);
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
            Block::AttachmentNote { items } => flow.attachment_note(items),
            Block::Attachment {
                label,
                title,
                table,
            } => flow.attachment(label, title, table),
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
