//! Paragraph layout on arbitrary Unicode: every line stays inside the type area,
//! every printable character comes back in order, and no line starts with closing
//! punctuation when it had a choice.

#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use invariants::Measure;
use libfuzzer_sys::fuzz_target;
use sw_briefing::fonts::FontRole;
use sw_briefing::layout::{Align, BODY_SIZE, MARGIN_LEFT, TYPE_WIDTH};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let book = invariants::font_book();
    for align in [Align::Justify, Align::Left, Align::Center] {
        // A body paragraph as `layout()` sets it: 三号, first line indented two characters.
        let measure = Measure { role: FontRole::Body, size: BODY_SIZE, x: MARGIN_LEFT, width: TYPE_WIDTH, indent: 2.0 * BODY_SIZE, align };
        if let Err(violation) = invariants::check_paragraph(book, text, measure) {
            panic!("{align:?}: {violation}");
        }
    }
});
