//! The one place the program reads the wall clock. `SOURCE_DATE_EPOCH` fixes it, so
//! that a run can be reproduced byte for byte.
//!
//! A reading outside the years [`EARLIEST_YEAR`]–[`LATEST_YEAR`] is refused: a clock
//! set decades ahead would give 期号 of a year not yet begun (and year 10000 names
//! that no reader can parse), and a service that ran once on it would wait for that
//! year before making anything again.

use crate::i18n::tr;
use chrono::{DateTime, Datelike, Utc};

/// The first year the program accepts a clock reading in.
pub const EARLIEST_YEAR: i32 = 2000;
/// The last year the program accepts a clock reading in.
pub const LATEST_YEAR: i32 = 2199;

pub fn now() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let time = text
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .ok_or_else(|| tr!("clock-epoch-not-a-time", text = text))?;
            sane(time).map_err(|why| tr!("clock-epoch-out-of-range", text = text, why = why))
        }
        Err(_) => sane(Utc::now()).map_err(|why| tr!("clock-system-out-of-range", why = why)),
    }
}

/// The reading itself when it lies in the accepted years, else why not (in words that
/// follow the clock's name). Pure.
pub fn sane(time: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&time.year()) {
        Ok(time)
    } else {
        Err(tr!(
            "clock-out-of-range",
            time = time.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            earliest = EARLIEST_YEAR,
            latest = LATEST_YEAR
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_years_are_accepted() {
        let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap();
        assert!(sane(at(1_704_420_000)).is_ok());
        assert!(sane(at(0)).unwrap_err().contains("1970-01-01"));
        assert!(sane(at(253_402_300_800))
            .unwrap_err()
            .contains("10000-01-01"));
    }
}
