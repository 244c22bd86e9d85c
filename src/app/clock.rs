//! The one place the program reads the wall clock. `SOURCE_DATE_EPOCH` fixes it, so
//! that a run can be reproduced byte for byte.

use chrono::{DateTime, Utc};

pub fn now() -> Result<DateTime<Utc>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH=`{text}` is not a Unix time in seconds")),
        Err(_) => Ok(Utc::now()),
    }
}
