//! Command line → library → exit code.

use std::io::IsTerminal;
use sw_briefing::app::batch;
use sw_briefing::app::engine::{Engine, Outcome, Request, RunError};
use sw_briefing::cli::{exit, Cli, Command};
use sw_briefing::config::RegionJob;
use sw_briefing::i18n::show;
use sw_briefing::tr;

// printpdf's font subsetting allocates and frees heavily, which mimalloc serves
// faster than glibc's allocator (BENCHMARKS.md has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    no_huge_pages_for_the_heap();
    let cli = sw_briefing::cli::parse();
    use sw_briefing::cli::Command as C;
    if matches!(
        cli.command,
        Some(C::Check | C::Status | C::Verify { .. } | C::Drafts)
    ) {
        stop_quietly_on_a_closed_pipe();
    }
    sw_briefing::app::logging::init(cli.json_logs);
    std::process::exit(run(cli));
}

/// A reading command whose output is piped into a reader that stops early
/// (`sw-briefing status | head`) ends as other command-line tools do, by SIGPIPE, instead
/// of panicking in `println!`. Commands that write to the archive and the service keep
/// Rust's default (SIGPIPE ignored), so that a reader going away never stops them
/// between two steps of their work.
fn stop_quietly_on_a_closed_pipe() {
    // SAFETY: restoring a signal's default disposition at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Turns transparent huge pages off for this process. mimalloc asks for them on its
/// arenas, and then every fresh 2 MB of heap is zeroed and counted resident in full
/// when its first byte is touched: a fifth of a one-briefing run's CPU went into that
/// zeroing, and a 3,000-region run's peak was 225 MB with them, 196 MB without, at the
/// same CPU (BENCHMARKS.md, "Huge pages"). The kernel honours the flag on every later
/// page fault, also on memory already advised for huge pages, and whatever the
/// system's THP setting (`always` included). Programs a delivery starts inherit it,
/// as they inherit the rest of the process's limits.
fn no_huge_pages_for_the_heap() {
    let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag on this process's memory
    // map; it reads no pointers. A kernel without it returns an error, which changes
    // nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

/// Hands the memory mimalloc keeps for reuse back to the system (the service calls it
/// after each step, before it waits).
fn release_memory() {
    // SAFETY: mi_collect only walks mimalloc's own structures; any thread may call it.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Runs the scheduled service until SIGTERM or Ctrl-C.
fn serve(engine: Engine) -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{}", tr!("run-error-runtime", error = show(e)));
            return exit::FAILED;
        }
    };
    match runtime.block_on(sw_briefing::service::serve(
        std::sync::Arc::new(engine),
        sw_briefing::app::clock::now,
        sw_briefing::app::signals::shutdown_requested(),
        release_memory,
    )) {
        Ok(()) => exit::OK,
        Err(e @ sw_briefing::service::ServiceError::AlreadyRunning { .. }) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            exit::BUSY
        }
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            exit::FAILED
        }
    }
}

