//! What layout produces: pages of positioned text runs and shapes, with no PDF types,
//! and the one walk over them that the dump, the text and the PDF digest share.

use crate::fonts::FaceId;
use std::fmt::Write;

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
    /// Walks every item of every page in order: the one walk that the dump, the PDF's
    /// content and its digest share.
    pub fn visit(&self, visitor: &mut impl ItemVisitor) {
        for (index, page) in self.pages.iter().enumerate() {
            visitor.page(index);
            for item in &page.items {
                match item {
                    Item::Text(run) => visitor.text(run),
                    Item::Rule {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                        ink,
                    } => visitor.rule((*x1, *y1), (*x2, *y2), *width, *ink),
                    Item::Rect {
                        x,
                        y,
                        w,
                        h,
                        fill,
                        stroke,
                    } => visitor.rect((*x, *y, *w, *h), *fill, *stroke),
                    Item::Polyline { points, width, ink } => visitor.polyline(points, *width, *ink),
                }
            }
        }
    }

    /// A stable, readable dump of every item, for snapshot tests.
    pub fn dump(&self) -> String {
        struct Dump(String);
        impl ItemVisitor for Dump {
            fn page(&mut self, index: usize) {
                let _ = writeln!(self.0, "page {}", index + 1);
            }
            fn text(&mut self, t: &TextRun) {
                let _ = writeln!(
                    self.0,
                    "  text {:.1},{:.1} {}pt f{} sp{:.2} {:?}",
                    t.x, t.y, t.size, t.face, t.spacing, t.text
                );
            }
            fn rule(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, _: Ink) {
                let _ = writeln!(self.0, "  rule {x1:.1},{y1:.1}-{x2:.1},{y2:.1} w{width:.2}");
            }
            fn rect(
                &mut self,
                (x, y, w, h): (f32, f32, f32, f32),
                _: Option<Ink>,
                _: Option<(Ink, f32)>,
            ) {
                let _ = writeln!(self.0, "  rect {x:.1},{y:.1} {w:.1}x{h:.1}");
            }
            fn polyline(&mut self, points: &[(f32, f32)], _: f32, _: Ink) {
                let _ = writeln!(self.0, "  polyline {} points", points.len());
            }
        }
        let mut dump = Dump(String::new());
        self.visit(&mut dump);
        dump.0
    }

    /// Every text run of every page, in order: the walk that the text, the PDF's font
    /// resources and the glyph checks share.
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| match i {
                Item::Text(t) => Some(t),
                _ => None,
            })
    }

    /// All text of all pages, runs joined in order: what a reader should get back.
    pub fn text(&self) -> String {
        self.text_runs().map(|t| t.text.as_str()).collect()
    }
}

/// What a walk over the pages ([`LaidOut::visit`]) does with each kind of item.
pub trait ItemVisitor {
    /// A page begins (0-based); its items follow.
    fn page(&mut self, index: usize);
    fn text(&mut self, run: &TextRun);
    fn rule(&mut self, from: (f32, f32), to: (f32, f32), width: f32, ink: Ink);
    /// `(x, y, w, h)` from the top-left corner.
    fn rect(&mut self, rect: (f32, f32, f32, f32), fill: Option<Ink>, stroke: Option<(Ink, f32)>);
    fn polyline(&mut self, points: &[(f32, f32)], width: f32, ink: Ink);
}
