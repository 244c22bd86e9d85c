//! Drafts waiting for approval (`approval: required`): one folder per region and
//! period under `drafts/`, holding the draft's PDF (送审稿, no 期号) and `draft.json`,
//! the facts it was made from. Drafts are not packages: they are not sealed, have no
//! ledger line and are not in the index; approving one files the package as a run does
//! and removes the draft.
//!
//! `draft.json` is written last, through a temp file and a rename: a crash leaves the
//! old draft or the new one. A draft whose period has been issued meanwhile (a crash
//! between filing and removing the draft) is removed by the next run.

use super::{durable, io, ArchiveError, DRAFTS};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The facts file of a draft.
pub const FILE: &str = "draft.json";
/// Identifies the layout of `draft.json`.
pub const SCHEMA: &str = "sw-briefing/draft/1";

/// Whether a draft waits for approval or was sent back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Pending,
    Rejected,
}

/// `draft.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub schema: String,
    pub region_code: String,
    pub region_name: String,
    pub period: String,
    /// The PDF's file name in the draft's folder.
    pub pdf: String,
    /// The digest of the metrics files it was made from (as a package's
    /// `inputs_sha256`): approving refuses when the data no longer give it.
    pub inputs_sha256: String,
    /// When it was made (RFC 3339, local time of the config's zone).
    pub made_at: String,
    /// A revision of an issued period (`--revise`): the package it would replace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<String>,
    pub state: State,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_at: Option<String>,
}

/// A draft on disk: its folder and its facts.
#[derive(Debug, Clone)]
pub struct Found {
    pub dir: PathBuf,
    pub draft: Draft,
}

impl Found {
    pub fn pdf(&self) -> PathBuf {
        self.dir.join(&self.draft.pdf)
    }
}

/// The folder of the draft of `period` for a region whose archive folder is
/// `region_dir` (`<code>-<name>`).
pub fn dir(root: &Path, region_dir: &str, period: &str) -> PathBuf {
    root.join(DRAFTS).join(region_dir).join(period)
}

/// The PDF's file name of a draft.
pub fn pdf_name(series: &str, period: &str) -> String {
    format!("{}-{period}-送审稿.pdf", super::safe_component(series))
}

fn read(dir: &Path) -> Result<Option<Draft>, ArchiveError> {
    let path = dir.join(FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path, "reading the draft's facts")(e)),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ArchiveError::Damaged {
            path,
            message: format!("is not a draft's facts file: {e}"),
            help: "remove the draft's folder and run `sw-briefing --now` for its region and period to make the draft again".into(),
        })
}

/// Every draft, by region folder and period.
pub fn list(root: &Path) -> Result<Vec<Found>, ArchiveError> {
    let top = root.join(DRAFTS);
    let mut out = Vec::new();
    let regions = match fs::read_dir(&top) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(&top, "reading the drafts folder")(e)),
    };
    let mut region_dirs: Vec<PathBuf> = regions
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    region_dirs.sort();
    for region in region_dirs {
        let mut periods: Vec<PathBuf> = fs::read_dir(&region)
            .map_err(io(&region, "reading the drafts folder"))?
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        periods.sort();
        for dir in periods {
            if let Some(draft) = read(&dir)? {
                out.push(Found { dir, draft });
            }
        }
    }
    Ok(out)
}

/// The draft of `period` for region `code`, if there is one.
pub fn find(root: &Path, code: &str, period: &str) -> Result<Option<Found>, ArchiveError> {
    Ok(list(root)?
        .into_iter()
        .find(|f| f.draft.region_code == code && f.draft.period == period))
}

/// Writes a draft: the PDF first, then its facts, each replacing the old one
/// atomically; a crash in between leaves facts that no longer match the data, and the
/// next run makes the draft again.
pub fn write(dir: &Path, pdf: &[u8], draft: &Draft) -> Result<(), ArchiveError> {
    durable::create_dirs(dir)?;
    durable::replace(&dir.join(&draft.pdf), pdf)?;
    save(dir, draft)
}

/// Rewrites a draft's facts (a rejection) atomically.
pub fn save(dir: &Path, draft: &Draft) -> Result<(), ArchiveError> {
    let text = serde_json::to_string_pretty(draft).expect("drafts serialize") + "\n";
    durable::replace(&dir.join(FILE), text.as_bytes())
}

/// Removes a draft's folder (once its period is issued), and its region's folder
/// when that is left empty.
pub fn remove(dir: &Path) -> Result<(), ArchiveError> {
    match fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(dir, "removing the draft of an issued period")(e)),
    }
    if let Some(region) = dir.parent() {
        // Only when empty: another period's draft may be there.
        let _ = fs::remove_dir(region);
        if let Some(top) = region.parent() {
            durable::sync_dir(top)?;
        }
        if region.is_dir() {
            durable::sync_dir(region)?;
        }
    }
    Ok(())
}