fn run(cli: Cli) -> i32 {
    match &cli.command {
        Some(Command::Form {
            region,
            period,
            output,
        }) => return sw_briefing::form::run_form(&cli.config, region, period, output.as_deref()),
        Some(Command::Import {
            files,
            dry_run,
            replace,
        }) => return sw_briefing::form::run_import(&cli.config, files, *dry_run, *replace),
        _ => {}
    }
    let now = match sw_briefing::app::clock::now() {
        Ok(now) => now,
        Err(message) => {
            eprintln!("{}", tr!("error-line", message = message));
            return exit::USAGE;
        }
    };
    match &cli.command {
        Some(Command::Verify { head }) => return verify(&cli, now, head.as_deref()),
        Some(Command::Record) => return record(&cli, now),
        Some(Command::Deliver { retry }) => return deliver(&cli, now, *retry),
        Some(Command::Drafts) => return drafts(&cli),
        Some(Command::Reject {
            code,
            period,
            reason,
            by,
        }) => return reject(&cli, now, code, period, reason, by.as_deref()),
        _ => {}
    }
    if cli.command.is_none() && !cli.now {
        // The service runs for months: its fonts are mapped from private copies, so
        // that a font file overwritten in place cannot crash it (src/fonts.rs).
        sw_briefing::fonts::use_private_copies();
    }
    let engine = match Engine::load(&cli.config) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("{e}");
            return exit::CONFIG;
        }
    };
    match cli.command {
        Some(
            Command::Verify { .. }
            | Command::Record
            | Command::Deliver { .. }
            | Command::Form { .. }
            | Command::Import { .. }
            | Command::Drafts
            | Command::Reject { .. },
        ) => {
            unreachable!("handled above")
        }
        Some(Command::Approve {
            code,
            period,
            by,
            date,
        }) => return approve(&engine, now, &code, &period, &by, date.as_deref()),
        Some(Command::Status) => {
            print!("{}", sw_briefing::service::status(&engine, now));
            return exit::OK;
        }
        Some(Command::Check) => {
            let loaded = engine.load_metrics_at(now);
            for warning in &loaded.warnings {
                eprintln!("{warning}");
            }
            if !loaded.problems.is_empty() {
                eprintln!("{}", loaded.problems);
                return exit::METRICS;
            }
            let files: usize = loaded.store.by_region.values().map(|m| m.len()).sum();
            println!(
                "{}",
                tr!(
                    "check-ok",
                    config = cli.config.display(),
                    files = files,
                    regions = loaded.store.by_region.len()
                )
            );
            return exit::OK;
        }
        None if !cli.now => return serve(engine),
        None => {}
    }
    let period = match cli.period.as_deref().map(str::parse) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => {
            eprintln!("{}", tr!("run-error-period", error = show(e)));
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
                    eprintln!(
                        "{}",
                        tr!(
                            "run-error-region",
                            code = code,
                            config = cli.config.display()
                        )
                    );
                    return exit::USAGE;
                }
            }
        }
        jobs
    };
    if cli.output.is_some() && jobs.len() != 1 {
        eprintln!("{}", tr!("run-error-output-one-region"));
        return exit::USAGE;
    }
    // Named regions need only their own files and their peers': a ministry's run for
    // one county then reads a few hundred files, not every county's.
    let named: Option<std::collections::BTreeSet<String>> =
        (!cli.regions.is_empty()).then(|| jobs.iter().map(|j| j.code.clone()).collect());
    let loaded = engine.load_metrics(now, named.as_ref(), period);
    for warning in &loaded.warnings {
        eprintln!("{warning}");
    }
    if !loaded.problems.is_empty() {
        eprintln!("{}", loaded.problems);
    }
    let mut failures = 0;
    let mut made = 0;
    let total = jobs.len();
    let progress = total > 1 && std::io::stderr().is_terminal();
    let mut requests = Vec::with_capacity(jobs.len());
    for job in jobs {
        if loaded.tainted.contains(&job.code) {
            failures += 1;
            eprintln!("{}", tr!("run-region-skipped", code = job.code));
        } else {
            requests.push(Request { job, period });
        }
    }
    let mut settled = 0;
    let mut report = |job: &RegionJob, result: Result<Outcome, RunError>| {
        settled += 1;
        if progress {
            eprint!("\r[{settled}/{}] {}  ", requests.len(), job.code);
        }
        match result {
            Ok(outcome) => {
                note_outcome(job, &outcome);
                made += 1;
                println!("{}", outcome.path().display());
            }
            Err(e) => {
                failures += 1;
                eprintln!(
                    "{}",
                    tr!("run-region-failed", code = job.code, error = show(e))
                );
            }
        }
    };
    let batch = match cli.output.as_deref() {
        Some(out) => {
            let request = requests.first();
            if let Some(request) = request {
                report(
                    request.job,
                    engine.preview(&loaded.store, request.job, period, now, out),
                );
            }
            Ok(())
        }
        None => batch::issue_many(
            &engine,
            &loaded.store,
            &requests,
            now,
            cli.revise,
            &|| true,
            &mut report,
        ),
    };
    if progress {
        eprintln!();
    }
    // What was filed goes to the delivery channels; their failures are reported and
    // retried later, and never change this run's exit code.
    if cli.output.is_none() {
        print_deliveries(
            &sw_briefing::delivery::run(&engine.config, now, false, &|| true),
            true,
            engine.config.timezone,
        );
    }
    if let Err(e) = batch {
        eprintln!("{}", tr!("error-line", message = show(e)));
        eprintln!("{}", tr!("run-stopped", made = made));
        return exit::FAILED;
    }
    if failures > 0 {
        eprintln!(
            "{}",
            tr!("run-summary-failed", made = made, failed = failures)
        );
        if made == 0 && !loaded.problems.is_empty() {
            exit::METRICS
        } else {
            exit::FAILED
        }
    } else {
        exit::OK
    }
}

