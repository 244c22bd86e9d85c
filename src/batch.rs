//! Many briefings in one run: decided in order, rendered in parallel, filed in order.
//!
//! Rendering is pure and takes nearly all of a briefing's time, so it is spread over
//! worker threads. Everything that touches the archive stays on the calling thread and
//! under one archive lock, taken once for the whole run: 期号 are fixed before
//! rendering (they are printed in the briefing), and packages are sealed in the order
//! asked for, so the archive ends up exactly as if the briefings had been made one by
//! one, and each briefing's bytes are those it has when made alone. Recovery of an
//! interrupted run and the index are done once per run, not once per briefing (per
//! briefing they made a run of 3,000 regions quadratic: 20 minutes instead of one).

use crate::archive;
use crate::config::RegionJob;
use crate::metrics::MetricsStore;
use crate::parallel::thread_count;
use crate::pipeline::{Decision, Engine, Outcome, Pending, Rendered, Request, RunError};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// How many briefings each worker may render ahead of the one being filed: keeps
/// every worker busy while bounding memory (a rendered briefing is about 100 KB).
const AHEAD_PER_THREAD: usize = 4;

/// What a worker hands back for one briefing.
type WorkerResult = Result<Rendered, RunError>;

impl Engine {
    /// Makes (or finds) the briefings asked for and files them, calling `report` once
    /// per request in the order of `requests`, as soon as it is settled. Before filing
    /// each briefing it asks `keep_going`; once that says no, nothing more is filed or
    /// reported (briefings rendered ahead are dropped). Fails as a whole only when the
    /// archive cannot be locked or what an interrupted run left cannot be cleared.
    pub fn issue_many<'j>(
        &self,
        store: &MetricsStore,
        requests: &[Request<'j>],
        now: DateTime<Utc>,
        revise: bool,
        keep_going: &(dyn Fn() -> bool + Sync),
        mut report: impl FnMut(&'j RegionJob, Result<Outcome, RunError>),
    ) -> Result<(), RunError> {
        let lock = archive::lock(&self.config.archive_dir)?;
        lock.recover(now)?;

        // Decided in order. A region asked for twice (or for two periods, as the
        // service's catch-up does) is decided again on its turn, after the first is
        // filed, exactly as a one-by-one run would, and rendered then, on this thread.
        // Per request: its outcome when settled while deciding, or the briefing to
        // render. A repeat has neither.
        let mut seen = HashSet::new();
        let mut settled: Vec<Option<Result<Outcome, RunError>>> =
            Vec::with_capacity(requests.len());
        let mut pending: Vec<Option<Pending>> = Vec::with_capacity(requests.len());
        for request in requests {
            let decision = seen
                .insert(request.job.code.as_str())
                .then(|| self.decide(&lock, store, request.job, request.period, now, revise));
            let (outcome, planned) = match decision {
                None => (None, None),
                Some(Ok(Decision::Make(p))) => (None, Some(p)),
                Some(Ok(Decision::Done(outcome))) => (Some(Ok(outcome)), None),
                Some(Err(e)) => (Some(Err(e)), None),
            };
            settled.push(outcome);
            pending.push(planned);
        }
        let to_render: Vec<usize> = (0..requests.len())
            .filter(|&i| pending[i].is_some())
            .collect();
        let threads = thread_count().min(to_render.len());

        let mut file_in_order = |take_rendered: &mut dyn FnMut(usize) -> WorkerResult| {
            for (index, request) in requests.iter().enumerate() {
                if !keep_going() {
                    return;
                }
                let outcome = if let Some(outcome) = settled[index].take() {
                    outcome
                } else if let Some(planned) = &pending[index] {
                    take_rendered(index)
                        .and_then(|rendered| self.seal_pending(&lock, planned, rendered, now))
                } else {
                    self.decide_and_make_inline(&lock, store, *request, now, revise)
                };
                report(request.job, outcome);
            }
        };

        if threads <= 1 {
            // One briefing, or one core: no threads to start.
            file_in_order(&mut |index| {
                let planned = pending[index].as_ref().expect("rendered only when pending");
                self.render_caught(store, planned, now)
            });
        } else {
            let pending = &pending;
            let (work_sender, work_receiver) = mpsc::channel::<usize>();
            let work_receiver = Mutex::new(work_receiver);
            let (done_sender, done_receiver) = mpsc::channel::<(usize, WorkerResult)>();
            // Set once filing has ended: briefings still queued are then not rendered.
            let filing_ended = AtomicBool::new(false);
            let filing_ended = &filing_ended;
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let work_receiver = &work_receiver;
                    let done_sender = done_sender.clone();
                    scope.spawn(move || loop {
                        // Held only to take the next index.
                        let next = work_receiver.lock().map(|r| r.recv());
                        let Ok(Ok(index)) = next else { break };
                        if filing_ended.load(Ordering::SeqCst) {
                            break;
                        }
                        let planned = pending[index]
                            .as_ref()
                            .expect("only pending briefings are sent");
                        let result = self.render_caught(store, planned, now);
                        if done_sender.send((index, result)).is_err() {
                            break;
                        }
                    });
                }
                drop(done_sender);

                let ahead = threads * AHEAD_PER_THREAD;
                let mut handed_out = 0;
                let mut taken = 0;
                let mut ready: BTreeMap<usize, WorkerResult> = BTreeMap::new();
                // Owns the work channel's sender: dropping it lets the workers finish.
                let to_render = &to_render;
                let hand_out = move |taken: usize, handed_out: &mut usize| {
                    while *handed_out < to_render.len() && *handed_out < taken + ahead {
                        if work_sender.send(to_render[*handed_out]).is_err() {
                            break;
                        }
                        *handed_out += 1;
                    }
                };
                hand_out(0, &mut handed_out);
                file_in_order(&mut |index| {
                    let result = loop {
                        if let Some(result) = ready.remove(&index) {
                            break result;
                        }
                        let (i, result) = done_receiver
                            .recv()
                            .expect("workers run until every briefing handed out is rendered");
                        ready.insert(i, result);
                    };
                    taken += 1;
                    hand_out(taken, &mut handed_out);
                    result
                });
                filing_ended.store(true, Ordering::SeqCst);
                drop(hand_out);
            });
        }

        // Rebuilt after every run, also when nothing new was filed, so that a run
        // stopped before this point is made good by the next.
        lock.write_index()?;
        Ok(())
    }

    /// A repeated request: decided now that the earlier one is filed, and made here.
    fn decide_and_make_inline(
        &self,
        lock: &archive::Locked,
        store: &MetricsStore,
        request: Request,
        now: DateTime<Utc>,
        revise: bool,
    ) -> Result<Outcome, RunError> {
        match self.decide(lock, store, request.job, request.period, now, revise)? {
            Decision::Done(outcome) => Ok(outcome),
            Decision::Make(planned) => {
                let rendered = self.render_caught(store, &planned, now)?;
                self.seal_pending(lock, &planned, rendered, now)
            }
        }
    }

    /// Renders one briefing; a panic (a bug) fails that briefing only, as an error
    /// that says so, and the run goes on with the others. Rendering touches nothing
    /// shared that a panic could leave half-changed.
    fn render_caught(
        &self,
        store: &MetricsStore,
        planned: &Pending,
        now: DateTime<Utc>,
    ) -> Result<Rendered, RunError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.render_pending(store, planned, now)
        }))
        .unwrap_or_else(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(RunError::Internal(message))
        })
    }
}
