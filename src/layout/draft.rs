//! The mark of a draft for approval: 送审稿 in 黑体 in a framed box at the top right of
//! the type area, on every page, so that no page of a draft passes for an issued one.

use super::geometry::*;
use super::model::*;
use super::typeset::Typesetter;
use crate::fonts::{FontBook, FontRole};

/// The words of the mark.
pub const DRAFT_MARK: &str = "送审稿";

/// Adds the draft mark to every page: a box just above the type area, its right edge
/// on the type area's right edge, where it cannot cover a line of the briefing.
pub fn mark_draft(laid: &mut LaidOut, book: &FontBook) {
    let ts = Typesetter { book };
    let size = BODY_SIZE;
    let pad = size * 0.4;
    let width = ts.measure(FontRole::Heading, size, DRAFT_MARK);
    let box_w = width + 2.0 * pad;
    let box_h = size + 2.0 * pad;
    let x = MARGIN_LEFT + TYPE_WIDTH - box_w;
    let y = MARGIN_TOP - mm(4.0) - box_h;
    let runs = ts.one_line(FontRole::Heading, size, DRAFT_MARK);
    for page in &mut laid.pages {
        page.items.push(Item::Rect {
            x,
            y,
            w: box_w,
            h: box_h,
            fill: None,
            stroke: Some((Ink::Black, 1.0)),
        });
        for run in &runs {
            page.items.push(Item::Text(TextRun {
                x: run.x + x + pad,
                y: y + pad + size * BASELINE_IN_EM,
                ..run.clone()
            }));
        }
    }
}
