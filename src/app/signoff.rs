//! Sign-off (签发): with `approval: required`, a run makes a draft (送审稿) instead of
//! issuing; `approve` issues it, `reject` sends it back with a reason. Approving files
//! the package through the same path as a run (the same lock, the same 期号
//! assignment, the same crash safety), so that one period still has one issue.

use crate::app::batch::render_caught;
use crate::app::engine::{Approved, Engine, Mode, Next, Outcome, RunError};
use crate::archive::drafts::{self, Found, State};
use crate::archive::{self, ArchiveError};
use crate::config::Config;
use crate::i18n::tr;
use crate::model::period::Period;
use crate::model::problem::Problems;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;

/// Why a draft could not be approved or rejected.
#[derive(Debug)]
pub enum SignoffError {
    /// The region is not in the config.
    UnknownRegion {
        code: String,
        config: PathBuf,
    },
    /// There is no draft of that period (and it is not issued either).
    NoDraft {
        code: String,
        period: String,
    },
    /// The period is issued already.
    AlreadyIssued {
        code: String,
        period: String,
        issue: String,
        package: PathBuf,
    },
    /// The metrics changed after the draft was made.
    DataChanged {
        code: String,
        period: String,
        made_at: String,
    },
    /// The region's metrics cannot be read.
    Metrics(Problems),
    Run(RunError),
}

impl From<RunError> for SignoffError {
    fn from(e: RunError) -> Self {
        SignoffError::Run(e)
    }
}

impl From<ArchiveError> for SignoffError {
    fn from(e: ArchiveError) -> Self {
        SignoffError::Run(RunError::Archive(e))
    }
}

impl fmt::Display for SignoffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            SignoffError::UnknownRegion { code, config } => tr!(
                "signoff-error-region",
                code = code,
                config = config.display()
            ),
            SignoffError::NoDraft { code, period } => {
                tr!("signoff-error-no-draft", code = code, period = period)
            }
            SignoffError::AlreadyIssued {
                code,
                period,
                issue,
                package,
            } => tr!(
                "signoff-error-issued",
                code = code,
                period = period,
                issue = issue,
                package = package.display()
            ),
            SignoffError::DataChanged {
                code,
                period,
                made_at,
            } => tr!(
                "signoff-error-data-changed",
                code = code,
                period = period,
                made_at = made_at
            ),
            SignoffError::Metrics(problems) => problems.to_string(),
            SignoffError::Run(e) => e.to_string(),
        };
        f.write_str(&text)
    }
}

/// The 期号 as printed in messages (two digits, and the revision when there is one).
fn issue_text(issue_number: u32, revision: u32) -> String {
    if revision > 1 {
        format!("{issue_number:02}（r{revision}）")
    } else {
        format!("{issue_number:02}")
    }
}

/// The newest package of `period` for region `code` in the config's series, if the
/// period is issued.
fn issued_package(
    config: &Config,
    code: &str,
    period: &Period,
) -> Result<Option<archive::Filed>, ArchiveError> {
    let filed: Vec<archive::Filed> = archive::list_archive(&config.archive_dir)?
        .filed
        .into_iter()
        .filter(|f| f.region.split('-').next() == Some(code))
        .collect();
    // The newest revision of the period's issue.
    let first = archive::latest_for(&filed, &config.series, period).cloned();
    Ok(first.map(|first| {
        filed
            .into_iter()
            .filter(|f| {
                f.name.issue_number == first.name.issue_number
                    && f.name.period == first.name.period
                    && f.name.issue_year == first.name.issue_year
            })
            .max_by_key(|f| f.name.revision)
            .unwrap_or(first)
    }))
}

