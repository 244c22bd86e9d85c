//! Sign-off (签发) as a clerk and a leader meet it: with `approval: required`, `--now`
//! makes a draft (送审稿, no 期号) instead of a package; `approve` issues it with the
//! next 期号 and the approval date in the masthead, naming the approver in the record
//! and the ledger; `reject` keeps it with the reason; one period is still issued once.
//! The PDFs are read back with poppler's pdftotext.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// A project whose config requires approval.
fn approving_project() -> Project {
    let project = Project::new();
    let config = project.read("config/briefing.yaml");
    project.write(
        "config/briefing.yaml",
        format!("{config}\napproval: required\n").as_bytes(),
    );
    project
}

fn draft_dir(project: &Project, region: &str, period: &str) -> PathBuf {
    project.reports().join("drafts").join(region).join(period)
}

fn draft_json(project: &Project, region: &str, period: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(draft_dir(project, region, period).join("draft.json"))
        .expect("the draft's facts are there");
    serde_json::from_str(&text).unwrap()
}

fn ledger(project: &Project) -> Vec<serde_json::Value> {
    std::fs::read_to_string(project.reports().join("ledger.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn issued_lines(project: &Project) -> Vec<serde_json::Value> {
    ledger(project)
        .into_iter()
        .filter(|e| e["event"] == "issued" || e["event"] == "revised")
        .collect()
}

fn record(bag: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(bag.join("data/metadata.json")).unwrap()).unwrap()
}

/// Whether the text holds 第, only white space, then 期: an issue number left blank.
fn has_blank_issue_number(text: &str) -> bool {
    text.match_indices('第').any(|(at, _)| {
        let rest = &text[at + '第'.len_utf8()..];
        match rest.find('期') {
            Some(end) => {
                let between = &rest[..end];
                !between.is_empty() && between.chars().all(char::is_whitespace)
            }
            None => false,
        }
    })
}

fn make_draft(project: &Project, region: &str, period: &str) -> PathBuf {
    let run = project.run(&["--now", "--region", region, "--period", period]);
    run.assert_ok();
    let pdfs = run.pdfs();
    assert_eq!(pdfs.len(), 1, "{}", run.stdout);
    pdfs[0].clone()
}

fn edit_metrics(project: &Project, file: &str) {
    let path = format!("metrics/{file}");
    let text = project.read(&path);
    project.write(
        &path,
        format!("{text}\n# corrected after review\n").as_bytes(),
    );
}

#[test]
fn with_approval_required_now_makes_a_draft_not_a_package() {
    let project = approving_project();
    let pdf = make_draft(&project, "430300", "2023");
    assert!(
        pdf.starts_with(draft_dir(&project, "430300-湘潭市", "2023")),
        "{}",
        pdf.display()
    );
    assert!(pdf.to_string_lossy().ends_with("-送审稿.pdf"));
    assert!(project.bags().is_empty(), "no package is filed");
    assert!(issued_lines(&project).is_empty(), "no ledger line");
    let index = std::fs::read_to_string(project.reports().join("index.html")).unwrap_or_default();
    assert!(!index.contains("送审稿"), "drafts are not in the index");

    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("送审稿"), "page {} has no 送审稿 mark", i + 1);
    }
    assert!(has_blank_issue_number(&text), "no blank 第  期:\n{text}");
    assert!(!text.contains("第1期"), "a draft has no 期号");

    let facts = draft_json(&project, "430300-湘潭市", "2023");
    assert_eq!(facts["state"], "pending");
    assert_eq!(facts["region_code"], "430300");

    let drafts = project.run(&["drafts"]);
    drafts.assert_ok();
    assert!(
        drafts.stdout.contains("430300") && drafts.stdout.contains("2023"),
        "{}",
        drafts.stdout
    );
    assert!(
        drafts.stdout.contains("waiting for approval"),
        "{}",
        drafts.stdout
    );
    let status = project.run(&["status"]);
    status.assert_ok();
    assert!(
        status.stdout.contains("drafts waiting for approval:")
            && status.stdout.contains("430300 湘潭市"),
        "{}",
        status.stdout
    );
    assert!(
        project.run(&["verify"]).code == 0,
        "the archive verifies with a draft in it"
    );
}

