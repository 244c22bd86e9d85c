//! The only user of printpdf: turns laid-out pages into PDF bytes with subset,
//! ToUnicode-mapped fonts, then corrects what printpdf leaves random or wrong
//! (trailer ID, document information, outline order) through lopdf and makes the
//! file PDF/A-1b ([`pdfa`]). Does no file I/O; the caller supplies the timestamp.

mod compress;
mod pdfa;
pub mod xmp;

use crate::fonts::{FaceId, FontBook};
use crate::layout::{Ink, ItemVisitor, LaidOut, TextRun, PAGE_HEIGHT, PAGE_WIDTH};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Document information written into the PDF.
#[derive(Debug, Clone)]
pub struct PdfMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub created: DateTime<FixedOffset>,
    pub creator: String,
}

/// The document information as written, shared by the Info dictionary and the XMP
/// packet: PDF/A-1 (§6.7.3) requires the two to agree exactly.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub creator: String,
    pub producer: String,
    pub date: DateTime<FixedOffset>,
    /// BCP 47 tag, also the catalog's /Lang.
    pub language: String,
}

impl DocumentInfo {
    pub fn new(meta: &PdfMeta) -> DocumentInfo {
        DocumentInfo {
            title: xml_safe(&meta.title),
            author: xml_safe(&meta.author),
            subject: xml_safe(&meta.subject),
            keywords: xml_safe(&meta.keywords.join(", ")),
            creator: xml_safe(&meta.creator),
            producer: xml_safe(&format!("{} (printpdf)", meta.creator)),
            date: meta.created,
            language: "zh-CN".into(),
        }
    }
}

/// Drops the characters XML 1.0 cannot carry even as references (C0 controls other
/// than tab, LF and CR; U+FFFE, U+FFFF), so that the XMP packet can hold the same
/// text as the Info dictionary. Titles come from data; such characters are never wanted.
fn xml_safe(text: &str) -> String {
    text.chars().filter(|&c| !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')).collect()
}

#[derive(Debug)]
pub enum PdfError {
    Font { name: String },
    Assembly(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            PdfError::Font { name } => crate::tr!("pdf-font", name = name),
            PdfError::Assembly(detail) => crate::tr!("pdf-assembly", detail = detail),
        })
    }
}

impl std::error::Error for PdfError {}

/// printpdf's parsed fonts, one per face, parsed on first use and shared by every
/// briefing until [`PdfFonts::release`].
pub struct PdfFonts {
    /// Per face: not parsed yet, or the parse (`Err` when printpdf cannot read it).
    parsed: Vec<Mutex<Option<Result<Arc<ParsedFont>, ()>>>>,
}

impl PdfFonts {
    pub fn new(book: &FontBook) -> PdfFonts {
        PdfFonts {
            parsed: book.faces.iter().map(|_| Mutex::new(None)).collect(),
        }
    }

    /// Parses every face now, as the first briefing of a process would (for benchmarks).
    pub fn parse_all(&self, book: &FontBook) -> Result<(), PdfError> {
        (0..book.faces.len()).try_for_each(|id| self.get(book, id).map(|_| ()))
    }

    /// Lets go of the parsed fonts; the next briefing parses them again. The
    /// service does this after each step: parsed CJK fonts are most of what it would
    /// otherwise keep resident while it waits for the next one.
    pub fn release(&self) {
        for slot in &self.parsed {
            *slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        }
    }

    fn get(&self, book: &FontBook, id: FaceId) -> Result<Arc<ParsedFont>, PdfError> {
        let face = book.face(id);
        // Held while parsing: a second thread wanting the same face waits for this parse.
        let mut slot = self.parsed[id]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let parsed = slot.get_or_insert_with(|| parse_face(face).map(Arc::new).ok_or(()));
        parsed.clone().map_err(|()| PdfError::Font {
            name: face.name.clone(),
        })
    }
}

/// printpdf's face for `face`, sharing the font file's mapping. printpdf's
/// `ParsedFont::from_bytes` goes through azul's, which keeps its own heap copy of the
/// whole file for subsetting (made twice over: a `Vec`, then an `Arc<[u8]>`) and a copy
/// of a TrueType face's loca and glyf tables: about 9 MB written for each CJK face,
/// which a one-briefing run spent a quarter of its time on (the kernel zeroing the
/// pages, then the copies). azul's `from_bytes_shared` reads the same tables from the
/// font book's mapping instead, and printpdf adopts such a face as it is (`from_azul`).
fn parse_face(face: &crate::fonts::Face) -> Option<ParsedFont> {
    let index = face.source.index as usize;
    printpdf::AzulParsedFont::from_bytes_shared(face.shared_bytes()?, index, &mut Vec::new())
        .map(ParsedFont::from_azul)
}

