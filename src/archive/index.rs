//! The index for officials: `index.html` and `index.csv` in the archive folder list
//! every briefing (each revision on its own row) by region, period, 期号, title, date,
//! revision and SHA-256, with relative links to the PDFs. Rebuilt from the packages'
//! records and replaced atomically after each run. All text from data is escaped.

use super::seal::read_record;
use super::{durable, list_archive, ArchiveError, Filed, Locked, INDEX_CSV, INDEX_HTML};

/// One row: one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub region_code: String,
    pub region_name: String,
    pub period: String,
    pub document_number: String,
    pub issue_number: u32,
    pub title: String,
    pub date: String,
    pub revision: u32,
    pub sha256: String,
    /// The PDF, relative to the archive folder, with `/`.
    pub pdf: String,
}

/// A row from a package's record, or from its name when the record cannot be read.
pub fn row(filed: &Filed) -> Row {
    row_of(filed, read_record(filed).ok())
}

/// A row from a package's record (known already), or from its name without one. Pure.
pub fn row_of(filed: &Filed, record: Option<super::metadata::Record>) -> Row {
    let pdf = format!("{}/data/{}", filed.relative(), filed.name.pdf_name());
    match record {
        Some(r) => Row {
            region_code: r.region_code,
            region_name: r.region_name,
            period: r.period,
            document_number: r.document_number,
            issue_number: r.issue_number,
            title: r.title,
            date: r.date,
            revision: r.revision,
            sha256: r.sha256,
            pdf,
        },
        None => {
            let (code, name) = filed.region.split_once('-').unwrap_or((&filed.region, ""));
            Row {
                region_code: code.to_string(),
                region_name: name.to_string(),
                period: filed.name.period.to_string(),
                document_number: filed.name.document_number(),
                issue_number: filed.name.issue_number,
                title: "（档案记录无法读取，请运行 sw-briefing verify）".to_string(),
                date: String::new(),
                revision: filed.name.revision,
                sha256: String::new(),
                pdf,
            }
        }
    }
}

/// Every row of a region shows its name as of its newest package (a region renamed
/// in the metrics is listed under its new name, with all its issues). Pure.
pub fn current_names(rows: &mut [Row]) {
    let mut newest: std::collections::BTreeMap<String, (String, String, u32, String)> =
        Default::default();
    for r in rows.iter().filter(|r| !r.date.is_empty()) {
        let candidate = (
            r.date.clone(),
            r.document_number.clone(),
            r.revision,
            r.region_name.clone(),
        );
        let entry = newest
            .entry(r.region_code.clone())
            .or_insert_with(|| candidate.clone());
        if candidate > *entry {
            *entry = candidate;
        }
    }
    for r in rows.iter_mut() {
        if let Some((.., name)) = newest.get(&r.region_code) {
            r.region_name = name.clone();
        }
    }
}

/// Text safe inside HTML elements and quoted attributes: the same escaping as the
/// XMP packet's, which HTML accepts too.
pub fn escape_html(text: &str) -> String {
    crate::model::xml::escape_xml(text)
}

