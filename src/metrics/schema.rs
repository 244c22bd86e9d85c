//! The fields of a metrics file, as docs/metrics-format.md documents them.

use super::figure::*;
use crate::model::digest::SourceDigest;
use crate::model::period::Period;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::path::PathBuf;

/// Administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    County,
}

/// Whether the figures are published facts or invented for illustration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataStatus {
    Published,
    Illustrative,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: Spanned<String>,
    /// GB/T 2260 administrative code, six digits, quoted.
    pub code: Spanned<String>,
    pub level: Level,
    /// Name of the parent region (e.g. 湖南省), used for 居全省第二.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub parent_code: Option<String>,
    /// Resident population, persons.
    #[serde(default)]
    pub population: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCount {
    /// The field of service, e.g. 禁毒, 养老, 儿童.
    pub field: String,
    pub count: Spanned<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Honour {
    pub title: String,
    pub count: Spanned<Figure>,
    /// Some or all of the people honoured (李某, 王某), printed before the honour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// Social-work posts at the end of the period.
    #[serde(default)]
    pub posts: Option<Spanned<Figure>>,
    /// Posts created during the period.
    #[serde(default)]
    pub new_posts: Option<Spanned<Figure>>,
    #[serde(default)]
    pub new_posts_by_field: Vec<FieldCount>,
    /// Social workers employed at the end of the period, persons.
    #[serde(default)]
    pub workers: Option<Spanned<Figure>>,
    #[serde(default)]
    pub honours: Vec<Honour>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub name: String,
    /// Yuan; leave out when the split is not known.
    #[serde(default)]
    pub amount_yuan: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// All funds put in during the period, yuan.
    #[serde(default)]
    pub total_yuan: Option<Spanned<Figure>>,
    #[serde(default)]
    pub channels: Vec<Channel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// 助理社会工作师, 社会工作师, 高级社会工作师.
    pub title: String,
    /// Yuan per month.
    pub monthly_yuan: Spanned<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedRank {
    /// 1 = first.
    pub rank: Spanned<Figure>,
    /// What was ranked, e.g. 通过人数占常住人口比例.
    pub basis: String,
    /// The peer group, e.g. 全省.
    pub among: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certification {
    /// Persons registered for the national exam.
    #[serde(default)]
    pub registrants: Option<Spanned<Figure>>,
    /// Persons who passed.
    #[serde(default)]
    pub passes: Option<Spanned<Figure>>,
    /// Percent of workers holding a certificate, 0–100.
    #[serde(default)]
    pub certified_share_percent: Option<Spanned<Figure>>,
    /// Rank among peers as published, when peers' data is not on file.
    #[serde(default)]
    pub rank: Option<StatedRank>,
    #[serde(default)]
    pub allowances: Vec<Allowance>,
    /// Figures the source states are record highs (`registrants`, `passes`) when the
    /// earlier years are not on file.
    #[serde(default)]
    pub record_highs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    /// Person-times trained during the period.
    #[serde(default)]
    pub person_times: Option<Spanned<Figure>>,
    /// Months of free pre-exam training.
    #[serde(default)]
    pub pre_exam_months: Option<Spanned<Figure>>,
    /// Days of the yearly central training.
    #[serde(default)]
    pub central_training_days: Option<Spanned<Figure>>,
    /// Minimum training hours per frontline worker per year.
    #[serde(default)]
    pub training_hours_per_worker: Option<Spanned<Figure>>,
    /// Minimum supervision hours per frontline worker per year.
    #[serde(default)]
    pub supervision_hours_per_worker: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationLevel {
    /// E.g. 乡镇（街道）社会工作站, 村（社区）社会工作室.
    pub level: String,
    pub built: Spanned<Figure>,
    #[serde(default)]
    pub total: Option<Spanned<Figure>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What is to be reached, as a phrase: 村（社区）社会工作服务全覆盖.
    pub description: String,
    /// The station level it counts, when it is a count of stations.
    #[serde(default)]
    pub level: Option<String>,
    /// The number to reach.
    #[serde(default)]
    pub goal: Option<Spanned<Figure>>,
    /// When the target was set (start of the schedule).
    #[serde(default, deserialize_with = "optional_date")]
    pub set_on: Option<chrono::NaiveDate>,
    #[serde(deserialize_with = "date")]
    pub deadline: chrono::NaiveDate,
}

/// A date as `YYYY-MM-DD`, saying so when the date does not exist (2023-02-30)
/// instead of chrono's "input is out of range".
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<chrono::NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    parse_date(&text).map_err(serde::de::Error::custom)
}

fn optional_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    date(d).map(Some)
}

pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let numbers: Option<Vec<u32>> = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            parts.iter().map(|p| p.parse::<u32>().ok()).collect()
        }
        _ => None,
    };
    let Some([y, m, d]) = numbers.as_deref().map(|n| [n[0], n[1], n[2]]) else {
        return Err(crate::tr!("date-not-a-date", text = t));
    };
    if let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d) {
        return Ok(date);
    }
    if !(1..=12).contains(&m) {
        return Err(crate::tr!("date-no-month", text = t, month = m));
    }
    let days = (28..=31)
        .rev()
        .find(|&n| chrono::NaiveDate::from_ymd_opt(y as i32, m, n).is_some())
        .unwrap_or(28);
    Err(crate::tr!(
        "date-no-day",
        text = t,
        month = m,
        year = crate::i18n::show(y),
        days = days
    ))
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stations {
    #[serde(default)]
    pub levels: Vec<StationLevel>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// Figures of one subordinate region (county, district), for the table by county.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subregion {
    pub name: String,
    /// Social workers, persons.
    #[serde(default)]
    pub workers: Option<Spanned<Figure>>,
    /// Township stations built.
    #[serde(default)]
    pub stations_built: Option<Spanned<Figure>>,
    /// Township stations to build.
    #[serde(default)]
    pub stations_total: Option<Spanned<Figure>>,
}

/// Everything filed for one region and one period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    pub data_status: DataStatus,
    /// Where published figures come from.
    #[serde(default)]
    pub source: Option<String>,
    pub region: Region,
    pub period: Spanned<Period>,
    #[serde(default)]
    pub staffing: Staffing,
    #[serde(default)]
    pub funding: Funding,
    #[serde(default)]
    pub certification: Certification,
    #[serde(default)]
    pub training: Training,
    #[serde(default)]
    pub stations: Stations,
    /// Figures by county (district), for the table by county.
    #[serde(default)]
    pub subregions: Vec<Subregion>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub next_steps: Vec<String>,
}

/// A checked metrics file and where it came from.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub file: PathBuf,
    pub data: MetricsFile,
    /// SHA-256 and size of the bytes the data was parsed from: the archive records
    /// what a briefing was made from, not what the file holds by the time it is filed.
    pub source: SourceDigest,
    /// Long passages its free text holds twice (a warning, see [`super::repeats`]).
    pub repeats: Vec<super::repeats::Repeat>,
}

impl Metrics {
    pub fn code(&self) -> &str {
        &self.data.region.code.value
    }
    pub fn name(&self) -> &str {
        &self.data.region.name.value
    }
    pub fn period(&self) -> Period {
        self.data.period.value
    }
}
