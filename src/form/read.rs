//! Reads a filled form with calamine (.xlsx, .xls, .ods) and makes the metrics YAML
//! text of it, remembering which cell each line came from. The text is then parsed
//! and checked by the metrics loader, so the rules are the loader's.
//!
//! What is checked here is what only the form can get wrong: the layout (a deleted
//! row, a renamed sheet, a merged cell), and each cell's content (text in a number
//! cell, full-width digits, a formula without a value, an unknown choice).

use super::layout::{self, Kind, Placed, PlacedTable};
use super::messages as msg;
use super::write::format_number;
use super::{FormProblem, Place};
use crate::tr;
use calamine::{Data, Dimensions, Range, Reader, Sheets};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// Forms are a few dozen kilobytes; a file this large is not one.
pub const MAX_FORM_BYTES: u64 = 20 * 1024 * 1024;

/// A form made into YAML text.
#[derive(Debug)]
pub struct ReadForm {
    /// The metrics YAML, canonical layout, without a file name in it.
    pub yaml: String,
    /// For each line of `yaml` (index = line - 1), the cell it came from.
    pub lines: Vec<Option<Place>>,
    /// Places of list entries by their YAML path (`stations.targets[0]`).
    pub entries: Vec<(String, Place)>,
    pub code: String,
    pub name: String,
    pub period: String,
    /// Where the region's name is, for problems about it.
    pub name_place: Place,
}

enum Got {
    Empty,
    Num(f64),
    Text(String),
    Date(NaiveDate),
    Bool(bool),
}

struct SheetData {
    range: Range<Data>,
    formulas: Option<Range<String>>,
}

impl SheetData {
    fn raw(&self, row: u32, col: u16) -> Option<&Data> {
        self.range.get_value((row, col as u32))
    }

    fn text_at(&self, row: u32, col: u16) -> String {
        match self.raw(row, col) {
            Some(Data::String(s)) => s.trim().to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Float(f)) => format_number(*f),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    fn get(&self, row: u32, col: u16) -> Result<Got, (String, String)> {
        let value = self.raw(row, col).cloned().unwrap_or(Data::Empty);
        let got = match value {
            Data::Empty => Got::Empty,
            Data::Int(i) => Got::Num(i as f64),
            Data::Float(f) => Got::Num(f),
            Data::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    Got::Empty
                } else {
                    Got::Text(t.to_string())
                }
            }
            Data::Bool(b) => Got::Bool(b),
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(d) if dt.is_datetime() => Got::Date(d.date()),
                _ => Got::Text(dt.to_string()),
            },
            Data::DateTimeIso(s) => match s
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                Some(d) => Got::Date(d),
                None => Got::Text(s),
            },
            Data::DurationIso(s) => Got::Text(s),
            Data::Error(e) => {
                let (m, h) = msg::formula_error(&e.to_string());
                return Err((m, h.into()));
            }
        };
        if matches!(got, Got::Empty) {
            if let Some(f) = self
                .formulas
                .as_ref()
                .and_then(|f| f.get_value((row, col as u32)))
                .filter(|f| !f.trim().is_empty())
            {
                let (m, h) = msg::formula_without_value(f.trim_start_matches('='));
                return Err((m, h.into()));
            }
        }
        Ok(got)
    }
}

/// A YAML tree in the order the fields are laid out, which is the order of the
/// metrics format.
enum Node {
    Scalar(String, Place),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Flow(Vec<String>, Place),
}

impl Node {
    fn map_mut(&mut self) -> &mut Vec<(String, Node)> {
        match self {
            Node::Map(m) => m,
            _ => unreachable!("the layout nests only maps"),
        }
    }

    /// The node at a dotted path, made as a map when missing.
    fn entry(&mut self, path: &str) -> &mut Node {
        let mut node = self;
        for key in path.split('.') {
            let map = node.map_mut();
            let i = match map.iter().position(|(k, _)| k == key) {
                Some(i) => i,
                None => {
                    map.push((key.to_string(), Node::Map(Vec::new())));
                    map.len() - 1
                }
            };
            node = &mut map[i].1;
        }
        node
    }

    fn set(&mut self, path: &str, value: Node) {
        *self.entry(path) = value;
    }
}

