//! The clerk's door: `form` writes a workbook, `import` reads filled ones back.
//!
//! The forms read here are filled and broken by openpyxl (tests/form/make_forms.py)
//! and converted by LibreOffice, writers this project did not write. Without
//! python3 + openpyxl + PyYAML, or without soffice, the tests that need them say
//! they were skipped; .ci/run installs both.

mod common;

use common::{snapshot, Project, Run, REPO};
use std::path::{Path, PathBuf};
use std::process::Command;

const XIANGTAN_2023: &str = "metrics/430300-湘潭市/2023.yaml";

fn python_ok() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl, yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: python3 with openpyxl and PyYAML is missing (pip install openpyxl pyyaml; .ci/run installs them)");
    }
    ok
}

fn soffice_ok() -> bool {
    let ok = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: LibreOffice (soffice) is missing (apt-get install libreoffice-calc-nogui; .ci/run installs it)");
    }
    ok
}

fn script() -> PathBuf {
    Path::new(REPO).join("tests/form/make_forms.py")
}

fn python(args: &[&str]) {
    let out = Command::new("python3")
        .arg(script())
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "make_forms.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Converts with LibreOffice, each call with its own profile so that parallel tests
/// do not share one; returns the converted file.
fn soffice_convert(file: &Path, to: &str, outdir: &Path) -> PathBuf {
    let profile = outdir.join(format!(".lo-profile-{to}"));
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .arg(file)
        .output()
        .expect("soffice runs");
    let converted = outdir.join(format!(
        "{}.{to}",
        file.file_stem().unwrap().to_str().unwrap()
    ));
    assert!(
        out.status.success() && converted.exists(),
        "soffice --convert-to {to} {} failed:\n{}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    converted
}

/// The metrics a file loads to, through the program's own loader, as a comparable dump.
fn loaded(path: &Path) -> serde_json::Value {
    let metrics = sw_briefing::app::load::load_file(path)
        .unwrap_or_else(|p| panic!("{} does not load:\n{p}", path.display()));
    serde_json::to_value(&metrics.data).unwrap()
}

fn bundled() -> serde_json::Value {
    loaded(&Path::new(REPO).join(XIANGTAN_2023))
}

/// The form for 湘潭市 2023, written by the program into the project.
fn form(project: &Project) -> PathBuf {
    let path = project.path().join("form.xlsx");
    project
        .run(&[
            "form",
            "--region",
            "430300",
            "--period",
            "2023",
            "--output",
            path.to_str().unwrap(),
        ])
        .assert_ok();
    path
}

/// The form filled by openpyxl from the bundled YAML.
fn filled(project: &Project) -> PathBuf {
    let form = form(project);
    let out = project.path().join("filled.xlsx");
    python(&[
        "fill",
        form.to_str().unwrap(),
        Path::new(REPO).join(XIANGTAN_2023).to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    out
}

/// Runs the binary in Chinese, the clerk's language: these tests read the Chinese
/// messages (tests/i18n.rs checks the English ones).
fn run_zh(project: &Project, args: &[&str]) -> Run {
    let mut command = project.command(args);
    command.env("SW_BRIEFING_LANG", "zh");
    Run::from(command.output().expect("the binary runs"))
}

fn import(project: &Project, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run_zh(project, &all)
}

/// Reads the form with openpyxl: what a clerk's spreadsheet shows.
fn inspect(form: &Path, code: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", code, form.to_str().unwrap()])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn form_has_chinese_labels_validation_locked_headers_and_last_period() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let path = form(&project);
    let report = inspect(
        &path,
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets", ",".join(wb.sheetnames))
for ws in wb:
    print("protected", ws.title, ws.protection.sheet)
    print("validations", ws.title, len(ws.data_validations.dataValidation))
ws = wb["考试"]
print("A3", ws["A3"].value, ws["A3"].protection.locked)
print("C3", ws["C3"].protection.locked)
print("D3", ws["D3"].protection.locked)
ws = wb["队伍"]
print("E4", ws["E4"].value)
types = sorted({dv.type for ws in wb for dv in ws.data_validations.dataValidation})
print("types", ",".join(types))
ws = wb["基本信息"]
print("code", ws["C6"].value, ws["C6"].protection.locked)
"#,
    );
    for expected in [
        "sheets 基本信息,队伍,经费,考试,培训,站点,县区,要点",
        "protected 考试 True",
        "A3 报考人数 True",
        "C3 False",
        "D3 False",
        // 2022's 200余个 new posts, beside the blank for 2023.
        "E4 200余",
        "types date,decimal,list,textLength,whole",
        "code 430300 True",
    ] {
        assert!(report.contains(expected), "`{expected}` not in:\n{report}");
    }
    assert!(
        !report.contains("validations 考试 0"),
        "no validation on 考试:\n{report}"
    );
}

#[test]
fn round_trip_gives_the_bundled_metrics() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    std::fs::remove_file(project.path().join(XIANGTAN_2023)).unwrap();
    let run = import(&project, &[filled.to_str().unwrap()]);
    run.assert_ok();
    let written = project.path().join(XIANGTAN_2023);
    assert_eq!(loaded(&written), bundled());
    // The whole folder still checks, and the file is readable by others.
    project.run(&["check"]).assert_ok();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&written).unwrap().permissions().mode();
    assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
    // The same form again changes nothing.
    let again = import(&project, &[filled.to_str().unwrap()]);
    again.assert_ok();
    assert!(again.stdout.contains("未改动"), "{}", again.stdout);
}

/// 示例市 2023 uses every kind of cell: population, amounts per channel, a decimal
/// share, targets with level, goal and dates.
#[test]
fn round_trip_of_every_kind_of_cell() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let relative = "metrics/990100-示例市/2023.yaml";
    let form = project.path().join("sample.xlsx");
    project
        .run(&[
            "form",
            "--region",
            "990100",
            "--period",
            "2023",
            "--output",
            form.to_str().unwrap(),
        ])
        .assert_ok();
    let filled = project.path().join("sample-filled.xlsx");
    let original = Path::new(REPO).join(relative);
    python(&[
        "fill",
        form.to_str().unwrap(),
        original.to_str().unwrap(),
        filled.to_str().unwrap(),
    ]);
    let mut kinds = vec![filled.clone()];
    if soffice_ok() {
        let outdir = project.path().join("lo");
        std::fs::create_dir_all(&outdir).unwrap();
        kinds.push(soffice_convert(&filled, "xls", &outdir));
        kinds.push(soffice_convert(&filled, "ods", &outdir));
    }
    for file in kinds {
        std::fs::remove_file(project.path().join(relative)).unwrap();
        import(&project, &[file.to_str().unwrap()]).assert_ok();
        assert_eq!(
            loaded(&project.path().join(relative)),
            loaded(&original),
            "via {}",
            file.display()
        );
    }
}

/// The people named for an honour are one cell, 李某、王某, and come back as a list.
#[test]
fn round_trip_of_honour_names() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let relative = "metrics/990100-示例市/2023.yaml";
    let with_names = project.read(relative).replace(
        "  workers: 760\n",
        "  workers: 760\n  honours:\n    - title: 示例市优秀社会工作者\n      count: 4\n      names: [李某, 王某]\n    - title: 示例市社会工作领军人才\n      count: 1\n",
    );
    assert!(with_names.contains("names:"));
    project.write(relative, with_names.as_bytes());
    // A copy named as a period file, for loading as the expected result.
    let original = project.path().join("expected").join("2023.yaml");
    std::fs::create_dir_all(original.parent().unwrap()).unwrap();
    std::fs::write(&original, &with_names).unwrap();
    let form = project.path().join("names.xlsx");
    project
        .run(&[
            "form",
            "--region",
            "990100",
            "--period",
            "2023",
            "--output",
            form.to_str().unwrap(),
        ])
        .assert_ok();
    let filled = project.path().join("names-filled.xlsx");
    python(&[
        "fill",
        form.to_str().unwrap(),
        original.to_str().unwrap(),
        filled.to_str().unwrap(),
    ]);
    std::fs::remove_file(project.path().join(relative)).unwrap();
    import(&project, &[filled.to_str().unwrap()]).assert_ok();
    let written = project.path().join(relative);
    assert_eq!(loaded(&written), loaded(&original));
    assert!(
        std::fs::read_to_string(&written).unwrap().contains("李某"),
        "the names are written back"
    );
}

