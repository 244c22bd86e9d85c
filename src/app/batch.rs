//! Many briefings in one run: decided in order, rendered in parallel, filed in order.
//!
//! Rendering is pure and takes nearly all of a briefing's time, so it is spread over
//! worker threads ([`crate::app::parallel`]). Everything that touches the archive stays
//! on the calling thread and under one archive lock, taken once for the whole run:
//! 期号 are fixed before rendering (they are printed in the briefing), and packages are
//! filed in the order asked for, so the archive ends up exactly as if the briefings had
//! been made one by one, and each briefing's bytes are those it has when made alone.
//! Recovery of an interrupted run and the index are done once per run, not once per
//! briefing (per briefing they made a run of 3,000 regions quadratic).

use crate::app::engine::{Engine, Mode, Next, Outcome, Pending, Rendered, Request, RunError};
use crate::app::parallel::for_each_in_order;
use crate::archive::{self, Locked};
use crate::config::RegionJob;
use crate::metrics::MetricsStore;
use crate::model::period::Period;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// How many briefings each worker may render ahead of the one being filed: keeps
/// every worker busy while bounding memory (a rendered briefing is about 100 KB).
const AHEAD_PER_THREAD: usize = 4;

/// Makes (or finds) the briefing for one region and period and files it.
pub fn issue_one(
    engine: &Engine,
    store: &MetricsStore,
    job: &RegionJob,
    period: Option<Period>,
    now: DateTime<Utc>,
    revise: bool,
) -> Result<Outcome, RunError> {
    let mut outcome = None;
    issue_many(
        engine,
        store,
        &[Request { job, period }],
        now,
        revise,
        &|| true,
        |_, result| outcome = Some(result),
    )?;
    outcome.expect("a batch of one reports its one briefing")
}

/// Makes (or finds) the briefings asked for and files them, calling `report` once per
/// request in the order of `requests`, as soon as it is settled. Before filing each
/// briefing it asks `keep_going`; once that says no, nothing more is filed or reported
/// (briefings rendered ahead are dropped). Fails as a whole only when the archive
/// cannot be locked or what an interrupted run left cannot be cleared.
pub fn issue_many<'j>(
    engine: &Engine,
    store: &MetricsStore,
    requests: &[Request<'j>],
    now: DateTime<Utc>,
    revise: bool,
    keep_going: &(dyn Fn() -> bool + Sync),
    mut report: impl FnMut(&'j RegionJob, Result<Outcome, RunError>),
) -> Result<(), RunError> {
    let lock = archive::lock(&engine.config.archive_dir)?;
    lock.recover(now)?;

    // Decided in order. A region asked for twice (or for two periods, as the service's
    // catch-up does) is decided again on its turn, after the first is filed, exactly as
    // a one-by-one run would, and rendered then, on this thread. Per request: its
    // outcome when settled while deciding, or the briefing to render; a repeat has
    // neither.
    let mut seen = HashSet::new();
    let mut settled: Vec<Option<Result<Outcome, RunError>>> = Vec::with_capacity(requests.len());
    let mut pending: Vec<Option<Box<Pending>>> = Vec::with_capacity(requests.len());
    for request in requests {
        let decision = seen.insert(request.job.code.as_str()).then(|| {
            engine.decide(
                &lock,
                store,
                request.job,
                request.period,
                now,
                revise,
                Mode::Run,
            )
        });
        let (outcome, to_make) = match decision {
            None => (None, None),
            Some(Ok(Next::Make(p))) => (None, Some(p)),
            Some(Ok(Next::Done(outcome))) => (Some(Ok(outcome)), None),
            Some(Err(e)) => (Some(Err(e)), None),
        };
        settled.push(outcome);
        pending.push(to_make);
    }
    let to_render: Vec<usize> = (0..requests.len())
        .filter(|&i| pending[i].is_some())
        .collect();

    // Settles every request before `until` that no worker renders, then files the
    // rendered one at `until`, if given; false once filing is to stop.
    // A package that is in place but could not be recorded stops the filing: the
    // ledger cannot take more, and every further package would be one more that
    // `verify` cannot tell from a lost ledger line.
    let mut next_request = 0;
    let mut unrecorded = false;
    let mut settle_up_to = |until: usize, rendered: Option<Result<Rendered, RunError>>| -> bool {
        while next_request < until {
            if unrecorded || !keep_going() {
                return false;
            }
            let request = requests[next_request];
            let outcome = match settled[next_request].take() {
                Some(outcome) => outcome,
                None => decide_and_make_inline(engine, &lock, store, request, now, revise),
            };
            unrecorded = stops_filing(&outcome);
            report(request.job, outcome);
            next_request += 1;
        }
        if let Some(rendered) = rendered {
            if unrecorded || !keep_going() {
                return false;
            }
            let request = requests[next_request];
            let to_file = pending[next_request]
                .as_ref()
                .expect("a rendered briefing was decided to be made");
            let outcome =
                rendered.and_then(|rendered| engine.file_pending(&lock, to_file, rendered, now));
            unrecorded = stops_filing(&outcome);
            report(request.job, outcome);
            next_request += 1;
        }
        !unrecorded
    };
    let mut going = true;
    for_each_in_order(
        &to_render,
        AHEAD_PER_THREAD,
        |&index| {
            let to_make = pending[index]
                .as_ref()
                .expect("only pending briefings are rendered");
            render_caught(engine, store, to_make, now)
        },
        |k, rendered| {
            going = settle_up_to(to_render[k], Some(rendered));
            going
        },
    );
    if going {
        settle_up_to(requests.len(), None);
    }

    if unrecorded {
        let not_filed = requests.len() - next_request;
        if let Err(e) = lock.write_index() {
            tracing::warn!("{}", e.headline());
        }
        return Err(RunError::Archive(archive::ArchiveError::Damaged {
            path: engine.config.archive_dir.join(archive::LEDGER),
            message: crate::tr!("batch-filing-stopped", count = not_filed),
            help: crate::tr!("batch-filing-stopped-help"),
        }));
    }

    // Rebuilt after every run, also when nothing new was filed, so that a run stopped
    // before this point is made good by the next.
    lock.write_index()?;
    Ok(())
}

/// Whether a briefing's outcome stops the filing: its package is in place but has no
/// ledger line.
fn stops_filing(outcome: &Result<Outcome, RunError>) -> bool {
    matches!(
        outcome,
        Err(RunError::Archive(archive::ArchiveError::Unrecorded { .. }))
    )
}

/// A repeated request: decided now that the earlier one is filed, and made here.
fn decide_and_make_inline(
    engine: &Engine,
    lock: &Locked,
    store: &MetricsStore,
    request: Request,
    now: DateTime<Utc>,
    revise: bool,
) -> Result<Outcome, RunError> {
    match engine.decide(
        lock,
        store,
        request.job,
        request.period,
        now,
        revise,
        Mode::Run,
    )? {
        Next::Done(outcome) => Ok(outcome),
        Next::Make(pending) => {
            let rendered = render_caught(engine, store, &pending, now)?;
            engine.file_pending(lock, &pending, rendered, now)
        }
    }
}

/// Renders one briefing; a panic (a bug) fails that briefing only, as an error that
/// says so, and the run goes on with the others. Rendering touches nothing shared that
/// a panic could leave half-changed.
pub(crate) fn render_caught(
    engine: &Engine,
    store: &MetricsStore,
    pending: &Pending,
    now: DateTime<Utc>,
) -> Result<Rendered, RunError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        engine.render_pending(store, pending, now)
    }))
    .unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| crate::tr!("batch-panic-no-message"));
        Err(RunError::Internal(message))
    })
}