/// Problems of one form, collected before any is reported.
struct Collect<'a> {
    file: &'a Path,
    problems: Vec<FormProblem>,
}

impl Collect<'_> {
    fn push(&mut self, place: Option<Place>, message: String, hint: String) {
        self.problems.push(FormProblem {
            file: self.file.to_path_buf(),
            place,
            message,
            hint: Some(hint),
        });
    }
}

fn place(sheet: &str, row: u32, col: u16, label: &str) -> Place {
    Place {
        sheet: sheet.to_string(),
        cell: Some(layout::cell_name(row, col)),
        field: Some(label.to_string()),
    }
}

/// Merged ranges of an OpenDocument spreadsheet by sheet, from its content.xml:
/// calamine does not report them. Empty for anything else.
fn ods_merges(bytes: &[u8]) -> Vec<(String, Dimensions)> {
    use quick_xml::events::{BytesStart, Event};
    let mut out = Vec::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = String::new();
    match zip.by_name("content.xml") {
        Ok(mut f) => {
            if std::io::Read::read_to_string(&mut f, &mut xml).is_err() {
                return out;
            }
        }
        Err(_) => return out,
    }
    let number = |e: &BytesStart, name: &str| -> u32 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut sheet, mut row, mut col, mut row_repeat) = (String::new(), 0u32, 0u32, 1u32);
    loop {
        let (event, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "table:table-row" {
                    row += row_repeat;
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match event.name().as_ref() {
            "table:table" => {
                sheet = event
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "table:name")
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                row_repeat = number(&event, "table:number-rows-repeated");
                col = 0;
                if empty {
                    row += row_repeat;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let cols = number(&event, "table:number-columns-spanned");
                let rows = number(&event, "table:number-rows-spanned");
                if cols > 1 || rows > 1 {
                    out.push((
                        sheet.clone(),
                        Dimensions {
                            start: (row, col),
                            end: (row + rows - 1, col + cols - 1),
                        },
                    ));
                }
                col += number(&event, "table:number-columns-repeated");
            }
            _ => {}
        }
    }
    out
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// Opens a workbook, telling an empty, encrypted or foreign file apart; with the
/// merged ranges of an .ods.
fn open(path: &Path, c: &mut Collect) -> Option<(Book, Vec<(String, Dimensions)>)> {
    let whole = |c: &mut Collect, (m, h): (String, String)| c.push(None, m, h);
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => {
            whole(c, msg::cannot_read(&e.to_string()));
            return None;
        }
    };
    if size == 0 {
        whole(c, msg::empty_file());
        return None;
    }
    if size > MAX_FORM_BYTES {
        whole(c, msg::too_large(size, MAX_FORM_BYTES));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            whole(c, msg::cannot_read(&e.to_string()));
            return None;
        }
    };
    // An .xlsx with an opening password is an OLE compound file holding an
    // EncryptedPackage stream (MS-OFFCRYPTO), which no zip reader can open.
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    if bytes.starts_with(OLE) {
        let needle = utf16("EncryptedPackage");
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            whole(c, msg::password_protected());
            return None;
        }
    }
    let ods = if bytes.starts_with(b"PK") {
        ods_merges(&bytes)
    } else {
        Vec::new()
    };
    match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(book) => Some((book, ods)),
        Err(e) => {
            let text = e.to_string();
            if text.contains("password") {
                whole(c, msg::password_protected());
            } else {
                whole(c, msg::not_a_workbook(&text));
            }
            None
        }
    }
}

fn merges(book: &mut Book, ods: &[(String, Dimensions)], sheet: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => ods
            .iter()
            .filter(|(s, _)| s == sheet)
            .map(|(_, d)| *d)
            .collect(),
    }
}

