//! Fault injection for the tests: a panic while rendering one region's briefing, and a
//! pause at a named step of filing so that a test can SIGKILL the process there.
//!
//! Compiled in only with the cargo feature `fault-injection`, which the test command
//! enables; a release build without it reads no environment variable here and holds
//! none of these names (CI checks the binary for them).

/// Panics when `SW_BRIEFING_TEST_PANIC_IN` names `region_code`: a bug while rendering
/// one briefing, to check that the others are still made.
#[cfg(feature = "fault-injection")]
pub fn panic_while_rendering(region_code: &str) {
    if std::env::var_os("SW_BRIEFING_TEST_PANIC_IN").is_some_and(|code| code == region_code) {
        panic!("test hook: rendering region {region_code} panicked");
    }
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn panic_while_rendering(_region_code: &str) {}

/// When `SW_BRIEFING_TEST_PAUSE_AT` names this step (`step`, or `step#N` for the N-th
/// time it is reached), says so on stderr and waits to be killed.
#[cfg(feature = "fault-injection")]
pub fn pause_at(step: &str) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    let Some(wanted) = std::env::var("SW_BRIEFING_TEST_PAUSE_AT").ok() else {
        return;
    };
    let (name, nth) = match wanted.split_once('#') {
        Some((name, nth)) => (name, nth.parse::<usize>().unwrap_or(1)),
        None => (wanted.as_str(), 1),
    };
    if name == step && REACHED.fetch_add(1, Ordering::SeqCst) + 1 == nth {
        eprintln!("sw-briefing: paused at {wanted}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn pause_at(_step: &str) {}

/// When `SW_BRIEFING_TEST_FAIL_AT` names this step, fails it as a read-only file
/// system would (EROFS): a ledger that cannot be appended to, without root.
#[cfg(feature = "fault-injection")]
pub fn fail_at(step: &str) -> std::io::Result<()> {
    if std::env::var_os("SW_BRIEFING_TEST_FAIL_AT").is_some_and(|v| v == step) {
        return Err(std::io::Error::from_raw_os_error(30));
    }
    Ok(())
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn fail_at(_step: &str) -> std::io::Result<()> {
    Ok(())
}

/// How many packages a run files together: `SW_BRIEFING_TEST_GROUP_SIZE` when set, so
/// that a test knows where one group ends; else `default`.
#[cfg(feature = "fault-injection")]
pub fn group_size(default: usize) -> usize {
    std::env::var("SW_BRIEFING_TEST_GROUP_SIZE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn group_size(default: usize) -> usize {
    default
}
