//! The metrics loader on arbitrary input: whatever a clerk's editor saves, loading
//! must end in metrics or in located problems, never in a panic or a hang.

#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are decoded before parsing; bytes that are not UTF-8 never reach the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(violation) = invariants::check_metrics_text(text) {
        panic!("{violation}");
    }
});
