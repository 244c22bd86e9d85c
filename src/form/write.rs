//! Writes the fill-in workbook with rust_xlsxwriter, from the layout table.

use super::layout::{self, Kind, Placed, PlacedTable};
use super::messages as msg;
use crate::metrics::MetricsFile;
use crate::model::period::Period;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

/// What the form is for and what it shows beside the blanks.
pub struct FormInput<'a> {
    pub code: &'a str,
    pub period: Period,
    /// The region's latest metrics on file: its name, level and parent are filled in.
    pub identity: Option<&'a MetricsFile>,
    /// The previous period's metrics, shown in the reference column.
    pub previous: Option<&'a MetricsFile>,
}

struct Formats {
    title: Format,
    header: Format,
    label: Format,
    unit: Format,
    input: Format,
    input_date: Format,
    fixed: Format,
    previous: Format,
    help: Format,
    /// A list's help beside its title: one line, running on to the right.
    note: Format,
    number: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_font_name("SimSun");
    let boxed = base.clone().set_border(FormatBorder::Thin);
    Formats {
        title: base.clone().set_bold().set_font_size(14),
        header: boxed
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xD9D9D9)),
        label: boxed.clone(),
        unit: boxed.clone(),
        input: boxed
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC)),
        input_date: boxed
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC))
            .set_num_format("yyyy-mm-dd"),
        fixed: boxed.clone().set_background_color(Color::RGB(0xEDEDED)),
        previous: boxed
            .clone()
            .set_font_color(Color::RGB(0x595959))
            .set_background_color(Color::RGB(0xF2F2F2)),
        help: base
            .clone()
            .set_text_wrap()
            .set_font_color(Color::RGB(0x404040)),
        note: base.clone().set_font_color(Color::RGB(0x404040)),
        number: boxed.set_bold(),
    }
}

/// The workbook's bytes.
pub fn workbook(input: &FormInput) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let name = input
        .identity
        .map(|m| m.region.name.value.as_str())
        .unwrap_or("");
    book.set_properties(
        &DocProperties::new()
            .set_title(msg::form_title(name, input.code, &input.period.to_string()))
            .set_comment(msg::FORM_COMMENT),
    );
    let f = formats();
    let identity = input.identity.map(json_of);
    let previous = input.previous.map(json_of);
    for (i, sheet) in layout::placed().iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(sheet.spec.name)?;
        if i == 0 {
            ws.set_active(true);
        }
        write_sheet(ws, sheet, input, identity.as_ref(), previous.as_ref(), &f)?;
        // Printed for the unit head's sign-off: A4 landscape, one page wide.
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
        ws.protect();
    }
    book.save_to_buffer()
}

fn json_of(m: &MetricsFile) -> Value {
    serde_json::to_value(m).unwrap_or(Value::Null)
}

