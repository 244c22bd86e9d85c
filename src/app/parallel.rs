//! The program's one parallel mechanism: work on the items of a slice spread over worker
//! threads, results handed back in the order of the slice, with a bounded look-ahead.
//! Loading metrics and rendering a batch of briefings both use it.
//!
//! Written by hand over `std::thread::scope` and channels rather than with rayon: what
//! is needed is a stream in order with back-pressure and an early stop (the filing
//! thread consumes results one by one and may stop), which rayon's `par_iter` does not
//! give without collecting everything first.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// Environment variable that caps the number of worker threads (default: one per core).
pub const THREADS_VARIABLE: &str = "SW_BRIEFING_THREADS";

/// The number of worker threads: `SW_BRIEFING_THREADS` if set to a positive number,
/// else the cores available.
pub fn thread_count() -> usize {
    std::env::var(THREADS_VARIABLE)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
}

/// Runs `work` on every item on up to [`thread_count`] threads and calls `consume`
/// with each result in the order of `items`, on the calling thread, as soon as it and
/// every result before it are ready. At most `ahead_per_thread` items per thread are
/// worked on ahead of the one consumed, which bounds the memory held by results
/// waiting. When `consume` returns `false`, items not yet started are left alone and
/// the call returns once the workers stop. A panic in `work` is resumed on the calling
/// thread when its result's turn comes.
pub fn for_each_in_order<T: Sync, R: Send>(
    items: &[T],
    ahead_per_thread: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> bool,
) {
    let threads = thread_count().min(items.len());
    if threads <= 1 {
        for (index, item) in items.iter().enumerate() {
            if !consume(index, work(item)) {
                return;
            }
        }
        return;
    }
    type Done<R> = (usize, std::thread::Result<R>);
    let (work_sender, work_receiver) = mpsc::channel::<usize>();
    let work_receiver = Mutex::new(work_receiver);
    let (done_sender, done_receiver) = mpsc::channel::<Done<R>>();
    let stopped = AtomicBool::new(false);
    let work = &work;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let work_receiver = &work_receiver;
            let done_sender = done_sender.clone();
            let stopped = &stopped;
            scope.spawn(move || loop {
                // Held only to take the next index.
                let next = work_receiver.lock().map(|r| r.recv());
                let Ok(Ok(index)) = next else { break };
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&items[index])));
                if done_sender.send((index, result)).is_err() {
                    break;
                }
            });
        }
        drop(done_sender);

        let ahead = threads.saturating_mul(ahead_per_thread.max(1));
        let mut handed_out = 0;
        let hand_out = move |consumed: usize, handed_out: &mut usize| {
            while *handed_out < items.len() && *handed_out < consumed.saturating_add(ahead) {
                if work_sender.send(*handed_out).is_err() {
                    break;
                }
                *handed_out += 1;
            }
        };
        hand_out(0, &mut handed_out);
        let mut ready: BTreeMap<usize, std::thread::Result<R>> = BTreeMap::new();
        for index in 0..items.len() {
            let result = loop {
                if let Some(result) = ready.remove(&index) {
                    break result;
                }
                let (i, result) = done_receiver
                    .recv()
                    .expect("workers run until every item handed out is done");
                ready.insert(i, result);
            };
            let result = match result {
                Ok(result) => result,
                Err(panic) => {
                    stopped.store(true, Ordering::SeqCst);
                    drop(hand_out);
                    std::panic::resume_unwind(panic)
                }
            };
            hand_out(index + 1, &mut handed_out);
            if !consume(index, result) {
                break;
            }
        }
        stopped.store(true, Ordering::SeqCst);
        // Dropping the work channel's sender lets the workers finish.
        drop(hand_out);
    });
}

/// `items.iter().map(f).collect()`, spread over [`thread_count`] threads; the results
/// are in the order of `items`.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for_each_in_order(items, usize::MAX, f, |_, result| {
        out.push(result);
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            map_in_order(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(map_in_order(&items[..3], |x| x + 1), vec![1, 2, 3]);
        assert!(map_in_order(&[] as &[u32], |x| *x).is_empty());
    }

    #[test]
    fn a_stop_leaves_later_items_alone() {
        let items: Vec<u32> = (0..10_000).collect();
        let worked = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = Vec::new();
        for_each_in_order(
            &items,
            2,
            |x| {
                worked.fetch_add(1, Ordering::SeqCst);
                *x
            },
            |index, x| {
                assert_eq!(index as u32, x);
                seen.push(x);
                x < 9
            },
        );
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        assert!(
            worked.load(Ordering::SeqCst) < 100,
            "look-ahead is bounded: {} worked on",
            worked.load(Ordering::SeqCst)
        );
    }
}
