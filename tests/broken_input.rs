//! Broken metrics and config files: each gets a message naming the file, the line and
//! the problem, the run makes nothing, and every problem of the run is reported.

mod common;
use common::*;

const GOOD: &str = r#"data_status: illustrative
region:
  name: 测试市
  code: "990200"
  level: city
period: "2023"
certification:
  registrants: 100
  passes: 20
stations:
  levels:
    - level: 乡镇（街道）社会工作站
      built: 5
      total: 10
"#;

/// Runs `check` on a project whose only metrics file is `text`, and returns stderr.
fn check_one(text: &[u8]) -> (Run, Project) {
    let project = Project::with_metrics(&[]);
    project.write("metrics/990200-测试市/2023.yaml", text);
    let run = project.run(&["check"]);
    (run, project)
}

/// Asserts the run failed on metrics and that a message names the file, `line`, and `phrase`.
fn assert_problem(text: &str, line: u64, phrase: &str) {
    let (run, project) = check_one(text.as_bytes());
    assert_eq!(
        run.code, 4,
        "expected exit 4 (invalid metrics) for {phrase:?}\nstderr:\n{}",
        run.stderr
    );
    let located = format!("2023.yaml:{line}:");
    let hit = run
        .stderr
        .lines()
        .any(|l| l.contains("990200-测试市") && l.contains(&located) && l.contains(phrase));
    assert!(
        hit,
        "no line names the file, line {line} and {phrase:?}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help:"),
        "no fix suggested:\n{}",
        run.stderr
    );
    assert!(super_walk(&project.reports()).is_empty());
}