#[test]
fn libreoffice_xls_and_ods_round_trip() {
    if !python_ok() || !soffice_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    let outdir = project.path().join("lo");
    std::fs::create_dir_all(&outdir).unwrap();
    for to in ["xls", "ods"] {
        let converted = soffice_convert(&filled, to, &outdir);
        let _ = std::fs::remove_file(project.path().join(XIANGTAN_2023));
        import(&project, &[converted.to_str().unwrap()]).assert_ok();
        assert_eq!(
            loaded(&project.path().join(XIANGTAN_2023)),
            bundled(),
            "via .{to}"
        );
    }
}

#[test]
fn form_opens_in_libreoffice_and_shows_the_chinese_labels() {
    if !soffice_ok() {
        return;
    }
    let project = Project::new();
    let form = form(&project);
    let outdir = project.path().join("pdf");
    std::fs::create_dir_all(&outdir).unwrap();
    let pdf = soffice_convert(&form, "pdf", &outdir);
    let text = common::pdftotext(&pdf);
    for label in ["基本信息", "湘潭市", "报考人数", "经费投入总额", "站点层级"]
    {
        assert!(text.contains(label), "{label} not in the PDF text");
    }
}

/// (break, sheet and cell, words of the message)
const BROKEN: &[(&str, &str, &str)] = &[
    ("text_in_number", "表“考试”!C3（报考人数）", "“很多”是文字"),
    (
        "full_width",
        "表“考试”!C4（通过人数）",
        "“４２６”含全角数字",
    ),
    ("merged", "表“考试”!C3:D3", "合并"),
    ("deleted_row", "表“考试”!A4（通过人数）", "被删除"),
    (
        "deleted_list_row",
        "表“队伍”!A28（2）",
        "这里应是“2”，现在是“3”",
    ),
    ("renamed_sheet", "表“考试”", "找不到工作表“考试”"),
    // A rule the loader checks on the whole file, placed on the list's row.
    (
        "unknown_target_level",
        "表“站点”!A18（建设目标）",
        "不在“站点层级”表中",
    ),
    (
        "renamed_region",
        "表“基本信息”!C5（地区名称）",
        "叫“湘潭县市”",
    ),
    ("formula", "表“考试”!C3（报考人数）", "没有保存计算结果"),
    (
        "passes_above_registrants",
        "表“考试”!C4（通过人数）",
        "通过人数多于报考人数",
    ),
    (
        "negative_and_fraction",
        "表“培训”!C3（培训人次）",
        "不能为负",
    ),
    (
        "negative_and_fraction",
        "表“培训”!C4（考前免费培训时长）",
        "应为整数",
    ),
    ("encrypted", "", "设置了打开密码"),
];