/// Reads one filled form; every problem of it at once.
pub fn read(path: &Path) -> Result<ReadForm, Vec<FormProblem>> {
    let mut c = Collect {
        file: path,
        problems: Vec::new(),
    };
    let Some((mut book, ods)) = open(path, &mut c) else {
        return Err(c.problems);
    };
    let present = book.sheet_names();
    let mut root = Node::Map(Vec::new());
    let mut entries = Vec::new();
    let mut ident = Identity::default();
    for sheet in layout::placed() {
        let name = sheet.spec.name;
        if !present.iter().any(|p| p == name) {
            let (m, h) = msg::missing_sheet(name, &present);
            c.push(
                Some(Place {
                    sheet: name.to_string(),
                    cell: None,
                    field: None,
                }),
                m,
                h.into(),
            );
            continue;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                let (m, h) = msg::unreadable_sheet(name, &e.to_string());
                c.push(None, m, h.into());
                continue;
            }
        };
        let formulas = book.worksheet_formula(name).ok();
        let data = SheetData { range, formulas };
        let merged = merges(&mut book, &ods, name);
        if !merged.is_empty() {
            for d in merged {
                let range = format!(
                    "{}:{}",
                    layout::cell_name(d.start.0, d.start.1 as u16),
                    layout::cell_name(d.end.0, d.end.1 as u16)
                );
                let (m, h) = msg::merged();
                c.push(
                    Some(Place {
                        sheet: name.to_string(),
                        cell: Some(range.clone()),
                        field: None,
                    }),
                    m,
                    h.into(),
                );
            }
            continue;
        }
        if !structure_ok(&sheet, &data, &mut c) {
            continue;
        }
        read_fields(&sheet, &data, &mut root, &mut ident, &mut c);
        for table in &sheet.tables {
            read_table(name, table, &data, &mut root, &mut entries, &mut c);
        }
    }
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let mut yaml = String::new();
    let mut lines = Vec::new();
    let mut line = |text: String, place: Option<Place>, yaml: &mut String| {
        yaml.push_str(&text);
        yaml.push('\n');
        lines.push(place);
    };
    line(msg_yaml_header(), None, &mut yaml);
    if let Node::Map(top) = &root {
        for (key, node) in top {
            if matches!(node, Node::Map(_) | Node::List(_)) && key != "region" {
                line(String::new(), None, &mut yaml);
            }
            emit(key, node, 0, &mut |t, p| line(t, p, &mut yaml));
        }
    }
    Ok(ReadForm {
        yaml,
        lines,
        entries,
        code: ident.code,
        name: ident.name,
        period: ident.period,
        name_place: ident.name_place.unwrap_or(Place {
            sheet: layout::SHEETS[0].name.to_string(),
            cell: None,
            field: None,
        }),
    })
}

fn msg_yaml_header() -> String {
    "# 由填报表导入（sw-briefing import）。字段说明见 docs/metrics-format.md。".to_string()
}

