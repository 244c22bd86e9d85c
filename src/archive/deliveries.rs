//! Deliveries as the ledger records them: for each package, channel and recipient, the
//! last word of its `delivery_attempt`, `delivered` and `delivery_failed` lines. Pure:
//! the delivery module decides from this what is due, and `verify` and `status` show
//! what was given up.

use super::ledger::{Event, Kind};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// One delivery: a package to one recipient of one channel.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The package folder, relative to the archive (as the ledger names it).
    pub package: String,
    pub channel: String,
    pub recipient: String,
}

/// Where a delivery stands after the ledger's lines about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Recorded as delivered: never sent again.
    Delivered {
        line: usize,
        possible_duplicate: bool,
    },
    /// An attempt was recorded without its outcome: the run was stopped between the
    /// two lines, so the copy may or may not have gone out.
    Interrupted { line: usize, attempt: u32 },
    /// The last attempt failed.
    Failed {
        line: usize,
        attempt: u32,
        /// When the next attempt is due; `None` when the line did not say.
        next_retry: Option<DateTime<Utc>>,
        gave_up: bool,
        error: String,
    },
}

impl State {
    /// How many attempts were made (recorded), the one interrupted included.
    pub fn attempts(&self) -> u32 {
        match self {
            State::Delivered { .. } => 0,
            State::Interrupted { attempt, .. } | State::Failed { attempt, .. } => *attempt,
        }
    }
}

/// The key of a delivery event; `None` for other events and for a delivery line that
/// lacks its package, channel or recipient (`verify` names such lines).
pub fn key_of(event: &Event) -> Option<Key> {
    if !matches!(
        event.event,
        Kind::DeliveryAttempt | Kind::Delivered | Kind::DeliveryFailed
    ) {
        return None;
    }
    Some(Key {
        package: event.package.clone()?,
        channel: event.channel.clone()?,
        recipient: event.recipient.clone()?,
    })
}

/// The state of every delivery the ledger mentions. Once delivered, a delivery stays
/// delivered whatever follows.
pub fn states(events: &[(usize, Event)]) -> BTreeMap<Key, State> {
    let mut out: BTreeMap<Key, State> = BTreeMap::new();
    for (line, event) in events {
        let Some(key) = key_of(event) else {
            continue;
        };
        if matches!(out.get(&key), Some(State::Delivered { .. })) {
            continue;
        }
        let before = out.get(&key).map(State::attempts).unwrap_or(0);
        let attempt = event.attempt.unwrap_or(before.max(1));
        let state = match event.event {
            Kind::Delivered => State::Delivered {
                line: *line,
                possible_duplicate: event.possible_duplicate == Some(true),
            },
            Kind::DeliveryAttempt => State::Interrupted {
                line: *line,
                attempt,
            },
            _ => State::Failed {
                line: *line,
                attempt,
                next_retry: event
                    .next_retry
                    .as_deref()
                    .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                    .map(|t| t.with_timezone(&Utc)),
                gave_up: event.gave_up == Some(true),
                error: event.error.clone().unwrap_or_default(),
            },
        };
        out.insert(key, state);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: Kind, recipient: &str, attempt: u32) -> Event {
        let mut e = Event::new(kind);
        e.package = Some("p".into());
        e.channel = Some("mail".into());
        e.recipient = Some(recipient.into());
        e.attempt = Some(attempt);
        e
    }

    #[test]
    fn the_last_word_counts_and_delivered_is_final() {
        let mut failed = event(Kind::DeliveryFailed, "a@x", 1);
        failed.next_retry = Some("2024-01-05T02:05:00Z".into());
        let events: Vec<(usize, Event)> = vec![
            event(Kind::DeliveryAttempt, "a@x", 1),
            failed,
            event(Kind::DeliveryAttempt, "a@x", 2),
            event(Kind::DeliveryAttempt, "b@x", 1),
            event(Kind::Delivered, "b@x", 1),
            event(Kind::DeliveryFailed, "b@x", 2),
            Event::new(Kind::Verified),
        ]
        .into_iter()
        .enumerate()
        .collect();
        let states = states(&events);
        let key = |r: &str| Key {
            package: "p".into(),
            channel: "mail".into(),
            recipient: r.into(),
        };
        assert_eq!(
            states[&key("a@x")],
            State::Interrupted {
                line: 2,
                attempt: 2
            }
        );
        assert_eq!(
            states[&key("b@x")],
            State::Delivered {
                line: 4,
                possible_duplicate: false
            }
        );
        assert_eq!(states.len(), 2);
    }
}
