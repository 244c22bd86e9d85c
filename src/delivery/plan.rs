//! What to deliver now: pure decisions from the ledger's word on each delivery, the
//! channel's limits and the clock.

use crate::archive::deliveries::State;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The longest wait between two attempts.
pub const MAX_BACKOFF_MINUTES: i64 = 24 * 60;

/// What to do about one delivery now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Recorded as delivered: nothing to do, ever.
    Done,
    /// Send now, as attempt `attempt`. `after_interrupt`: an earlier attempt was
    /// stopped before its outcome was recorded, so the recipient may already have it.
    Due { attempt: u32, after_interrupt: bool },
    /// Failed; the next attempt is due at `until`.
    Waiting { until: DateTime<Utc>, attempts: u32 },
    /// Failed `attempts` times, the channel's limit: shown, not retried unless asked.
    GivenUp { attempts: u32 },
}

/// The wait after the `failed`-th failure (from 1): `retry_minutes`, doubled after
/// each further failure, at most a day.
pub fn backoff(retry_minutes: u32, failed: u32) -> Duration {
    let doublings = failed.saturating_sub(1).min(20);
    let minutes = (retry_minutes.max(1) as i64).saturating_mul(1i64 << doublings);
    Duration::minutes(minutes.min(MAX_BACKOFF_MINUTES))
}

/// After attempt `attempt` failed at `now`: when to try again, or `None` when it was
/// the last one allowed.
pub fn after_failure(
    attempt: u32,
    max_attempts: u32,
    retry_minutes: u32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    (attempt < max_attempts).then(|| now + backoff(retry_minutes, attempt))
}

/// What to do about a delivery whose ledger state is `state`. `retry` (`deliver
/// --retry`): failed deliveries are tried now, also those waiting or given up.
pub fn decide(
    state: Option<&State>,
    max_attempts: u32,
    now: DateTime<Utc>,
    retry: bool,
) -> Decision {
    match state {
        None => Decision::Due {
            attempt: 1,
            after_interrupt: false,
        },
        Some(State::Delivered { .. }) => Decision::Done,
        // Never left undelivered: sent again, and recorded as a possible duplicate.
        Some(State::Interrupted { attempt, .. }) => Decision::Due {
            attempt: attempt + 1,
            after_interrupt: true,
        },
        Some(State::Failed {
            attempt,
            next_retry,
            gave_up,
            ..
        }) => {
            let due = Decision::Due {
                attempt: attempt + 1,
                after_interrupt: false,
            };
            if retry {
                due
            } else if *gave_up || *attempt >= max_attempts {
                Decision::GivenUp { attempts: *attempt }
            } else {
                match next_retry {
                    Some(until) if *until > now => Decision::Waiting {
                        until: *until,
                        attempts: *attempt,
                    },
                    _ => due,
                }
            }
        }
    }
}

/// Whether a package filed at `filed` is delivered by a channel that starts at `since`
/// (a local date), or, without one, delivers what was filed within `catch_up_days`
/// before `now`: a channel added to an archive of years does not mail every old issue.
pub fn in_window(
    filed: DateTime<Utc>,
    since: Option<NaiveDate>,
    tz: chrono_tz::Tz,
    catch_up_days: u32,
    now: DateTime<Utc>,
) -> bool {
    match since {
        Some(date) => filed.with_timezone(&tz).date_naive() >= date,
        None => filed >= now - Duration::days(catch_up_days as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_704_420_000 + minutes * 60, 0).unwrap()
    }

    #[test]
    fn backoff_doubles_up_to_a_day() {
        assert_eq!(backoff(5, 1), Duration::minutes(5));
        assert_eq!(backoff(5, 2), Duration::minutes(10));
        assert_eq!(backoff(5, 4), Duration::minutes(40));
        assert_eq!(backoff(5, 30), Duration::minutes(MAX_BACKOFF_MINUTES));
        assert_eq!(backoff(10080, u32::MAX), Duration::minutes(MAX_BACKOFF_MINUTES));
    }

    #[test]
    fn a_failure_waits_then_is_due_then_is_given_up() {
        let failed = |attempt, next: Option<i64>, gave_up| State::Failed {
            line: 1,
            attempt,
            next_retry: next.map(at),
            gave_up,
            error: String::new(),
        };
        assert_eq!(
            decide(Some(&failed(1, Some(5), false)), 3, at(0), false),
            Decision::Waiting {
                until: at(5),
                attempts: 1
            }
        );
        assert_eq!(
            decide(Some(&failed(1, Some(5), false)), 3, at(5), false),
            Decision::Due {
                attempt: 2,
                after_interrupt: false
            }
        );
        assert_eq!(
            decide(Some(&failed(1, Some(5), false)), 3, at(0), true),
            Decision::Due {
                attempt: 2,
                after_interrupt: false
            }
        );
        assert_eq!(
            decide(Some(&failed(3, None, true)), 3, at(0), false),
            Decision::GivenUp { attempts: 3 }
        );
        assert_eq!(
            decide(Some(&failed(3, None, true)), 3, at(0), true),
            Decision::Due {
                attempt: 4,
                after_interrupt: false
            }
        );
        assert_eq!(after_failure(2, 3, 5, at(0)), Some(at(10)));
        assert_eq!(after_failure(3, 3, 5, at(0)), None);
    }

    #[test]
    fn delivered_is_final_and_an_interrupted_attempt_is_sent_again() {
        let delivered = State::Delivered {
            line: 1,
            possible_duplicate: false,
        };
        assert_eq!(decide(Some(&delivered), 3, at(0), true), Decision::Done);
        assert_eq!(
            decide(None, 3, at(0), false),
            Decision::Due {
                attempt: 1,
                after_interrupt: false
            }
        );
        let interrupted = State::Interrupted {
            line: 1,
            attempt: 1,
        };
        assert_eq!(
            decide(Some(&interrupted), 1, at(0), false),
            Decision::Due {
                attempt: 2,
                after_interrupt: true
            }
        );
    }

    #[test]
    fn old_packages_are_outside_a_new_channel_s_window() {
        let tz = chrono_tz::Asia::Shanghai;
        assert!(in_window(at(0), None, tz, 92, at(60)));
        assert!(!in_window(at(0), None, tz, 92, at(93 * 24 * 60)));
        // 2024-01-05 10:00 in Shanghai.
        let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap();
        assert!(in_window(at(0), Some(day(5)), tz, 0, at(0)));
        assert!(!in_window(at(0), Some(day(6)), tz, 0, at(0)));
    }
}
