//! Writes a synthetic project (config, wording, metrics for N regions, empty archive)
//! for load tests and benchmarks; see tests/support/synthetic.rs.
//!
//! cargo run --release --example gen_metrics -- 3000 /tmp/sw-scale-3000

use std::path::PathBuf;

#[path = "../tests/support/synthetic.rs"]
mod synthetic;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(regions), Some(root)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: gen_metrics REGIONS OUTPUT_DIR\n  writes OUTPUT_DIR/config/briefing.yaml, OUTPUT_DIR/metrics/… and an empty OUTPUT_DIR/reports");
        return ExitCode::from(2);
    };
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match synthetic::write_project(&PathBuf::from(root), regions, &repository) {
        Ok(project) => {
            println!("{}", project.config.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {root}: {e}");
            ExitCode::FAILURE
        }
    }
}
