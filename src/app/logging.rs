//! Logging through tracing: readable lines on stderr by default, JSON lines with
//! `--json-logs` or `SW_BRIEFING_LOG_FORMAT=json`; the level from `RUST_LOG`.

use tracing_subscriber::EnvFilter;

pub fn init(json: bool) {
    let json = json
        || std::env::var("SW_BRIEFING_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.with_target(false).try_init()
    };
}
