//! The record each package carries (`data/metadata.json`): the GB/T 18894-2016 §6.2.2
//! fields under their Chinese names, the briefing's place in its series, the digest of
//! the PDF and of every input file. Written once when the package is sealed.

use super::bagit::sha256_hex;
use super::PackageName;
use crate::i18n::tr;
use crate::model::period::Period;
use serde::{Deserialize, Serialize};

pub const FILE: &str = "metadata.json";
/// Identifies the layout of this record, for readers years from now.
/// 2: inputs recorded by digest only (no `path`) are allowed; in 1 every input was copied.
/// 3: `ledger_head`, the ledger's head when the package was filed.
pub const SCHEMA: &str = "sw-briefing/record/3";
/// 4: as 3, plus `approved_by` and `approved_at`: the briefing was issued when a leader
/// approved its draft (`approval: required`). Records without an approver stay at 3.
pub const SCHEMA_APPROVED: &str = "sw-briefing/record/4";

/// 格式信息: the file format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Format {
    pub mime: String,
    /// The PDF version from the file's header, e.g. `1.7`.
    pub version: String,
}

/// One metrics file the briefing was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// Where it was, relative to the metrics folder.
    pub source: String,
    /// Where it is in the package (`data/inputs/…`); absent for a file recorded by its
    /// digest only (a peer region's, used for the rank; its own package holds it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub schema: String,
    /// 题名
    #[serde(rename = "题名")]
    pub title: String,
    /// 文件编号: series, year of issue and 期号.
    #[serde(rename = "文件编号")]
    pub document_number: String,
    /// 责任者: the issuing unit.
    #[serde(rename = "责任者")]
    pub issuer: String,
    /// 日期: date of issue (of this revision), YYYY-MM-DD.
    #[serde(rename = "日期")]
    pub date: String,
    /// 机构或问题: region and subject.
    #[serde(rename = "机构或问题")]
    pub subject: String,
    /// 保管期限: from the config's `retention`.
    #[serde(rename = "保管期限")]
    pub retention: String,
    /// 密级: the config's `marking` (e.g. 内部资料 注意保存), or 无 when none is set.
    #[serde(rename = "密级")]
    pub classification: String,
    #[serde(rename = "格式信息")]
    pub format: Format,
    #[serde(rename = "计算机文件名")]
    pub file_name: String,
    /// 计算机文件大小, bytes.
    #[serde(rename = "计算机文件大小")]
    pub file_size: u64,
    #[serde(rename = "文档创建程序")]
    pub program: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    pub series: String,
    pub issue_year: i32,
    pub issue_number: u32,
    pub revision: u32,
    /// The package this revision replaces in the index (its folder name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<String>,
    pub period: String,
    pub region_code: String,
    pub region_name: String,
    /// When the package was made (RFC 3339, local time of the config's zone).
    pub created: String,
    pub inputs: Vec<Input>,
    /// SHA-256 over the inputs (see [`inputs_digest`]); a later run compares it to tell
    /// whether the data of an issued period changed.
    pub inputs_sha256: String,
    /// SHA-256 of the ledger's last line when the package was filed (64 zeros for an
    /// empty ledger): `verify` finds it in the chain, so that removing the newest
    /// ledger lines is seen. Absent in records before schema 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_head: Option<String>,
    /// 签发人: who approved the draft this briefing was issued from (schema 4); absent
    /// when the briefing was issued without approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// When it was approved (RFC 3339, local time of the config's zone; schema 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
}

/// One digest for a set of input files: SHA-256 of `<sha256>  <source>\n` lines in
/// source order, so neither order on disk nor file times matter.
pub fn inputs_digest<'a>(inputs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut pairs: Vec<(&str, &str)> = inputs.into_iter().collect();
    pairs.sort();
    let text: String = pairs
        .iter()
        .map(|(source, sha)| format!("{sha}  {source}\n"))
        .collect();
    sha256_hex(text.as_bytes())
}

/// The PDF version in a file's header (`%PDF-1.7` → `1.7`).
pub fn pdf_version(bytes: &[u8]) -> Option<String> {
    let rest = bytes.strip_prefix(b"%PDF-")?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'.'))
        .unwrap_or(rest.len());
    let version = std::str::from_utf8(&rest[..end]).ok()?;
    (!version.is_empty()).then(|| version.to_string())
}

/// What changed between the inputs of an issued package and the inputs now, in words
/// (`2023.yaml changed`, `2019.yaml added`).
pub fn input_changes(before: &[Input], now: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (source, sha) in now {
        match before.iter().find(|i| &i.source == source) {
            None => out.push(tr!("archive-input-added", source = source)),
            Some(old) if &old.sha256 != sha => {
                out.push(tr!("archive-input-changed", source = source))
            }
            Some(_) => {}
        }
    }
    for old in before {
        if !now.iter().any(|(source, _)| source == &old.source) {
            out.push(tr!("archive-input-removed", source = old.source));
        }
    }
    out
}

impl Record {
    /// The name the record's own fields give the package.
    pub fn package_name(&self) -> Option<PackageName> {
        Some(PackageName {
            series: self.series.clone(),
            issue_year: self.issue_year,
            issue_number: self.issue_number,
            period: self.period.parse::<Period>().ok()?,
            revision: self.revision,
        })
    }

    /// Required fields (DA/T 70 完整性) that are empty, by their names.
    pub fn empty_fields(&self) -> Vec<&'static str> {
        let fields: [(&'static str, &str); 10] = [
            ("题名", &self.title),
            ("文件编号", &self.document_number),
            ("责任者", &self.issuer),
            ("日期", &self.date),
            ("机构或问题", &self.subject),
            ("保管期限", &self.retention),
            ("密级", &self.classification),
            ("格式信息", &self.format.mime),
            ("计算机文件名", &self.file_name),
            ("文档创建程序", &self.program),
        ];
        fields
            .into_iter()
            .filter(|(_, v)| v.trim().is_empty())
            .map(|(k, _)| k)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_digest_ignores_order() {
        let a = inputs_digest([("x/2023.yaml", "aa"), ("x/2022.yaml", "bb")]);
        let b = inputs_digest([("x/2022.yaml", "bb"), ("x/2023.yaml", "aa")]);
        assert_eq!(a, b);
        assert_ne!(
            a,
            inputs_digest([("x/2022.yaml", "bb"), ("x/2023.yaml", "ab")])
        );
    }

    #[test]
    fn pdf_versions_come_from_the_header() {
        assert_eq!(pdf_version(b"%PDF-1.7\n%..."), Some("1.7".into()));
        assert_eq!(pdf_version(b"%PDF-"), None);
        assert_eq!(pdf_version(b"PK\x03\x04"), None);
    }

    #[test]
    fn changes_are_named() {
        let before = vec![
            Input {
                source: "a/2022.yaml".into(),
                path: None,
                size: 1,
                sha256: "11".into(),
            },
            Input {
                source: "a/2023.yaml".into(),
                path: None,
                size: 1,
                sha256: "22".into(),
            },
        ];
        let now = vec![
            ("a/2023.yaml".to_string(), "23".to_string()),
            ("a/2021.yaml".to_string(), "00".to_string()),
        ];
        assert_eq!(
            input_changes(&before, &now),
            vec![
                "a/2023.yaml 有改动",
                "a/2021.yaml 是新增的",
                "a/2022.yaml 被删除"
            ]
        );
    }
}
