//! What the service remembers between runs, in `.service-state.json` beside the archive:
//! what is waiting for data or was recorded missing, and what the last step did.

use super::schedule::Memory;
use super::step::StepReport;
use crate::archive::{durable, ArchiveError};
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