/// The value at a dotted path of a metrics dump.
pub fn at_path<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(v, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

/// How a value reads in the reference column: 2000余, 约300, 1705, 市级.
fn shown(v: &Value, kind: Kind) -> Option<String> {
    match kind {
        Kind::Figure | Kind::Percent => {
            let value = v.get("value")?.as_f64()?;
            let number = format_number(value);
            Some(match v.get("qualifier").and_then(Value::as_str) {
                Some("over") => format!("{number}余"),
                Some("about") => format!("约{number}"),
                _ => number,
            })
        }
        Kind::Choice(choices) => {
            let word = v.as_str()?;
            choices
                .iter()
                .find(|(w, _)| *w == word)
                .map(|(_, label)| label.to_string())
        }
        Kind::Names => Some(
            v.as_array()?
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("、"),
        )
        .filter(|joined| !joined.is_empty()),
        Kind::Flag(word) => Some(
            if v.as_array()?.iter().any(|x| x.as_str() == Some(word)) {
                layout::YES
            } else {
                layout::NO
            }
            .to_string(),
        ),
        _ => match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
    }
}

/// A number as the YAML and the reference column write it: 1705, 52.3.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Placed,
    input: &FormInput,
    identity: Option<&Value>,
    previous: Option<&Value>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let name = identity
        .and_then(|v| at_path(v, "region.name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    ws.write_string_with_format(
        0,
        0,
        msg::sheet_title(
            sheet.spec.title,
            name,
            input.code,
            &input.period.to_string(),
        ),
        &f.title,
    )?;
    ws.set_column_width(layout::COL_LABEL, 30)?;
    ws.set_column_width(layout::COL_UNIT, 16)?;
    ws.set_column_width(layout::COL_VALUE, 18)?;
    ws.set_column_width(layout::COL_QUALIFIER, 12)?;
    ws.set_column_width(layout::COL_PREVIOUS, 16)?;
    ws.set_column_width(layout::COL_HELP, 60)?;
    if let Some(header) = sheet.field_header {
        for (c, label) in layout::FIELD_HEADER.iter().enumerate() {
            ws.write_string_with_format(header, c as u16, *label, &f.header)?;
        }
        for (i, field) in sheet.spec.fields.iter().enumerate() {
            let row = sheet.field_row(i);
            ws.write_string_with_format(row, layout::COL_LABEL, field.label, &f.label)?;
            ws.write_string_with_format(row, layout::COL_UNIT, field.unit, &f.unit)?;
            let prefilled = if field.fixed {
                match field.path {
                    "region.code" => Some(input.code.to_string()),
                    "period" => Some(input.period.to_string()),
                    _ => None,
                }
            } else if matches!(
                field.path,
                "data_status"
                    | "source"
                    | "region.name"
                    | "region.level"
                    | "region.parent"
                    | "region.parent_code"
            ) {
                identity
                    .and_then(|v| at_path(v, field.path))
                    .and_then(|v| shown(v, field.kind))
            } else {
                None
            };
            if field.fixed {
                ws.write_string_with_format(
                    row,
                    layout::COL_VALUE,
                    prefilled.unwrap_or_default(),
                    &f.fixed,
                )?;
            } else {
                match prefilled {
                    Some(text) => {
                        ws.write_string_with_format(row, layout::COL_VALUE, text, &f.input)?
                    }
                    None => ws.write_blank(row, layout::COL_VALUE, value_format(field.kind, f))?,
                };
                validate_range(
                    ws,
                    row,
                    row,
                    layout::COL_VALUE,
                    field.kind,
                    field.label,
                    field.unit,
                )?;
            }
            if field.kind.has_qualifier() {
                ws.write_blank(row, layout::COL_QUALIFIER, &f.input)?;
                validate_qualifier(ws, row, layout::COL_QUALIFIER)?;
            } else {
                ws.write_blank(row, layout::COL_QUALIFIER, &f.fixed)?;
            }
            let reference = previous
                .and_then(|v| at_path(v, field.path))
                .and_then(|v| shown(v, field.kind));
            match reference {
                Some(text) => match text.parse::<f64>() {
                    Ok(n) if field.kind.has_qualifier() => {
                        ws.write_number_with_format(row, layout::COL_PREVIOUS, n, &f.previous)?
                    }
                    _ => {
                        ws.write_string_with_format(row, layout::COL_PREVIOUS, text, &f.previous)?
                    }
                },
                None => ws.write_blank(row, layout::COL_PREVIOUS, &f.previous)?,
            };
            let help = if field.required && !field.fixed {
                format!("{}{}", msg::REQUIRED_MARK, field.help)
            } else {
                field.help.to_string()
            };
            ws.write_string_with_format(row, layout::COL_HELP, help, &f.help)?;
        }
    }
    for table in &sheet.tables {
        write_table(ws, table, previous, f)?;
    }
    Ok(())
}

fn value_format(kind: Kind, f: &Formats) -> &Format {
    match kind {
        Kind::Date => &f.input_date,
        _ => &f.input,
    }
}

fn write_table(
    ws: &mut Worksheet,
    t: &PlacedTable,
    previous: Option<&Value>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(t.title_row, 0, t.table.title, &f.title)?;
    ws.write_string_with_format(t.title_row, 1, t.table.help, &f.note)?;
    for (c, label) in t.header() {
        ws.write_string_with_format(t.header_row, c, label, &f.header)?;
    }
    let items: Vec<Value> = previous
        .and_then(|v| at_path(v, t.table.path))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (n, row) in t.rows().enumerate() {
        ws.write_number_with_format(row, 0, (n + 1) as f64, &f.number)?;
        for (c, (value, qualifier)) in t.table.columns.iter().zip(&t.columns) {
            ws.write_blank(row, *value, value_format(c.kind, f))?;
            if let Some(q) = qualifier {
                ws.write_blank(row, *q, &f.input)?;
            }
        }
        match items.get(n) {
            Some(item) => {
                let text = summarize(t, item);
                ws.write_string_with_format(row, t.previous_col, text, &f.previous)?
            }
            None => ws.write_blank(row, t.previous_col, &f.previous)?,
        };
    }
    let (first, last) = (t.first_row(), t.rows().end - 1);
    for (c, (value, qualifier)) in t.table.columns.iter().zip(&t.columns) {
        validate_range(ws, first, last, *value, c.kind, c.label, c.unit)?;
        if let Some(q) = qualifier {
            validate_qualifier_range(ws, first, last, *q)?;
        }
    }
    ws.set_column_width(t.previous_col, 36)?;
    Ok(())
}

/// One previous entry on one line: 乡镇禁毒 70.
fn summarize(t: &PlacedTable, item: &Value) -> String {
    let parts: Vec<String> = t
        .table
        .columns
        .iter()
        .filter_map(|c| {
            let v = if c.key.is_empty() {
                Some(item)
            } else {
                item.get(c.key).filter(|v| !v.is_null())
            }?;
            shown(v, c.kind)
        })
        .collect();
    parts.join("  ")
}

fn validate_range(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    col: u16,
    kind: Kind,
    label: &str,
    unit: &str,
) -> Result<(), XlsxError> {
    let dv = match kind {
        // Excel's whole-number rule stops at 2^31, short of a province's yuan: amounts
        // take any number ≥ 0 here and are checked to be whole on import.
        Kind::Figure if !unit.contains('元') => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_whole(label))?,
        Kind::Figure => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_whole(label))?,
        Kind::Percent => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_percent(label))?,
        Kind::Date => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1990, 1, 1)?,
                ExcelDateTime::from_ymd(2100, 12, 31)?,
            ))
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_date(label))?,
        Kind::Choice(choices) => {
            let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
            DataValidation::new()
                .allow_list_strings(&labels)?
                .set_error_title(msg::DV_ERROR_TITLE)?
                .set_error_message(msg::dv_choice(label))?
        }
        Kind::Flag(_) => DataValidation::new()
            .allow_list_strings(&[layout::YES, layout::NO])?
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_choice(label))?,
        Kind::Code => DataValidation::new()
            .allow_text_length(DataValidationRule::EqualTo(6))
            .set_error_title(msg::DV_ERROR_TITLE)?
            .set_error_message(msg::dv_code(label))?,
        Kind::Text | Kind::Period | Kind::Names => return Ok(()),
    };
    let dv = dv.set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(first, col, last, col, &dv)?;
    Ok(())
}

fn validate_qualifier(ws: &mut Worksheet, row: u32, col: u16) -> Result<(), XlsxError> {
    validate_qualifier_range(ws, row, row, col)
}

fn validate_qualifier_range(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    col: u16,
) -> Result<(), XlsxError> {
    let labels: Vec<&str> = layout::QUALIFIERS.iter().map(|(_, l)| *l).collect();
    let dv = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title(msg::DV_ERROR_TITLE)?
        .set_error_message(msg::DV_QUALIFIER)?;
    ws.add_data_validation(first, col, last, col, &dv)?;
    Ok(())
}