fn color(ink: Ink) -> Color {
    let (r, g, b) = match ink {
        Ink::Black => (0.0, 0.0, 0.0),
        Ink::Red => (0.9, 0.0, 0.07),
        Ink::Gray(v) => (v, v, v),
    };
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x),
            y: Pt(PAGE_HEIGHT - y),
        },
        bezier: false,
    }
}

/// Renders the pages to PDF bytes.
pub fn render(
    laid: &LaidOut,
    book: &FontBook,
    fonts: &PdfFonts,
    meta: &PdfMeta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    // Deterministic resource names, so the same input gives the same bytes.
    let mut font_ids: BTreeMap<FaceId, FontId> = BTreeMap::new();
    for run in laid.text_runs() {
        if let std::collections::btree_map::Entry::Vacant(slot) = font_ids.entry(run.face) {
            let parsed = fonts.get(book, run.face)?;
            let id = FontId(subset_tag(book, run.face));
            doc.resources
                .fonts
                .map
                .insert(id.clone(), printpdf::PdfFont::new((*parsed).clone()));
            slot.insert(id);
        }
    }

    let mut content = Content {
        book,
        font_ids: &font_ids,
        pages: Vec::new(),
        state: State::default(),
    };
    laid.visit(&mut content);
    let pages = content
        .pages
        .into_iter()
        .map(|ops| {
            PdfPage::new(
                Mm(PAGE_WIDTH * 25.4 / 72.0),
                Mm(PAGE_HEIGHT * 25.4 / 72.0),
                ops,
            )
        })
        .collect();
    doc.with_pages(pages);

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);
    let info = DocumentInfo::new(meta);
    drop_default_page_entries(&mut lo);
    finish(&mut lo, laid, &info)?;
    pdfa::conform(&mut lo, &info)?;
    compress::compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Assembly(e.to_string()))?;
    Ok(bytes)
}

/// The run's characters as glyph ids of its face, each with the character it prints
/// (for the ToUnicode map). Handed text instead, printpdf looks every character up
/// twice in the font's character map by a linear search through thousands of ranges;
/// ttf-parser bisects the same map. A character without a glyph gets glyph 0, as printpdf would
/// give it; the glyph check before layout has ruled those out for all but white space.
fn glyphs(book: &FontBook, run: &crate::layout::TextRun) -> Vec<printpdf::Codepoint> {
    let face = book.face(run.face);
    run.text
        .chars()
        .map(|ch| {
            printpdf::Codepoint::with_cid(face.glyph_id(ch).unwrap_or(0), 0.0, ch.to_string())
        })
        .collect()
}

/// The content streams of the pages, as printpdf operations.
struct Content<'a> {
    book: &'a FontBook,
    font_ids: &'a BTreeMap<FaceId, FontId>,
    pages: Vec<Vec<Op>>,
    state: State,
}

/// The graphics state the page's operators have set so far. Font, size, character
/// spacing and colours outlast `BT`/`ET` (they belong to the graphics state, not to
/// the text object), so an operator that would set them to what they are is left
/// out: the page looks the same, in fewer bytes and with less for printpdf to do.
/// `None`: not set on this page yet (every page starts from the defaults).
#[derive(Default)]
struct State {
    font: Option<(FaceId, f32)>,
    spacing: Option<f32>,
    fill: Option<Ink>,
    stroke: Option<Ink>,
    line_width: Option<f32>,
}

impl Content<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("items come after their page")
    }

    fn outline(&mut self, ink: Ink, width: f32) {
        if self.state.stroke.replace(ink) != Some(ink) {
            self.ops().push(Op::SetOutlineColor { col: color(ink) });
        }
        if self.state.line_width.replace(width) != Some(width) {
            self.ops().push(Op::SetOutlineThickness { pt: Pt(width) });
        }
    }

    fn fill(&mut self, ink: Ink) {
        if self.state.fill.replace(ink) != Some(ink) {
            self.ops().push(Op::SetFillColor { col: color(ink) });
        }
    }
}

