//! The one place the program reads the wall clock. `SOURCE_DATE_EPOCH` fixes it, so
//! that a run can be reproduced byte for byte.
//!
//! A reading outside the years [`EARLIEST_YEAR`]–[`LATEST_YEAR`] is refused: a clock
//! set decades ahead would give 期号 of a year not yet begun (and year 10000 names
//! that no reader can parse), and a service that ran once on it would wait for that
//! year before making anything again.

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
                .ok_or_else(|| {
                    format!("SOURCE_DATE_EPOCH=`{text}` is not a Unix time in seconds\n  help: set it to seconds since 1970-01-01 UTC (e.g. `date +%s`), or unset it to use the system clock")
                })?;
            sane(time).map_err(|why| {
                format!("SOURCE_DATE_EPOCH=`{text}` {why}\n  help: set it to a time in those years (e.g. `date +%s`), or unset it to use the system clock")
            })
        }
        Err(_) => sane(Utc::now()).map_err(|why| {
            format!("the system clock {why}\n  help: set the clock right (`timedatectl`, or enable time synchronisation with NTP) and run again; nothing was made")
        }),
    }
}

/// The reading itself when it lies in the accepted years, else why not (in words that
/// follow the clock's name). Pure.
pub fn sane(time: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&time.year()) {
        Ok(time)
    } else {
        Err(format!(
            "reads {}, outside the years {EARLIEST_YEAR}–{LATEST_YEAR} that sw-briefing accepts",
            time.format("%Y-%m-%d %H:%M:%S UTC")
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