#[test]
fn a_draft_is_remade_when_its_metrics_change_and_only_then() {
    let project = approving_project();
    make_draft(&project, "430300", "2023");
    let first = draft_json(&project, "430300-湘潭市", "2023");
    let dir = draft_dir(&project, "430300-湘潭市", "2023");
    let before = snapshot(&dir);

    // Unchanged data, a day later: nothing is redone.
    let again = project
        .command(&["--now", "--region", "430300", "--period", "2023"])
        .env("SOURCE_DATE_EPOCH", "1704506400")
        .output()
        .unwrap();
    let again = Run::from(again);
    again.assert_ok();
    assert!(again.stderr.contains("is current"), "{}", again.stderr);
    assert_eq!(snapshot(&dir), before, "the draft was left as it was");

    // Rejected, then the data are corrected: remade, and the rejection cleared.
    project
        .run(&["reject", "430300", "2023", "--reason", "数字有误"])
        .assert_ok();
    edit_metrics(&project, "430300-湘潭市/2023.yaml");
    let remade = Run::from(
        project
            .command(&["--now", "--region", "430300", "--period", "2023"])
            .env("SOURCE_DATE_EPOCH", "1704506400")
            .output()
            .unwrap(),
    );
    remade.assert_ok();
    assert!(
        remade.stderr.contains("draft (送审稿) of 2023 made"),
        "{}",
        remade.stderr
    );
    let second = draft_json(&project, "430300-湘潭市", "2023");
    assert_ne!(first["inputs_sha256"], second["inputs_sha256"]);
    assert_ne!(first["made_at"], second["made_at"]);
    assert_eq!(second["state"], "pending");
    assert!(second.get("reason").is_none(), "{second}");
    assert!(project.bags().is_empty());
}

#[test]
fn approving_files_the_package_with_the_approver_and_the_approval_date() {
    let project = approving_project();
    make_draft(&project, "430300", "2022");
    make_draft(&project, "430300", "2023");
    make_draft(&project, "990100", "2023");

    let run = project.run(&[
        "approve",
        "430300",
        "2022",
        "--by",
        "张三",
        "--date",
        "2024-01-08",
    ]);
    run.assert_ok();
    let pdfs = run.pdfs();
    assert_eq!(pdfs.len(), 1, "{}", run.stdout);
    assert!(pdfs[0].starts_with(project.reports().join("430300-湘潭市")));
    let bag = pdfs[0].parent().unwrap().parent().unwrap().to_path_buf();
    let rec = record(&bag);
    assert_eq!(rec["approved_by"], "张三");
    assert!(
        rec["approved_at"]
            .as_str()
            .unwrap()
            .starts_with("2024-01-05T"),
        "{rec}"
    );
    assert_eq!(rec["日期"], "2024-01-08");
    assert_eq!(rec["schema"], "sw-briefing/record/4");
    assert_eq!(rec["issue_number"], 1);
    let lines = issued_lines(&project);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["approved_by"], "张三");
    assert_eq!(lines[0]["approved_at"], rec["approved_at"]);

    let text = pdftotext(&pdfs[0]);
    assert!(
        !text.contains("送审稿"),
        "the issued briefing has no draft mark"
    );
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squashed.contains("第1期"), "{text}");
    assert!(
        squashed.contains("2024年1月8日"),
        "the masthead is dated the approval date"
    );
    assert!(
        !draft_dir(&project, "430300-湘潭市", "2022").exists(),
        "the draft is removed"
    );
    assert!(
        draft_dir(&project, "430300-湘潭市", "2023").exists(),
        "others stay"
    );

    // The next period of the region gets the next 期号; the other region its own.
    let second = project.run(&["approve", "430300", "2023", "--by", "张三"]);
    second.assert_ok();
    let rec2 = record(second.pdfs()[0].parent().unwrap().parent().unwrap());
    assert_eq!(rec2["issue_number"], 2);
    assert_eq!(rec2["日期"], "2024-01-05", "default: today");
    let other = project.run(&["approve", "990100", "2023", "--by", "李四"]);
    other.assert_ok();
    let rec3 = record(other.pdfs()[0].parent().unwrap().parent().unwrap());
    assert_eq!(rec3["issue_number"], 1);
    assert_eq!(rec3["approved_by"], "李四");
    assert_eq!(project.bags().len(), 3);

    let drafts = project.run(&["drafts"]);
    assert!(drafts.stdout.contains("no drafts"), "{}", drafts.stdout);
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);

    // A run after the approvals (a restart of the service) finds them issued.
    let rerun = project.run(&["--now", "--region", "430300", "--period", "2023"]);
    rerun.assert_ok();
    assert!(rerun.stderr.contains("already filed"), "{}", rerun.stderr);
    assert_eq!(project.bags().len(), 3);
    assert!(!draft_dir(&project, "430300-湘潭市", "2023").exists());
}

