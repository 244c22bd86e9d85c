//! Command line → library → exit code.

use clap::Parser;
use std::io::IsTerminal;
use sw_briefing::cli::{exit, Cli, Command};
use sw_briefing::pipeline::{Engine, Outcome};

fn main() {
    let cli = Cli::parse();
    sw_briefing::logging::init(cli.json_logs);
    std::process::exit(run(cli));
}

/// Runs the scheduled service until SIGTERM or Ctrl-C.
fn serve(engine: Engine) -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return exit::FAILED;
        }
    };
    match runtime.block_on(sw_briefing::service::serve(std::sync::Arc::new(engine), sw_briefing::clock::now)) {
        Ok(()) => exit::OK,
        Err(e @ sw_briefing::service::ServiceError::AlreadyRunning { .. }) => {
            eprintln!("error: {e}");
            exit::BUSY
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::FAILED
        }
    }
}

fn run(cli: Cli) -> i32 {
    let now = match sw_briefing::clock::now() {
        Ok(now) => now,
        Err(message) => {
            eprintln!("error: {message}");
            return exit::USAGE;
        }
    };
    let engine = match Engine::load(&cli.config) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return exit::CONFIG;
        }
    };
    let loaded = engine.load_metrics_at(now);
    match cli.command {
        Some(Command::Status) => {
            print!("{}", sw_briefing::service::status(&engine, now));
            return exit::OK;
        }
        Some(Command::Check) => {
            if !loaded.problems.is_empty() {
                eprintln!("{}", loaded.problems);
                return exit::METRICS;
            }
            let files: usize = loaded.store.by_region.values().map(|m| m.len()).sum();
            println!("ok: {} and {} metrics file(s) for {} region(s) are valid", cli.config.display(), files, loaded.store.by_region.len());
            return exit::OK;
        }
        None if !cli.now => return serve(engine),
        None => {}
    }
    let period = match cli.period.as_deref().map(str::parse) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            eprintln!("error: --period: {e}");
            return exit::USAGE;
        }
    };
    let jobs: Vec<_> = if cli.regions.is_empty() {
        engine.config.regions.iter().collect()
    } else {
        let mut jobs = Vec::new();
        for code in &cli.regions {
            match engine.config.region(code) {
                Some(job) => jobs.push(job),
                None => {
                    eprintln!("error: --region {code}: not listed under `regions` in {}", cli.config.display());
                    return exit::USAGE;
                }
            }
        }
        jobs
    };
    if cli.output.is_some() && jobs.len() != 1 {
        eprintln!("error: --output writes one preview; name one region with --region");
        return exit::USAGE;
    }
    if !loaded.problems.is_empty() {
        eprintln!("{}", loaded.problems);
    }
    let mut failures = 0;
    let mut made = 0;
    let total = jobs.len();
    let progress = total > 1 && std::io::stderr().is_terminal();
    for (i, job) in jobs.into_iter().enumerate() {
        if progress {
            eprint!("\r[{}/{total}] {}  ", i + 1, job.code);
        }
        if loaded.tainted.contains(&job.code) {
            failures += 1;
            eprintln!("error: region {}: skipped, its metrics have the problems listed above", job.code);
            continue;
        }
        match engine.issue(&loaded.store, job, period, now, cli.output.as_deref()) {
            Ok(outcome) => {
                if let Outcome::Existing { .. } = outcome {
                    eprintln!("note: region {}: already filed, left unchanged", job.code);
                }
                made += 1;
                println!("{}", outcome.path().display());
            }
            Err(e) => {
                failures += 1;
                eprintln!("error: region {}: {e}", job.code);
            }
        }
    }
    if progress {
        eprintln!();
    }
    if failures > 0 {
        eprintln!("{made} briefing(s) made, {failures} failed");
        if made == 0 && !loaded.problems.is_empty() {
            exit::METRICS
        } else {
            exit::FAILED
        }
    } else {
        exit::OK
    }
}