impl ItemVisitor for Content<'_> {
    fn page(&mut self, _: usize) {
        self.pages.push(Vec::new());
        self.state = State::default();
    }

    fn text(&mut self, run: &TextRun) {
        let glyphs = glyphs(self.book, run);
        self.ops().push(Op::StartTextSection);
        if self.state.font.replace((run.face, run.size)) != Some((run.face, run.size)) {
            let font = PdfFontHandle::External(self.font_ids[&run.face].clone());
            self.ops().push(Op::SetFont {
                font,
                size: Pt(run.size),
            });
        }
        self.fill(run.ink);
        if self.state.spacing.replace(run.spacing) != Some(run.spacing) {
            self.ops().push(Op::SetCharacterSpacing {
                multiplier: run.spacing,
            });
        }
        self.ops().extend([
            // `Td` from the identity matrix every text section starts with, rather than
            // `Tm`: the same position, and it keeps printpdf from merging glyph runs,
            // which decodes every glyph outline of the full font for widths.
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(run.x),
                    y: Pt(PAGE_HEIGHT - run.y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::GlyphIds(glyphs)],
            },
            Op::EndTextSection,
        ]);
    }

    fn rule(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, ink: Ink) {
        self.outline(ink, width);
        self.ops().push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }

    fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        fill: Option<Ink>,
        stroke: Option<(Ink, f32)>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(f) = fill {
            self.fill(f);
        }
        if let Some((ink, width)) = stroke {
            self.outline(ink, width);
        }
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_HEIGHT - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn polyline(&mut self, points: &[(f32, f32)], width: f32, ink: Ink) {
        self.outline(ink, width);
        self.ops().push(Op::DrawLine {
            line: Line {
                points: points.iter().map(|&(x, y)| point(x, y)).collect(),
                is_closed: false,
            },
        });
    }
}

/// Feeds every item of every page into the digest of the trailer ID: its kind, its
/// numbers bit for bit and its text (not the readable dump: formatting every number
/// and escaping every character would cost more than the hashing).
fn digest_layout(digest: &mut Sha256, laid: &LaidOut) {
    struct Digest<'a>(&'a mut Sha256);
    impl Digest<'_> {
        fn numbers(&mut self, values: &[f32]) {
            values
                .iter()
                .for_each(|v| self.0.update(v.to_bits().to_le_bytes()))
        }
    }
    impl ItemVisitor for Digest<'_> {
        fn page(&mut self, _: usize) {
            self.0.update(b"page");
        }
        fn text(&mut self, t: &TextRun) {
            self.0.update(b"text");
            self.numbers(&[t.x, t.y, t.size, t.spacing]);
            self.0.update((t.face as u64).to_le_bytes());
            self.0.update((t.text.len() as u64).to_le_bytes());
            self.0.update(t.text.as_bytes());
        }
        fn rule(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), width: f32, _: Ink) {
            self.0.update(b"rule");
            self.numbers(&[x1, y1, x2, y2, width]);
        }
        fn rect(
            &mut self,
            (x, y, w, h): (f32, f32, f32, f32),
            _: Option<Ink>,
            _: Option<(Ink, f32)>,
        ) {
            self.0.update(b"rect");
            self.numbers(&[x, y, w, h]);
        }
        fn polyline(&mut self, points: &[(f32, f32)], width: f32, _: Ink) {
            self.0.update(b"polyline");
            self.numbers(&[width]);
            points.iter().for_each(|&(x, y)| self.numbers(&[x, y]));
        }
    }
    laid.visit(&mut Digest(digest));
}

/// The six capital letters that mark a subset font's name (`ABCDEF+Name`), derived
/// from the face so that output stays byte-identical from run to run.
fn subset_tag(book: &FontBook, face: FaceId) -> String {
    let digest = Sha256::digest(format!("{face}:{}", book.face(face).name).as_bytes());
    digest
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

/// PDF text string: printable ASCII as it is (the same bytes in PDFDocEncoding),
/// anything else UTF-16BE with a byte-order mark, as PDF wants for non-Latin text.
/// Written as literal strings: lopdf escapes what must be escaped, and hexadecimal
/// would take two characters a byte.
fn text_string(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Literal)
}

/// Drops what printpdf writes into every page dictionary that says nothing: a
/// `/TrimBox` or `/CropBox` equal to the `/MediaBox` (each defaults to it) and an empty
/// `/Annots`.
fn drop_default_page_entries(lo: &mut lopdf::Document) {
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    for id in pages {
        let Ok(page) = lo.get_object_mut(id).and_then(|o| o.as_dict_mut()) else {
            continue;
        };
        let media_box = page.get(b"MediaBox").ok().cloned();
        for key in [b"TrimBox".as_slice(), b"CropBox".as_slice()] {
            if media_box.is_some() && page.get(key).ok() == media_box.as_ref() {
                page.remove(key);
            }
        }
        if page
            .get(b"Annots")
            .and_then(|a| a.as_array())
            .is_ok_and(|a| a.is_empty())
        {
            page.remove(b"Annots");
        }
    }
}

/// D:YYYYMMDDHHmmSS+08'00'
pub fn pdf_date(t: &DateTime<FixedOffset>) -> String {
    let offset = t.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}{sign}{:02}'{:02}'",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        offset / 3600,
        offset % 3600 / 60
    )
}