fn emit(key: &str, node: &Node, indent: usize, out: &mut dyn FnMut(String, Option<Place>)) {
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(s, p) => out(format!("{pad}{key}: {s}"), Some(p.clone())),
        Node::Flow(words, p) => out(
            format!("{pad}{key}: [{}]", words.join(", ")),
            Some(p.clone()),
        ),
        Node::Map(m) => {
            out(format!("{pad}{key}:"), None);
            for (k, n) in m {
                emit(k, n, indent + 2, out);
            }
        }
        Node::List(items) => {
            out(format!("{pad}{key}:"), None);
            for item in items {
                match item {
                    Node::Scalar(s, p) => out(format!("{pad}  - {s}"), Some(p.clone())),
                    Node::Map(m) => {
                        for (i, (k, n)) in m.iter().enumerate() {
                            if let Node::Scalar(s, p) = n {
                                let lead = if i == 0 { "- " } else { "  " };
                                out(format!("{pad}  {lead}{k}: {s}"), Some(p.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[derive(Default)]
struct Identity {
    code: String,
    name: String,
    period: String,
    name_place: Option<Place>,
}

/// Checks that every label is where the layout puts it; reports the first that is
/// not (the rows after it have moved too).
fn structure_ok(sheet: &Placed, data: &SheetData, c: &mut Collect) -> bool {
    let name = sheet.spec.name;
    let mut expect: Vec<(u32, u16, String)> = Vec::new();
    if let Some(header) = sheet.field_header {
        for (col, label) in layout::FIELD_HEADER.iter().enumerate() {
            expect.push((header, col as u16, label.to_string()));
        }
        for (i, field) in sheet.spec.fields.iter().enumerate() {
            expect.push((
                sheet.field_row(i),
                layout::COL_LABEL,
                field.label.to_string(),
            ));
        }
    }
    for t in &sheet.tables {
        expect.push((t.title_row, 0, t.table.title.to_string()));
        for (col, label) in t.header() {
            expect.push((t.header_row, col, label));
        }
        for (n, row) in t.rows().enumerate() {
            expect.push((row, 0, (n + 1).to_string()));
        }
    }
    for (row, col, label) in expect {
        let found = data.text_at(row, col);
        if found != label {
            let (m, h) = msg::moved(&label, &found);
            c.push(Some(place(name, row, col, &label)), m, h.into());
            return false;
        }
    }
    true
}

fn read_fields(
    sheet: &Placed,
    data: &SheetData,
    root: &mut Node,
    ident: &mut Identity,
    c: &mut Collect,
) {
    let name = sheet.spec.name;
    let mut flags: Vec<(String, Place)> = Vec::new();
    let mut flag_path = None;
    let mut rank: Vec<(&str, Option<String>, Place)> = Vec::new();
    for (i, field) in sheet.spec.fields.iter().enumerate() {
        let row = sheet.field_row(i);
        let at = place(name, row, layout::COL_VALUE, field.label);
        let q = field.kind.has_qualifier().then(|| {
            (
                layout::COL_QUALIFIER,
                place(name, row, layout::COL_QUALIFIER, field.label),
            )
        });
        let value = match cell_value(
            data,
            row,
            layout::COL_VALUE,
            field.kind,
            q,
            field.label,
            &at,
            c,
        ) {
            Some(v) => v,
            None => continue,
        };
        if let Kind::Flag(word) = field.kind {
            flag_path = Some(field.path);
            if value.as_deref() == Some("yes") {
                flags.push((word.to_string(), at));
            }
            continue;
        }
        if field.path.starts_with("certification.rank.") {
            rank.push((field.path, value, at));
            continue;
        }
        match value {
            Some(v) => {
                match field.path {
                    "region.code" => ident.code = unquote(&v),
                    "region.name" => {
                        ident.name = unquote(&v);
                        ident.name_place = Some(at.clone());
                    }
                    "period" => ident.period = unquote(&v),
                    _ => {}
                }
                root.set(field.path, Node::Scalar(v, at));
            }
            None if field.required => {
                let (m, h) = msg::required_missing();
                c.push(Some(at), m, h.into());
            }
            None => {}
        }
    }
    if let Some(path) = flag_path {
        if let Some((_, first)) = flags.first() {
            let words = flags.iter().map(|(w, _)| w.clone()).collect();
            root.set(path, Node::Flow(words, first.clone()));
        }
    }
    if !rank.is_empty() {
        let given = rank.iter().filter(|(_, v, _)| v.is_some()).count();
        if given == rank.len() {
            for (path, v, at) in rank {
                root.set(path, Node::Scalar(v.unwrap_or_default(), at));
            }
        } else if given > 0 {
            let (_, _, at) = rank
                .iter()
                .find(|(_, v, _)| v.is_none())
                .expect("one is missing");
            let (m, h) = msg::rank_incomplete();
            c.push(Some(at.clone()), m, h.into());
        }
    }
}

fn read_table(
    sheet: &str,
    t: &PlacedTable,
    data: &SheetData,
    root: &mut Node,
    entries: &mut Vec<(String, Place)>,
    c: &mut Collect,
) {
    let mut items = Vec::new();
    for row in t.rows() {
        let mut values = Vec::new();
        let mut ok = true;
        for (col, (vc, qc)) in t.table.columns.iter().zip(&t.columns) {
            let at = place(sheet, row, *vc, col.label);
            let q = qc.map(|qc| (qc, place(sheet, row, qc, col.label)));
            match cell_value(data, row, *vc, col.kind, q, col.label, &at, c) {
                Some(v) => values.push((col, v, at)),
                None => ok = false,
            }
        }
        if !ok {
            continue;
        }
        if values.iter().all(|(_, v, _)| v.is_none()) {
            continue;
        }
        let mut missing = false;
        for (col, v, at) in &values {
            if col.required && v.is_none() {
                let (m, h) = msg::row_required_missing(col.label);
                c.push(Some(at.clone()), m, h);
                missing = true;
            }
        }
        if missing {
            continue;
        }
        let row_place = Place {
            sheet: sheet.to_string(),
            cell: Some(layout::cell_name(row, 0)),
            field: Some(t.table.title.to_string()),
        };
        entries.push((format!("{}[{}]", t.table.path, items.len()), row_place));
        if values.len() == 1 && values[0].0.key.is_empty() {
            let (_, v, at) = values.pop().expect("one column");
            items.push(Node::Scalar(v.unwrap_or_default(), at));
        } else {
            let map = values
                .into_iter()
                .filter_map(|(col, v, at)| Some((col.key.to_string(), Node::Scalar(v?, at))))
                .collect();
            items.push(Node::Map(map));
        }
    }
    if !items.is_empty() {
        root.set(t.table.path, Node::List(items));
    }
}

fn unquote(v: &str) -> String {
    serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string())
}

/// The YAML text of one cell (with its qualifier cell), `None` inside when empty;
/// `None` outside when the cell has a problem (already reported).
#[allow(clippy::too_many_arguments)]
fn cell_value(
    data: &SheetData,
    row: u32,
    col: u16,
    kind: Kind,
    qualifier: Option<(u16, Place)>,
    label: &str,
    at: &Place,
    c: &mut Collect,
) -> Option<Option<String>> {
    let got = match data.get(row, col) {
        Ok(g) => g,
        Err((m, h)) => {
            c.push(Some(at.clone()), m, h);
            return None;
        }
    };
    let _ = label;
    let result = value_text(got, kind);
    let text = match result {
        Ok(t) => t,
        Err((m, h)) => {
            c.push(Some(at.clone()), m, h);
            return None;
        }
    };
    let Some((qc, q_at)) = qualifier else {
        return Some(text);
    };
    let word = match data.get(row, qc) {
        Ok(Got::Empty) => None,
        Ok(Got::Text(t)) => match t.as_str() {
            "余" | "多" | "余/多" | "over" => Some("over"),
            "约" | "about" => Some("about"),
            "精确" | "exact" => None,
            other => {
                let (m, h) = msg::bad_qualifier(other);
                c.push(Some(q_at), m, h.into());
                return None;
            }
        },
        Ok(other) => {
            let (m, h) = msg::bad_qualifier(&got_text(&other));
            c.push(Some(q_at), m, h.into());
            return None;
        }
        Err((m, h)) => {
            c.push(Some(q_at), m, h);
            return None;
        }
    };
    match (text, word) {
        (Some(t), Some(w)) => Some(Some(format!("{{value: {t}, qualifier: {w}}}"))),
        (Some(t), None) => Some(Some(t)),
        (None, Some(_)) => {
            let (m, h) = msg::qualifier_without_value();
            c.push(Some(q_at), m, h.into());
            None
        }
        (None, None) => Some(None),
    }
}

fn got_text(g: &Got) -> String {
    match g {
        Got::Empty => String::new(),
        Got::Num(n) => format_number(*n),
        Got::Text(t) => t.clone(),
        Got::Date(d) => d.to_string(),
        Got::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
    }
}

fn wrong(found: &str, expected: &str) -> (String, String) {
    msg::wrong_kind(found, expected)
}

/// The YAML text of a cell's value, or what is wrong with it.
fn value_text(got: Got, kind: Kind) -> Result<Option<String>, (String, String)> {
    if matches!(got, Got::Empty) {
        return Ok(None);
    }
    let h = |problem: (String, String)| problem;
    match kind {
        Kind::Figure | Kind::Percent => {
            let v = match got {
                Got::Num(v) => v,
                Got::Text(t) => number_from_text(&t)?,
                Got::Date(_) => {
                    return Err(wrong(&tr!("form-kind-date"), &tr!("form-kind-number")))
                }
                Got::Bool(_) => {
                    return Err(wrong(&tr!("form-kind-logical"), &tr!("form-kind-number")))
                }
                Got::Empty => unreachable!(),
            };
            let shown = format_number(v);
            if !v.is_finite() || v < 0.0 {
                return Err(h(msg::negative(&shown)));
            }
            if kind == Kind::Figure && v.fract() != 0.0 {
                return Err(h(msg::not_whole(&shown)));
            }
            if kind == Kind::Percent && v > 100.0 {
                return Err(h(msg::percent_range(&shown)));
            }
            Ok(Some(shown))
        }
        Kind::Text => Ok(Some(yaml_string(&got_text(&got)))),
        Kind::Names => {
            let t = got_text(&got);
            let names: Vec<String> = t
                .split(['、', '，', ',', '；', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(yaml_string)
                .collect();
            if names.is_empty() {
                Ok(None)
            } else {
                Ok(Some(format!("[{}]", names.join(", "))))
            }
        }
        Kind::Code => {
            let t = got_text(&got);
            if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
                Ok(Some(format!("\"{t}\"")))
            } else {
                Err(h(msg::bad_code(&t)))
            }
        }
        Kind::Period => {
            let t = got_text(&got);
            match t.parse::<crate::model::period::Period>() {
                Ok(p) => Ok(Some(format!("\"{p}\""))),
                Err(_) => Err(h(msg::bad_period(&t))),
            }
        }
        Kind::Choice(choices) => {
            let t = got_text(&got);
            choices
                .iter()
                .find(|(word, l)| *l == t || *word == t)
                .map(|(word, _)| Some(word.to_string()))
                .ok_or_else(|| {
                    msg::bad_choice(&t, &choices.iter().map(|(_, l)| *l).collect::<Vec<_>>())
                })
        }
        Kind::Flag(_) => match got {
            Got::Bool(true) => Ok(Some("yes".into())),
            Got::Bool(false) => Ok(None),
            Got::Text(t) if t == layout::YES => Ok(Some("yes".into())),
            Got::Text(t) if t == layout::NO => Ok(None),
            other => Err(msg::bad_choice(
                &got_text(&other),
                &[layout::YES, layout::NO],
            )),
        },
        Kind::Date => match got {
            Got::Date(d) => Ok(Some(d.to_string())),
            Got::Text(t) => ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(&t, f).ok())
                .map(|d| Some(d.to_string()))
                .ok_or_else(|| h(msg::bad_date(&t))),
            other => Err(h(msg::bad_date(&got_text(&other)))),
        },
    }
}

/// A number typed as text: plain half-width digits are taken; anything else is
/// explained, never guessed at.
fn number_from_text(t: &str) -> Result<f64, (String, String)> {
    let plain = |s: &str| {
        let body = s.strip_prefix('-').unwrap_or(s);
        !body.is_empty()
            && body.chars().all(|c| c.is_ascii_digit() || c == '.')
            && body.chars().filter(|&c| c == '.').count() <= 1
            && !body.starts_with('.')
            && !body.ends_with('.')
    };
    if plain(t) {
        if let Ok(v) = t.parse::<f64>() {
            return Ok(v);
        }
    }
    if t.chars().any(|c| ('０'..='９').contains(&c)) {
        let half: String = t
            .chars()
            .map(|c| {
                if ('０'..='９').contains(&c) {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                } else if c == '．' {
                    '.'
                } else {
                    c
                }
            })
            .collect();
        return Err(msg::full_width(t, &half));
    }
    if let Some((v, over)) = crate::metrics::figure::read_with_units(t) {
        let value = format_number(v);
        let fix = if over {
            tr!("form-separators-over", value = value)
        } else {
            value
        };
        return Err(msg::with_separators(t, &fix));
    }
    Err(msg::not_a_number(t, None))
}

/// Text as a YAML scalar: plain when it cannot be read as anything but text,
/// otherwise double-quoted (JSON escapes are valid YAML).
pub fn yaml_string(s: &str) -> String {
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "~"];
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric())
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && !reserved.contains(&s.to_ascii_lowercase().as_str())
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\u{FEFF}');
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_numbers() {
        assert_eq!(number_from_text("1705").unwrap(), 1705.0);
        assert!(number_from_text("１７０５").unwrap_err().1.contains("1705"));
        assert!(number_from_text("1,705").unwrap_err().1.contains("1705"));
        assert!(number_from_text("1150余万元")
            .unwrap_err()
            .1
            .contains("11500000"));
        assert!(number_from_text("很多").is_err());
    }

    #[test]
    fn yaml_strings() {
        assert_eq!(yaml_string("湘潭市"), "湘潭市");
        assert_eq!(
            yaml_string("乡镇（街道）社会工作站"),
            "乡镇（街道）社会工作站"
        );
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("2%切块"), "\"2%切块\"");
    }
}
