//! One step of the service at a given time: plan what is due, make what has data (as
//! one batch), remember what waits for data or is missing, record what was done.

use super::schedule::{self, Due};
use super::state::{load_state, save_state};
use crate::app::batch;
use crate::app::engine::{Engine, Outcome, Request};
use crate::archive;
use crate::metrics::assemble;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};

/// What one step did, kept for `status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepReport {
    pub at: Option<DateTime<Utc>>,
    /// region/period of each report made, in order.
    pub made: Vec<String>,
    pub already_filed: Vec<String>,
    /// Due but without data yet; retried.
    pub waiting_for_data: Vec<String>,
    /// Recorded as missing in this step.
    pub given_up: Vec<String>,
    /// Fell due before the catch-up horizon: listed, not made.
    pub too_old: Vec<String>,
    pub failed: Vec<String>,
    /// The step stopped early because the service is shutting down.
    pub interrupted: bool,
    /// The state it found lay after the clock (see [`super::state::ServiceState::future`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_warning: Option<String>,
    /// Periods made from the parts on file after their data deadline, with the months
    /// still missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<String>,
    /// Deliveries made in this step (`package → channel recipient`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivered: Vec<String>,
    /// Deliveries that failed in this step; retried later (or given up).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery_failed: Vec<String>,
}

impl StepReport {
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }
}

/// What the metrics folder holds for a due period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataOnFile {
    /// Its own file, or finer files covering every month.
    Complete,
    /// Finer files, without these months: waited for like a missing file.
    Partial(Vec<crate::model::period::Period>),
    None,
}

/// What the metrics folder holds for `period` of a region.
pub fn data_on_file(
    store: &crate::metrics::MetricsStore,
    region: &str,
    period: crate::model::period::Period,
) -> DataOnFile {
    match assemble::resolve(store, region, period) {
        None => DataOnFile::None,
        Some((_, Some(assembly))) if !assembly.missing_months.is_empty() => {
            DataOnFile::Partial(assembly.missing_months)
        }
        Some(_) => DataOnFile::Complete,
    }
}

pub(crate) fn label(due: &Due) -> String {
    format!("{}/{}", due.region, due.period)
}