/// A relative URL for a `/`-separated path: each segment percent-encoded (UTF-8), so
/// that `#`, `?`, `%` and spaces in names cannot break the link.
pub fn href(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One CSV field (RFC 4180 quoting). A leading `=`, `+`, `-` or `@` gets a `'` first so
/// that a spreadsheet does not run it as a formula.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

const HEADERS: [&str; 10] = [
    "地区代码",
    "地区",
    "期别",
    "文件编号",
    "期号",
    "题名",
    "日期",
    "修订",
    "SHA-256",
    "文件",
];

fn revision_label(revision: u32) -> String {
    if revision > 1 {
        format!("r{revision}")
    } else {
        "初版".to_string()
    }
}

/// The CSV (UTF-8 with a byte-order mark, which spreadsheet programs need to read
/// Chinese text correctly). Pure.
pub fn csv(rows: &[Row]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADERS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            r.region_code.clone(),
            r.region_name.clone(),
            r.period.clone(),
            r.document_number.clone(),
            r.issue_number.to_string(),
            r.title.clone(),
            r.date.clone(),
            revision_label(r.revision),
            r.sha256.clone(),
            r.pdf.clone(),
        ];
        out.push_str(
            &fields
                .iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// The HTML page. Pure.
pub fn html(rows: &[Row]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>简报档案索引</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}td.sha{font-family:monospace;font-size:.8em}</style>\n</head>\n<body>\n<h1>简报档案索引</h1>\n<p>每期简报（含修订版）一行；SHA-256 为 PDF 文件的摘要。核验档案：<code>sw-briefing verify</code>。</p>\n<table>\n<thead><tr>",
    );
    for h in HEADERS {
        out.push_str(&format!("<th>{}</th>", escape_html(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sha\">{}</td><td><a href=\"{}\">PDF</a></td></tr>\n",
            escape_html(&r.region_code),
            escape_html(&r.region_name),
            escape_html(&r.period),
            escape_html(&r.document_number),
            r.issue_number,
            escape_html(&r.title),
            escape_html(&r.date),
            escape_html(&revision_label(r.revision)),
            escape_html(&r.sha256),
            escape_html(&href(&r.pdf)),
        ));
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

impl Locked {
    /// Rewrites index.html and index.csv from the packages on disk.
    pub fn write_index(&self) -> Result<(), ArchiveError> {
        let listing = list_archive(self.root())?;
        // Packages filed under this lock have their rows already: only the others'
        // records are read (a run of 3,000 briefings would read them all again).
        let known = std::mem::take(
            &mut *self
                .index_rows
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let mut rows: Vec<Row> = listing
            .filed
            .iter()
            .map(|f| known.get(&f.dir).cloned().unwrap_or_else(|| row(f)))
            .collect();
        current_names(&mut rows);
        rows.sort_by(|a, b| {
            (&a.region_code, &a.document_number, a.revision).cmp(&(
                &b.region_code,
                &b.document_number,
                b.revision,
            ))
        });
        for (name, text) in [(INDEX_CSV, csv(&rows)), (INDEX_HTML, html(&rows))] {
            let path = self.root().join(name);
            // Left alone when up to date, so that a run with nothing new changes nothing;
            // an archive with nothing filed yet gets no index.
            let current = super::bagit::read_small(&path).ok();
            if current.as_deref() != Some(text.as_bytes())
                && !(current.is_none() && rows.is_empty())
            {
                durable::replace(&path, text.as_bytes())?;
                crate::faults::pause_at(&format!("{name}-replaced"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> Row {
        Row {
            region_code: "990100".into(),
            region_name: "示例<script>alert(1)</script>市".into(),
            period: "2023".into(),
            document_number: "简报-2024年第01期".into(),
            issue_number: 1,
            title: "=\"a\",b<i>".into(),
            date: "2024-01-05".into(),
            revision: 2,
            sha256: "ab".into(),
            pdf: "990100-示例 市/2024/x#1/data/x%.pdf".into(),
        }
    }

    #[test]
    fn html_escapes_all_text_from_data() {
        let page = html(&[hostile()]);
        assert!(
            !page.contains("<script>")
                && page.contains("示例&lt;script&gt;alert(1)&lt;/script&gt;市"),
            "{page}"
        );
        assert!(page.contains("=&quot;a&quot;,b&lt;i&gt;"));
        assert!(
            page.contains(
                "href=\"990100-%E7%A4%BA%E4%BE%8B%20%E5%B8%82/2024/x%231/data/x%25.pdf\""
            ),
            "{page}"
        );
        assert!(page.contains("<td>r2</td>"));
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        let text = csv(&[hostile()]);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains(",\"'=\"\"a\"\",b<i>\","), "{text}");
    }
}
