//! Report periods: a month (`2023-11`), a quarter (`2023-Q4`) or a year (`2023`).

use crate::i18n::tr;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The length of a period, as named in schedules (`month`, `quarter`, `year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

/// A calendar period a briefing reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!("period-parse-error", text = self.0))]
pub struct PeriodParseError(pub String);

impl FromStr for Period {
    type Err = PeriodParseError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || PeriodParseError(text.to_string());
        let year_of = |s: &str| -> Result<i32, PeriodParseError> {
            if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
                let year: i32 = s.parse().map_err(|_| bad())?;
                if (1900..=2999).contains(&year) {
                    return Ok(year);
                }
            }
            Err(bad())
        };
        let text_trimmed = text.trim();
        match text_trimmed.split_once('-') {
            None => Ok(Period::Year(year_of(text_trimmed)?)),
            Some((year, rest)) => {
                let year = year_of(year)?;
                if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
                    match q {
                        "1" | "2" | "3" | "4" => Ok(Period::Quarter(year, q.parse().unwrap_or(1))),
                        _ => Err(bad()),
                    }
                } else if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
                    let month: u32 = rest.parse().map_err(|_| bad())?;
                    if (1..=12).contains(&month) {
                        Ok(Period::Month(year, month))
                    } else {
                        Err(bad())
                    }
                } else {
                    Err(bad())
                }
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A bare year is read by YAML as a number, so accept both.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a period such as 2023, 2023-Q4 or 2023-11")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Period, E> {
                v.to_string().parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Period, E> {
                v.to_string().parse().map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Period, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl Period {
    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
        }
    }

    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        let (y, m) = match *self {
            Period::Year(y) => (y, 1),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1),
            Period::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("periods hold valid months")
    }

    /// First day after the period.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.next().start()
    }

    /// Last day of the period.
    pub fn last_day(&self) -> NaiveDate {
        self.end_exclusive()
            .pred_opt()
            .expect("periods are far from the calendar's start")
    }

    pub fn next(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y + 1),
            Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::Month(y, 12) => Period::Month(y + 1, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
        }
    }

    pub fn previous(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Month(y, 1) => Period::Month(y - 1, 12),
            Period::Month(y, m) => Period::Month(y, m - 1),
        }
    }

    /// The period of `kind` that contains `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        match kind {
            PeriodKind::Year => Period::Year(date.year()),
            PeriodKind::Quarter => Period::Quarter(date.year(), (date.month() - 1) / 3 + 1),
            PeriodKind::Month => Period::Month(date.year(), date.month()),
        }
    }

    /// The months the period spans, in order.
    pub fn months(&self) -> Vec<Period> {
        match *self {
            Period::Month(..) => vec![*self],
            Period::Quarter(y, q) => (1..=3).map(|i| Period::Month(y, (q - 1) * 3 + i)).collect(),
            Period::Year(y) => (1..=12).map(|m| Period::Month(y, m)).collect(),
        }
    }

    /// Whether `other` lies inside this period (a period contains itself).
    pub fn contains(&self, other: &Period) -> bool {
        self.start() <= other.start() && other.end_exclusive() <= self.end_exclusive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_kind() {
        for text in ["2023", "2023-Q4", "2023-11", "2024-01"] {
            assert_eq!(text.parse::<Period>().unwrap().to_string(), text);
        }
        for bad in [
            "23",
            "2023-13",
            "2023-Q5",
            "2023-1",
            "二〇二三",
            "2023/11",
            "",
            "2023-Q",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn steps_across_year_ends() {
        assert_eq!(Period::Month(2023, 12).next(), Period::Month(2024, 1));
        assert_eq!(
            Period::Quarter(2024, 1).previous(),
            Period::Quarter(2023, 4)
        );
        assert_eq!(
            Period::Quarter(2023, 4).last_day(),
            NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
        );
        assert_eq!(Period::Quarter(2023, 2).months().len(), 3);
        assert!(Period::Year(2023).contains(&Period::Month(2023, 7)));
        assert!(!Period::Quarter(2023, 1).contains(&Period::Month(2023, 4)));
    }
}