/// `sw-briefing approve`: issues the draft of `period` for region `code`, approved by
/// `by` on `date` (today in the config's zone when `None`), which becomes the date in
/// its masthead. Refused when there is no draft, when the period is issued already,
/// and when the metrics are no longer those the draft was made from.
pub fn approve(
    engine: &Engine,
    code: &str,
    period: Period,
    by: &str,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Outcome, SignoffError> {
    let config = &engine.config;
    let job = config
        .region(code)
        .ok_or_else(|| SignoffError::UnknownRegion {
            code: code.to_string(),
            config: config.file.clone(),
        })?;
    let period_text = period.to_string();
    let lock = archive::lock(&config.archive_dir)?;
    lock.recover(now)?;
    let codes = BTreeSet::from([code.to_string()]);
    let loaded = engine.load_metrics(now, Some(&codes), Some(period));
    if loaded.tainted.contains(code) {
        return Err(SignoffError::Metrics(loaded.problems));
    }
    let store = &loaded.store;
    let found = drafts::find(lock.root(), code, &period_text)?;
    let revise = found.as_ref().is_some_and(|f| f.draft.revises.is_some());
    let mut pending =
        match engine.decide(&lock, store, job, Some(period), now, revise, Mode::Approve)? {
            Next::Done(Outcome::Existing { .. } | Outcome::Changed { .. }) => {
                return Err(no_draft(config, code, &period)?);
            }
            Next::Done(other) => return Ok(other),
            Next::Make(pending) => pending,
        };
    let Some(found) = found else {
        return Err(SignoffError::NoDraft {
            code: code.to_string(),
            period: period_text,
        });
    };
    if found.draft.inputs_sha256 != pending.inputs_sha256 {
        return Err(SignoffError::DataChanged {
            code: code.to_string(),
            period: period_text,
            made_at: found.draft.made_at.clone(),
        });
    }
    let local = now.with_timezone(&config.timezone);
    pending.approved = Some(Approved {
        by: by.to_string(),
        date: date.unwrap_or(local.date_naive()),
        at: local.fixed_offset(),
    });
    let rendered = render_caught(engine, store, &pending, now)?;
    let outcome = engine.file_pending(&lock, &pending, rendered, now)?;
    crate::faults::pause_at("approved-filed");
    // The package is filed and recorded: the draft is done with. Should this fail (or
    // the process be killed first), the next run removes it (its period is issued).
    if let Err(e) = drafts::remove(&found.dir) {
        tracing::warn!("{}", e.headline());
    }
    lock.write_index()?;
    Ok(outcome)
}

/// `sw-briefing reject`: marks the draft of `period` for region `code` rejected, with
/// the reason; it stays until its data change (a run then makes it again) or it is
/// approved. Returns the draft.
pub fn reject(
    config: &Config,
    code: &str,
    period: Period,
    reason: &str,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Found, SignoffError> {
    if config.region(code).is_none() {
        return Err(SignoffError::UnknownRegion {
            code: code.to_string(),
            config: config.file.clone(),
        });
    }
    let period_text = period.to_string();
    let lock = archive::lock(&config.archive_dir)?;
    let Some(mut found) = drafts::find(lock.root(), code, &period_text)? else {
        return Err(no_draft(config, code, &period)?);
    };
    found.draft.state = State::Rejected;
    found.draft.reason = Some(reason.to_string());
    found.draft.rejected_by = by.map(str::to_string);
    found.draft.rejected_at = Some(
        now.with_timezone(&config.timezone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    );
    drafts::save(&found.dir, &found.draft)?;
    Ok(found)
}

/// The state of a draft in words.
pub fn state_text(draft: &drafts::Draft) -> String {
    match draft.state {
        State::Pending => tr!("signoff-state-pending"),
        State::Rejected => tr!("signoff-state-rejected"),
    }
}

/// The drafts as a table (`sw-briefing drafts`, and the drafts section of `status`):
/// region, period, state, when made, and the reason of a rejection.
pub fn drafts_table(list: &[Found]) -> String {
    use std::fmt::Write;
    let header = [
        tr!("signoff-column-region"),
        tr!("signoff-column-period"),
        tr!("signoff-column-state"),
        tr!("signoff-column-made"),
        tr!("signoff-column-reason"),
    ];
    let rows: Vec<[String; 5]> = list
        .iter()
        .map(|f| {
            let d = &f.draft;
            let reason = match (&d.reason, &d.rejected_by, &d.rejected_at) {
                (Some(reason), Some(by), at) if d.state == State::Rejected => tr!(
                    "signoff-reason",
                    reason = reason,
                    by = by,
                    at = at.clone().unwrap_or_default()
                ),
                (Some(reason), None, at) if d.state == State::Rejected => tr!(
                    "signoff-reason-unnamed",
                    reason = reason,
                    at = at.clone().unwrap_or_default()
                ),
                _ => String::new(),
            };
            [
                format!("{} {}", d.region_code, d.region_name),
                d.period.clone(),
                state_text(d),
                d.made_at.clone(),
                reason,
            ]
        })
        .collect();
    // Columns padded by display width: a Chinese character takes two columns.
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
            .sum()
    };
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        let _ = writeln!(out, "  {}", line.trim_end());
    }
    out
}

/// A line for a draft made or found by a run: where it is and how to approve it.
pub fn drafted_note(code: &str, period: &Period, remade: bool) -> String {
    let period = period.to_string();
    if remade {
        tr!("signoff-note-drafted", code = code, period = period)
    } else {
        tr!("signoff-note-draft-current", code = code, period = period)
    }
}

/// Why a period has no draft to approve or reject: it is issued already (named by its
/// 期号 and package), or there never was one.
fn no_draft(config: &Config, code: &str, period: &Period) -> Result<SignoffError, SignoffError> {
    Ok(match issued_package(config, code, period)? {
        Some(filed) => SignoffError::AlreadyIssued {
            code: code.to_string(),
            period: period.to_string(),
            issue: issue_text(filed.name.issue_number, filed.name.revision),
            package: filed.dir,
        },
        None => SignoffError::NoDraft {
            code: code.to_string(),
            period: period.to_string(),
        },
    })
}
