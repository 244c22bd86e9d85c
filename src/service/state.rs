//! What the service remembers between runs, in `.service-state.json` beside the archive:
//! what is waiting for data or was recorded missing, and what the last step did.

use super::schedule::Memory;
use super::step::StepReport;
use crate::archive::{durable, ArchiveError};
use crate::config::Config;
use crate::model::period::Period;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What the service keeps on disk between runs, next to the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceState {
    #[serde(default)]
    pub memory: Memory,
    #[serde(default)]
    pub last_run: Option<StepReport>,
}

/// What a state from a clock that was ahead held that cannot be true at `now`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Future {
    /// The last run, recorded after `now`.
    pub last_run: Option<DateTime<Utc>>,
    /// Periods recorded missing that cannot have passed their data deadline by `now`.
    pub missing: Vec<(String, Period)>,
}

impl Future {
    pub fn is_empty(&self) -> bool {
        self.last_run.is_none() && self.missing.is_empty()
    }
}

/// How far ahead of the clock a last run may be before it counts as from the future
/// (clocks of one machine disagree by a few seconds; NTP steps by less).
const SLACK_MINUTES: i64 = 5;

impl ServiceState {
    /// What in this state lies after `now`: a last run recorded later, and periods
    /// recorded missing whose deadline (end of the period plus `late_data_days`) has
    /// not come. Such a state was written while the clock was ahead. Pure.
    pub fn future(&self, config: &Config, now: DateTime<Utc>) -> Future {
        let today = now.with_timezone(&config.timezone).date_naive();
        let late = chrono::Duration::days(config.service.late_data_days as i64);
        Future {
            last_run: self.last_run.as_ref().and_then(|r| r.at).filter(|at| {
                now.checked_add_signed(chrono::Duration::minutes(SLACK_MINUTES))
                    .is_some_and(|limit| *at > limit)
            }),
            missing: self
                .memory
                .missing
                .iter()
                .filter(|(_, period)| {
                    period
                        .end_exclusive()
                        .checked_add_signed(late)
                        .is_none_or(|deadline| deadline > today)
                })
                .cloned()
                .collect(),
        }
    }

    /// Forgets what [`ServiceState::future`] finds; the archive, not this state, says
    /// what was filed, so nothing is made twice.
    pub fn discard(&mut self, future: &Future) {
        if future.last_run.is_some() {
            self.last_run = None;
        }
        for key in &future.missing {
            self.memory.missing.remove(key);
        }
    }
}

pub fn state_path(archive_dir: &Path) -> PathBuf {
    archive_dir.join(".service-state.json")
}

pub fn load_state(archive_dir: &Path) -> ServiceState {
    let path = state_path(archive_dir);
    // The service's own file, but read like an input: a regular file of sane size.
    match crate::yaml::read_capped(&path, 16 * crate::yaml::MAX_YAML_BYTES) {
        Ok(text) => serde_json::from_slice(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), "service state unreadable ({e}); starting afresh");
            ServiceState::default()
        }),
        Err(crate::yaml::CappedReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            ServiceState::default()
        }
        Err(e) => {
            tracing::warn!(path = %path.display(), "service state unreadable ({e}); starting afresh");
            ServiceState::default()
        }
    }
}

/// Saves the state atomically and durably, as the archive saves its index.
pub fn save_state(archive_dir: &Path, state: &ServiceState) -> Result<(), ArchiveError> {
    let text = serde_json::to_vec_pretty(state).expect("the service state serialises");
    durable::replace(&state_path(archive_dir), &text)
}
