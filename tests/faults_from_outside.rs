//! Faults found from outside (issue #13): odd files where inputs are expected, config
//! values out of range, numbers YAML reads in other notations, unclear errors,
//! overlapping folders, colour codes in logs, leftover temp files, and previews. Each
//! through the real binary.

mod common;
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs the binary but gives up (and fails the test) after `limit`: a FIFO used to
/// hang the program for ever.
fn run_within(project: &Project, args: &[&str], limit: Duration) -> Run {
    let mut child = project
        .command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return Run::from(child.wait_with_output().unwrap());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let run = Run::from(child.wait_with_output().unwrap());
            panic!(
                "`{}` did not finish within {limit:?}\nstderr:\n{}",
                args.join(" "),
                run.stderr
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

fn set_config(project: &Project, from: &str, to: &str) {
    let config = project.read("config/briefing.yaml");
    assert!(config.contains(from), "the config has no `{from}`");
    project.write(
        "config/briefing.yaml",
        config.replacen(from, to, 1).as_bytes(),
    );
}

fn append_config(project: &Project, text: &str) {
    let mut config = project.read("config/briefing.yaml");
    config.push_str(text);
    project.write("config/briefing.yaml", config.as_bytes());
}

const EXAMPLE: &str = "metrics/990100-示例市/2023.yaml";

// ---- 6. a FIFO or device where a file is expected ----

#[test]
fn a_metrics_file_linked_to_a_fifo_or_a_device_is_refused_not_waited_on() {
    let project = Project::new();
    let fifo = project.path().join("pipe");
    mkfifo(&fifo);
    let region = project.metrics().join("990100-示例市");
    std::os::unix::fs::symlink(&fifo, region.join("2017.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", region.join("2016.yaml")).unwrap();
    for args in [&["check"][..], &["--now"][..]] {
        let run = run_within(&project, args, Duration::from_secs(60));
        assert_ne!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("2017.yaml: this is a FIFO (named pipe), not a regular file")
                && run
                    .stderr
                    .contains("2016.yaml: this is a device, not a regular file")
                && run.stderr.contains("help: point the path"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_font_or_config_linked_to_a_fifo_is_refused_not_waited_on() {
    let project = Project::new();
    let fifo = project.path().join("font-pipe");
    mkfifo(&fifo);
    set_config(
        &project,
        "../fonts/NotoSansCJKsc-Regular-GB2312.otf",
        "../font-pipe",
    );
    let run = run_within(
        &project,
        &["--now", "--region", "990100"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("font-pipe") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );

    // The wording file, read like the config.
    let project = Project::new();
    let wording = project.path().join("config/wording.yaml");
    std::fs::remove_file(&wording).unwrap();
    mkfifo(&wording);
    let run = run_within(&project, &["check"], Duration::from_secs(60));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("wording.yaml: this is a FIFO"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_in_a_package_or_in_the_lock_file_s_place_does_not_hang_verify_or_a_run() {
    let project = Project::new();
    project.run(&["--now", "--region", "990100"]).assert_ok();
    let bag = bags_in(&project.reports()).remove(0);
    make_writable(&bag);
    let pdf = std::fs::read_dir(bag.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    for file in [bag.join("bagit.txt"), bag.join("data/metadata.json"), pdf] {
        std::fs::remove_file(&file).unwrap();
        mkfifo(&file);
    }
    let run = run_within(&project, &["verify"], Duration::from_secs(60));
    assert_eq!(run.code, 5, "{}", run.stderr);

    // The ledger itself a FIFO: verify and a run say so instead of waiting.
    let project = Project::new();
    project.run(&["--now", "--region", "990100"]).assert_ok();
    let ledger = project.reports().join("ledger.jsonl");
    std::fs::remove_file(&ledger).unwrap();
    mkfifo(&ledger);
    for args in [&["verify"][..], &["--now", "--region", "990100"][..]] {
        let run = run_within(&project, args, Duration::from_secs(60));
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("ledger.jsonl")
                && run.stderr.contains("FIFO")
                && run.stderr.contains("restore the file from a backup copy"),
            "{args:?}: {}",
            run.stderr
        );
    }

    let project = Project::new();
    mkfifo(&project.reports().join(".lock"));
    let run = run_within(
        &project,
        &["--now", "--region", "990100"],
        Duration::from_secs(60),
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(".lock"), "{}", run.stderr);
}

#[test]
fn config_numbers_in_other_notations_are_refused() {
    for (from, to) in [
        ("copies: 60", "copies: 0x10"),
        ("copies: 60", "copies: 1_0"),
    ] {
        let project = Project::new();
        set_config(&project, from, to);
        let run = project.run(&["check"]);
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(
            run.stderr.contains("briefing.yaml:7:9:")
                && run
                    .stderr
                    .contains("is not a whole number in plain decimal digits"),
            "{}",
            run.stderr
        );
    }
    let project = Project::new();
    append_config(&project, "service:\n  retry_minutes: 0o17\n");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("`0o17` is not a whole number"),
        "{}",
        run.stderr
    );
}

// ---- 7. durations and counts out of range ----

#[test]
fn service_settings_out_of_range_are_refused_naming_the_field_and_the_range() {
    let project = Project::new();
    append_config(
        &project,
        "service:\n  catch_up_days: 100000000\n  retry_minutes: 0\n  late_data_days: 4000000000\n  shutdown_grace_seconds: 86400\n",
    );
    for args in [&["check"][..], &["status"][..], &["--now"][..]] {
        let run = project.run(args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
        for phrase in [
            "`service.catch_up_days` is 100000000 days; it must be between 0 and 3660",
            "`service.retry_minutes` is 0 minutes; it must be between 1 and 10080",
            "`service.late_data_days` is 4000000000 days",
            "`service.shutdown_grace_seconds` is 86400 seconds",
            "help: write a number of days from 0 to 3660",
        ] {
            assert!(
                run.stderr.contains(phrase),
                "{args:?}: no {phrase:?}:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let project = Project::new();
    set_config(&project, "copies: 60", "copies: 0");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`copies` is 0; it must be between 1 and 999999"),
        "{}",
        run.stderr
    );
}

#[test]
fn status_at_the_edge_of_the_allowed_range_does_not_panic() {
    let project = Project::new();
    append_config(
        &project,
        "service:\n  catch_up_days: 3660\n  late_data_days: 3660\n",
    );
    let run = project.run(&["status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn schedule_arithmetic_with_settings_beyond_the_range_saturates_instead_of_panicking() {
    // A library caller may build a config the check never saw.
    use sw_briefing::service::schedule::{self, Due, Memory};
    let project = Project::new();
    let mut config = sw_briefing::config::Config::load(&project.config()).unwrap();
    config.service.catch_up_days = u32::MAX;
    config.service.late_data_days = u32::MAX;
    let now = chrono::DateTime::from_timestamp(FIXED_EPOCH.parse().unwrap(), 0).unwrap();
    let plan = schedule::plan(&config, &Default::default(), &Memory::default(), now);
    assert!(!plan.make.is_empty());
    let due = Due {
        fired_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        ..plan.make[0].clone()
    };
    assert!(!schedule::past_deadline(&config, &due, now));
}

// ---- 9. numbers silently changed ----

fn check_figure(figure: &str) -> Run {
    let project = Project::new();
    let text =
        project
            .read(EXAMPLE)
            .replacen("registrants: 1460", &format!("registrants: {figure}"), 1);
    assert!(text.contains(figure));
    project.write(EXAMPLE, text.as_bytes());
    project.run(&["check"])
}

#[test]
fn figures_in_other_notations_or_too_long_to_be_exact_are_refused() {
    for (figure, phrase) in [
        ("0x10", "`0x10` is a hexadecimal number"),
        ("0o17", "`0o17` is an octal number"),
        ("0b11", "`0b11` is a binary number"),
        ("1_000", "`1_000` is a number with `_` separators"),
        ("1e308", "`1e308` is a number with an exponent"),
        ("9007199254740993", "more than 15 significant digits"),
        (
            "{value: 0x10, qualifier: over}",
            "`0x10` is a hexadecimal number",
        ),
        (
            "{value: 1e3, qualifier: about}",
            "`1e3` is a number with an exponent",
        ),
    ] {
        let run = check_figure(figure);
        assert_eq!(run.code, 4, "{figure}: {}", run.stderr);
        let hit = run
            .stderr
            .lines()
            .any(|l| l.contains("2023.yaml:34:") && l.contains(phrase));
        assert!(
            hit,
            "{figure}: no line names the place and {phrase:?}:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("help: write the figure as digits only"),
            "{}",
            run.stderr
        );
    }
    for fine in ["1460", "1460.0", "{value: 1400, qualifier: over}"] {
        let run = check_figure(fine);
        assert_eq!(run.code, 0, "{fine}: {}", run.stderr);
    }
}

#[test]
fn figures_beyond_a_plausible_bound_are_refused_naming_the_field_and_the_bound() {
    let run = check_figure("1000000000000");
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "certification.registrants is 1000000000000, more than the most this field can plausibly be (100000000)"
        ),
        "{}",
        run.stderr
    );
}

// ---- 10. unclear errors ----

fn with_region_name(project: &Project, name: &str) {
    for entry in std::fs::read_dir(project.metrics().join("990100-示例市")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replacen("  name: 示例市", &format!("  name: {name}"), 1),
        )
        .unwrap();
    }
}

#[test]
fn invisible_characters_in_a_region_name_are_refused_at_check() {
    for (c, kind) in [
        ('\u{202E}', "a bidirectional control"),
        ('\u{200B}', "a zero-width character"),
    ] {
        let project = Project::new();
        with_region_name(&project, &format!("示例{c}市"));
        let run = project.run(&["check"]);
        assert_eq!(run.code, 4, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("2023.yaml:5:9: region.name `示例\\u{{{:x}}}市` holds the invisible character U+{:04X} ({kind})", c as u32, c as u32)),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_character_no_font_has_in_a_region_name_is_blamed_on_region_name() {
    let project = Project::new();
    with_region_name(&project, "示例市😀");
    let run = project.run(&["--now", "--region", "990100"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("2023.yaml:5:9: region.name: the character `😀` (U+1F600)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("wording.yaml"), "{}", run.stderr);
    assert!(bags_in(&project.reports()).is_empty());
}

#[test]
fn a_long_region_name_or_series_is_refused_at_check() {
    let project = Project::new();
    with_region_name(&project, &"长".repeat(300));
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("region.name is 300 characters long; at most 40 are accepted"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.len() < 20_000,
        "the message is {} bytes",
        run.stderr.len()
    );

    let project = Project::new();
    set_config(
        &project,
        "series: 社会工作简报",
        &format!("series: {}", "简".repeat(100)),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`series` is 100 characters long; at most 40 are accepted"),
        "{}",
        run.stderr
    );
}

#[test]
fn apple_double_files_are_skipped_with_a_note() {
    let project = Project::new();
    // What macOS writes beside 2023.yaml on a foreign disk: binary, not UTF-8.
    project.write(
        "metrics/990100-示例市/._2023.yaml",
        b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\xb0\xe1",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("._2023.yaml") && run.stderr.contains("macOS metadata file"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("GBK"), "{}", run.stderr);
}

#[test]
fn a_region_folder_that_is_a_link_is_followed() {
    let project = Project::new();
    let elsewhere = project.path().join("elsewhere");
    std::fs::rename(project.metrics().join("990100-示例市"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, project.metrics().join("990100-示例市")).unwrap();
    // A link back up is not followed twice.
    std::os::unix::fs::symlink(project.metrics(), elsewhere.join("loop")).unwrap();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("11 metrics file(s) for 2 region(s)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_date_that_does_not_exist_is_called_so() {
    let project = Project::new();
    let path = "metrics/990100-示例市/2023-Q2.yaml";
    let text = project
        .read(path)
        .replacen("set_on: 2021-01-01", "set_on: 2023-02-30", 1);
    project.write(path, text.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("2023-Q2.yaml:35:15: `2023-02-30` is not a date that exists: month 2 of 2023 has 28 days")
            && run.stderr.contains("help: correct the day or the month"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("quot"), "{}", run.stderr);
}

#[test]
fn a_cron_that_never_fires_is_refused() {
    let project = Project::new();
    set_config(&project, "cron: \"0 9 10 1 *\"", "cron: \"0 0 31 2 *\"");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("schedule `annual`: cron expression `0 0 31 2 *` never fires")
            && run.stderr.contains("help: check the day and month fields"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_archive_dir_that_is_a_file_is_called_a_file() {
    let project = Project::new();
    std::fs::remove_dir(project.reports()).unwrap();
    project.write("reports", b"not a folder");
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("`archive_dir` is")
            && run.stderr.contains("which is a regular file, not a folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_name_too_long_for_the_file_system_gets_its_own_help() {
    // Read in English, as the other tests here read the binary's messages.
    sw_briefing::i18n::set_lang(sw_briefing::i18n::Lang::En);
    let error = sw_briefing::archive::ArchiveError::Io {
        path: "reports/x".into(),
        action: "creating the folder",
        source: std::io::Error::from_raw_os_error(36), // ENAMETOOLONG
    };
    let text = error.to_string();
    assert!(
        text.contains("help: a file or folder name is too long"),
        "{text}"
    );
    assert!(!text.contains("disk has room"), "{text}");
}

// ---- 11. overlapping folders ----

#[test]
fn overlapping_metrics_and_archive_folders_are_refused_naming_both_keys() {
    for (metrics, archive, relation) in [
        ("../metrics", "../metrics/reports", "is inside"),
        ("../metrics", "../metrics", "is the same folder as"),
        ("../metrics", "..", "holds"),
        ("../reports/metrics", "../reports", "holds"),
    ] {
        let project = Project::new();
        set_config(
            &project,
            "metrics_dir: ../metrics",
            &format!("metrics_dir: {metrics}"),
        );
        set_config(
            &project,
            "archive_dir: ../reports",
            &format!("archive_dir: {archive}"),
        );
        for args in [&["check"][..], &["--now"][..], &["status"][..]] {
            let run = project.run(args);
            assert_eq!(run.code, 3, "{metrics} {archive} {args:?}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains(&format!("`archive_dir` ({}", project.path().display()))
                    && run
                        .stderr
                        .contains(&format!(") {relation} `metrics_dir` ("))
                    && run.stderr.contains("the two folders must be apart"),
                "{metrics} {archive}: {}",
                run.stderr
            );
        }
        assert!(bags_in(&project.reports()).is_empty());
    }
}

// ---- 12. colour codes in logs; leftover temp files ----

#[test]
fn logs_carry_no_colour_codes_when_stderr_is_not_a_terminal() {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "990100"]);
    run.assert_ok();
    assert!(run.stderr.contains("region=990100"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "escape codes in the log:\n{:?}",
        run.stderr
    );
}

#[test]
fn colour_only_at_a_terminal_and_never_with_no_color() {
    use std::ffi::OsStr;
    use sw_briefing::app::logging::use_colour;
    assert!(use_colour(true, None));
    assert!(use_colour(true, Some(OsStr::new(""))));
    assert!(!use_colour(true, Some(OsStr::new("1"))));
    assert!(!use_colour(false, None));
}

#[test]
fn leftover_temp_files_at_the_archive_top_level_are_removed_by_the_next_run() {
    let project = Project::new();
    project.write("reports/.tmpAb12Cd", b"{\"half\": ");
    project.write("reports/.partial-x1Y2z3.tmp", b"<html>");
    project.write("reports/.tmp-notes-of-someone", b"kept");
    project.run(&["--now", "--region", "990100"]).assert_ok();
    assert!(!project.reports().join(".tmpAb12Cd").exists());
    assert!(!project.reports().join(".partial-x1Y2z3.tmp").exists());
    assert!(
        project.reports().join(".tmp-notes-of-someone").exists(),
        "only the program's own temp files are removed"
    );
    project.run(&["verify"]).assert_ok();
}

// ---- 13. previews ----

#[test]
fn a_preview_replaces_its_earlier_preview_and_stays_writable() {
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    let out = project.path().join("preview.pdf");
    let args = [
        "--now",
        "--region",
        "990100",
        "--output",
        out.to_str().unwrap(),
    ];
    project.run(&args).assert_ok();
    let first = std::fs::read(&out).unwrap();
    let run = project.run(&args);
    run.assert_ok();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        first,
        "the same preview again"
    );
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    // No temp file left beside it, nothing filed.
    let beside: Vec<_> = std::fs::read_dir(project.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    assert!(bags_in(&project.reports()).is_empty());
}

#[test]
fn a_preview_inside_the_archive_is_refused() {
    let project = Project::new();
    let out = project.reports().join("preview.pdf");
    let run = project.run(&[
        "--now",
        "--region",
        "990100",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the preview would be written inside the archive")
            && run.stderr.contains("help: write previews elsewhere"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}
