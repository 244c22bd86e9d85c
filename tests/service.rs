//! The service: what falls due is decided by a pure function of (config, archive,
//! now), driven here with injected times; then the real binary runs as a service,
//! is stopped with SIGTERM, and two copies share one archive.

mod common;
use chrono::{DateTime, TimeZone, Utc};
use common::*;
use std::sync::atomic::AtomicBool;
use sw_briefing::app::engine::Engine;
use sw_briefing::model::period::Period;
use sw_briefing::service::step;

fn shanghai(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// A project with one monthly schedule (08:00 on the 1st) and monthly files for 示例市.
fn monthly_project(months: &[u32]) -> Project {
    let project = Project::new();
    let config = project.read("config/briefing.yaml");
    let head = config.split("schedules:").next().unwrap();
    let config = format!("{head}schedules:\n  - name: monthly\n    cron: \"0 8 1 * *\"\n    period: month\n    regions: [\"990100\"]\n");
    project.write("config/briefing.yaml", config.as_bytes());
    // Keep only the years before the simulated clock: later files would be "in the future".
    for name in [
        "2023.yaml",
        "2023-Q1.yaml",
        "2023-Q2.yaml",
        "2023-Q3.yaml",
        "2023-Q4.yaml",
    ] {
        std::fs::remove_file(project.metrics().join("990100-示例市").join(name)).unwrap();
    }
    for &m in months {
        add_month(&project, m);
    }
    project
}

fn add_month(project: &Project, month: u32) {
    let q4 = std::fs::read_to_string(
        std::path::Path::new(REPO).join("metrics/990100-示例市/2023-Q4.yaml"),
    )
    .unwrap();
    let text = q4
        .replace(
            "period: \"2023-Q4\"",
            &format!("period: \"2023-{month:02}\""),
        )
        .replace("new_posts: 13", &format!("new_posts: {month}"));
    project.write(
        &format!("metrics/990100-示例市/2023-{month:02}.yaml"),
        text.as_bytes(),
    );
}

fn filed(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = walk(&project.reports())
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

fn engine(project: &Project) -> Engine {
    Engine::load(&project.config()).unwrap()
}

#[test]
fn a_monthly_schedule_makes_the_previous_month_on_the_first() {
    let project = monthly_project(&[11]);
    let engine = engine(&project);
    let stop = AtomicBool::new(false);
    // Before the firing: nothing due yet.
    let report = step(&engine, shanghai(2023, 12, 1, 7, 59), &stop);
    assert!(report.made.is_empty(), "{report:?}");
    let report = step(&engine, shanghai(2023, 12, 1, 8, 0), &stop);
    assert_eq!(report.made, vec!["990100/2023-11"]);
    assert_eq!(
        filed(&project),
        vec!["社会工作简报-2023年第01期-2023-11.pdf"]
    );
}

#[test]
fn downtime_is_caught_up_oldest_first_without_duplicates() {
    let project = monthly_project(&[8]);
    let engine = engine(&project);
    let stop = AtomicBool::new(false);
    step(&engine, shanghai(2023, 9, 1, 9, 0), &stop);
    assert_eq!(filed(&project).len(), 1, "August was made on 1 September");
    for month in [9, 10, 11] {
        add_month(&project, month);
    }
    // Down from 2 September until 1 December 10:00: three months fell due.
    let report = step(&engine, shanghai(2023, 12, 1, 10, 0), &stop);
    assert_eq!(
        report.made,
        vec!["990100/2023-09", "990100/2023-10", "990100/2023-11"]
    );
    assert_eq!(
        filed(&project),
        vec![
            "社会工作简报-2023年第01期-2023-08.pdf",
            "社会工作简报-2023年第02期-2023-09.pdf",
            "社会工作简报-2023年第03期-2023-10.pdf",
            "社会工作简报-2023年第04期-2023-11.pdf",
        ]
    );
    let again = step(&engine, shanghai(2023, 12, 1, 10, 5), &stop);
    assert!(
        again.made.is_empty(),
        "a second restart makes nothing: {again:?}"
    );
    assert_eq!(filed(&project).len(), 4);
}

#[test]
fn data_that_arrives_late_is_picked_up_and_data_that_never_comes_is_recorded_missing() {
    let project = monthly_project(&[]);
    let engine = engine(&project);
    let stop = AtomicBool::new(false);
    let report = step(&engine, shanghai(2023, 12, 1, 8, 0), &stop);
    assert_eq!(report.waiting_for_data, vec!["990100/2023-11"]);
    assert!(filed(&project).is_empty());
    add_month(&project, 11);
    let report = step(&engine, shanghai(2023, 12, 2, 9, 0), &stop);
    assert_eq!(report.made, vec!["990100/2023-11"]);

    // December's data never comes: past the deadline (20 days) it is recorded missing.
    let report = step(&engine, shanghai(2024, 1, 1, 8, 0), &stop);
    assert_eq!(report.waiting_for_data, vec!["990100/2023-12"]);
    let report = step(&engine, shanghai(2024, 1, 25, 8, 0), &stop);
    assert_eq!(report.given_up, vec!["990100/2023-12"]);
    // (`status` with the clock of these steps: a state after the clock is reported.)
    let status = Run::from(
        project
            .command(&["status"])
            .env("SOURCE_DATE_EPOCH", EPOCH_25_JANUARY_2024)
            .output()
            .unwrap(),
    );
    status.assert_ok();
    let missing = status
        .stdout
        .lines()
        .find(|l| l.starts_with("missing (no data by the deadline):"))
        .unwrap();
    assert!(
        missing.contains("990100/2023-12") && !missing.contains("2023-11"),
        "{}",
        status.stdout
    );
    // Once recorded, it is not retried or reported again.
    let report = step(&engine, shanghai(2024, 1, 26, 8, 0), &stop);
    assert!(
        report.given_up.is_empty() && report.waiting_for_data.is_empty(),
        "{report:?}"
    );
}

#[test]
fn a_report_interrupted_mid_way_is_made_exactly_once_after_restart() {
    let project = monthly_project(&[11]);
    // What a kill during writing leaves: a temporary file, no PDF.
    project.write(
        "reports/990100-示例市/2023/.partial-abc123.tmp",
        b"%PDF-1.7 torn",
    );
    let engine = engine(&project);
    let stop = AtomicBool::new(false);
    let first = step(&engine, shanghai(2023, 12, 1, 8, 30), &stop);
    let second = step(&engine, shanghai(2023, 12, 1, 8, 31), &stop);
    assert_eq!(first.made, vec!["990100/2023-11"]);
    assert!(second.made.is_empty());
    assert_eq!(
        filed(&project),
        vec!["社会工作简报-2023年第01期-2023-11.pdf"]
    );
}

#[test]
fn older_than_the_horizon_is_listed_not_made() {
    let project = monthly_project(&[1, 11]);
    // (The clock below is 1 December, so no file lies in the future.)
    let engine = engine(&project);
    let report = step(
        &engine,
        shanghai(2023, 12, 1, 9, 0),
        &AtomicBool::new(false),
    );
    assert!(
        report.too_old.contains(&"990100/2023-01".to_string()),
        "{report:?}"
    );
    assert_eq!(report.made, vec!["990100/2023-11"]);
}

#[test]
fn status_lists_next_fire_times_in_local_time() {
    let project = monthly_project(&[11]);
    let run = project.run(&["status"]);
    run.assert_ok();
    // SOURCE_DATE_EPOCH is 2024-01-05 10:00 Shanghai: the next firing is 1 February 08:00.
    assert!(
        run.stdout.contains(
            "monthly \"0 8 1 * *\" (Month): next 2024-02-01 08:00:00, 2024-03-01 08:00:00"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("due now (data on file): 990100/2023-11"),
        "{}",
        run.stdout
    );
}

/// A project whose only schedule fires every second and reports on quarters.
fn fast_project() -> Project {
    let project = Project::new();
    let config = project.read("config/briefing.yaml");
    let head = config.split("schedules:").next().unwrap();
    let config = format!("{head}schedules:\n  - name: fast\n    cron: \"* * * * * *\"\n    period: quarter\nservice:\n  catch_up_days: 120\n  retry_minutes: 1\n  shutdown_grace_seconds: 20\n");
    project.write("config/briefing.yaml", config.as_bytes());
    project
}

fn start_service(project: &Project) -> std::process::Child {
    start_service_at(project, FIXED_EPOCH)
}

/// The service with its clock fixed at `epoch` (Unix seconds).
fn start_service_at(project: &Project, epoch: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_sw-briefing"))
        .args(["--config", project.config().to_str().unwrap()])
        .current_dir(project.path())
        .env("SOURCE_DATE_EPOCH", epoch)
        .env("SW_BRIEFING_LANG", "en")
        .env_remove("RUST_LOG")
        .env_remove("SW_BRIEFING_CONFIG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends SIGTERM and waits for the exit, at most a minute, so that a service that
/// ignores the signal fails the test instead of hanging it.
fn terminate(mut child: std::process::Child) -> (i32, String) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the service did not stop within 60 s of SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_service_runs_on_schedule_and_stops_cleanly_on_sigterm() {
    let project = fast_project();
    let child = start_service(&project);
    std::thread::sleep(std::time::Duration::from_secs(4));
    let (code, stderr) = terminate(child);
    assert_eq!(code, 0, "exit code after SIGTERM\n{stderr}");
    assert!(stderr.contains("service stopped"), "{stderr}");
    // 2024-01-05: Q4 2023 fell due on 1 January and Q3 on 1 October, both within the
    // 92-day horizon; 示例市 has data for both, 湘潭市 for neither.
    assert_eq!(
        filed(&project),
        vec![
            "社会工作简报-2024年第01期-2023-Q3.pdf",
            "社会工作简报-2024年第02期-2023-Q4.pdf"
        ],
        "{stderr}"
    );
    assert!(stderr.contains("waiting for data"), "{stderr}");
    assert!(!walk(&project.reports())
        .iter()
        .any(|p| p.to_string_lossy().contains(".partial-")));
}

#[test]
fn two_services_on_one_archive_make_no_duplicate_and_no_gap() {
    let project = fast_project();
    let mut first = start_service(&project);
    let mut second = start_service(&project);
    std::thread::sleep(std::time::Duration::from_secs(3));
    // Whichever lost the race for the archive has exited; stop the one still running.
    let (running, refused) = match (first.try_wait().unwrap(), second.try_wait().unwrap()) {
        (Some(_), None) => (second, first),
        (None, Some(_)) => (first, second),
        (a, b) => {
            let _ = first.kill();
            let _ = second.kill();
            panic!("exactly one service should have been refused: {a:?} {b:?}");
        }
    };
    let (code_run, err_run) = terminate(running);
    let out = refused.wait_with_output().unwrap();
    let (code_refused, err_refused) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(
        (code_run, code_refused),
        (0, 6),
        "one runs, the other is refused\n{err_run}\n{err_refused}"
    );
    assert!(
        err_refused.contains("another sw-briefing service is already running on this archive"),
        "{err_refused}"
    );
    assert_eq!(
        filed(&project),
        vec![
            "社会工作简报-2024年第01期-2023-Q3.pdf",
            "社会工作简报-2024年第02期-2023-Q4.pdf"
        ]
    );
    // A --now run while the service holds the archive waits its turn and adds no duplicate.
    let run = project.run(&["--now", "--region", "990100", "--period", "2023-Q4"]);
    run.assert_ok();
    assert!(run.stderr.contains("already filed"));
    let _ = Period::Year(2023);
}

#[test]
fn a_clock_stepping_backwards_changes_nothing() {
    let project = monthly_project(&[9, 10]);
    let engine = engine(&project);
    let stop = AtomicBool::new(false);
    let first = step(&engine, shanghai(2023, 11, 20, 9, 0), &stop);
    assert_eq!(first.made, vec!["990100/2023-09", "990100/2023-10"]);
    let before = filed(&project);
    // The state from 20 November lies in the future: it is forgotten, with a warning,
    // and what was filed is read from the archive, so nothing is made again.
    let report = step(&engine, shanghai(2023, 11, 10, 9, 0), &stop);
    assert!(report.failed.is_empty(), "{report:?}");
    assert!(
        report
            .clock_warning
            .as_deref()
            .is_some_and(|w| w.contains("the clock was ahead then, or is behind now")),
        "{report:?}"
    );
    assert!(report.made.is_empty());
    assert_eq!(filed(&project), before);
}

/// 2030-06-01 10:00 in Shanghai.
const EPOCH_2030: &str = "1906509600";
/// 2024-01-25 10:00 in Shanghai: past the 20-day data deadline of 2023-Q4.
const EPOCH_25_JANUARY_2024: &str = "1706148000";

/// Runs the service for a few seconds and stops it; its exit code and log.
fn serve_briefly(project: &Project, epoch: &str, seconds: u64) -> (i32, String) {
    let child = start_service_at(project, epoch);
    std::thread::sleep(std::time::Duration::from_secs(seconds));
    terminate(child)
}

#[test]
fn a_clock_far_ahead_is_refused_and_a_state_from_one_is_forgotten() {
    // Year 10000 (and 1970) are refused before anything is read, naming the variable.
    let project = fast_project();
    for epoch in ["253402300800", "0"] {
        let run = Run::from(
            project
                .command(&["--now"])
                .env("SOURCE_DATE_EPOCH", epoch)
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(&format!("SOURCE_DATE_EPOCH=`{epoch}`"))
                && run.stderr.contains("outside the years 2000–2199")
                && run.stderr.contains("help:"),
            "{}",
            run.stderr
        );
    }
    assert!(project.bags().is_empty());

    // One service run with the clock in 2030: nothing on file for 2029/2030, so the
    // periods due then wait and some are recorded missing.
    let (code, log) = serve_briefly(&project, EPOCH_2030, 3);
    assert_eq!(code, 0, "{log}");
    let state = project.read("reports/.service-state.json");
    assert!(state.contains("2030-06-01"), "{state}");
    assert!(state.contains("2030-Q1"), "recorded missing: {state}");

    // Back in 2024: `status` says what is wrong and what to do...
    let status = project.run(&["status"]);
    status.assert_ok();
    assert!(
        status
            .stdout
            .contains("warning: the service state lies after the clock now (2024-01-05 10:00:00)")
            && status
                .stdout
                .contains("the last run is recorded at 2030-06-01")
            && status.stdout.contains("990100/2030-Q1")
            && status.stdout.contains("help: check the system clock"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("due now (data on file): 990100/2023-Q3, 990100/2023-Q4"),
        "{}",
        status.stdout
    );
    // ...and the service forgets the future and makes what is due now.
    let (code, log) = serve_briefly(&project, FIXED_EPOCH, 4);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("forgotten, continuing from the archive"),
        "{log}"
    );
    assert_eq!(
        filed(&project),
        vec![
            "社会工作简报-2024年第01期-2023-Q3.pdf",
            "社会工作简报-2024年第02期-2023-Q4.pdf"
        ],
        "{log}"
    );
    let state = project.read("reports/.service-state.json");
    assert!(!state.contains("2030-Q1"), "{state}");
    let status = project.run(&["status"]);
    assert!(!status.stdout.contains("warning:"), "{}", status.stdout);

    // A package filed while the clock was ahead is noted by verify.
    let run = Run::from(
        project
            .command(&["--now", "--region", "990100", "--period", "2022"])
            .env("SOURCE_DATE_EPOCH", EPOCH_2030)
            .output()
            .unwrap(),
    );
    run.assert_ok();
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}\n{}", verify.stdout, verify.stderr);
    assert!(
        verify.stderr.contains("after the clock now (2024-01-05)")
            && verify.stderr.contains("its 期号 is of the year 2030"),
        "{}",
        verify.stderr
    );
}

#[test]
fn a_font_overwritten_in_place_while_the_service_runs_does_not_stop_it() {
    let project = fast_project();
    // Fonts of its own, to overwrite (the project links the repository's).
    let fonts = project.path().join("fonts");
    std::fs::remove_file(&fonts).unwrap();
    std::fs::create_dir(&fonts).unwrap();
    for entry in std::fs::read_dir(std::path::Path::new(REPO).join("fonts")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), fonts.join(entry.file_name())).unwrap();
    }
    // 2023-Q4 of 示例市 is held back, to be made after the fonts change.
    let q4 = project.metrics().join("990100-示例市/2023-Q4.yaml");
    let q4_text = std::fs::read(&q4).unwrap();
    std::fs::remove_file(&q4).unwrap();
    let mut child = start_service(&project);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while filed(&project).is_empty() {
        assert!(std::time::Instant::now() < deadline, "Q3 was not made");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // Overwritten in place, as `cp` does: the body font becomes a smaller file (the
    // heading font's bytes), the title font a larger one with other glyph ids.
    let body = fonts.join("NotoSerifCJKsc-Regular-GB2312.otf");
    let title = fonts.join("NotoSerifCJKsc-Bold-GB2312.otf");
    let heading = std::fs::read(fonts.join("NotoSansCJKsc-Regular-GB2312.otf")).unwrap();
    let mut larger = std::fs::read(fonts.join("NotoSerifCJKsc-Regular-GB2312.otf")).unwrap();
    larger.extend(std::iter::repeat_n(0u8, 1 << 20));
    std::fs::write(&body, &heading).unwrap();
    std::fs::write(&title, &larger).unwrap();
    std::fs::write(&q4, &q4_text).unwrap();
    while filed(&project).len() < 2 {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "the service died ({status:?}):\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("Q4 was not made:\n{}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let (code, log) = terminate(child);
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("is in no configured font"), "{log}");
    // Once for each of the two files, not at every step.
    assert_eq!(
        log.matches("this font file changed on disk since the service started")
            .count(),
        2,
        "{log}"
    );
    let pdf = walk(&project.reports())
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("第02期-2023-Q4.pdf"))
        .unwrap();
    let text = squashed_text(&pdf);
    assert!(text.contains("示例市2023年第四季度"), "{text}");
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}\n{}", verify.stdout, verify.stderr);
}

#[test]
fn a_quarter_waits_for_its_missing_months_and_is_then_made_from_what_is_on_file() {
    let project = fast_project();
    // 示例市 reports 2023-Q4 by month, and only November has come in.
    std::fs::remove_file(project.metrics().join("990100-示例市/2023-Q4.yaml")).unwrap();
    add_month(&project, 11);
    let (code, log) = serve_briefly(&project, FIXED_EPOCH, 4);
    assert_eq!(code, 0, "{log}");
    // Due on 1 January, 4 days ago: it waits for October and December.
    assert_eq!(
        filed(&project),
        vec!["社会工作简报-2024年第01期-2023-Q3.pdf"],
        "{log}"
    );
    assert!(
        log.contains("waiting for the data of its missing months"),
        "{log}"
    );
    let status = project.run(&["status"]);
    let pending = status
        .stdout
        .lines()
        .find(|l| l.starts_with("pending (waiting for data):"))
        .unwrap();
    assert!(pending.contains("990100/2023-Q4"), "{}", status.stdout);
    // Past the 20-day deadline it is made from November, and says so.
    let (code, log) = serve_briefly(&project, EPOCH_25_JANUARY_2024, 4);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("made from the months on file"), "{log}");
    assert_eq!(
        filed(&project),
        vec![
            "社会工作简报-2024年第01期-2023-Q3.pdf",
            "社会工作简报-2024年第02期-2023-Q4.pdf"
        ],
        "{log}"
    );
    let pdf = walk(&project.reports())
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("第02期-2023-Q4.pdf"))
        .unwrap();
    let text = squashed_text(&pdf);
    assert!(
        text.contains("2023年10月、2023年12月的数据尚未报送")
            || text.contains("2023年10月和2023年12月的数据尚未报送"),
        "{text}"
    );

    // `--now` issues a partial period at once, marked in the briefing the same way.
    let now = fast_project();
    std::fs::remove_file(now.metrics().join("990100-示例市/2023-Q4.yaml")).unwrap();
    add_month(&now, 11);
    let run = now.run(&["--now", "--region", "990100", "--period", "2023-Q4"]);
    run.assert_ok();
    let text = squashed_text(&now.path().join(&run.pdfs()[0]));
    assert!(text.contains("尚未报送"), "{text}");
}