#[test]
fn broken_forms_name_sheet_and_cell_and_nothing_is_written() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    std::fs::remove_file(project.path().join(XIANGTAN_2023)).unwrap();
    let encrypt = Command::new("python3")
        .args(["-c", "import msoffcrypto"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !encrypt {
        eprintln!("skipped: the password-protected form (pip install msoffcrypto-tool; .ci/run installs it)");
    }
    let broken: Vec<_> = BROKEN
        .iter()
        .filter(|(kind, _, _)| encrypt || *kind != "encrypted")
        .collect();
    let mut files = Vec::new();
    for (kind, _, _) in &broken {
        let out = project.path().join(format!("{kind}.xlsx"));
        if !out.exists() {
            python(&[
                "break",
                kind,
                filled.to_str().unwrap(),
                out.to_str().unwrap(),
            ]);
            files.push(out);
        }
    }
    let empty = project.path().join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let text = project.path().join("notes.xlsx");
    std::fs::write(&text, "这不是表格\n").unwrap();
    files.push(empty);
    files.push(text);
    // A good form among them is not written either.
    files.push(filled.clone());
    let before = snapshot(&project.metrics());
    let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let run = import(&project, &args);
    assert_eq!(run.code, 4, "{}", run.stderr);
    for (kind, place, words) in &broken {
        let line = run.stderr.lines().find(|l| {
            l.contains(&format!("{kind}.xlsx")) && l.contains(place) && l.contains(words)
        });
        assert!(
            line.is_some(),
            "{kind}: no line with `{place}` and `{words}` in:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("处理：请用半角数字填写：426"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("empty.xlsx：文件是空的"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("notes.xlsx：不是 Excel、WPS 或 LibreOffice 工作簿"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("filled.xlsx"), "{}", run.stderr);
    assert!(run.stderr.contains("没有写入任何文件"));
    // Every problem says what to do.
    assert!(run.stderr.matches("处理：").count() >= broken.len() + 2);
    assert_eq!(
        snapshot(&project.metrics()),
        before,
        "something was written"
    );
}

#[test]
fn merged_cells_in_xls_and_ods_are_named() {
    if !python_ok() || !soffice_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    let merged = project.path().join("merged.xlsx");
    python(&[
        "break",
        "merged",
        filled.to_str().unwrap(),
        merged.to_str().unwrap(),
    ]);
    let outdir = project.path().join("lo");
    std::fs::create_dir_all(&outdir).unwrap();
    let xls = soffice_convert(&merged, "xls", &outdir);
    let ods = soffice_convert(&merged, "ods", &outdir);
    std::fs::remove_file(project.path().join(XIANGTAN_2023)).unwrap();
    let before = snapshot(&project.metrics());
    let run = import(&project, &[xls.to_str().unwrap(), ods.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    for file in ["merged.xls", "merged.ods"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains("表“考试”!C3:D3") && l.contains("合并")),
            "{file}:\n{}",
            run.stderr
        );
    }
    assert_eq!(snapshot(&project.metrics()), before);
}

#[test]
fn a_formula_saved_by_libreoffice_is_read_by_its_value() {
    if !python_ok() || !soffice_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    // =1000+705 in 报考人数; openpyxl saves no value, LibreOffice computes and keeps it.
    let formula = project.path().join("formula.xlsx");
    python(&[
        "break",
        "formula",
        filled.to_str().unwrap(),
        formula.to_str().unwrap(),
    ]);
    let outdir = project.path().join("lo");
    std::fs::create_dir_all(&outdir).unwrap();
    let saved = soffice_convert(&formula, "xlsx", &outdir);
    std::fs::remove_file(project.path().join(XIANGTAN_2023)).unwrap();
    import(&project, &[saved.to_str().unwrap()]).assert_ok();
    assert_eq!(loaded(&project.path().join(XIANGTAN_2023)), bundled());
}

#[test]
fn a_different_file_is_replaced_only_with_replace_and_its_digest_logged() {
    if !python_ok() {
        return;
    }
    let project = Project::new();
    let filled = filled(&project);
    let target = project.path().join(XIANGTAN_2023);
    let old = std::fs::read(&target).unwrap();
    // The bundled file has comments: the same figures, different bytes.
    let run = import(&project, &[filled.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("--replace"), "{}", run.stderr);
    assert_eq!(std::fs::read(&target).unwrap(), old);
    // --dry-run writes nothing, even with --replace.
    let dry = import(
        &project,
        &["--dry-run", "--replace", filled.to_str().unwrap()],
    );
    dry.assert_ok();
    assert_eq!(std::fs::read(&target).unwrap(), old);

    let sha = common::tool("sha256sum", &[target.to_str().unwrap()]);
    let digest = sha.stdout.split_whitespace().next().unwrap().to_string();
    let run = import(&project, &["--replace", filled.to_str().unwrap()]);
    run.assert_ok();
    assert!(
        run.stderr.contains(&digest) && run.stdout.contains(&digest),
        "old digest {digest} not logged:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    assert_ne!(std::fs::read(&target).unwrap(), old);
    assert_eq!(loaded(&target), bundled());
}

#[test]
fn form_for_a_region_without_metrics_and_bad_arguments() {
    let project = Project::new();
    let out = project.path().join("new.xlsx");
    project
        .run(&[
            "form",
            "--region",
            "430302",
            "--period",
            "2024-Q1",
            "--output",
            out.to_str().unwrap(),
        ])
        .assert_ok();
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    // A form already there (maybe filled in) is never overwritten.
    std::fs::write(&out, b"filled").unwrap();
    let again = run_zh(
        &project,
        &[
            "form",
            "--region",
            "430302",
            "--period",
            "2024-Q1",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("已存在"), "{}", again.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), b"filled");
    let bad = project.run(&["form", "--region", "4303", "--period", "2024"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let bad = project.run(&["form", "--region", "430300", "--period", "2024-13"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let none = project.run(&["import"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
}
