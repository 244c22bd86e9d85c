//! Command line → library → exit code.

use clap::Parser;
use sw_briefing::cli::{exit, Cli, Command};
use sw_briefing::pipeline::{Engine, Outcome, RunError};

fn main() {
    let cli = Cli::parse();
    sw_briefing::logging::init(cli.json_logs);
    std::process::exit(run(cli));
}

fn code_for(error: &RunError) -> i32 {
    match error {
        RunError::Invalid(problems) if problems.0.iter().any(|p| p.file.extension().is_some_and(|e| e == "yaml") && p.file.starts_with("metrics")) => exit::METRICS,
        RunError::Invalid(_) | RunError::Font(_) => exit::CONFIG,
        _ => exit::FAILED,
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
    if let Some(Command::Verify) = cli.command {
        return verify(&cli, now);
    }
    let engine = match Engine::load(&cli.config) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return exit::CONFIG;
        }
    };
    let store = match engine.load_metrics() {
        Ok(store) => store,
        Err(e) => {
            eprintln!("{e}");
            return exit::METRICS;
        }
    };
    match cli.command {
        Some(Command::Verify) => unreachable!("handled above"),
        Some(Command::Check) => {
            let files: usize = store.by_region.values().map(|m| m.len()).sum();
            println!("ok: {} and {} metrics file(s) for {} region(s) are valid", cli.config.display(), files, store.by_region.len());
            return exit::OK;
        }
        None if !cli.now => {
            eprintln!("error: the scheduled service is not available yet; run with --now to make briefings at once");
            return exit::USAGE;
        }
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
    let mut failures = 0;
    for job in jobs {
        match engine.issue_with(&store, job, period, now, cli.output.as_deref(), cli.revise) {
            Ok(outcome) => {
                match &outcome {
                    Outcome::Existing { .. } => eprintln!("note: region {}: already filed, left unchanged", job.code),
                    Outcome::Revised { issue_number, revision, .. } => {
                        eprintln!("note: region {}: filed revision r{revision} of 期号 {issue_number:02}; the earlier version stays in the archive", job.code)
                    }
                    Outcome::Changed { issue_number, revision, changes, .. } => {
                        let which = if *revision > 1 { format!(" (r{revision})") } else { String::new() };
                        eprintln!(
                            "warning: region {}: the metrics changed since 期号 {issue_number:02}{which} was issued ({}); nothing was made\n  help: to issue a revision with the same 期号, run again with --now --revise",
                            job.code,
                            changes.join(", ")
                        );
                    }
                    _ => {}
                }
                println!("{}", outcome.path().display());
            }
            Err(e) => {
                failures += 1;
                eprintln!("error: region {}: {e}", job.code);
                if code_for(&e) != exit::FAILED && failures == 1 {
                    tracing::debug!("input error");
                }
            }
        }
    }
    if failures > 0 {
        eprintln!("{failures} briefing(s) failed");
        exit::FAILED
    } else {
        exit::OK
    }
}

/// `verify`: checks the archive, prints each problem with its path, exit 5 on any.
fn verify(cli: &Cli, now: chrono::DateTime<chrono::Utc>) -> i32 {
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    let report = match sw_briefing::archive::verify::run(&config.archive_dir, now) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FAILED;
        }
    };
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    if let Some(why) = &report.not_recorded {
        eprintln!("note: this check could not be recorded in the ledger: {why}");
    }
    let summary = format!("{} package(s), {} ledger line(s); ledger head sha256:{}", report.packages, report.ledger_lines, report.ledger_head);
    if report.problems.is_empty() {
        println!("verified: {summary}");
        exit::OK
    } else {
        println!("FAILED: {} problem(s) in {}: {summary}", report.problems.len(), config.archive_dir.display());
        exit::VERIFY
    }
}