#[test]
fn a_rejected_draft_shows_its_reason() {
    let project = approving_project();
    make_draft(&project, "990100", "2023");
    let run = project.run(&[
        "reject",
        "990100",
        "2023",
        "--reason",
        "第二部分数据待核实",
        "--by",
        "王五",
    ]);
    run.assert_ok();
    let facts = draft_json(&project, "990100-示例市", "2023");
    assert_eq!(facts["state"], "rejected");
    assert_eq!(facts["reason"], "第二部分数据待核实");
    assert_eq!(facts["rejected_by"], "王五");
    let status = project.run(&["status"]);
    assert!(
        status.stdout.contains("rejected") && status.stdout.contains("第二部分数据待核实"),
        "{}",
        status.stdout
    );
    let drafts = project.run(&["drafts"]);
    assert!(
        drafts.stdout.contains("第二部分数据待核实"),
        "{}",
        drafts.stdout
    );

    // An empty reason is a usage error; a period without a draft is refused.
    assert_eq!(
        project
            .run(&["reject", "990100", "2023", "--reason", ""])
            .code,
        2
    );
    assert_eq!(
        project
            .run(&["reject", "990100", "2023", "--reason", "  "])
            .code,
        2
    );
    let none = project.run(&["reject", "990100", "2022", "--reason", "x"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no draft of 2022"), "{}", none.stderr);
    assert!(project.bags().is_empty());
}

#[test]
fn approving_twice_is_refused_and_names_the_issued_number() {
    let project = approving_project();
    make_draft(&project, "430300", "2023");
    project
        .run(&["approve", "430300", "2023", "--by", "张三"])
        .assert_ok();
    let before = snapshot(&project.reports());
    let again = project.run(&["approve", "430300", "2023", "--by", "张三"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(
        again.stderr.contains("is issued already, as 期号 01"),
        "{}",
        again.stderr
    );
    let mut after = snapshot(&project.reports());
    // The lock file may be touched; nothing else.
    after.retain(|p, _| !p.ends_with(".lock"));
    let mut before = before;
    before.retain(|p, _| !p.ends_with(".lock"));
    assert_eq!(before, after, "nothing changed");
    assert_eq!(issued_lines(&project).len(), 1);
    let none = project.run(&["approve", "430300", "2022", "--by", "张三"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no draft of 2022"), "{}", none.stderr);
}

#[test]
fn approving_data_changed_after_the_draft_is_refused() {
    let project = approving_project();
    make_draft(&project, "430300", "2023");
    edit_metrics(&project, "430300-湘潭市/2023.yaml");
    let run = project.run(&["approve", "430300", "2023", "--by", "张三"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the data changed after the draft of 2023 was made on"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--now"), "{}", run.stderr);
    assert!(project.bags().is_empty(), "nothing was filed");
    assert!(issued_lines(&project).is_empty());
    assert!(draft_dir(&project, "430300-湘潭市", "2023")
        .join("draft.json")
        .exists());
}

#[test]
fn a_draft_left_by_an_approval_killed_after_filing_is_removed_by_the_next_run() {
    let project = approving_project();
    make_draft(&project, "430300", "2023");
    let mut child = project
        .command(&["approve", "430300", "2023", "--by", "张三"])
        .env("SW_BRIEFING_TEST_PAUSE_AT", "approved-filed")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reached = false;
    for line in BufReader::new(stderr).lines() {
        if line.unwrap().contains("paused at approved-filed") {
            reached = true;
            child.kill().unwrap();
            break;
        }
    }
    let _ = child.wait();
    assert!(
        reached,
        "the approval never reached the pause (built without fault-injection?)"
    );
    assert_eq!(project.bags().len(), 1);
    assert!(draft_dir(&project, "430300-湘潭市", "2023").exists());

    let again = project.run(&["approve", "430300", "2023", "--by", "张三"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("期号 01"), "{}", again.stderr);
    assert!(
        !draft_dir(&project, "430300-湘潭市", "2023").exists(),
        "the stale draft is removed"
    );
    assert_eq!(project.bags().len(), 1);
    assert_eq!(issued_lines(&project).len(), 1);
}

#[test]
fn an_unknown_approval_value_is_a_located_config_error() {
    let project = Project::new();
    let config = project.read("config/briefing.yaml");
    project.write(
        "config/briefing.yaml",
        format!("{config}\napproval: yes please\n").as_bytes(),
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("briefing.yaml:") && run.stderr.contains("approval"),
        "{}",
        run.stderr
    );
}

/// A revision goes through sign-off too: after the metrics of an issued period change,
/// `--now` makes nothing, `--now --revise` makes a draft of the revision, and approving
/// it files r2 under the same 期号. The period stays issued once; a rerun makes nothing.
#[test]
fn a_revision_is_a_draft_until_approved_and_keeps_the_issue_number() {
    let project = approving_project();
    make_draft(&project, "430300", "2023");
    project
        .run(&["approve", "430300", "2023", "--by", "张三"])
        .assert_ok();
    edit_metrics(&project, "430300-湘潭市/2023.yaml");

    let changed = project.run(&["--now", "--region", "430300", "--period", "2023"]);
    assert!(
        changed.stderr.contains("the metrics changed"),
        "{}",
        changed.stderr
    );
    assert!(!draft_dir(&project, "430300-湘潭市", "2023").exists());
    assert_eq!(project.bags().len(), 1);

    let revise = project.run(&[
        "--now", "--region", "430300", "--period", "2023", "--revise",
    ]);
    revise.assert_ok();
    assert_eq!(project.bags().len(), 1, "a draft, not a package");
    let draft = draft_json(&project, "430300-湘潭市", "2023");
    assert!(!draft["revises"].is_null(), "{draft}");

    let approved = project.run(&["approve", "430300", "2023", "--by", "李四"]);
    approved.assert_ok();
    let pdfs = approved.pdfs();
    assert_eq!(pdfs.len(), 1, "{}", approved.stdout);
    assert!(
        pdfs[0].to_string_lossy().ends_with("-r2.pdf"),
        "{}",
        pdfs[0].display()
    );
    let rec = record(pdfs[0].parent().unwrap().parent().unwrap());
    assert_eq!(rec["issue_number"], 1, "{rec}");
    assert_eq!(rec["revision"], 2, "{rec}");
    assert_eq!(rec["approved_by"], "李四");
    let lines = issued_lines(&project);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["event"], "issued");
    assert_eq!(lines[1]["event"], "revised");
    assert_eq!(project.bags().len(), 2);

    let rerun = project.run(&[
        "--now", "--region", "430300", "--period", "2023", "--revise",
    ]);
    rerun.assert_ok();
    assert_eq!(project.bags().len(), 2, "{}", rerun.stderr);
    assert!(!draft_dir(&project, "430300-湘潭市", "2023").exists());
    let verify = project.run(&["verify"]);
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
}
