//! The check before layout that every character has a glyph in the font of the role
//! layout sets it in (or in that role's fallbacks), so that a missing glyph is an error
//! naming its place instead of a blank box in an issued briefing.

use super::flow::heading_role;
use crate::document::{Block, Document};
use crate::fonts::{FontBook, FontRole, MissingGlyph};
use std::path::Path;

/// Every character to be printed, checked against its role's fonts and fallbacks.
pub fn check_glyphs(doc: &Document, book: &FontBook, config_file: &Path) -> Vec<MissingGlyph> {
    let mut missing = Vec::new();
    let config = config_file.display().to_string();
    let m = &doc.masthead;
    book.check_coverage(
        FontRole::Title,
        &m.series,
        &format!("{config}: series"),
        &mut missing,
    );
    book.check_coverage(
        FontRole::Body,
        &m.issuer,
        &format!("{config}: issuer"),
        &mut missing,
    );
    if let Some(marking) = &m.marking {
        book.check_coverage(
            FontRole::Heading,
            marking,
            &format!("{config}: marking"),
            &mut missing,
        );
    }
    book.check_coverage(
        FontRole::Title,
        &doc.title,
        &crate::tr!("glyph-origin-title"),
        &mut missing,
    );
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let role = heading_role(*level);
                book.check_coverage(
                    role,
                    text,
                    &crate::tr!("glyph-origin-heading"),
                    &mut missing,
                );
            }
            Block::Paragraph { text, origin } | Block::Note { text, origin } => {
                book.check_coverage(FontRole::Body, text, origin, &mut missing)
            }
            Block::AttachmentNote { items } => {
                for item in items {
                    book.check_coverage(
                        FontRole::Body,
                        item,
                        &crate::tr!("glyph-origin-attachment-note"),
                        &mut missing,
                    );
                }
            }
            Block::Attachment {
                label,
                title,
                table,
            } => {
                let origin = crate::tr!("glyph-origin-attachment");
                book.check_coverage(FontRole::Heading, label, &origin, &mut missing);
                book.check_coverage(FontRole::Title, title, &origin, &mut missing);
                check_table(book, table, &mut missing);
            }
            Block::Table(t) => check_table(book, t, &mut missing),
            Block::Chart(c) => {
                let origin = crate::tr!("glyph-origin-chart", caption = c.caption);
                for label in c
                    .categories
                    .iter()
                    .chain(c.bars.iter().map(|b| &b.0))
                    .chain(std::iter::once(&c.caption))
                {
                    book.check_coverage(FontRole::Heading, label, &origin, &mut missing);
                }
            }
        }
    }
    for (_, names) in &doc.end_block.lines {
        book.check_coverage(
            FontRole::Body,
            names,
            &format!("{config}: distribution"),
            &mut missing,
        );
    }
    missing
}

fn check_table(book: &FontBook, t: &crate::document::Table, missing: &mut Vec<MissingGlyph>) {
    for cell in t
        .header
        .iter()
        .chain(t.rows.iter().flatten())
        .chain(std::iter::once(&t.caption))
    {
        let place = crate::tr!("glyph-origin-table", caption = t.caption);
        book.check_coverage(FontRole::Body, cell, &place, missing);
        book.check_coverage(FontRole::Heading, cell, &place, missing);
    }
}
