//! What layout produces: pages of positioned text runs and shapes, with no PDF types,
//! and the one walk over them that the dump, the text and the PDF digest share.

use crate::fonts::FaceId;

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

    /// Every text run of every page, in order: the walk that the text, the PDF's font
    /// resources and the glyph checks share.
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.pages.iter().flat_map(|p| p.items.iter()).filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }

    /// All text of all pages, runs joined in order: what a reader should get back.
    pub fn text(&self) -> String {
        self.text_runs().map(|t| t.text.as_str()).collect()
    }
}