/// One step at `now`: make every due report that has data, oldest first.
pub fn step(engine: &Engine, now: DateTime<Utc>, stop: &AtomicBool) -> StepReport {
    let mut report = StepReport {
        at: Some(now),
        ..Default::default()
    };
    let archive_dir = &engine.config.archive_dir;
    for path in engine.book.newly_changed_files() {
        tracing::warn!(path = %path.display(), "this font file changed on disk since the service started; the service goes on with the font as it was loaded; restart the service to use the new file");
    }
    let mut state = load_state(archive_dir);
    // A state written while the clock was ahead (or read now with a clock that is
    // behind): its last run and the periods it recorded missing lie after now. They are
    // forgotten; what was filed is read from the archive, so nothing is made twice.
    let future = state.future(&engine.config, now);
    if !future.is_empty() {
        let missing: Vec<String> = future
            .missing
            .iter()
            .map(|(c, p)| format!("{c}/{p}"))
            .collect();
        let warning = format!(
            "the service state records {}{} after the clock now ({now}): the clock was ahead then, or is behind now; forgotten, continuing from the archive; check the system clock and SOURCE_DATE_EPOCH",
            future
                .last_run
                .map(|t| format!("a run at {t}"))
                .unwrap_or_default(),
            if missing.is_empty() {
                String::new()
            } else {
                format!(
                    "{}periods recorded missing before their deadline ({})",
                    if future.last_run.is_some() { " and " } else { "" },
                    missing.join(", ")
                )
            }
        );
        tracing::warn!("{warning}");
        state.discard(&future);
        report.clock_warning = Some(warning);
    }
    let loaded = engine.load_metrics_at(now);
    if !loaded.problems.is_empty() {
        tracing::error!(
            "metrics problems; the regions concerned are skipped this step:\n{}",
            loaded.problems
        );
    }
    let store = loaded.store;
    let filed = match archive::issued_periods(archive_dir, &engine.config.series) {
        Ok(f) => f,
        Err(e) => {
            tracing::error!("{e}");
            report.failed.push("archive".into());
            return report;
        }
    };
    let plan = schedule::plan(&engine.config, &filed, &state.memory, now);
    for due in &plan.too_old {
        tracing::warn!(region = %due.region, period = %due.period, "fell due before the catch-up horizon; not made (use --now --period to make it)");
        report.too_old.push(label(due));
    }
    let mut ready = Vec::new();
    for due in &plan.make {
        let Some(job) = engine.config.region(&due.region) else {
            continue;
        };
        if loaded.tainted.contains(&due.region) {
            report.failed.push(label(due));
            continue;
        }
        let data = data_on_file(&store, &due.region, due.period);
        if let DataOnFile::Partial(missing) = &data {
            let missing: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
            if schedule::past_deadline(&engine.config, due, now) {
                // Waited as long as for a missing file: made from the parts on file;
                // the briefing says which months it covers and which are missing.
                tracing::warn!(region = %due.region, period = %due.period, missing = %missing.join(", "), "the data deadline has passed; made from the months on file, without the missing ones");
                report
                    .partial
                    .push(format!("{} (without {})", label(due), missing.join(", ")));
            } else {
                tracing::info!(region = %due.region, period = %due.period, missing = %missing.join(", "), "due, waiting for the data of its missing months");
                report.waiting_for_data.push(label(due));
                continue;
            }
        }
        if data == DataOnFile::None {
            if schedule::past_deadline(&engine.config, due, now) {
                tracing::warn!(region = %due.region, period = %due.period, "no data by the deadline; recorded as missing");
                state
                    .memory
                    .missing
                    .insert((due.region.clone(), due.period));
                report.given_up.push(label(due));
            } else {
                tracing::info!(region = %due.region, period = %due.period, "due, waiting for data");
                report.waiting_for_data.push(label(due));
            }
            continue;
        }
        ready.push((
            Request {
                job,
                period: Some(due.period),
            },
            label(due),
        ));
    }
    // Made as one batch (rendered on all cores, filed in order); a stop request lets
    // the briefing being filed finish and files nothing after it.
    let requests: Vec<Request> = ready.iter().map(|(r, _)| *r).collect();
    let mut labels = ready.iter().map(|(_, l)| l.clone());
    let keep_going = || !stop.load(Ordering::SeqCst);
    let mut settled = 0;
    // Nothing due: the archive is not even locked (a long `--now` run may hold it).
    let batch = if requests.is_empty() {
        Ok(())
    } else {
        batch::issue_many(
            engine,
            &store,
            &requests,
            now,
            false,
            &keep_going,
            |_, result| {
                settled += 1;
                let label = labels.next().expect("one report per request");
                match result {
                    Ok(Outcome::Created { .. }) => report.made.push(label),
                    Ok(_) => report.already_filed.push(label),
                    Err(e) => {
                        tracing::error!(briefing = %label, "briefing failed: {e}");
                        report.failed.push(label);
                    }
                }
            },
        )
    };
    if let Err(e) = batch {
        tracing::error!("{e}");
        report.failed.extend(labels.by_ref());
    } else if settled < requests.len() {
        report.interrupted = true;
    }
    // What is filed goes to the delivery channels, also what earlier steps could not
    // deliver; a failed delivery never fails the step.
    if !engine.config.delivery.is_empty() && !stop.load(Ordering::SeqCst) {
        let deliveries = crate::delivery::run(&engine.config, now, false, &keep_going);
        if deliveries.busy {
            tracing::info!("{}", crate::delivery::messages::another_process_delivers());
        }
        if let Some(why) = &deliveries.stopped {
            tracing::error!("delivery stopped: {why}");
        }
        let target = |l: &crate::delivery::Line| crate::delivery::messages::target(&l.key);
        report.delivered = deliveries.delivered.iter().map(target).collect();
        report.delivery_failed = deliveries.failed.iter().map(target).collect();
    }
    tracing::info!(
        made = report.made.len(),
        waiting = report.waiting_for_data.len(),
        missing = report.given_up.len(),
        failed = report.failed.len(),
        too_old = report.too_old.len(),
        delivered = report.delivered.len(),
        delivery_failed = report.delivery_failed.len(),
        "run finished"
    );
    state.last_run = Some(report.clone());
    if let Err(e) = save_state(archive_dir, &state) {
        tracing::error!("cannot save the service state: {e}");
    }
    report
}
