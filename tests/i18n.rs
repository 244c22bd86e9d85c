//! The message catalogue: both languages carry every message with the same variables,
//! every message the code names exists, none is left unused, the Chinese texts are
//! Chinese, and the binary speaks Chinese by default and English when asked.

mod common;

use common::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use sw_briefing::i18n::{self, Lang};

/// Message id → the variables its text uses, for one catalogue text.
fn messages(source: &str, file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts_entry {
            let (id, _) = line
                .split_once(" =")
                .unwrap_or_else(|| panic!("{file}: `{line}` is not `id = text`"));
            assert!(
                found.insert(id.to_string(), BTreeSet::new()).is_none(),
                "{file}: message `{id}` is defined twice"
            );
            current = Some(id.to_string());
        } else if line.starts_with('#') || line.trim().is_empty() {
            if !line.trim().is_empty() {
                current = None;
            }
            continue;
        }
        let Some(id) = &current else { continue };
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            let name: String = rest[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            found.get_mut(id).unwrap().insert(name);
            rest = &rest[at + 1..];
        }
    }
    found
}

fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for file in i18n::FILES {
        for (id, vars) in messages(lang.source(file), file.name) {
            assert!(
                all.insert(id.clone(), vars).is_none(),
                "{:?}: message `{id}` is defined in two files",
                lang
            );
        }
    }
    all
}

