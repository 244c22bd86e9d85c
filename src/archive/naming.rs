//! Names in the archive: safe path components, package folder names (series, year of
//! issue, 期号, period, revision) and where a filed package's parts are.

use super::metadata;
use crate::model::period::Period;
use std::path::PathBuf;

/// A name that cannot leave the archive, confuse a file manager, or need escaping in
/// a BagIt manifest (`%`, CR and LF are the characters RFC 8493 escapes).
pub fn safe_component(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(
                    c,
                    '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '%'
                )
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "_".to_string()
    } else {
        cleaned
    }
}

pub fn region_dir_name(code: &str, name: &str) -> String {
    safe_component(&format!("{code}-{name}"))
}

/// What a package's folder name says: series, year of issue, 期号, period, revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PackageName {
    pub series: String,
    pub issue_year: i32,
    pub issue_number: u32,
    pub period: Period,
    /// 1 for the first issue; 2, 3… for revisions.
    pub revision: u32,
}

impl PackageName {
    /// 文件编号: series, year and 期号, e.g. `社会工作简报-2024年第01期`.
    pub fn document_number(&self) -> String {
        format!(
            "{}-{}年第{:02}期",
            self.series, self.issue_year, self.issue_number
        )
    }

    /// The folder name, e.g. `社会工作简报-2024年第01期-2023` or `…-2023-r2`.
    pub fn dir_name(&self) -> String {
        let base = safe_component(&format!("{}-{}", self.document_number(), self.period));
        if self.revision > 1 {
            format!("{base}-r{}", self.revision)
        } else {
            base
        }
    }

    pub fn pdf_name(&self) -> String {
        format!("{}.pdf", self.dir_name())
    }

    /// Reads a folder name written by [`PackageName::dir_name`]; the series comes back
    /// as it appears in the name (after [`safe_component`]).
    pub fn parse(name: &str) -> Option<PackageName> {
        let (rest, revision) = match name.rsplit_once("-r") {
            Some((head, k)) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
                (head, k.parse::<u32>().ok().filter(|&r| r >= 2)?)
            }
            _ => (name, 1),
        };
        let (head, period) = rest.rsplit_once("期-")?;
        let period = period.parse::<Period>().ok()?;
        let (series_year, number) = head.rsplit_once("年第")?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let issue_number = number.parse::<u32>().ok().filter(|&n| n >= 1)?;
        let (series, year) = series_year.rsplit_once('-')?;
        if series.is_empty() || year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(PackageName {
            series: series.to_string(),
            issue_year: year.parse().ok()?,
            issue_number,
            period,
            revision,
        })
    }
}

/// A package in the archive, as its place says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    /// The bag folder.
    pub dir: PathBuf,
    /// The region folder's name (`<code>-<region>`).
    pub region: String,
    pub name: PackageName,
}

impl Filed {
    /// A package as it would be filed under `r/<region>/<year>/`, for unit tests.
    #[cfg(test)]
    pub(crate) fn example(
        region: &str,
        series: &str,
        year: i32,
        number: u32,
        period: &str,
        revision: u32,
    ) -> Filed {
        let name = PackageName {
            series: series.into(),
            issue_year: year,
            issue_number: number,
            period: period.parse().expect("a valid period"),
            revision,
        };
        Filed {
            dir: PathBuf::from(format!("r/{region}/{year}/{}", name.dir_name())),
            region: region.into(),
            name,
        }
    }

    /// The region's code, from its folder's name (`<code>-<region>`).
    pub fn region_code(&self) -> Option<&str> {
        self.region.split_once('-').map(|(code, _)| code)
    }
    pub fn pdf(&self) -> PathBuf {
        self.dir.join("data").join(self.name.pdf_name())
    }
    pub fn metadata(&self) -> PathBuf {
        self.dir.join("data").join(metadata::FILE)
    }
    /// The folder relative to the archive, with `/`, as the ledger and index name it.
    pub fn relative(&self) -> String {
        format!(
            "{}/{}/{}",
            self.region,
            self.name.issue_year,
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let name = PackageName {
            series: "社会工作简报".into(),
            issue_year: 2024,
            issue_number: 3,
            period: Period::Quarter(2023, 4),
            revision: 1,
        };
        assert_eq!(name.dir_name(), "社会工作简报-2024年第03期-2023-Q4");
        assert_eq!(name.document_number(), "社会工作简报-2024年第03期");
        assert_eq!(PackageName::parse(&name.dir_name()), Some(name.clone()));
        let revised = PackageName {
            revision: 2,
            period: Period::Month(2023, 11),
            ..name
        };
        assert_eq!(revised.dir_name(), "社会工作简报-2024年第03期-2023-11-r2");
        assert_eq!(
            revised.pdf_name(),
            "社会工作简报-2024年第03期-2023-11-r2.pdf"
        );
        assert_eq!(PackageName::parse(&revised.dir_name()), Some(revised));
        let dashed = PackageName {
            series: "a-r-b".into(),
            issue_year: 2024,
            issue_number: 12,
            period: Period::Year(2023),
            revision: 1,
        };
        assert_eq!(PackageName::parse(&dashed.dir_name()), Some(dashed));
        for bad in [
            "社会工作简报-2024年第01期-2023.pdf",
            "x",
            "社会工作简报-2024年第00期-2023",
            "社会工作简报-2024年第01期-2023-r1",
            "-2024年第01期-2023",
            "社会工作简报-24年第01期-2023",
        ] {
            assert_eq!(PackageName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hostile_names_stay_inside() {
        assert_eq!(safe_component("../../etc"), "_.._etc");
        assert!(!safe_component("a/b").contains('/'));
        assert_eq!(safe_component("50%\n"), "50__");
    }
}
