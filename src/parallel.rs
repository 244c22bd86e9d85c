//! The little parallelism the program needs: how many threads to use, and a map over
//! a slice that runs on them and keeps the order of its input.

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

/// `items.iter().map(f).collect()`, spread over [`thread_count`] threads in contiguous
/// chunks of at least `min_chunk` items; the results are in the order of `items`.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    min_chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let chunk = items.len().div_ceil(thread_count()).max(min_chunk).max(1);
    if chunk >= items.len() {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            map_in_order(&items, 7, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(map_in_order(&items[..3], 16, |x| x + 1), vec![1, 2, 3]);
        assert!(map_in_order(&[] as &[u32], 16, |x| *x).is_empty());
    }
}