/// Every `tr!("id", name = …)` in the sources: (file, id, the argument names).
fn uses_in_code() -> Vec<(String, String, BTreeSet<String>)> {
    let mut files = Vec::new();
    common::rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut uses = Vec::new();
    for file in files {
        // The catalogue's own module shows the macro in its documentation.
        if file.ends_with("i18n/mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("tr!(") {
            let call = &rest[at + 4..];
            rest = call;
            let call = call.trim_start();
            let Some(call) = call.strip_prefix('"') else {
                continue; // the macro's own definition
            };
            let id: String = call.chars().take_while(|c| *c != '"').collect();
            // The call's arguments up to its closing parenthesis.
            let mut depth = 1;
            let mut end = 0;
            for (i, c) in call.char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut names = BTreeSet::new();
            let mut depth = 0;
            let mut start = 0;
            let args = &call[..end];
            let mut parts = Vec::new();
            for (i, c) in args.char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(&args[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            parts.push(&args[start..]);
            for part in parts.iter().skip(1) {
                if let Some((name, _)) = part.split_once('=') {
                    let name = name.trim();
                    if !name.is_empty() {
                        names.insert(name.to_string());
                    }
                }
            }
            uses.push((file.display().to_string(), id, names));
        }
    }
    uses
}

fn is_chinese(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn both_languages_have_the_same_files_messages_and_variables() {
    for lang in [Lang::Zh, Lang::En] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/i18n")
            .join(match lang {
                Lang::Zh => "zh-CN",
                Lang::En => "en",
            });
        let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let compiled: BTreeSet<String> = i18n::FILES.iter().map(|f| f.name.to_string()).collect();
        assert_eq!(
            on_disk,
            compiled,
            "{}: every .ftl file must be listed in i18n::FILES",
            folder.display()
        );
    }
    let zh = catalogue(Lang::Zh);
    let en = catalogue(Lang::En);
    let zh_ids: BTreeSet<_> = zh.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        zh_ids.difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "messages with no English translation"
    );
    assert_eq!(
        en_ids.difference(&zh_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "messages with no Chinese translation"
    );
    for (id, vars) in &zh {
        assert_eq!(
            vars, &en[id],
            "message `{id}` uses different variables in zh-CN and en"
        );
    }
}

#[test]
fn every_chinese_message_is_chinese_and_differs_from_the_english() {
    for id in catalogue(Lang::Zh).keys() {
        let zh = i18n::message_in(Lang::Zh, id, None);
        let en = i18n::message_in(Lang::En, id, None);
        // Layout words of clap's help template carry no Chinese.
        if id == "cli-help-template" {
            continue;
        }
        assert!(
            zh.chars().any(is_chinese),
            "zh-CN `{id}` is not Chinese: {zh}"
        );
        assert_ne!(zh, en, "`{id}` is not translated");
    }
}

#[test]
fn every_message_the_code_names_exists_with_its_variables() {
    let zh = catalogue(Lang::Zh);
    let uses = uses_in_code();
    assert!(uses.len() > 20, "tr! calls are found ({})", uses.len());
    for (file, id, names) in &uses {
        let vars = zh
            .get(id)
            .unwrap_or_else(|| panic!("{file}: tr!(\"{id}\") names no message in the catalogue"));
        assert_eq!(
            names, vars,
            "{file}: tr!(\"{id}\") passes {names:?}, the message uses {vars:?}"
        );
    }
    // Messages no code names are dead text a translator would keep up for nothing. The
    // command line's texts are looked up by command and argument name (checked below).
    let used: BTreeSet<&String> = uses.iter().map(|(_, id, _)| id).collect();
    let unused: Vec<&String> = zh
        .keys()
        .filter(|id| !used.contains(id) && !cli_text(id))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

/// Ids the command line looks up by name (`cli-<command>-<arg>`), not through `tr!`.
fn cli_text(id: &str) -> bool {
    id.starts_with("cli-") && !id.starts_with("cli-error-") && !id.starts_with("cli-heading-")
}

#[test]
fn every_command_and_argument_has_its_help_in_both_languages() {
    fn walk(command: &clap::Command, prefix: &str, missing: &mut Vec<String>) {
        let mut ids = vec![format!("{prefix}-about"), format!("{prefix}-usage")];
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            ids.push(format!("{prefix}-{}", id.replace('_', "-")));
        }
        for id in ids {
            for lang in [Lang::Zh, Lang::En] {
                if !i18n::has_message(lang, &id) {
                    missing.push(format!("{lang:?} {id}"));
                }
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{prefix}-{}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(
        &<sw_briefing::cli::Cli as clap::CommandFactory>::command(),
        "cli",
        &mut missing,
    );
    assert!(missing.is_empty(), "help texts missing: {missing:?}");
}

/// The binary as a user runs it: no language chosen.
fn run_default(project: &Project, args: &[&str]) -> common::Run {
    let mut command = project.command(args);
    command.env_remove("SW_BRIEFING_LANG");
    common::Run::from(command.output().unwrap())
}

#[test]
fn help_is_chinese_by_default_and_english_when_asked() {
    let project = Project::new();
    let help = run_default(&project, &["--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    for word in ["用法", "选项", "命令", "立即生成简报", "检查配置"] {
        assert!(
            help.stdout.contains(word),
            "--help lacks {word}:\n{}",
            help.stdout
        );
    }
    let sub = run_default(&project, &["import", "--help"]);
    assert!(sub.stdout.contains("填好的填报表"), "{}", sub.stdout);

    let english = run_default(&project, &["--lang", "en", "--help"]);
    assert!(english.stdout.contains("Usage:") && english.stdout.contains("Make the briefings now"));
    assert!(!english.stdout.contains("用法"), "{}", english.stdout);
    let mut by_env = project.command(&["--help"]);
    by_env.env("SW_BRIEFING_LANG", "en");
    let by_env = common::Run::from(by_env.output().unwrap());
    assert!(by_env.stdout.contains("Usage:"), "{}", by_env.stdout);
}

#[test]
fn usage_errors_are_chinese_with_the_usage_and_exit_2() {
    let project = Project::new();
    let run = run_default(&project, &["--nwo"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("错误：不认识的参数 --nwo"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("用法："), "{}", run.stderr);
    assert!(run.stderr.contains("sw-briefing --help"), "{}", run.stderr);

    let run = run_default(&project, &["form", "--region", "430300"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("缺少必需的参数") && run.stderr.contains("--period"),
        "{}",
        run.stderr
    );

    let run = run_default(&project, &["--now", "--period", "2023-13"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是期间"), "{}", run.stderr);

    let run = run_default(&project, &["--lang", "fr", "check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("fr") && run.stderr.contains("zh"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_verify_and_now_speak_chinese_by_default() {
    let project = Project::new();
    let check = run_default(&project, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.starts_with("检查通过："), "{}", check.stdout);

    let now = run_default(
        &project,
        &["--now", "--region", "430300", "--region", "999999"],
    );
    assert_eq!(now.code, 2);
    assert!(
        now.stderr.contains("regions 中没有这个地区"),
        "{}",
        now.stderr
    );

    let now = run_default(&project, &["--now", "--region", "430300"]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    let again = run_default(&project, &["--now", "--region", "430300"]);
    assert!(
        again.stderr.contains("本期已存档，未作改动"),
        "{}",
        again.stderr
    );

    let verify = run_default(&project, &["verify"]);
    assert_eq!(verify.code, 0, "{}", verify.stderr);
    assert!(verify.stdout.starts_with("核验通过："), "{}", verify.stdout);
    let english = {
        let mut command = project.command(&["verify"]);
        command.env("SW_BRIEFING_LANG", "en");
        common::Run::from(command.output().unwrap())
    };
    assert!(
        english.stdout.starts_with("verified: "),
        "{}",
        english.stdout
    );
}

#[test]
fn status_is_chinese_by_default_and_english_when_asked() {
    let project = Project::new();
    let status = run_default(&project, &["status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    for heading in [
        "档案目录：",
        "时区：",
        "计划：",
        "上次运行：",
        "已归档：",
        "现在到期（已有数据）：",
        "等待数据：",
        "无",
    ] {
        assert!(
            status.stdout.contains(heading),
            "status lacks {heading}:\n{}",
            status.stdout
        );
    }
    assert!(!status.stdout.contains("archive:"), "{}", status.stdout);

    let english = run_default(&project, &["--lang", "en", "status"]);
    assert_eq!(english.code, 0, "{}", english.stderr);
    for heading in [
        "archive: ",
        "time zone: ",
        "schedules:",
        "due now (data on file): ",
    ] {
        assert!(
            english.stdout.contains(heading),
            "status lacks {heading}:\n{}",
            english.stdout
        );
    }
    assert!(!english.stdout.contains("档案目录"), "{}", english.stdout);
}

#[test]
fn verify_names_a_tampered_file_in_chinese_by_default_and_in_english_when_asked() {
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    let run = project.run(&["--now", "--region", "430300"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut bytes = std::fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf, &bytes).unwrap();

    let verify = run_default(&project, &["verify"]);
    assert_eq!(verify.code, 5, "{}", verify.stderr);
    assert!(
        verify
            .stderr
            .contains(&format!("错误：{}: SHA-256 是", pdf.display()))
            && verify.stderr.contains("文件在封存后被改动过")
            && verify.stderr.contains("处理办法："),
        "the PDF must be named in Chinese:\n{}",
        verify.stderr
    );
    assert!(verify.stdout.starts_with("核验未通过"), "{}", verify.stdout);

    let english = run_default(&project, &["--lang", "en", "verify"]);
    assert_eq!(english.code, 5, "{}", english.stderr);
    assert!(
        english
            .stderr
            .contains(&format!("error: {}: SHA-256 is", pdf.display()))
            && english
                .stderr
                .contains("the file was altered after it was sealed")
            && english.stderr.contains("  help: "),
        "the PDF must be named in English:\n{}",
        english.stderr
    );
    assert!(!english.stderr.contains("处理办法"), "{}", english.stderr);
    assert!(english.stdout.starts_with("FAILED"), "{}", english.stdout);
}

#[test]
fn import_names_sheet_and_cell_in_chinese_by_default_and_in_english_when_asked() {
    use std::process::Command;
    let python = Command::new("python3")
        .args(["-c", "import openpyxl, yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !python {
        eprintln!(
            "skipped: python3 with openpyxl and PyYAML is missing (pip install openpyxl pyyaml)"
        );
        return;
    }
    let project = Project::new();
    let script = Path::new(common::REPO).join("tests/form/make_forms.py");
    let make = |args: &[&str]| {
        let out = Command::new("python3")
            .arg(&script)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let form = project.path().join("form.xlsx");
    let filled = project.path().join("filled.xlsx");
    let broken = project.path().join("broken.xlsx");
    project
        .run(&[
            "form",
            "--region",
            "430300",
            "--period",
            "2023",
            "--output",
            form.to_str().unwrap(),
        ])
        .assert_ok();
    let yaml = Path::new(common::REPO).join("metrics/430300-湘潭市/2023.yaml");
    make(&[
        "fill",
        form.to_str().unwrap(),
        yaml.to_str().unwrap(),
        filled.to_str().unwrap(),
    ]);
    make(&[
        "break",
        "renamed_region",
        filled.to_str().unwrap(),
        broken.to_str().unwrap(),
    ]);
    let before = std::fs::read(project.path().join("metrics/430300-湘潭市/2023.yaml")).unwrap();

    let run = run_default(&project, &["import", broken.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("表“基本信息”!C5（地区名称）")
            && run.stderr.contains("叫“湘潭县市”")
            && run.stderr.contains("处理：")
            && run.stderr.contains("没有写入任何文件"),
        "{}",
        run.stderr
    );

    let english = run_default(
        &project,
        &["--lang", "en", "import", broken.to_str().unwrap()],
    );
    assert_eq!(english.code, 4, "{}", english.stderr);
    assert!(
        english.stderr.contains("sheet “基本信息”!C5 (地区名称)")
            && english.stderr.contains("is called “湘潭县市” here")
            && english.stderr.contains("  help: ")
            && english.stderr.contains("no file was written"),
        "{}",
        english.stderr
    );
    assert!(!english.stderr.contains("处理："), "{}", english.stderr);
    assert_eq!(
        std::fs::read(project.path().join("metrics/430300-湘潭市/2023.yaml")).unwrap(),
        before
    );
}
/// A metrics file that passes `check`, for the broken-input tests below.
const GOOD_METRICS: &str = r#"data_status: illustrative
region:
  name: 测试市
  code: "990200"
  level: city
period: "2023"
certification:
  registrants: 100
  passes: 20
"#;

/// Runs `args` on `project` in Chinese (no language chosen) and in English, and
/// returns both runs.
fn both_languages(project: &Project, args: &[&str]) -> (common::Run, common::Run) {
    let chinese = run_default(project, args);
    let mut english = project.command(args);
    english.env("SW_BRIEFING_LANG", "en");
    (chinese, common::Run::from(english.output().unwrap()))
}

/// Asserts that some line of `text` holds every one of `phrases`.
fn assert_line_with(text: &str, phrases: &[&str]) {
    assert!(
        text.lines().any(|l| phrases.iter().all(|p| l.contains(p))),
        "no line holds all of {phrases:?}:\n{text}"
    );
}

fn metrics_project(text: &str) -> Project {
    let project = Project::with_metrics(&[]);
    project.write("metrics/990200-测试市/2023.yaml", text.as_bytes());
    project
}

#[test]
fn an_unknown_field_is_named_in_chinese_with_its_file_and_line() {
    let project =
        metrics_project(&GOOD_METRICS.replace("  passes: 20", "  passes: 20\n  pases: 3"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 4, "{}", zh.stderr);
    assert_line_with(
        &zh.stderr,
        &[
            "错误：",
            "990200-测试市/2023.yaml:10:",
            "不认识的字段“pases”",
        ],
    );
    assert_line_with(&zh.stderr, &["处理办法：", "“passes”"]);
    assert!(zh.stderr.contains("共发现 1 个问题"), "{}", zh.stderr);
    assert!(!zh.stderr.contains("unknown field"), "{}", zh.stderr);
    assert_line_with(&en.stderr, &["2023.yaml:10:", "unknown field `pases`"]);
    assert_line_with(&en.stderr, &["help: did you mean `passes`?"]);
}

#[test]
fn wrong_types_and_values_are_explained_in_chinese() {
    let project = metrics_project(&GOOD_METRICS.replace("registrants: 100", "registrants: 很多"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 4, "{}", zh.stderr);
    assert_line_with(&zh.stderr, &["2023.yaml:8:", "“很多”是文字，不是数字"]);
    assert_line_with(
        &en.stderr,
        &["2023.yaml:8:", "`很多` is text, not a number"],
    );

    let project = metrics_project(&GOOD_METRICS.replace(
        "certification:\n  registrants: 100\n  passes: 20\n",
        "certification: 5\n",
    ));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 4, "{}", zh.stderr);
    assert_line_with(&zh.stderr, &["2023.yaml:7:", "这里应为映射"]);
    assert_line_with(&en.stderr, &["2023.yaml:7:", "expected mapping start"]);

    let project = metrics_project(&GOOD_METRICS.replace("name: 测试市", "name: [测试市]"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 4, "{}", zh.stderr);
    assert_line_with(
        &zh.stderr,
        &["2023.yaml:3:", "这里应为单个值（文字或数字）"],
    );
    assert_line_with(&en.stderr, &["2023.yaml:3:", "expected string scalar"]);
    assert!(!zh.stderr.contains("invalid"), "{}", zh.stderr);

    let project = metrics_project(&GOOD_METRICS.replace("level: city", "level: town"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_line_with(
        &zh.stderr,
        &["2023.yaml:5:", "不认识的值“town”；可用的值："],
    );
    assert_line_with(&en.stderr, &["2023.yaml:5:", "unknown variant `town`"]);

    let project = metrics_project(&GOOD_METRICS.replace("passes: 20", "passes: 200"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_line_with(
        &zh.stderr,
        &[
            "2023.yaml:9:",
            "certification.passes 为 200，多于报考人数 100",
        ],
    );
    assert_line_with(&zh.stderr, &["处理办法：通过人数不能多于报考人数"]);
    assert_line_with(
        &en.stderr,
        &[
            "2023.yaml:9:",
            "certification.passes is 200, more than the 100 registrants",
        ],
    );
}

#[test]
fn a_missing_metrics_file_field_and_a_tab_are_named_in_chinese() {
    let project = metrics_project(&GOOD_METRICS.replace("period: \"2023\"\n", ""));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 4, "{}", zh.stderr);
    assert_line_with(&zh.stderr, &["2023.yaml", "缺少字段“period”"]);
    assert_line_with(&en.stderr, &["2023.yaml", "missing field `period`"]);

    let project = metrics_project(&GOOD_METRICS.replace("  passes: 20", "\tpasses: 20"));
    let (zh, en) = both_languages(&project, &["check"]);
    assert_line_with(&zh.stderr, &["2023.yaml:9:1:", "制表符"]);
    assert_line_with(&en.stderr, &["2023.yaml:9:1:", "a tab indents this line"]);
}

#[test]
fn a_missing_config_file_is_named_in_chinese() {
    let project = Project::new();
    std::fs::remove_file(project.config()).unwrap();
    let (zh, en) = both_languages(&project, &["check"]);
    assert_ne!(zh.code, 0);
    assert_line_with(
        &zh.stderr,
        &["briefing.yaml", "无法读取文件：文件或文件夹不存在"],
    );
    assert_line_with(&zh.stderr, &["处理办法：检查路径是否存在"]);
    assert_line_with(
        &en.stderr,
        &["briefing.yaml", "cannot read the file: No such file"],
    );
}

#[test]
fn broken_config_values_are_named_in_chinese_with_their_line() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("timezone: Asia/Shanghai", "timezone: Asia/Beijing")
        .replace("retention: 永久", "retention: 长期")
        .replace("\"0 8 3 * *\"", "\"0 8 32 * *\"");
    project.write("config/briefing.yaml", config.as_bytes());
    let line_of = |needle: &str| config.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (zh, en) = both_languages(&project, &["check"]);
    assert_eq!(zh.code, 3, "{}", zh.stderr);
    let timezone = format!("briefing.yaml:{}:", line_of("Asia/Beijing"));
    assert_line_with(
        &zh.stderr,
        &["错误：", &timezone, "“Asia/Beijing”不是时区名称"],
    );
    assert_line_with(
        &en.stderr,
        &[&timezone, "`Asia/Beijing` is not a time zone name"],
    );
    assert_line_with(&zh.stderr, &["briefing.yaml: ", "“retention”为“长期”"]);
    assert_line_with(&zh.stderr, &["处理办法：写 永久、定期30年 或 定期10年"]);
    assert_line_with(&en.stderr, &["`retention` is `长期`"]);
    let cron = format!("briefing.yaml:{}:", line_of("0 8 32"));
    assert_line_with(
        &zh.stderr,
        &[&cron, "cron 表达式“0 8 32 * *”无效：解析程序的说明为"],
    );
    assert_line_with(
        &en.stderr,
        &[&cron, "cron expression `0 8 32 * *` is invalid"],
    );
}

#[test]
fn a_missing_font_is_named_in_chinese() {
    let project = Project::new();
    let config = project
        .read("config/briefing.yaml")
        .replace("NotoSansCJKsc-Regular-GB2312.otf", "NoSuchFont.otf");
    project.write("config/briefing.yaml", config.as_bytes());
    let (zh, en) = both_languages(&project, &["--now"]);
    assert_eq!(zh.code, 3, "{}", zh.stderr);
    assert_line_with(
        &zh.stderr,
        &["NoSuchFont.otf", "无法读取字体文件：文件或文件夹不存在"],
    );
    assert_line_with(&zh.stderr, &["处理办法：检查配置文件中的“fonts”"]);
    assert_line_with(&en.stderr, &["NoSuchFont.otf", "cannot read the font file"]);
    assert_line_with(&en.stderr, &["help: check `fonts` in the config"]);
}