/// Writes our own document information, a content-derived trailer ID and the outline.
fn finish(lo: &mut lopdf::Document, laid: &LaidOut, info: &DocumentInfo) -> Result<(), PdfError> {
    // printpdf's own Info dictionary (empty fields, epoch dates, PDF/X keys) would stay
    // in the file unreferenced; drop it rather than leave a second, contradicting one.
    if let Ok(old_info) = lo.trailer.get(b"Info").and_then(|r| r.as_reference()) {
        lo.objects.remove(&old_info);
    }
    let date = Object::String(pdf_date(&info.date).into_bytes(), StringFormat::Literal);
    let info_dict = Dictionary::from_iter(vec![
        ("Title", text_string(&info.title)),
        ("Author", text_string(&info.author)),
        ("Subject", text_string(&info.subject)),
        ("Keywords", text_string(&info.keywords)),
        ("Creator", text_string(&info.creator)),
        ("Producer", text_string(&info.producer)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ]);
    let info_id = lo.add_object(info_dict);
    lo.trailer.set("Info", Object::Reference(info_id));

    let mut digest = Sha256::new();
    digest.update(info.title.as_bytes());
    digest.update(pdf_date(&info.date).as_bytes());
    digest_layout(&mut digest, laid);
    let id = digest.finalize()[..16].to_vec();
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );

    let catalog_id = lo
        .trailer
        .get(b"Root")
        .and_then(|r| r.as_reference())
        .map_err(|e| PdfError::Assembly(e.to_string()))?;
    if !laid.outline.is_empty() {
        let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
        let outlines_id = lo.new_object_id();
        let entry_ids: Vec<lopdf::ObjectId> =
            laid.outline.iter().map(|_| lo.new_object_id()).collect();
        for (i, entry) in laid.outline.iter().enumerate() {
            let page = page_ids
                .get(entry.page)
                .copied()
                .ok_or_else(|| PdfError::Assembly("outline points past the last page".into()))?;
            let mut dict = Dictionary::from_iter(vec![
                ("Title", text_string(&entry.title)),
                ("Parent", Object::Reference(outlines_id)),
                (
                    "Dest",
                    Object::Array(vec![
                        Object::Reference(page),
                        "XYZ".into(),
                        Object::Null,
                        Object::Real(PAGE_HEIGHT - entry.y + 4.0),
                        Object::Null,
                    ]),
                ),
            ]);
            if i > 0 {
                dict.set("Prev", Object::Reference(entry_ids[i - 1]));
            }
            if i + 1 < entry_ids.len() {
                dict.set("Next", Object::Reference(entry_ids[i + 1]));
            }
            lo.objects.insert(entry_ids[i], Object::Dictionary(dict));
        }
        let outlines = Dictionary::from_iter(vec![
            ("Type", "Outlines".into()),
            ("First", Object::Reference(entry_ids[0])),
            (
                "Last",
                Object::Reference(*entry_ids.last().expect("non-empty")),
            ),
            ("Count", Object::Integer(entry_ids.len() as i64)),
        ]);
        lo.objects.insert(outlines_id, Object::Dictionary(outlines));
        let catalog = lo
            .get_object_mut(catalog_id)
            .and_then(|o| o.as_dict_mut())
            .map_err(|e| PdfError::Assembly(e.to_string()))?;
        catalog.set("Outlines", Object::Reference(outlines_id));
        catalog.set("PageMode", "UseOutlines");
    }
    let catalog = lo
        .get_object_mut(catalog_id)
        .and_then(|o| o.as_dict_mut())
        .map_err(|e| PdfError::Assembly(e.to_string()))?;
    catalog.set(
        "Lang",
        Object::String(info.language.as_bytes().to_vec(), StringFormat::Literal),
    );
    Ok(())
}

/// What the archive checks of a filed PDF (DA/T 70 usability and security).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfFacts {
    pub version: String,
    pub pages: usize,
    pub encrypted: bool,
}

/// Parses PDF bytes to show that the file opens; an error says why it does not.
pub fn inspect(bytes: &[u8]) -> Result<PdfFacts, String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| crate::tr!("pdf-does-not-parse", error = crate::i18n::show(e)))?;
    let pages = doc.get_pages().len();
    if pages == 0 {
        return Err(crate::tr!("pdf-no-pages"));
    }
    Ok(PdfFacts {
        version: doc.version.clone(),
        pages,
        encrypted: doc.is_encrypted(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_safe_drops_only_what_xml_cannot_carry() {
        assert_eq!(xml_safe("湘潭\u{1}市\u{B}\u{FFFF}"), "湘潭市");
        assert_eq!(xml_safe("a\tb\nc\rd <&>"), "a\tb\nc\rd <&>");
    }
}
