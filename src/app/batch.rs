//! Many briefings in one run: decided in order, rendered in parallel, filed in order.
//!
//! Rendering is pure and takes most of a briefing's time, so it is spread over worker
//! threads ([`crate::app::parallel`]). Everything that touches the archive stays under
//! one archive lock, taken once for the whole run: 期号 are fixed before rendering
//! (they are printed in the briefing), and packages are filed in the order asked for,
//! so the archive ends up exactly as if the briefings had been made one by one, and each
//! briefing's bytes are those it has when made alone. Filing is done in groups
//! ([`Group`]): the calling thread builds the packages of a group in `.staging/` while
//! the group before it is committed (synced, moved into place, recorded) on a thread of
//! its own, so that waiting for the disk holds up neither the cores nor the building;
//! one commit at a time, in order. A briefing is reported filed once its group is
//! committed. Recovery of an interrupted run and the index are done once per run, not
//! once per briefing (per briefing they made a run of 3,000 regions quadratic).

use crate::app::engine::{
    Engine, Mode, Next, Outcome, Pending, Rendered, Request, RunError, Staging,
};
use crate::app::parallel::for_each_in_order;
use crate::archive::durable::GroupSync;
use crate::archive::seal::{self, Committed, Group};
use crate::archive::{self, ArchiveError, Filed, Locked, PackageName};
use crate::config::RegionJob;
use crate::metrics::MetricsStore;
use crate::model::period::Period;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet, VecDeque};
use std::thread::{Scope, ScopedJoinHandle};

/// How many briefings each worker may render ahead of the one being filed: keeps
/// every worker busy while a group is being committed, and bounds memory (a rendered
/// briefing is about 100 KB; at most this many per thread wait).
const AHEAD_PER_THREAD: usize = 16;

