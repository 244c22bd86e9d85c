//! The archive as officials rely on it: every package is a BagIt bag that the Library
//! of Congress tool (`bagit.py`, PyPI `bagit`) accepts; `verify` finds a flipped byte,
//! a removed package and a broken ledger line; data corrections become revisions only
//! on request; the index links every PDF and escapes what it shows; a SIGKILL at any
//! step, a read-only archive and a full disk leave every package intact.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bagit_validate(bag: &Path) {
    let out = Command::new("bagit.py")
        .args(["--validate", bag.to_str().unwrap()])
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run bagit.py: {e}; install it with `pip install bagit` (or run .ci/run)")
        });
    assert!(
        out.status.success(),
        "bagit.py --validate rejects {}:\n{}",
        bag.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn events(project: &Project) -> Vec<serde_json::Value> {
    project
        .read("reports/ledger.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn kinds(project: &Project) -> Vec<String> {
    events(project)
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect()
}

fn record(bag: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(bag.join("data/metadata.json")).unwrap()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn assert_verifies(project: &Project) -> Run {
    let run = project.run(&["verify"]);
    assert_eq!(
        run.code, 0,
        "verify failed:\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.starts_with("verified: "), "{}", run.stdout);
    run
}

fn assert_fails_verify(project: &Project) -> Run {
    let run = project.run(&["verify"]);
    assert_eq!(
        run.code, 5,
        "verify should exit 5:\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    run
}

fn make_writable_file(path: &Path) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// The (region folder, period, revision) of every package, sorted, to count duplicates.
fn issued(project: &Project) -> Vec<(String, String, u64)> {
    let mut out: Vec<_> = project
        .bags()
        .iter()
        .map(|bag| {
            let r = record(bag);
            (
                r["region_code"].as_str().unwrap().to_string(),
                r["period"].as_str().unwrap().to_string(),
                r["revision"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_package_is_a_bag_the_library_of_congress_tool_accepts() {
    let project = Project::new();
    project.run(&["--now"]).assert_ok();
    project
        .run(&["--now", "--region", "990100", "--period", "2023-Q4"])
        .assert_ok();
    project.write(
        "metrics/990100-示例市/2023.yaml",
        project
            .read("metrics/990100-示例市/2023.yaml")
            .replace("workers: 760", "workers: 765")
            .as_bytes(),
    );
    project
        .run(&["--now", "--region", "990100", "--revise"])
        .assert_ok();
    let bags = project.bags();
    assert_eq!(bags.len(), 4, "{bags:?}");
    for bag in &bags {
        bagit_validate(bag);
        for tag in [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "tagmanifest-sha256.txt",
        ] {
            assert!(bag.join(tag).is_file(), "{} lacks {tag}", bag.display());
        }
        let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
        for label in [
            "Bagging-Date: 2024-01-05",
            "Payload-Oxum: ",
            "Source-Organization: ",
            "External-Identifier: ",
            "External-Description: ",
        ] {
            assert!(
                info.contains(label),
                "{label} missing from bag-info.txt:\n{info}"
            );
        }
    }
    assert_verifies(&project);
}

#[test]
fn the_record_carries_the_gbt_18894_fields_and_the_inputs() {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "990100"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    let bag = pdf.parent().unwrap().parent().unwrap();
    let r = record(bag);
    let bytes = std::fs::read(&pdf).unwrap();
    assert_eq!(r["题名"], "示例市2023年社会工作人才队伍建设情况");
    assert_eq!(r["文件编号"], "社会工作简报-2024年第01期");
    assert_eq!(r["责任者"], "示例市民政局");
    assert_eq!(r["日期"], "2024-01-05");
    assert_eq!(r["保管期限"], "永久");
    assert_eq!(r["密级"], "内部资料 注意保存");
    assert_eq!(r["格式信息"]["mime"], "application/pdf");
    assert!(std::str::from_utf8(&bytes[..8])
        .unwrap()
        .ends_with(r["格式信息"]["version"].as_str().unwrap()));
    assert_eq!(
        r["计算机文件名"],
        pdf.file_name().unwrap().to_str().unwrap()
    );
    assert_eq!(r["计算机文件大小"], bytes.len() as u64);
    assert_eq!(
        r["文档创建程序"],
        format!("sw-briefing {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(r["sha256"], sha256(&bytes));
    // The period's own file, the previous period's and the earlier years the records use,
    // byte for byte as they were in metrics/.
    let sources: Vec<&str> = r["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "990100-示例市/2019.yaml",
            "990100-示例市/2020.yaml",
            "990100-示例市/2021.yaml",
            "990100-示例市/2022.yaml",
            "990100-示例市/2023.yaml"
        ]
    );
    for input in r["inputs"].as_array().unwrap() {
        let packed = std::fs::read(bag.join(input["path"].as_str().unwrap())).unwrap();
        assert_eq!(
            packed,
            std::fs::read(project.metrics().join(input["source"].as_str().unwrap())).unwrap()
        );
        assert_eq!(input["sha256"], sha256(&packed));
    }
    // Sealed: read-only files and folders.
    for path in [
        bag.to_path_buf(),
        bag.join("data"),
        pdf.clone(),
        bag.join("manifest-sha256.txt"),
    ] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            if path.is_dir() { 0o555 } else { 0o444 },
            "{}",
            path.display()
        );
    }
    let ledger = events(&project);
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["event"], "issued");
    assert_eq!(ledger[0]["prev"], "0".repeat(64));
    assert_eq!(ledger[0]["pdf_sha256"], sha256(&bytes));
    assert_eq!(ledger[0]["time"], "2024-01-05T02:00:00Z");
}

#[test]
fn verify_passes_on_a_sound_archive_and_records_each_check() {
    let project = Project::new();
    project.write("reports/README.md", b"# reports/\nThe archive.\n");
    project.run(&["--now"]).assert_ok();
    let run = assert_verifies(&project);
    assert!(run.stdout.contains("2 package(s)"), "{}", run.stdout);
    assert_eq!(kinds(&project), ["issued", "issued", "verified"]);
    let last = project
        .read("reports/ledger.jsonl")
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(
        run.stdout.contains(&sha256(last.as_bytes())),
        "verify prints the ledger head: {}",
        run.stdout
    );
}

#[test]
fn a_flipped_byte_in_a_pdf_is_named_by_verify() {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "430300"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    make_writable_file(&pdf);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&pdf, &bytes).unwrap();
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr
            .contains(&format!("error: {}: SHA-256 is", pdf.display())),
        "the PDF must be named:\n{}",
        run.stderr
    );
    assert!(run.stdout.starts_with("FAILED"), "{}", run.stdout);
    assert_eq!(kinds(&project).last().unwrap(), "failed");
    let bag = pdf.parent().unwrap().parent().unwrap();
    let out = Command::new("bagit.py")
        .args(["--validate", bag.to_str().unwrap()])
        .output()
        .expect("bagit.py runs");
    assert!(
        !out.status.success(),
        "bagit.py agrees that the bag is invalid"
    );
}

#[test]
fn a_region_input_recorded_without_its_copy_is_named_by_verify() {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "430300"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    let bag = pdf.parent().unwrap().parent().unwrap().to_path_buf();
    let metadata = bag.join("data/metadata.json");
    make_writable_file(&metadata);
    let mut value = record(&bag);
    let input = &mut value["inputs"][0];
    let source = input["source"].as_str().unwrap().to_string();
    assert!(source.starts_with("430300-"), "{source}");
    input.as_object_mut().unwrap().remove("path");
    std::fs::write(&metadata, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains(&format!(
            "input `{source}` is the region's own file but is not in the package"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_removed_package_shows_as_a_gap_in_the_issue_numbers() {
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    project
        .run(&["--now", "--region", "990100", "--period", "2023"])
        .assert_ok();
    assert_verifies(&project);
    let first = project
        .reports()
        .join("990100-示例市/2024/社会工作简报-2024年第01期-2022");
    make_writable(&first);
    std::fs::remove_dir_all(&first).unwrap();
    let run = assert_fails_verify(&project);
    let year = project.reports().join("990100-示例市/2024");
    assert!(
        run.stderr.contains(&format!(
            "error: {}: 社会工作简报 2024年: 期号 01 is missing (the numbers run to 02)",
            year.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("which is missing from the archive"),
        "the ledger still names it:\n{}",
        run.stderr
    );
}

#[test]
fn a_broken_ledger_line_is_reported_by_its_number() {
    let project = Project::new();
    project.run(&["--now"]).assert_ok();
    project.run(&["verify"]);
    let ledger = project.reports().join("ledger.jsonl");
    let original = project.read("reports/ledger.jsonl");

    // Garbled: line 2 is no longer JSON.
    let garbled: Vec<String> = original
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 1 {
                l.replacen('{', "[", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&ledger, garbled.join("\n") + "\n").unwrap();
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains(&format!(
            "error: {}:2: line 2 is not a ledger event",
            ledger.display()
        )),
        "{}",
        run.stderr
    );

    // Altered but still JSON: the next line's digest no longer matches.
    std::fs::write(&ledger, original.replacen("\"issued\"", "\"revised\"", 1)).unwrap();
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains(&format!(
            "error: {}:2: line 2 carries prev",
            ledger.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 1 was changed"), "{}", run.stderr);
}

#[test]
fn a_removed_ledger_is_not_mistaken_for_an_interrupted_run() {
    let project = Project::new();
    project.run(&["--now"]).assert_ok();
    std::fs::remove_file(project.reports().join("ledger.jsonl")).unwrap();
    let run = assert_fails_verify(&project);
    for bag in project.bags() {
        assert!(
            run.stderr
                .contains(&format!("error: {}: has no ledger line", bag.display())),
            "{}",
            run.stderr
        );
    }
    // Nor does the next run paper over it by recording them anew.
    project.run(&["--now"]).assert_ok();
    assert_fails_verify(&project);
}

#[test]
fn changed_data_is_reported_and_revised_only_on_request() {
    let project = Project::new();
    let first = project.run(&["--now", "--region", "990100"]);
    first.assert_ok();
    let original_pdf = project.path().join(&first.pdfs()[0]);
    let before = snapshot(&project.reports().join("990100-示例市"));

    // Unchanged data: nothing happens, the package is reported.
    let again = project.run(&["--now", "--region", "990100", "--revise"]);
    again.assert_ok();
    assert_eq!(again.pdfs(), first.pdfs());
    assert!(again.stderr.contains("already filed"), "{}", again.stderr);

    // The previous period's file is an input too: correcting it is a change.
    project.write(
        "metrics/990100-示例市/2022.yaml",
        project
            .read("metrics/990100-示例市/2022.yaml")
            .replace("posts: 520", "posts: 521")
            .as_bytes(),
    );
    let changed = project.run(&["--now", "--region", "990100"]);
    changed.assert_ok();
    assert_eq!(
        changed.pdfs(),
        first.pdfs(),
        "the issued briefing is still the one reported"
    );
    assert!(changed.stderr.contains("warning: region 990100: the metrics changed since 期号 01 was issued (990100-示例市/2022.yaml changed); nothing was made"), "{}", changed.stderr);
    assert!(
        changed.stderr.contains("--now --revise"),
        "{}",
        changed.stderr
    );
    assert_eq!(
        snapshot(&project.reports().join("990100-示例市")),
        before,
        "nothing may change without --revise"
    );

    let revised = project.run(&["--now", "--region", "990100", "--revise"]);
    revised.assert_ok();
    let pdfs = revised.pdfs();
    assert_eq!(pdfs.len(), 1);
    assert!(pdfs[0].ends_with("990100-示例市/2024/社会工作简报-2024年第01期-2023-r2/data/社会工作简报-2024年第01期-2023-r2.pdf"), "{pdfs:?}");
    assert!(
        squashed_text(&project.path().join(&pdfs[0])).contains("第1期"),
        "a revision keeps the 期号"
    );
    assert_eq!(
        std::fs::read(&original_pdf).unwrap(),
        before[&original_pdf],
        "the first version stays as it was"
    );
    let r2 = record(
        project
            .path()
            .join(&pdfs[0])
            .parent()
            .unwrap()
            .parent()
            .unwrap(),
    );
    assert_eq!(
        (r2["revision"].as_u64(), r2["revises"].as_str()),
        (Some(2), Some("社会工作简报-2024年第01期-2023"))
    );
    assert_eq!(kinds(&project), ["issued", "revised"]);

    // Once revised, the same data again makes nothing new.
    let third = project.run(&["--now", "--region", "990100", "--revise"]);
    third.assert_ok();
    assert_eq!(third.pdfs(), pdfs);
    assert_eq!(project.bags().len(), 2);
    assert_verifies(&project);
    let csv = project.read("reports/index.csv");
    assert!(csv.contains(",初版,") && csv.contains(",r2,"), "{csv}");
}

/// Decodes %XX escapes of a relative link.
fn percent_decode(link: &str) -> String {
    let bytes = link.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&link[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn the_index_links_every_briefing_and_escapes_text_from_data() {
    let hostile = "示例<script>alert(1)<b>&'市";
    let project = Project::new();
    // Every file of the region carries the same (hostile) name, as the loader requires.
    for entry in std::fs::read_dir(project.metrics().join("990100-示例市")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("name: 示例市", &format!("name: \"{hostile}\""));
        std::fs::write(&path, text).unwrap();
    }
    project.run(&["--now", "--region", "990100"]).assert_ok();
    project.run(&["--now", "--region", "430300"]).assert_ok();
    project
        .run(&["--now", "--region", "430300", "--period", "2022"])
        .assert_ok();

    let html = project.read("reports/index.html");
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "unescaped text from data:\n{html}"
    );
    assert!(
        html.contains("示例&lt;script&gt;alert(1)&lt;b&gt;&amp;&apos;市"),
        "{html}"
    );
    let links: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 3, "{html}");
    let mut linked: Vec<PathBuf> = links
        .iter()
        .map(|l| {
            project
                .reports()
                .join(percent_decode(&l.replace("&amp;", "&")))
        })
        .collect();
    linked.sort();
    let mut pdfs: Vec<PathBuf> = project
        .bags()
        .iter()
        .map(|b| {
            b.join("data")
                .join(format!("{}.pdf", b.file_name().unwrap().to_str().unwrap()))
        })
        .collect();
    pdfs.sort();
    assert_eq!(
        linked, pdfs,
        "every link leads to a PDF, and every PDF is linked"
    );

    let csv = project.read("reports/index.csv");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    for pdf in &pdfs {
        let digest = sha256(&std::fs::read(pdf).unwrap());
        assert!(
            rows.iter().any(|row| row.contains(&digest)),
            "{} missing from index.csv",
            pdf.display()
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.starts_with("430300,湘潭市,2022,社会工作简报-2024年第02期,2,")),
        "{csv}"
    );
}

/// Runs the binary until it pauses at `point`, then kills it with SIGKILL.
fn kill_at(project: &Project, args: &[&str], point: &str) {
    let mut child = project
        .command(args)
        .env("SW_BRIEFING_TEST_PAUSE_AT", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(&format!("paused at {point}")) {
            child.kill().unwrap();
            let status = child.wait().unwrap();
            assert_eq!(status.signal(), Some(9), "killed with SIGKILL");
            return;
        }
    }
    let status = child.wait().unwrap();
    panic!("the run never reached {point} ({status}):\n{seen}");
}

fn assert_complete_without_duplicates(project: &Project, expected: usize) {
    let bags = project.bags();
    assert_eq!(bags.len(), expected, "{bags:?}");
    let mut seen = issued(project);
    seen.dedup();
    assert_eq!(
        seen.len(),
        expected,
        "a period was filed twice: {:?}",
        issued(project)
    );
    let ledger = events(project);
    for bag in &bags {
        let relative = bag
            .strip_prefix(project.reports())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let count = ledger
            .iter()
            .filter(|e| e["package"] == relative.as_str())
            .count();
        assert_eq!(
            count, 1,
            "{relative} is recorded {count} times in the ledger"
        );
        bagit_validate(bag);
    }
    let staging = project.reports().join(".staging");
    assert!(
        std::fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0) == 0,
        "staging leftovers: {:?}",
        walk_all(&staging)
    );
    let csv = project.read("reports/index.csv");
    assert_eq!(
        csv.lines().count(),
        expected + 1,
        "the index lists every package:\n{csv}"
    );
}

fn walk_all(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir).into_keys().collect()
}

#[test]
fn a_kill_at_any_step_leaves_an_archive_that_verifies_and_the_next_run_completes() {
    for point in [
        "payload-written",
        "bag-sealed",
        "bag-moved",
        "ledger-appended",
        "index.csv-replaced",
    ] {
        let project = Project::new();
        kill_at(&project, &["--now"], point);
        let check = assert_verifies(&project);
        if point == "bag-moved" {
            assert!(
                check.stderr.contains("has no ledger line yet"),
                "{point}: {}",
                check.stderr
            );
        }
        let run = project.run(&["--now"]);
        run.assert_ok();
        assert_eq!(run.pdfs().len(), 2, "{point}: {}", run.stdout);
        assert_verifies(&project);
        assert_complete_without_duplicates(&project, 2);
        if point == "bag-moved" {
            let recovered: Vec<_> = events(&project)
                .into_iter()
                .filter(|e| e["recovered"] == true)
                .collect();
            assert_eq!(
                recovered.len(),
                1,
                "the package left unrecorded is recorded as recovered, once"
            );
            assert_eq!(
                recovered[0]["package"],
                "430300-湘潭市/2024/社会工作简报-2024年第01期-2023"
            );
        }
    }
}

#[test]
fn kills_at_random_moments_never_leave_duplicates() {
    let periods = ["2019", "2020", "2021", "2022", "2023-Q1", "2023-Q2"];
    let project = Project::new();
    // How long one whole run takes here, to kill within that span.
    let started = std::time::Instant::now();
    project
        .run(&["--now", "--region", "990100", "--period", "2023-Q3"])
        .assert_ok();
    let span = started.elapsed().as_millis().max(20) as u64;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    for period in periods {
        for _attempt in 0..2 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let delay = std::time::Duration::from_millis(seed % span);
            let mut child = project
                .command(&["--now", "--region", "990100", "--period", period])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(delay);
            let _ = child.kill();
            child.wait().unwrap();
            let check = project.run(&["verify"]);
            assert_eq!(
                check.code, 0,
                "after a kill at {delay:?} of {span} ms in period {period}:\n{}\n{}",
                check.stdout, check.stderr
            );
        }
    }
    for period in periods {
        project
            .run(&["--now", "--region", "990100", "--period", period])
            .assert_ok();
    }
    assert_verifies(&project);
    assert_complete_without_duplicates(&project, periods.len() + 1);
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A tmpfs mounted on a folder for the length of a test.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts one, or says why the test cannot run here (mounting needs root).
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                dir.to_str().unwrap(),
            ])
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "skipped: cannot mount a tmpfs here ({})",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(Tmpfs(dir.to_path_buf()))
    }

    fn remount_read_only(&self) {
        let out = Command::new("mount")
            .args(["-o", "remount,ro", self.0.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_archive_gives_a_clear_error_and_changes_nothing() {
    let project = Project::new();
    let _mount = if is_root() {
        // Permissions do not stop root: make the folder truly read-only with a mount.
        let Some(mount) = Tmpfs::mount(&project.reports(), "4m") else {
            return;
        };
        Some(mount)
    } else {
        None
    };
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    let before = snapshot(&project.reports());
    match &_mount {
        Some(mount) => mount.remount_read_only(),
        None => {
            for path in before.keys().chain([&project.reports()]) {
                let mut perms = std::fs::metadata(path).unwrap().permissions();
                perms.set_mode(perms.mode() & !0o222);
                std::fs::set_permissions(path, perms).unwrap();
            }
        }
    }
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let reports = project.reports().display().to_string();
    // The archive cannot be locked: the run as a whole fails, naming the path.
    assert!(
        run.stderr.contains(&format!("error: {reports}/")),
        "the error names the path:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("read-only") || run.stderr.contains("may not write"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nothing already archived was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&project.reports()), before, "the archive changed");
    // Verifying needs no write access; the check just cannot be recorded.
    let check = project.run(&["verify"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    assert!(
        check.stderr.contains("could not be recorded"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_full_disk_gives_a_clear_error_and_leaves_every_package_intact() {
    if !is_root() {
        eprintln!("skipped: filling a small tmpfs needs root to mount it");
        return;
    }
    let project = Project::new();
    let Some(_mount) = Tmpfs::mount(&project.reports(), "1m") else {
        return;
    };
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    // Fill the disk to the last byte.
    let filler = project.reports().join(".filler");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.write_all(&[0u8; 1]);
        let _ = file.sync_all();
    }
    let before = snapshot(&project.reports());
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let reports = project.reports().display().to_string();
    assert!(
        run.stderr
            .contains(&format!("error: region 990100: {reports}/")),
        "the error names the path:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("No space left on device")
            && run.stderr.contains("the disk holding the archive is full"),
        "{}",
        run.stderr
    );
    let after = snapshot(&project.reports());
    for (path, bytes) in &before {
        if path.starts_with(project.reports().join(".staging")) {
            continue;
        }
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    assert!(
        !after
            .keys()
            .any(|p| p.starts_with(project.reports().join(".staging"))),
        "the unfinished package was not removed: {:?}",
        after.keys()
    );
    // Space again: the next run completes and the archive verifies.
    std::fs::remove_file(&filler).unwrap();
    project
        .run(&["--now", "--region", "990100", "--period", "2023"])
        .assert_ok();
    assert_verifies(&project);
    assert_complete_without_duplicates(&project, 2);
}

/// Gives 示例市 a new name in every one of its metrics files.
fn rename_region(project: &Project, new_name: &str) {
    let folder = project.metrics().join("990100-示例市");
    for entry in std::fs::read_dir(&folder).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            text.contains("  name: 示例市\n"),
            "{}",
            entry.path().display()
        );
        std::fs::write(
            entry.path(),
            text.replace("  name: 示例市\n", &format!("  name: {new_name}\n")),
        )
        .unwrap();
    }
}

#[test]
fn a_renamed_region_continues_its_issue_numbers_in_its_folder() {
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2023"])
        .assert_ok();
    rename_region(&project, "示例新市");
    // The period issued under the old name is not issued again under the new one.
    let again = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    again.assert_ok();
    assert!(
        again
            .stderr
            .contains("the metrics changed since 期号 01 was issued"),
        "{}",
        again.stderr
    );
    assert_eq!(project.bags().len(), 1, "{:?}", project.bags());
    // The next period continues the numbers, in the folder the region was filed under.
    let next = project.run(&["--now", "--region", "990100", "--period", "2023-Q4"]);
    next.assert_ok();
    let folder = project.reports().join("990100-示例市").join("2024");
    assert_eq!(
        project.bags(),
        vec![
            folder.join("社会工作简报-2024年第01期-2023"),
            folder.join("社会工作简报-2024年第02期-2023-Q4"),
        ]
    );
    assert_eq!(record(&project.bags()[1])["region_name"], "示例新市");
    // The index lists the region under its name now, with all its issues.
    let csv = project.read("reports/index.csv");
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(names, ["示例新市", "示例新市"], "{csv}");
    assert_verifies(&project);

    // An archive where an older version filed the period again under the new name:
    // two folders for one code, the same 期号 twice. verify finds it.
    let first = &project.bags()[0];
    let copy = project
        .reports()
        .join("990100-示例新市/2024")
        .join(first.file_name().unwrap());
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    let status = Command::new("cp")
        .args(["-a", first.to_str().unwrap(), copy.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr
            .contains("期号 01 is filed 2 times under one region code")
            && run.stderr.contains("990100-示例新市"),
        "{}",
        run.stderr
    );
}

fn ledger_text(project: &Project) -> String {
    project.read("reports/ledger.jsonl")
}

fn write_ledger(project: &Project, text: &str) {
    std::fs::write(project.reports().join("ledger.jsonl"), text).unwrap();
}

/// The ledger without its last `n` lines.
fn without_last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[..lines.len() - n]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn a_ledger_that_cannot_be_appended_to_stops_filing_and_record_records_the_package_later() {
    let project = Project::new();
    // The ledger fails as a read-only file would (EROFS), through the test hook.
    let run = Run::from(
        project
            .command(&["--now"])
            .env("SW_BRIEFING_TEST_FAIL_AT", "ledger-append")
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    // The run's two briefings are filed as one group: both packages are in place, the
    // error names each as unrecorded; filing stops there.
    let bags = project.bags();
    assert_eq!(
        bags.len(),
        2,
        "the group whose ledger lines failed is in place: {bags:?}"
    );
    for bag in &bags {
        assert!(
            run.stderr.contains(&format!(
                "{}: the package is sealed and in place, but its ledger line could not be written",
                bag.display()
            )),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("Read-only file system")
            && run.stderr.contains("sw-briefing record")
            && run.stderr.contains("filing stopped"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("nothing already archived was changed"),
        "untrue once a package is in place:\n{}",
        run.stderr
    );
    // A group without its lines, each naming the line of the one before: verify notes
    // them and passes.
    let check = assert_verifies(&project);
    assert_eq!(
        check.stderr.matches("has no ledger line yet").count(),
        2,
        "{}",
        check.stderr
    );
    // The cause fixed, `record` records them, in the order filed.
    let recorded = project.run(&["record"]);
    recorded.assert_ok();
    for bag in &bags {
        assert!(
            recorded
                .stdout
                .contains(&format!("recorded: {}", bag.display())),
            "{}",
            recorded.stdout
        );
    }
    let check = assert_verifies(&project);
    assert!(!check.stderr.contains("no ledger line"), "{}", check.stderr);
    let again = project.run(&["record"]);
    again.assert_ok();
    assert!(
        again.stdout.contains("nothing to record"),
        "{}",
        again.stdout
    );
    // The next run makes the rest.
    project.run(&["--now"]).assert_ok();
    assert_verifies(&project);
    assert_complete_without_duplicates(&project, 2);
}

#[test]
fn record_refuses_to_paper_over_lost_ledger_lines() {
    let project = Project::new();
    project.run(&["--now"]).assert_ok();
    let full = ledger_text(&project);
    write_ledger(&project, "");
    let run = project.run(&["record"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("ledger lines were removed") && run.stderr.contains("help:"),
        "{}",
        run.stderr
    );
    assert_eq!(ledger_text(&project), "", "nothing was recorded");
    // Nor does a run.
    project.run(&["--now"]).assert_ok();
    assert_eq!(ledger_text(&project), "");
    write_ledger(&project, &full);
    assert_verifies(&project);
}

/// The head `verify` printed (`ledger head sha256:…`).
fn printed_head(run: &Run) -> String {
    run.stdout
        .split("ledger head ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn a_ledger_cut_short_is_found() {
    // The last line removed (a `verified` event).
    let project = Project::new();
    project.run(&["--now"]).assert_ok();
    let head = printed_head(&assert_verifies(&project));
    write_ledger(&project, &without_last_lines(&ledger_text(&project), 1));
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains("ledger.head: says the ledger ended at")
            && run.stderr.contains("the ledger lost lines at its end"),
        "{}",
        run.stderr
    );
    // Even when ledger.head is made to match, the head written down elsewhere is not there.
    std::fs::remove_file(project.reports().join("ledger.head")).unwrap();
    let run = project.run(&["verify", "--head", &head]);
    assert_eq!(run.code, 5, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "does not contain the head {head} given with --head"
        )),
        "{}",
        run.stderr
    );
    let bad = project.run(&["verify", "--head", "sha256:xyz"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("help:"), "{}", bad.stderr);

    // The newest package removed with its ledger line.
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    let head = printed_head(&assert_verifies(&project));
    project
        .run(&["--now", "--region", "990100", "--period", "2023"])
        .assert_ok();
    let newest = project
        .bags()
        .into_iter()
        .find(|b| b.ends_with("社会工作简报-2024年第02期-2023"))
        .unwrap();
    make_writable(&newest);
    std::fs::remove_dir_all(&newest).unwrap();
    write_ledger(&project, &without_last_lines(&ledger_text(&project), 1));
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains("ledger.head: says the ledger ended at"),
        "{}",
        run.stderr
    );
    // A head written down before the cut is still in the ledger.
    std::fs::remove_file(project.reports().join("ledger.head")).unwrap();
    let run = project.run(&["verify", "--head", &head]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);

    // The whole ledger of a one-package archive.
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    std::fs::remove_file(project.reports().join("ledger.jsonl")).unwrap();
    let run = assert_fails_verify(&project);
    assert!(
        run.stderr.contains("ledger.head: says the ledger ended at"),
        "{}",
        run.stderr
    );

    // The newest lines removed, and ledger.head with them: a package refers to a head
    // the ledger no longer has.
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    project
        .run(&["--now", "--region", "990100", "--period", "2023"])
        .assert_ok();
    write_ledger(&project, "");
    std::fs::remove_file(project.reports().join("ledger.head")).unwrap();
    let run = assert_fails_verify(&project);
    let newest = project
        .bags()
        .into_iter()
        .find(|b| b.ends_with("社会工作简报-2024年第02期-2023"))
        .unwrap();
    assert!(
        run.stderr.contains(&format!(
            "{}: was filed when the ledger's head was sha256:",
            newest.join("data/metadata.json").display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(record(&newest)["schema"], "sw-briefing/record/3");
}