fn super_walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| !p.ends_with(".lock"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn good_file_passes() {
    let (run, _) = check_one(GOOD.as_bytes());
    run.assert_ok();
}

#[test]
fn unknown_field_is_named() {
    assert_problem(
        &GOOD.replace("  passes: 20", "  passes: 20\n  pases: 3"),
        10,
        "pases",
    );
}

#[test]
fn wrong_type_is_explained() {
    assert_problem(
        &GOOD.replace("registrants: 100", "registrants: 很多"),
        8,
        "not a number",
    );
}

#[test]
fn units_inside_numbers_are_rejected_with_the_fix() {
    assert_problem(
        &GOOD.replace("registrants: 100", "registrants: 1,705"),
        8,
        "without thousands separators: 1705",
    );
}

#[test]
fn parent_code_that_does_not_contain_the_region() {
    // 990200 lies in province 990000, not in 430000: peers would be looked for in the
    // wrong province.
    assert_problem(
        &GOOD.replace(
            "  level: city\n",
            "  level: city\n  parent_code: \"430000\"\n",
        ),
        4,
        "is not a region that contains 990200",
    );
}

#[test]
fn negative_count() {
    assert_problem(
        &GOOD.replace("registrants: 100", "registrants: -5"),
        8,
        "cannot be negative",
    );
}

#[test]
fn passes_above_registrants() {
    assert_problem(
        &GOOD.replace("passes: 20", "passes: 200"),
        9,
        "more than the 100 registrants",
    );
}

#[test]
fn built_above_total() {
    assert_problem(
        &GOOD.replace("built: 5", "built: 12"),
        13,
        "more than the total",
    );
}

#[test]
fn share_above_hundred() {
    assert_problem(
        &GOOD.replace(
            "  passes: 20",
            "  passes: 20\n  certified_share_percent: 120",
        ),
        10,
        "between 0 and 100",
    );
}

#[test]
fn period_that_does_not_parse() {
    assert_problem(
        &GOOD.replace("period: \"2023\"", "period: \"2023-13\""),
        6,
        "not a period",
    );
}

#[test]
fn tab_indentation() {
    assert_problem(
        &GOOD.replace("  registrants: 100", "\tregistrants: 100"),
        8,
        "tab",
    );
}

#[test]
fn duplicate_key() {
    assert_problem(
        &GOOD.replace("  passes: 20", "  passes: 20\n  passes: 21"),
        10,
        "uplicate",
    );
}

#[test]
fn malformed_yaml() {
    assert_problem(&GOOD.replace("level: city", "level: [city"), 5, "");
}

#[test]
fn unknown_level() {
    assert_problem(
        &GOOD.replace("level: city", "level: metropolis"),
        5,
        "metropolis",
    );
}

#[test]
fn gbk_file_is_recognised_with_the_fix() {
    // "name: 测试市" saved in GBK.
    let mut bytes = b"data_status: illustrative\nregion:\n  name: ".to_vec();
    bytes.extend_from_slice(&[0xB2, 0xE2, 0xCA, 0xD4, 0xCA, 0xD0]);
    bytes.extend_from_slice(b"\n");
    let (run, _) = check_one(&bytes);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("2023.yaml:3:9: the file is not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("GBK") && run.stderr.contains("UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_file() {
    let (run, _) = check_one(b"");
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("2023.yaml: the file is empty"),
        "{}",
        run.stderr
    );
}

#[test]
fn file_named_after_another_period() {
    let project = Project::with_metrics(&[("990200-测试市/2022.yaml", GOOD)]);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("2022.yaml:6:") && run.stderr.contains("name the file 2023.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_files_for_one_region_and_period() {
    let project =
        Project::with_metrics(&[("990200-测试市/2023.yaml", GOOD), ("copy/2023.yaml", GOOD)]);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("already filed in"), "{}", run.stderr);
}

#[test]
fn every_problem_of_a_run_is_reported() {
    let bad_one = GOOD
        .replace("registrants: 100", "registrants: -1")
        .replace("built: 5", "built: 50");
    let bad_two = GOOD
        .replace("990200", "990300")
        .replace("测试市", "另一市")
        .replace("period: \"2023\"", "period: \"2023\"\nfoo: 1");
    let project = Project::with_metrics(&[
        ("990200-测试市/2023.yaml", &bad_one),
        ("990300-另一市/2023.yaml", &bad_two),
    ]);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("cannot be negative"), "{}", run.stderr);
    assert!(run.stderr.contains("more than the total"), "{}", run.stderr);
    assert!(
        run.stderr.contains("990300-另一市/2023.yaml:7:") && run.stderr.contains("foo"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 problem(s) found"), "{}", run.stderr);
}

#[test]
fn region_name_with_a_slash() {
    assert_problem(
        &GOOD.replace("name: 测试市", "name: ../测试市"),
        3,
        "not a place name",
    );
}

#[test]
fn bad_cron_and_timezone_in_config_are_located() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("\"0 8 3 * *\"", "\"0 8 32 * *\"")
        .replace("timezone: Asia/Shanghai", "timezone: Asia/Beijing");
    project.write("config/briefing.yaml", config.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let line_of = |needle: &str| config.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        run.stderr
            .contains(&format!("briefing.yaml:{}:", line_of("Asia/Beijing")))
            && run.stderr.contains("not a time zone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("briefing.yaml:{}:", line_of("0 8 32")))
            && run.stderr.contains("cron expression"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_retention_that_is_no_retention_period_is_named() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("retention: 永久", "retention: 长期");
    project.write("config/briefing.yaml", config.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("briefing.yaml: `retention` is `长期`")
            && run.stderr.contains("永久, 定期30年 or 定期10年"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_character_no_font_has_is_named_with_its_field() {
    let project = Project::new();
    let path = "metrics/990100-示例市/2023.yaml";
    let text = project
        .read(path)
        .replace("  - 出台《示例市", "  - 试点\u{E000}项目\n  - 出台《示例市");
    project.write(path, text.as_bytes());
    let run = project.run(&["--now", "--region", "990100"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("U+E000")
            && run.stderr.contains("highlights[0]")
            && run.stderr.contains("2023.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        super_walk(&project.reports()).is_empty(),
        "nothing may be filed"
    );
}

#[test]
fn missing_font_file_is_named() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("NotoSansCJKsc-Regular-GB2312.otf", "NoSuchFont.otf");
    project.write("config/briefing.yaml", config.as_bytes());
    let run = project.run(&["--now"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("NoSuchFont.otf") && run.stderr.contains("cannot read the font file"),
        "{}",
        run.stderr
    );
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD.replace('\n', "\r\n").as_bytes());
    let (run, _) = check_one(&bytes);
    run.assert_ok();
}

#[test]
fn full_width_digits_get_the_half_width_spelling() {
    assert_problem(
        &GOOD.replace("registrants: 100", "registrants: １７０５"),
        8,
        "write them half-width: 1705",
    );
}

#[test]
fn percent_strings_get_the_number_without_the_sign() {
    assert_problem(
        &GOOD.replace(
            "  passes: 20",
            "  passes: 20\n  certified_share_percent: 50%",
        ),
        10,
        "without the % sign: 50",
    );
}

#[test]
fn amounts_with_units_are_converted_for_the_clerk() {
    let text = GOOD.replace(
        "certification:",
        "funding:\n  total_yuan: 1150万元\ncertification:",
    );
    assert_problem(&text, 8, "11500000");
    let text = GOOD.replace(
        "certification:",
        "funding:\n  total_yuan: 1150余万元\ncertification:",
    );
    assert_problem(&text, 8, "{value: 11500000, qualifier: over}");
}

#[test]
fn unknown_field_gets_the_nearest_name_suggested() {
    let (run, _) = check_one(GOOD.replace("  passes: 20", "  pases: 20").as_bytes());
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("did you mean `passes`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_required_field() {
    let (run, _) = check_one(GOOD.replace("period: \"2023\"\n", "").as_bytes());
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("990200-测试市/2023.yaml")
            && run.stderr.contains("missing field `period`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_list_instead_of_a_mapping() {
    let (run, _) = check_one(b"- 1705\n- 426\n");
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("2023.yaml:1:"), "{}", run.stderr);
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = (b'a' + (i - 1) as u8) as char;
        let cur = (b'a' + i as u8) as char;
        text.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let started = std::time::Instant::now();
    let (run, _) = check_one(text.as_bytes());
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("2023.yaml"), "{}", run.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn ten_thousand_deep_nesting_is_refused() {
    let text = format!(
        "data_status: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (run, _) = check_one(text.as_bytes());
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("2023.yaml"), "{}", run.stderr);
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_parsing() {
    let mut text = GOOD.to_string();
    text.push_str(&format!("# {}\n", "x".repeat(1_100_000)));
    let (run, _) = check_one(text.as_bytes());
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("at most 1048576 bytes are accepted"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_period_in_the_future_is_refused() {
    // The tests' clock is 2024-01-05.
    let project = Project::with_metrics(&[(
        "990200-测试市/2025.yaml",
        &GOOD.replace("\"2023\"", "\"2025\""),
    )]);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("2025.yaml:6:") && run.stderr.contains("has not begun yet"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_region_code_that_does_not_match_its_name_or_folder() {
    // Filed in 990200's folder but says 990300.
    assert_problem(
        &GOOD.replace("\"990200\"", "\"990300\""),
        4,
        "in the folder of region 990200",
    );
    // One code, two names.
    let other = GOOD
        .replace("period: \"2023\"", "period: \"2022\"")
        .replace("测试市", "别的市");
    let project = Project::with_metrics(&[
        ("990200-测试市/2023.yaml", GOOD),
        ("990200-测试市/2022.yaml", &other),
    ]);
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr.contains("region 990200 is named"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_region_code() {
    assert_problem(
        &GOOD.replace("\"990200\"", "\"99020\""),
        4,
        "not a six-digit GB/T 2260 code",
    );
}

#[test]
fn one_bad_region_does_not_stop_the_others() {
    let project = Project::new();
    let path = "metrics/430300-湘潭市/2023.yaml";
    project.write(
        path,
        project
            .read(path)
            .replace("passes: 426", "passes: 4260")
            .as_bytes(),
    );
    let run = project.run(&["--now"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.pdfs().len(), 1, "示例市 is still made: {}", run.stdout);
    assert!(run.stdout.contains("990100-示例市"));
    assert!(
        run.stderr.contains("more than the 1705 registrants"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("region 430300: skipped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 briefing(s) made, 1 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_metrics_folder_missing() {
    let project = Project::new();
    std::fs::remove_dir_all(project.metrics()).unwrap();
    let run = project.run(&["--now"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("metrics: cannot read the metrics folder")
            && run.stderr.contains("metrics_dir"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_corrupt_font_file_is_named() {
    let project = Project::new();
    project.write("badfonts/Broken.otf", b"OTTO this is not a font");
    let config = project.read("config/briefing.yaml").replace(
        "../fonts/NotoSansCJKsc-Regular-GB2312.otf",
        "../badfonts/Broken.otf",
    );
    project.write("config/briefing.yaml", config.as_bytes());
    let run = project.run(&["--now"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("Broken.otf: not a usable font"),
        "{}",
        run.stderr
    );
    assert!(super_walk(&project.reports()).is_empty());
}

#[test]
fn an_unreadable_metrics_file_is_named() {
    let project = Project::with_metrics(&[(
        "990200-测试市/2022.yaml",
        &GOOD.replace("\"2023\"", "\"2022\""),
    )]);
    std::os::unix::fs::symlink(
        "/nonexistent/2023.yaml",
        project.metrics().join("990200-测试市/2023.yaml"),
    )
    .unwrap();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("990200-测试市/2023.yaml: cannot read the file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_config_key_is_located() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("copies: 60", "copies: 60\ncopys: 60");
    project.write("config/briefing.yaml", config.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3);
    let line = config.lines().position(|l| l.starts_with("copys")).unwrap() + 1;
    assert!(
        run.stderr.contains(&format!("briefing.yaml:{line}:"))
            && run.stderr.contains("did you mean `copies`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let project = Project::new();
    let wording = project.read("config/wording.yaml").replace(
        "{{ period_word }}新开发社会工作岗位",
        "{{ period_word }}新开发社会工作岗位{{ new_postz|num(\"个\") }}",
    );
    project.write("config/wording.yaml", wording.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let line = wording
        .lines()
        .position(|l| l.contains("new_postz"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("wording.yaml:{line}:"))
            && run.stderr.contains("sections[1].points[0]")
            && run.stderr.contains("new_postz"),
        "{}",
        run.stderr
    );
    let broken = project
        .read("config/wording.yaml")
        .replace("{{ new_postz|num(\"个\") }}", "{% if %}");
    project.write("config/wording.yaml", broken.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("template sections[1].points[0]") && run.stderr.contains("syntax"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_table_or_chart_kind_names_its_line_and_the_kinds() {
    let project = Project::new();
    let wording = project
        .read("config/wording.yaml")
        .replace("chart: certification_trend", "chart: exam_trend");
    project.write("config/wording.yaml", wording.as_bytes());
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let line = wording
        .lines()
        .position(|l| l.contains("exam_trend"))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("wording.yaml:{line}:"))
            && run.stderr.contains("`exam_trend`")
            && run
                .stderr
                .contains("certification_trend, coverage, funding_channels"),
        "{}",
        run.stderr
    );
}

#[test]
fn markup_and_pdf_syntax_in_data_stay_text() {
    let project = Project::new();
    let path = "metrics/990100-示例市/2023.yaml";
    let hostile = "<script>alert(1)</script> (endobj) \\\\ %%EOF ) >> stream";
    project.write(
        path,
        project
            .read(path)
            .replace(
                "  - 出台《示例市",
                &format!("  - \"{hostile}\"\n  - 出台《示例市"),
            )
            .as_bytes(),
    );
    let run = project.run(&["--now", "--region", "990100"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let text: String = pdftotext(&pdf).split_whitespace().collect();
    assert!(text.contains("<script>alert(1)</script>(endobj)"), "{text}");
}