/// How many packages are filed together ([`Group`]): one sync for their files, one
/// for their folders and one for their ledger lines, instead of some thirty a package.
/// A crash loses the unreported work of at most two groups (one being committed, one
/// being built), never a briefing reported filed.
const GROUP_SIZE: usize = 32;
/// How many decisions' inputs each worker works out ahead of the one being decided:
/// enough to keep the cores busy, few enough that the inputs waiting (hundreds of
/// named, digested files each) stay small.
const PREPARE_AHEAD: usize = 8;

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
/// request in the order of `requests`, as soon as it is settled (a filed briefing once
/// its group is committed: in place, recorded and synced). Before filing each
/// briefing it asks `keep_going`; once that says no, nothing more is filed (what is
/// built already is committed and reported; briefings rendered ahead are dropped).
/// Fails as a whole only when the archive cannot be locked or what an interrupted run
/// left cannot be cleared.
pub fn issue_many<'j>(
    engine: &Engine,
    store: &MetricsStore,
    requests: &[Request<'j>],
    now: DateTime<Utc>,
    revise: bool,
    keep_going: &(dyn Fn() -> bool + Sync),
    report: impl FnMut(&'j RegionJob, Result<Outcome, RunError>),
) -> Result<(), RunError> {
    let lock = archive::lock(&engine.config.archive_dir)?;
    lock.recover(now)?;
    // Opened before anything is written: see `GroupSync`.
    let sync = GroupSync::new(lock.root())?;

    // Decided in order. A region asked for twice (or for two periods, as the service's
    // catch-up does) is decided again on its turn, after the first is filed, exactly as
    // a one-by-one run would, and rendered then, on this thread. Per request: its
    // outcome when settled while deciding, or the briefing to render; a repeat has
    // neither.
    let mut seen = HashSet::new();
    let first: Vec<bool> = requests
        .iter()
        .map(|request| seen.insert(request.job.code.as_str()))
        .collect();
    let firsts: Vec<&Request> = requests
        .iter()
        .zip(&first)
        .filter_map(|(request, &first)| first.then_some(request))
        .collect();
    // The inputs of each decision (hundreds of peer files to name and digest) are worked
    // out on every core a little ahead; the decisions are made here, in order.
    let mut decisions = Vec::with_capacity(firsts.len());
    crate::app::parallel::for_each_in_order(
        &firsts,
        PREPARE_AHEAD,
        |request| engine.prepare(store, request.job, request.period),
        |_, prepared| {
            decisions.push(prepared.and_then(|prepared| {
                engine.decide_prepared(&lock, prepared, now, revise, Mode::Run)
            }));
            true
        },
    );
    let mut decisions = decisions.into_iter();
    let mut settled: Vec<Option<Result<Outcome, RunError>>> = Vec::with_capacity(requests.len());
    let mut pending: Vec<Option<Box<Pending>>> = Vec::with_capacity(requests.len());
    for first in first {
        let decision = first.then(|| {
            decisions
                .next()
                .expect("one decision for each region's first request")
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

    let (reported, stopped) = std::thread::scope(|scope| {
        let mut filing = Filing {
            engine,
            lock: &lock,
            sync: &sync,
            now,
            group: match Group::new(&lock) {
                Ok(group) => group,
                Err(e) => return Err(e),
            },
            group_size: crate::faults::group_size(GROUP_SIZE),
            staged: 0,
            waiting: VecDeque::new(),
            done: HashMap::new(),
            committing: None,
            stopped: None,
            reported: 0,
            report,
        };
        // Settles every request before `until` that no worker renders, then stages the
        // rendered one at `until`, if given; false once filing is to stop.
        let mut next_request = 0;
        let mut settle_up_to =
            |until: usize, rendered: Option<Result<Rendered, RunError>>| -> bool {
                let filing = &mut filing;
                while next_request < until {
                    if filing.stopped.is_some() || !keep_going() {
                        return false;
                    }
                    let request = requests[next_request];
                    match settled[next_request].take() {
                        Some(outcome) => filing.settle(request.job, outcome),
                        None => make_inline(filing, scope, store, request, revise),
                    }
                    next_request += 1;
                }
                if let Some(rendered) = rendered {
                    if filing.stopped.is_some() || !keep_going() {
                        return false;
                    }
                    let request = requests[next_request];
                    let to_file = pending[next_request]
                        .as_ref()
                        .expect("a rendered briefing was decided to be made");
                    match rendered {
                        Ok(rendered) => filing.stage(scope, request.job, to_file, rendered),
                        Err(e) => filing.settle(request.job, Err(e)),
                    }
                    next_request += 1;
                }
                filing.stopped.is_none()
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
        filing.flush(scope);
        Ok((filing.reported, filing.stopped))
    })?;

    if let Some(stop) = stopped {
        let not_filed = requests.len() - reported;
        if let Err(e) = lock.write_index() {
            tracing::warn!("{}", e.headline());
        }
        let (message, help) = match stop {
            Stop::Unrecorded => (
                crate::tr!("batch-filing-stopped", count = not_filed),
                crate::tr!("batch-filing-stopped-help"),
            ),
            Stop::NotInPlace => (
                crate::tr!("batch-filing-stopped-group", count = not_filed),
                crate::tr!("batch-filing-stopped-group-help"),
            ),
        };
        return Err(RunError::Archive(archive::ArchiveError::Damaged {
            path: engine.config.archive_dir.join(archive::LEDGER),
            message,
            help,
        }));
    }

    // Rebuilt after every run, also when nothing new was filed, so that a run stopped
    // before this point is made good by the next.
    lock.write_index()?;
    Ok(())
}

/// Why filing stopped part-way through a run.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// A package is in place without its ledger line.
    Unrecorded,
    /// A group could not be synced or moved into place; what was built after it names
    /// ledger lines that will not be written, and is dropped.
    NotInPlace,
}

/// An outcome waiting for its turn to be reported (the order of the requests).
enum Slot {
    Ready(Result<Outcome, RunError>),
    /// Staged as the run's package number `seq`: filed once its group is committed.
    Staged {
        seq: usize,
        period: Period,
        name: PackageName,
        bytes: usize,
        took: std::time::Duration,
    },
}

/// The filing side of a run: packages staged in groups on the calling thread, each
/// group committed on a thread of its own while the next is built (at most one commit
/// at a time, in order), and outcomes reported in the order of the requests once the
/// packages before them are committed.
struct Filing<'e, 'j, 'scope, R> {
    engine: &'e Engine,
    lock: &'e Locked,
    sync: &'e GroupSync,
    now: DateTime<Utc>,
    group: Group,
    group_size: usize,
    /// Packages staged so far in this run.
    staged: usize,
    waiting: VecDeque<(&'j RegionJob, Slot)>,
    /// Results of committed packages not yet reported, by `seq`.
    done: HashMap<usize, Result<Filed, ArchiveError>>,
    committing: Option<ScopedJoinHandle<'scope, (usize, Committed)>>,
    stopped: Option<Stop>,
    reported: usize,
    report: R,
}

impl<'e, 'j, 'scope, R> Filing<'e, 'j, 'scope, R>
where
    R: FnMut(&'j RegionJob, Result<Outcome, RunError>),
    'e: 'scope,
{
    /// An outcome settled without filing: reported in its turn.
    fn settle(&mut self, job: &'j RegionJob, outcome: Result<Outcome, RunError>) {
        self.waiting.push_back((job, Slot::Ready(outcome)));
        self.report_ready();
    }

    /// Builds a rendered briefing's package in the current group; commits the group
    /// once it is full.
    fn stage<'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        job: &'j RegionJob,
        pending: &Pending,
        rendered: Rendered,
    ) {
        match self
            .engine
            .stage_pending(self.lock, &mut self.group, pending, &rendered, self.now)
        {
            Ok(Staging::Settled(outcome)) => self.settle(job, Ok(outcome)),
            Err(e) => self.settle(job, Err(e)),
            Ok(Staging::Staged) => {
                self.waiting.push_back((
                    job,
                    Slot::Staged {
                        seq: self.staged,
                        period: pending.subject.period,
                        name: pending.issue.name.clone(),
                        bytes: rendered.pdf.len(),
                        took: rendered.took,
                    },
                ));
                self.staged += 1;
                if self.group.len() >= self.group_size {
                    self.commit(scope);
                }
            }
        }
    }

    /// Starts committing the staged group on its own thread, once the group before it
    /// is committed.
    fn commit<'env>(&mut self, scope: &'scope Scope<'scope, 'env>) {
        self.join();
        if self.stopped.is_some() || self.group.is_empty() {
            return;
        }
        let first = self.staged - self.group.len();
        let staged = self.group.take();
        let (lock, sync) = (self.lock, self.sync);
        self.committing = Some(scope.spawn(move || (first, seal::commit(lock, sync, staged))));
    }

    /// Waits for the group being committed and reports what is ready.
    fn join(&mut self) {
        let Some(handle) = self.committing.take() else {
            return;
        };
        let (first, committed) = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if committed.stopped {
            let unrecorded = committed
                .results
                .iter()
                .any(|r| matches!(r, Err(ArchiveError::Unrecorded { .. })));
            self.stopped = Some(if unrecorded {
                Stop::Unrecorded
            } else {
                Stop::NotInPlace
            });
            self.group.discard(self.lock);
        }
        for (k, result) in committed.results.into_iter().enumerate() {
            self.done.insert(first + k, result);
        }
        self.report_ready();
    }

    /// Commits everything staged and reports it.
    fn flush<'env>(&mut self, scope: &'scope Scope<'scope, 'env>) {
        self.commit(scope);
        self.join();
    }

    /// Reports, in order, every outcome whose turn has come.
    fn report_ready(&mut self) {
        loop {
            let outcome = match self.waiting.front_mut() {
                None => return,
                Some((_, Slot::Ready(_))) => None,
                Some((
                    job,
                    Slot::Staged {
                        seq,
                        period,
                        name,
                        bytes,
                        took,
                    },
                )) => match self.done.remove(seq) {
                    Some(Ok(filed)) => Some(Ok(self
                        .engine
                        .filed(job, period, name, &filed, *bytes, *took))),
                    Some(Err(e)) => Some(Err(RunError::from(e))),
                    None => {
                        if self.stopped.is_some() && self.committing.is_none() {
                            // Built after the group that failed: not filed.
                            self.waiting.clear();
                        }
                        return;
                    }
                },
            };
            let (job, slot) = self.waiting.pop_front().expect("looked at above");
            let outcome = match (outcome, slot) {
                (Some(outcome), _) => outcome,
                (None, Slot::Ready(outcome)) => outcome,
                (None, Slot::Staged { .. }) => unreachable!("a staged slot has its outcome"),
            };
            (self.report)(job, outcome);
            self.reported += 1;
            if self.stopped.is_some() && self.done.is_empty() {
                // Nothing more is reported once filing has stopped.
                self.waiting.clear();
                return;
            }
        }
    }
}

/// A repeated request: decided once everything before it is filed, and made here.
fn make_inline<'e, 'j, 'scope, 'env, R>(
    filing: &mut Filing<'e, 'j, 'scope, R>,
    scope: &'scope Scope<'scope, 'env>,
    store: &MetricsStore,
    request: Request<'j>,
    revise: bool,
) where
    R: FnMut(&'j RegionJob, Result<Outcome, RunError>),
    'e: 'scope,
{
    filing.flush(scope);
    if filing.stopped.is_some() {
        return;
    }
    let engine = filing.engine;
    let decided = engine.decide(
        filing.lock,
        store,
        request.job,
        request.period,
        filing.now,
        revise,
        Mode::Run,
    );
    match decided {
        Err(e) => filing.settle(request.job, Err(e)),
        Ok(Next::Done(outcome)) => filing.settle(request.job, Ok(outcome)),
        Ok(Next::Make(pending)) => match render_caught(engine, store, &pending, filing.now) {
            Err(e) => filing.settle(request.job, Err(e)),
            Ok(rendered) => {
                filing.stage(scope, request.job, &pending, rendered);
                filing.flush(scope);
            }
        },
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
