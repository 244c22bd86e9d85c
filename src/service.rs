//! The long-lived service: tokio-cron-scheduler emits ticks, and each tick runs one
//! step — plan what is due (src/schedule.rs), make it one report at a time, remember
//! what is waiting for data. Ticks that arrive while a step runs are merged into one.
//! SIGTERM or Ctrl-C lets the report in progress finish, within a grace period.

use crate::archive;
use crate::assemble;
use crate::pipeline::{Engine, Outcome, Request};
use crate::schedule::{self, Due, Memory};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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
}

impl StepReport {
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }
}

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
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), "service state unreadable ({e}); starting afresh");
            ServiceState::default()
        }),
        Err(_) => ServiceState::default(),
    }
}

fn save_state(archive_dir: &Path, state: &ServiceState) -> std::io::Result<()> {
    let path = state_path(archive_dir);
    let mut temp = tempfile::NamedTempFile::new_in(archive_dir)?;
    serde_json::to_writer_pretty(&mut temp, state)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// (region, period) of every briefing in the archive.
pub fn filed_set(
    engine: &Engine,
) -> Result<BTreeSet<(String, crate::period::Period)>, archive::ArchiveError> {
    let series = archive::safe_component(&engine.config.series);
    let listing = archive::list_archive(&engine.config.archive_dir)?;
    Ok(listing
        .filed
        .iter()
        .filter(|f| f.name.series == series)
        .filter_map(|f| {
            f.region
                .get(..6)
                .map(|code| (code.to_string(), f.name.period))
        })
        .collect())
}

fn label(due: &Due) -> String {
    format!("{}/{}", due.region, due.period)
}

/// One step at `now`: make every due report that has data, oldest first.
pub fn step(engine: &Engine, now: DateTime<Utc>, stop: &AtomicBool) -> StepReport {
    let mut report = StepReport {
        at: Some(now),
        ..Default::default()
    };
    let archive_dir = &engine.config.archive_dir;
    let mut state = load_state(archive_dir);
    if let Some(previous) = state.last_run.as_ref().and_then(|r| r.at) {
        if now + chrono::Duration::minutes(5) < previous {
            tracing::error!(%previous, %now, "the clock has moved backwards; nothing is made until it passes the last run again");
            report.failed.push("clock".into());
            return report;
        }
    }
    let loaded = engine.load_metrics_at(now);
    if !loaded.problems.is_empty() {
        tracing::error!(
            "metrics problems; the regions concerned are skipped this step:\n{}",
            loaded.problems
        );
    }
    let store = loaded.store;
    let filed = match filed_set(engine) {
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
        if assemble::resolve(&store, &due.region, due.period).is_none() {
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
        engine.issue_many(&store, &requests, now, false, &keep_going, |_, result| {
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
        })
    };
    if let Err(e) = batch {
        tracing::error!("{e}");
        report.failed.extend(labels.by_ref());
    } else if settled < requests.len() {
        report.interrupted = true;
    }
    tracing::info!(
        made = report.made.len(),
        waiting = report.waiting_for_data.len(),
        missing = report.given_up.len(),
        failed = report.failed.len(),
        too_old = report.too_old.len(),
        "run finished"
    );
    state.last_run = Some(report.clone());
    if let Err(e) = save_state(archive_dir, &state) {
        tracing::error!(path = %state_path(archive_dir).display(), "cannot save the service state: {e}");
    }
    report
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{path}: another sw-briefing service is already running on this archive\n  help: stop it first (systemctl stop sw-briefing), or point this one at another archive_dir")]
    AlreadyRunning { path: PathBuf },
    #[error("{path}: cannot lock the archive: {source}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the scheduler could not start: {0}")]
    Scheduler(String),
    #[error("{0}")]
    Archive(#[from] archive::ArchiveError),
}

/// Holds the service lock of an archive for the life of the service.
fn take_service_lock(archive_dir: &Path) -> Result<File, ServiceError> {
    std::fs::create_dir_all(archive_dir).map_err(|e| ServiceError::Lock {
        path: archive_dir.to_path_buf(),
        source: e,
    })?;
    let path = archive_dir.join(".service.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| ServiceError::Lock {
            path: path.clone(),
            source: e,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(ServiceError::AlreadyRunning { path }),
        Err(std::fs::TryLockError::Error(e)) => Err(ServiceError::Lock { path, source: e }),
    }
}

/// Runs until SIGTERM or Ctrl-C. `clock` is read at every tick.
///
/// After each step the service lets go of what only making briefings needs (printpdf's
/// parsed fonts, the font pages read) and calls `release_memory`, which asks the
/// allocator to hand freed memory back to the system, so that it waits small.
pub async fn serve(
    engine: Arc<Engine>,
    clock: fn() -> Result<DateTime<Utc>, String>,
    release_memory: fn(),
) -> Result<(), ServiceError> {
    let config = &engine.config;
    let _service_lock = take_service_lock(&config.archive_dir)?;
    {
        // Finish or clear what an interrupted run left, before the first tick.
        let lock = archive::lock(&config.archive_dir)?;
        lock.recover(clock().unwrap_or_else(|_| Utc::now()))?;
    }
    // Capacity 1 and try_send: a tick that arrives while one is queued is merged into it.
    let (tick_tx, mut tick_rx) = tokio::sync::mpsc::channel::<&'static str>(1);
    let mut scheduler = tokio_cron_scheduler::JobScheduler::new()
        .await
        .map_err(|e| ServiceError::Scheduler(e.to_string()))?;
    for s in &config.schedules {
        let tx = tick_tx.clone();
        let job = tokio_cron_scheduler::Job::new_async_tz(
            s.cron_with_seconds.as_str(),
            config.timezone,
            move |_, _| {
                let tx = tx.clone();
                Box::pin(async move {
                    let _ = tx.try_send("schedule");
                })
            },
        )
        .map_err(|e| ServiceError::Scheduler(format!("schedule `{}`: {e}", s.name)))?;
        scheduler
            .add(job)
            .await
            .map_err(|e| ServiceError::Scheduler(e.to_string()))?;
        for next in schedule::next_fires(
            s,
            config.timezone,
            clock().unwrap_or_else(|_| Utc::now()),
            1,
        ) {
            tracing::info!(schedule = %s.name, cron = %s.cron_text, next = %next, "schedule armed");
        }
    }
    scheduler
        .start()
        .await
        .map_err(|e| ServiceError::Scheduler(e.to_string()))?;
    let retry_tx = tick_tx.clone();
    let retry = std::time::Duration::from_secs(config.service.retry_minutes.max(1) as u64 * 60);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(retry).await;
            let _ = retry_tx.try_send("retry");
        }
    });
    // Catch up at start.
    let _ = tick_tx.try_send("start");

    let stop = Arc::new(AtomicBool::new(false));
    let grace = std::time::Duration::from_secs(config.service.shutdown_grace_seconds as u64);
    let mut shutdown = Box::pin(shutdown_signal());
    tracing::info!(archive = %config.archive_dir.display(), "service started");
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Some(reason) = tick_rx.recv() => {
                let now = match clock() {
                    Ok(now) => now,
                    Err(e) => { tracing::error!("{e}"); continue; }
                };
                tracing::debug!(reason, "tick");
                let worker_engine = engine.clone();
                let worker_stop = stop.clone();
                let mut work = tokio::task::spawn_blocking(move || {
                    step(&worker_engine, now, &worker_stop);
                    worker_engine.pdf_fonts.release();
                    crate::fonts::release_pages();
                    release_memory();
                });
                tokio::select! {
                    _ = &mut work => {}
                    _ = &mut shutdown => {
                        tracing::info!("shutting down: letting the report in progress finish");
                        stop.store(true, Ordering::SeqCst);
                        if tokio::time::timeout(grace, &mut work).await.is_err() {
                            tracing::error!("the report in progress did not finish within the grace period; nothing partial is left in the archive");
                        }
                        break;
                    }
                }
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    let _ = scheduler.shutdown().await;
    tracing::info!("service stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler installs");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// The text of `sw-briefing status`.
pub fn status(engine: &Engine, now: DateTime<Utc>) -> String {
    use std::fmt::Write;
    let config = &engine.config;
    let mut out = String::new();
    let _ = writeln!(out, "archive: {}", config.archive_dir.display());
    let _ = writeln!(out, "time zone: {}", config.timezone);
    let _ = writeln!(out, "\nschedules:");
    for s in &config.schedules {
        let next: Vec<String> = schedule::next_fires(s, config.timezone, now, 3)
            .iter()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .collect();
        let _ = writeln!(
            out,
            "  {} \"{}\" ({:?}): next {}",
            s.name,
            s.cron_text,
            s.period,
            next.join(", ")
        );
    }
    let state = load_state(&config.archive_dir);
    let _ = writeln!(out, "\nlast run:");
    match &state.last_run {
        Some(r) => {
            let at =
                r.at.map(|t| {
                    t.with_timezone(&config.timezone)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_default();
            let outcome = if r.ok() { "ok" } else { "with failures" };
            let _ = writeln!(
                out,
                "  {at}: {outcome}; made {:?}, waiting {:?}, failed {:?}",
                r.made, r.waiting_for_data, r.failed
            );
        }
        None => {
            let _ = writeln!(out, "  none recorded");
        }
    }
    let filed = filed_set(engine).unwrap_or_default();
    let _ = writeln!(out, "\narchived:");
    for region in &config.regions {
        let periods: Vec<String> = filed
            .iter()
            .filter(|(c, _)| *c == region.code)
            .map(|(_, p)| p.to_string())
            .collect();
        let _ = writeln!(
            out,
            "  {}: {}",
            region.code,
            if periods.is_empty() {
                "none".to_string()
            } else {
                periods.join(", ")
            }
        );
    }
    let plan = schedule::plan(config, &filed, &state.memory, now);
    let store = Some(engine.load_metrics_at(now).store);
    let (ready, waiting): (Vec<&Due>, Vec<&Due>) = plan.make.iter().partition(|d| {
        store
            .as_ref()
            .is_some_and(|s| assemble::resolve(s, &d.region, d.period).is_some())
    });
    let (overdue, pending): (Vec<&Due>, Vec<&Due>) = waiting
        .into_iter()
        .partition(|d| schedule::past_deadline(config, d, now));
    let list = |v: &[&Due]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter().map(|d| label(d)).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(out, "\ndue now (data on file): {}", list(&ready));
    let _ = writeln!(out, "pending (waiting for data): {}", list(&pending));
    let _ = writeln!(
        out,
        "past the data deadline (recorded missing at the next run): {}",
        list(&overdue)
    );
    let missing: Vec<String> = state
        .memory
        .missing
        .iter()
        .map(|(c, p)| format!("{c}/{p}"))
        .collect();
    let _ = writeln!(
        out,
        "missing (no data by the deadline): {}",
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        }
    );
    let too_old: Vec<&Due> = plan.too_old.iter().collect();
    let _ = writeln!(
        out,
        "before the catch-up horizon, not made: {}",
        list(&too_old)
    );
    out
}
