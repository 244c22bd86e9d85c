//! Page layout: turns a `Document` into pages of positioned text runs and shapes,
//! following GB/T 9704 (A4, 37/28 mm margins, 156 × 225 mm type area, 22 lines of
//! 三号 text). Knows fonts only through their metrics and nothing of PDF, so it can be
//! tested as a text dump.

pub mod chart;
mod draft;
mod flow;
pub mod geometry;
pub mod glyphs;
pub mod linebreak;
mod masthead;
pub mod model;
mod table;
pub mod typeset;
pub mod words;

pub use draft::{mark_draft, DRAFT_MARK};
pub use flow::layout;
pub use geometry::*;
pub use glyphs::check_glyphs;
pub use model::*;
pub use typeset::{baseline_in, Align, Typesetter};
