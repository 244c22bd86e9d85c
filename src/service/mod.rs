//! The long-lived service: tokio-cron-scheduler emits ticks, and each tick runs one
//! step ([`step`]): plan what is due ([`schedule`]), make it as one batch, remember
//! what is waiting for data ([`state`]). Ticks that arrive while a step runs are merged
//! into one. The shutdown future it is given lets the report in progress finish,
//! within a grace period.

pub mod schedule;
pub mod state;
pub mod status;
pub mod step;

pub use status::status;
pub use step::{step, StepReport};

use crate::app::engine::Engine;
use crate::archive;
use crate::tr;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{}", tr!("service-already-running", path = path))]
    AlreadyRunning { path: PathBuf },
    #[error("{}", tr!("service-scheduler", error = _0))]
    Scheduler(String),
    #[error("{0}")]
    Archive(#[from] archive::ArchiveError),
    #[error("{0}")]
    Clock(String),
}

impl From<archive::ServiceLockError> for ServiceError {
    fn from(e: archive::ServiceLockError) -> Self {
        match e {
            archive::ServiceLockError::AlreadyRunning { path } => {
                ServiceError::AlreadyRunning { path }
            }
            archive::ServiceLockError::Archive(e) => ServiceError::Archive(e),
        }
    }
}

/// Runs until `shutdown` resolves (the binary passes SIGTERM or Ctrl-C). `clock` is
/// read at every tick.
///
/// After each step the service lets go of what only making briefings needs
/// ([`Engine::release_caches`]) and calls `release_memory`, which the binary uses to
/// ask its allocator to hand freed memory back to the system, so that it waits small.
pub async fn serve(
    engine: Arc<Engine>,
    clock: fn() -> Result<DateTime<Utc>, String>,
    shutdown: impl Future<Output = ()>,
    release_memory: fn(),
) -> Result<(), ServiceError> {
    let config = &engine.config;
    // A clock outside the accepted years (app::clock) is not replaced by the raw system
    // clock: nothing is recorded with a time the program refuses.
    let started = clock().map_err(ServiceError::Clock)?;
    let _service_lock = archive::service_lock(&config.archive_dir)?;
    {
        // Finish or clear what an interrupted run left, before the first tick.
        let lock = archive::lock(&config.archive_dir)?;
        lock.recover(started)?;
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
        for next in schedule::next_fires(s, config.timezone, started, 1) {
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
    let mut shutdown = std::pin::pin!(shutdown);
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
                    worker_engine.release_caches();
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