/// Says on stderr what became of a briefing that was not simply made.
fn note_outcome(job: &RegionJob, outcome: &Outcome) {
    match outcome {
        Outcome::Existing { .. } => {
            eprintln!("{}", tr!("run-note-existing", code = job.code))
        }
        Outcome::Revised {
            issue_number,
            revision,
            ..
        } => {
            eprintln!(
                "{}",
                tr!(
                    "run-note-revised",
                    code = job.code,
                    revision = *revision,
                    issue = format!("{issue_number:02}")
                )
            )
        }
        Outcome::Changed {
            issue_number,
            revision,
            changes,
            ..
        } => {
            let issue = if *revision > 1 {
                format!("{issue_number:02}（r{revision}）")
            } else {
                format!("{issue_number:02}")
            };
            eprintln!(
                "{}",
                tr!(
                    "run-warning-changed",
                    code = job.code,
                    issue = issue,
                    changes = changes.join("、")
                )
            );
        }
        Outcome::Drafted { period, remade, .. } => eprintln!(
            "{}",
            sw_briefing::app::signoff::drafted_note(&job.code, period, *remade)
        ),
        Outcome::Created { .. } | Outcome::Preview { .. } => {}
    }
}

/// Prints what a delivery run did.
fn print_deliveries(
    report: &sw_briefing::delivery::Report,
    quiet_success: bool,
    zone: chrono_tz::Tz,
) {
    let (out, err) = sw_briefing::delivery::messages::report_lines(report, quiet_success, zone);
    for line in out {
        println!("{line}");
    }
    for line in err {
        eprintln!("{line}");
    }
}

/// `deliver`: sends what is due; exit 1 when a delivery failed or could not be recorded.
fn deliver(cli: &Cli, now: chrono::DateTime<chrono::Utc>, retry: bool) -> i32 {
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    if config.delivery.is_empty() {
        println!("{}", tr!("delivery-none-configured"));
        return exit::OK;
    }
    let report = sw_briefing::delivery::run(&config, now, retry, &|| true);
    print_deliveries(&report, false, config.timezone);
    if report.delivered.is_empty() && report.ok() && !report.busy {
        println!(
            "{}",
            tr!(
                "delivery-nothing-more",
                done = report.done_before,
                waiting = report.waiting.len(),
                given_up = report.given_up.len()
            )
        );
    }
    if report.ok() {
        exit::OK
    } else {
        exit::FAILED
    }
}

/// `record`: records the packages in place without a ledger line; exit 1 when one
/// could not be recorded.
fn record(cli: &Cli, now: chrono::DateTime<chrono::Utc>) -> i32 {
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    let report = sw_briefing::archive::lock(&config.archive_dir)
        .and_then(|lock| lock.record_unrecorded(now));
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            return exit::FAILED;
        }
    };
    for filed in &report.recorded {
        println!("{}", tr!("record-recorded", dir = filed.dir.display()));
    }
    for (dir, why) in &report.refused {
        eprintln!(
            "{}",
            tr!("record-refused", dir = dir.display(), reason = why)
        );
    }
    if report.refused.is_empty() {
        if report.recorded.is_empty() {
            println!(
                "{}",
                tr!("record-nothing", archive = config.archive_dir.display())
            );
        }
        exit::OK
    } else {
        exit::FAILED
    }
}

/// `verify`: checks the archive, prints each problem with its path, exit 5 on any.
fn verify(cli: &Cli, now: chrono::DateTime<chrono::Utc>, head: Option<&str>) -> i32 {
    let head = match head.map(|h| (h, sw_briefing::archive::ledger::parse_head(h))) {
        None => None,
        Some((_, Some(parsed))) => Some(parsed),
        Some((given, None)) => {
            eprintln!("{}", tr!("verify-error-head", given = given));
            return exit::USAGE;
        }
    };
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    let report = match sw_briefing::archive::verify::run(&config.archive_dir, now, head.as_deref())
    {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            return exit::FAILED;
        }
    };
    for note in &report.notes {
        eprintln!("{}", tr!("note-line", message = show(note)));
    }
    for problem in &report.problems {
        eprintln!("{}", tr!("error-line", message = show(problem)));
    }
    if let Some(why) = &report.not_recorded {
        eprintln!("{}", tr!("verify-not-recorded", reason = why));
    }
    let head = format!("sha256:{}", report.ledger_head);
    if report.problems.is_empty() {
        println!(
            "{}",
            tr!(
                "verify-ok",
                packages = report.packages,
                lines = report.ledger_lines,
                head = head
            )
        );
        exit::OK
    } else {
        println!(
            "{}",
            tr!(
                "verify-failed",
                problems = report.problems.len(),
                archive = config.archive_dir.display(),
                packages = report.packages,
                lines = report.ledger_lines,
                head = head
            )
        );
        exit::VERIFY
    }
}

