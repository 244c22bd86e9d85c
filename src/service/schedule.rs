//! Which reports are due: a pure function of (config, what the archive holds, what
//! the service remembers, now). tokio-cron-scheduler only emits ticks; every decision
//! is made here, so tests drive it with injected times.
//!
//! A firing at local time t reports on the period of the schedule's kind that closed
//! before t (a monthly firing on 1 December reports November).

use crate::config::{Config, Schedule};
use crate::model::period::Period;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// One report that fell due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    /// When it first fell due (the earliest firing that reports on this period).
    pub fired_at: DateTime<Utc>,
    pub region: String,
    pub period: Period,
    pub schedule: String,
}

/// What to do now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// To make now, oldest first.
    pub make: Vec<Due>,
    /// Fell due before the catch-up horizon and never filed: listed, not made.
    pub too_old: Vec<Due>,
}

/// Whether a due report still without data should now be recorded as missing.
pub fn past_deadline(config: &Config, due: &Due, now: DateTime<Utc>) -> bool {
    // Checked: a config out of range (refused by the config check, but a library
    // caller may build one) saturates instead of panicking.
    let deadline = Duration::try_days(config.service.late_data_days as i64)
        .and_then(|d| due.fired_at.checked_add_signed(d));
    deadline.is_some_and(|deadline| now > deadline)
}

/// The period a firing at `at` reports on.
pub fn period_for_firing(schedule: &Schedule, tz: chrono_tz::Tz, at: DateTime<Utc>) -> Period {
    Period::containing(schedule.period, at.with_timezone(&tz).date_naive()).previous()
}

/// The first firing of each reported period in (`from`, `to`], oldest first. Skips from
/// period to period rather than visiting every firing, so a schedule that fires every
/// second still costs one step per period.
pub fn firings(
    schedule: &Schedule,
    tz: chrono_tz::Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, Period)> {
    let mut out = Vec::new();
    let mut cursor = from.with_timezone(&tz);
    while let Ok(next) = schedule.cron.find_next_occurrence(&cursor, false) {
        let next_utc = next.with_timezone(&Utc);
        if next_utc > to {
            break;
        }
        let period = period_for_firing(schedule, tz, next_utc);
        out.push((next_utc, period));
        // The next different period is reported from the period after the one this
        // firing fell in: jump to just before its start.
        let next_start = period
            .next()
            .next()
            .start()
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists");
        let jump = tz
            .from_local_datetime(&next_start)
            .earliest()
            .and_then(|t| t.checked_sub_signed(Duration::seconds(1)));
        match jump {
            Some(j) if j > next => cursor = j,
            _ => cursor = next,
        }
        if out.len() > 100_000 {
            break;
        }
    }
    out
}

/// What the service remembers between runs about reports it could not make yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Memory {
    /// Recorded as missing: due, no data by the deadline.
    #[serde(default)]
    pub missing: BTreeSet<(String, Period)>,
}

/// Decides what to make at `now`. `filed` holds (region, period) already archived.
pub fn plan(
    config: &Config,
    filed: &BTreeSet<(String, Period)>,
    memory: &Memory,
    now: DateTime<Utc>,
) -> Plan {
    let settings = &config.service;
    // Checked: the config check bounds catch_up_days, but a date before the calendar's
    // start falls back to 1970 rather than panicking a tick.
    let back = |from: DateTime<Utc>, days: i64| {
        Duration::try_days(days)
            .and_then(|d| from.checked_sub_signed(d))
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    };
    let horizon = back(now, settings.catch_up_days as i64);
    // Look back far enough to list what is too old, but not without bound.
    let look_back = back(horizon, 400);
    let mut earliest: BTreeMap<(String, Period), Due> = BTreeMap::new();
    for schedule in &config.schedules {
        for (fired_at, period) in firings(schedule, config.timezone, look_back, now) {
            for region in schedule.region_codes(config) {
                let key = (region.to_string(), period);
                let due = Due {
                    fired_at,
                    region: region.to_string(),
                    period,
                    schedule: schedule.name.clone(),
                };
                earliest
                    .entry(key)
                    .and_modify(|d| {
                        if due.fired_at < d.fired_at {
                            *d = due.clone()
                        }
                    })
                    .or_insert(due);
            }
        }
    }
    let mut plan = Plan::default();
    for (key, due) in earliest {
        if filed.contains(&key) || memory.missing.contains(&key) {
            continue;
        }
        if due.fired_at < horizon {
            plan.too_old.push(due);
        } else {
            plan.make.push(due);
        }
    }
    for list in [&mut plan.make, &mut plan.too_old] {
        list.sort_by(|a, b| {
            (a.period.end_exclusive(), a.fired_at, &a.region).cmp(&(
                b.period.end_exclusive(),
                b.fired_at,
                &b.region,
            ))
        });
    }
    plan
}

/// The next `n` fire times of a schedule after `now`, in its time zone.
pub fn next_fires(
    schedule: &Schedule,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    n: usize,
) -> Vec<DateTime<chrono_tz::Tz>> {
    let mut out = Vec::new();
    let mut cursor = now.with_timezone(&tz);
    while out.len() < n {
        match schedule.cron.find_next_occurrence(&cursor, false) {
            Ok(t) => {
                out.push(t);
                cursor = t;
            }
            Err(_) => break,
        }
    }
    out
}