/// A period named on the command line, or the usage error that says why not.
fn parse_period(text: &str) -> Result<sw_briefing::model::period::Period, i32> {
    text.parse().map_err(|e| {
        eprintln!("{}", tr!("run-error-period", error = show(e)));
        exit::USAGE
    })
}

/// A text that must say something (a name, a reason), or the usage error.
fn not_blank(text: &str, option: &str) -> Result<String, i32> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        let message = tr!("signoff-error-blank", option = option);
        eprintln!("{}", tr!("error-line", message = message));
        Err(exit::USAGE)
    } else {
        Ok(trimmed.to_string())
    }
}

/// `approve`: issues a draft; exit 1 when it is refused or filing fails.
fn approve(
    engine: &Engine,
    now: chrono::DateTime<chrono::Utc>,
    code: &str,
    period: &str,
    by: &str,
    date: Option<&str>,
) -> i32 {
    let period = match parse_period(period) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let by = match not_blank(by, "--by") {
        Ok(by) => by,
        Err(code) => return code,
    };
    let date = match date.map(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            let message = tr!("signoff-error-date", given = date.unwrap_or_default());
            eprintln!("{}", tr!("error-line", message = message));
            return exit::USAGE;
        }
    };
    match sw_briefing::app::signoff::approve(engine, code, period, &by, date, now) {
        Ok(outcome) => {
            println!("{}", outcome.path().display());
            eprintln!(
                "{}",
                tr!(
                    "signoff-approved",
                    code = code,
                    period = show(period),
                    by = by
                )
            );
            print_deliveries(
                &sw_briefing::delivery::run(&engine.config, now, false, &|| true),
                true,
                engine.config.timezone,
            );
            exit::OK
        }
        // Each problem is printed as its own error line, as `check` prints them.
        Err(sw_briefing::app::signoff::SignoffError::Metrics(problems)) => {
            eprintln!("{problems}");
            exit::METRICS
        }
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            exit::FAILED
        }
    }
}

/// `reject`: marks a draft rejected with the reason; exit 1 when there is none.
fn reject(
    cli: &Cli,
    now: chrono::DateTime<chrono::Utc>,
    code: &str,
    period: &str,
    reason: &str,
    by: Option<&str>,
) -> i32 {
    let period = match parse_period(period) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let reason = match not_blank(reason, "--reason") {
        Ok(reason) => reason,
        Err(code) => return code,
    };
    let by = match by.map(|by| not_blank(by, "--by")).transpose() {
        Ok(by) => by,
        Err(code) => return code,
    };
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    match sw_briefing::app::signoff::reject(&config, code, period, &reason, by.as_deref(), now) {
        Ok(found) => {
            println!(
                "{}",
                tr!(
                    "signoff-rejected",
                    code = code,
                    period = show(period),
                    draft = found.pdf()
                )
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            exit::FAILED
        }
    }
}

/// `drafts`: lists the drafts waiting for approval.
fn drafts(cli: &Cli) -> i32 {
    let config = match sw_briefing::config::Config::load(&cli.config) {
        Ok(config) => config,
        Err(problems) => {
            eprintln!("{problems}");
            return exit::CONFIG;
        }
    };
    match sw_briefing::archive::drafts::list(&config.archive_dir) {
        Ok(list) if list.is_empty() => {
            println!("{}", tr!("signoff-drafts-none"));
            exit::OK
        }
        Ok(list) => {
            print!("{}", sw_briefing::app::signoff::drafts_table(&list));
            exit::OK
        }
        Err(e) => {
            eprintln!("{}", tr!("error-line", message = show(e)));
            exit::FAILED
        }
    }
}
