//! Delivery with real parts: a real SMTP server (aiosmtpd, PyPI, started here on
//! 127.0.0.1 by tests/delivery/smtp_server.py) and the messages read back by Python's
//! `email` package (tests/delivery/parse_mail.py). Each package reaches each channel
//! and recipient once: the attachment is the archived PDF byte for byte, subject and
//! file name decode to the Chinese text; a server that is down, a 4xx, a 5xx for one
//! recipient and a SIGKILL between sending and recording each end as README says.
//! Without aiosmtpd the mail tests say that they were skipped (.ci/run installs it).

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const SERVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/delivery/smtp_server.py");
const PARSER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/delivery/parse_mail.py");

fn aiosmtpd_missing() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: the Python package aiosmtpd is not installed (`pip install aiosmtpd`, as .ci/run does)");
    }
    !found
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The test's SMTP server; stopped when dropped.
struct Server {
    child: Child,
    maildir: PathBuf,
}

impl Server {
    fn start(port: u16, dir: &Path, control: &str) -> Server {
        let maildir = dir.join("mail");
        let control_file = dir.join("control.json");
        std::fs::write(&control_file, control).unwrap();
        let mut child = Command::new("python3")
            .args([
                SERVER,
                &port.to_string(),
                maildir.to_str().unwrap(),
                control_file.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        Server { child, maildir }
    }

    /// Every message received so far, parsed by Python's email package.
    fn messages(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.maildir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        if files.is_empty() {
            return Vec::new();
        }
        let out = Command::new("python3")
            .arg(PARSER)
            .args(&files)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// How many messages each recipient got.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for m in self.messages() {
            *out.entry(m["to"].as_str().unwrap().to_string()).or_default() += 1;
        }
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository's config with this `delivery` section.
fn configure(project: &Project, yaml: &str) {
    let mut config = std::fs::read_to_string(Path::new(REPO).join("config/briefing.yaml")).unwrap();
    config.push_str("\ndelivery:\n");
    config.push_str(yaml);
    project.write("config/briefing.yaml", config.as_bytes());
}

/// A mail channel to the test server: 430300's briefings to a@ and b@, 990100's to c@.
fn mail_channel(port: u16, extra: &str) -> String {
    format!(
        r#"  - name: mail
    smtp:
      host: 127.0.0.1
      port: {port}
      tls: none
      from: 湘潭市民政局办公室 <office@example.org>
      to: [甲 <a@example.org>, b@example.org]
      regions:
        "990100": [c@example.org]
{extra}"#
    )
}

fn events(project: &Project) -> Vec<serde_json::Value> {
    project
        .read("reports/ledger.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn of_kind(project: &Project, kind: &str) -> Vec<serde_json::Value> {
    events(project)
        .into_iter()
        .filter(|e| e["event"] == kind)
        .collect()
}

/// The archived PDFs by their SHA-256, with their records.
fn archived(project: &Project) -> BTreeMap<String, serde_json::Value> {
    project
        .bags()
        .iter()
        .map(|bag| {
            let record: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(bag.join("data/metadata.json")).unwrap(),
            )
            .unwrap();
            let pdf = std::fs::read(bag.join("data").join(record["计算机文件名"].as_str().unwrap())).unwrap();
            (sha256(&pdf), record)
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    let out = Command::new("python3")
        .args(["-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Runs with the clock `minutes` after the tests' fixed time.
fn run_at(project: &Project, minutes: i64, args: &[&str]) -> Run {
    let epoch = FIXED_EPOCH.parse::<i64>().unwrap() + minutes * 60;
    Run::from(
        project
            .command(args)
            .env("SOURCE_DATE_EPOCH", epoch.to_string())
            .output()
            .unwrap(),
    )
}

#[test]
fn every_package_reaches_every_channel_once_with_the_archived_pdf_and_its_chinese_names() {
    if aiosmtpd_missing() {
        return;
    }
    let project = Project::new();
    let port = free_port();
    let server = Server::start(port, project.path(), "{}");
    let share = project.path().join("oa-import");
    std::fs::create_dir_all(&share).unwrap();
    let hook_log = project.path().join("hook.log");
    configure(
        &project,
        &format!(
            "{}  - name: oa-share\n    folder: ../oa-import\n  - name: hook\n    command: [/bin/sh, -c, 'echo \"$SW_BRIEFING_DOCUMENT_NUMBER|$SW_BRIEFING_TITLE|$SW_BRIEFING_ISSUER|$SW_BRIEFING_SHA256|$SW_BRIEFING_PDF\" >> {}']\n",
            mail_channel(port, ""),
            hook_log.display()
        ),
    );
    let run = project.run(&["--now"]);
    run.assert_ok();
    assert_eq!(run.pdfs().len(), 2, "{}", run.stdout);
    let pdfs = archived(&project);
    assert_eq!(pdfs.len(), 2);

    // Mail: one message per recipient and package, each decoded by Python's email
    // package to the Chinese subject and file name, with the archived PDF attached.
    let messages = server.messages();
    let counts = server.counts();
    assert_eq!(
        counts.into_iter().collect::<Vec<_>>(),
        vec![
            ("b@example.org".to_string(), 1),
            ("c@example.org".to_string(), 1),
            ("甲 <a@example.org>".to_string(), 1)
        ],
        "{messages:#?}"
    );
    for message in &messages {
        let attachments = message["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1, "{message:#}");
        let attachment = &attachments[0];
        assert_eq!(attachment["content_type"], "application/pdf");
        let record = pdfs
            .get(attachment["sha256"].as_str().unwrap())
            .unwrap_or_else(|| panic!("the attachment is not an archived PDF: {message:#}"));
        let number = record["文件编号"].as_str().unwrap();
        let title = record["题名"].as_str().unwrap();
        assert_eq!(
            attachment["filename"].as_str().unwrap(),
            format!("{number}-{title}.pdf")
        );
        let subject = message["subject"].as_str().unwrap();
        assert!(subject.contains(number) && subject.contains(title), "{subject}");
        let body = message["body"].as_str().unwrap();
        for field in [title, number, record["责任者"].as_str().unwrap()] {
            assert!(body.contains(field), "the body lacks {field}:\n{body}");
        }
        // Chinese travels encoded (RFC 2047 / RFC 2231 / base64), never as raw bytes.
        assert_eq!(message["raw_is_ascii"], true, "{message:#}");
        let region = record["region_code"].as_str().unwrap();
        let to = message["to"].as_str().unwrap();
        assert_eq!(region == "990100", to == "c@example.org", "{region} → {to}");
    }

    // Folder: each PDF under its delivery name, byte for byte.
    let mut copied: Vec<String> = std::fs::read_dir(&share)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    copied.sort();
    let mut expected: Vec<String> = pdfs
        .values()
        .map(|r| format!("{}-{}.pdf", r["文件编号"].as_str().unwrap(), r["题名"].as_str().unwrap()))
        .collect();
    expected.sort();
    assert_eq!(copied, expected);
    for name in &copied {
        assert!(pdfs.contains_key(&sha256(&std::fs::read(share.join(name)).unwrap())));
    }

    // Command: run once per package with the record in its environment.
    let hook = std::fs::read_to_string(&hook_log).unwrap();
    assert_eq!(hook.lines().count(), 2, "{hook}");
    for line in hook.lines() {
        let fields: Vec<&str> = line.split('|').collect();
        let record = &pdfs[fields[3]];
        assert_eq!(fields[0], record["文件编号"].as_str().unwrap());
        assert_eq!(fields[1], record["题名"].as_str().unwrap());
        assert_eq!(fields[2], record["责任者"].as_str().unwrap());
        assert!(Path::new(fields[4]).is_file());
    }

    // The ledger: an attempt and a delivery per (package, channel, recipient).
    assert_eq!(of_kind(&project, "delivery_attempt").len(), 7);
    assert_eq!(of_kind(&project, "delivered").len(), 7);

    // Again, by hand and by a later run: nothing is sent twice.
    let again = run_at(&project, 600, &["deliver"]);
    again.assert_ok();
    assert!(again.stdout.contains("nothing more to deliver: 7"), "{}", again.stdout);
    run_at(&project, 600, &["--now"]).assert_ok();
    assert_eq!(server.messages().len(), 3);
    assert_eq!(std::fs::read_to_string(&hook_log).unwrap().lines().count(), 2);
    assert_eq!(of_kind(&project, "delivered").len(), 7);
    let status = project.run(&["status"]);
    assert!(status.stdout.contains("delivered: 7"), "{}", status.stdout);
    project.run(&["verify"]).assert_ok();
}

#[test]
fn a_mail_server_that_is_down_is_retried_later_and_each_recipient_gets_one_copy() {
    if aiosmtpd_missing() {
        return;
    }
    let project = Project::new();
    let port = free_port();
    configure(&project, &mail_channel(port, ""));
    // Nothing listens: filing goes on, every delivery fails and waits.
    let run = project.run(&["--now"]);
    run.assert_ok();
    assert_eq!(project.bags().len(), 2);
    assert!(run.stderr.contains("warning: delivery failed"), "{}", run.stderr);
    let failed = of_kind(&project, "delivery_failed");
    assert_eq!(failed.len(), 3);
    assert!(failed.iter().all(|e| e["attempt"] == 1
        && e["next_retry"] == "2024-01-05T02:05:00Z"
        && e.get("gave_up").is_none()));
    let status = project.run(&["status"]);
    assert!(status.stdout.contains("failed, retried later: 3"), "{}", status.stdout);

    let server = Server::start(port, project.path(), "{}");
    // Before the next attempt is due, nothing is tried.
    let early = run_at(&project, 1, &["deliver"]);
    early.assert_ok();
    assert!(server.messages().is_empty());
    // Once it is due, each recipient gets its copy, once.
    run_at(&project, 6, &["deliver"]).assert_ok();
    run_at(&project, 60, &["deliver"]).assert_ok();
    assert_eq!(
        server.counts().into_values().collect::<Vec<_>>(),
        vec![1, 1, 1]
    );
    let delivered = of_kind(&project, "delivered");
    assert_eq!(delivered.len(), 3);
    assert!(delivered.iter().all(|e| e["attempt"] == 2 && e.get("possible_duplicate").is_none()));
    project.run(&["verify"]).assert_ok();
}

#[test]
fn a_4xx_is_retried_and_a_5xx_for_one_recipient_spares_the_others_until_it_is_given_up() {
    if aiosmtpd_missing() {
        return;
    }
    let project = Project::new();
    let port = free_port();
    let server = Server::start(
        port,
        project.path(),
        r#"{"reject": {"b@example.org": "550 5.1.1 no such user"}, "fail_first": 1, "fail_code": "451 4.3.0 try again later"}"#,
    );
    configure(&project, &mail_channel(port, "    max_attempts: 2\n"));
    project.run(&["--now"]).assert_ok();
    // The first RCPT got 451, b@ got 550: one of a@ and c@ has its copy.
    assert_eq!(server.messages().len(), 1);
    let failed = of_kind(&project, "delivery_failed");
    assert_eq!(failed.len(), 2, "{failed:#?}");
    assert!(failed.iter().any(|e| e["error"].as_str().unwrap().contains("451")));
    assert!(failed.iter().any(|e| e["recipient"] == "b@example.org"
        && e["error"].as_str().unwrap().contains("550")));

    // `deliver --retry` tries now: the 4xx one goes out; b@ fails its last attempt.
    let retry = project.run(&["deliver", "--retry"]);
    assert_eq!(retry.code, 1, "{}\n{}", retry.stdout, retry.stderr);
    assert!(retry.stderr.contains("given up"), "{}", retry.stderr);
    let counts = server.counts();
    assert_eq!(counts.get("c@example.org"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("甲 <a@example.org>"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("b@example.org"), None, "{counts:?}");
    let last = of_kind(&project, "delivery_failed").pop().unwrap();
    assert_eq!(last["recipient"], "b@example.org");
    assert_eq!(last["gave_up"], true);
    assert_eq!(last["attempt"], 2);

    // Given up: no more attempts, shown as failed by status and verify.
    run_at(&project, 24 * 60, &["deliver"]).assert_ok();
    assert_eq!(of_kind(&project, "delivery_attempt").len(), 5);
    let status = project.run(&["status"]);
    assert!(status.stdout.contains("FAILED, given up: 1"), "{}", status.stdout);
    assert!(status.stdout.contains("mail b@example.org"), "{}", status.stdout);
    let verify = project.run(&["verify"]);
    verify.assert_ok();
    assert!(verify.stderr.contains("delivery failed") && verify.stderr.contains("b@example.org"), "{}", verify.stderr);
}

#[test]
fn a_kill_between_sending_and_recording_gives_at_most_one_duplicate_which_the_ledger_names() {
    if aiosmtpd_missing() {
        return;
    }
    let project = Project::new();
    let port = free_port();
    let server = Server::start(port, project.path(), "{}");
    configure(&project, &mail_channel(port, ""));
    // The first message goes out; the process is killed before recording it.
    let mut child = project
        .command(&["--now"])
        .env("SW_BRIEFING_TEST_PAUSE_AT", "delivery-sent")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains("paused at delivery-sent") {
            break;
        }
    }
    assert!(seen.contains("paused at delivery-sent"), "{seen}");
    child.kill().unwrap();
    assert_eq!(child.wait().unwrap().signal(), Some(9));
    assert_eq!(server.messages().len(), 1);
    assert_eq!(of_kind(&project, "delivery_attempt").len(), 1);
    assert!(of_kind(&project, "delivered").is_empty());
    // Filing was complete before delivery began; the archive verifies.
    assert_eq!(project.bags().len(), 2);
    project.run(&["verify"]).assert_ok();

    // The next run sends that one again, says so, and delivers the rest once.
    let run = project.run(&["deliver"]);
    run.assert_ok();
    assert!(run.stdout.contains("may have it twice"), "{}", run.stdout);
    let counts = server.counts();
    assert_eq!(counts.values().sum::<usize>(), 4, "{counts:?}");
    assert_eq!(counts.values().filter(|n| **n == 2).count(), 1, "{counts:?}");
    let delivered = of_kind(&project, "delivered");
    assert_eq!(delivered.len(), 3);
    let duplicates: Vec<_> = delivered
        .iter()
        .filter(|e| e["possible_duplicate"] == true)
        .collect();
    assert_eq!(duplicates.len(), 1, "{delivered:#?}");
    assert_eq!(duplicates[0]["attempt"], 2);
    // Both copies carry the same Message-ID, so mail systems can tell them apart.
    let messages = server.messages();
    let twice: Vec<_> = messages
        .iter()
        .filter(|m| counts[m["to"].as_str().unwrap()] == 2)
        .collect();
    assert_eq!(twice[0]["message_id"], twice[1]["message_id"]);
    project.run(&["deliver"]).assert_ok();
    assert_eq!(server.messages().len(), 4);
    project.run(&["verify"]).assert_ok();
}

#[test]
fn a_folder_delivery_never_overwrites_and_finds_its_own_copy_after_a_kill() {
    let project = Project::new();
    let share = project.path().join("oa-import");
    std::fs::create_dir_all(&share).unwrap();
    configure(&project, "  - name: oa-share\n    folder: ../oa-import\n");
    // Killed after the copy, before recording it.
    let mut child = project
        .command(&["--now", "--region", "430300"])
        .env("SW_BRIEFING_TEST_PAUSE_AT", "delivery-sent")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        if line.unwrap().contains("paused at delivery-sent") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_dir(&share).unwrap().count(), 1);
    // The next run finds the same bytes there: delivered, not a duplicate.
    project.run(&["deliver"]).assert_ok();
    let delivered = of_kind(&project, "delivered");
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].get("possible_duplicate").is_none(), "{delivered:#?}");

    // A folder that already holds another file under that name: it is kept, and the
    // delivery fails (and is retried) instead of overwriting it.
    let name = std::fs::read_dir(&share).unwrap().next().unwrap().unwrap().file_name();
    let second = project.path().join("oa-import-2");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(second.join(&name), "someone else's file").unwrap();
    configure(
        &project,
        "  - name: oa-share\n    folder: ../oa-import\n  - name: second\n    folder: ../oa-import-2\n",
    );
    let run = project.run(&["deliver"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("a different file of this name is already there"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(second.join(&name)).unwrap(), "someone else's file");
    assert_eq!(of_kind(&project, "delivery_failed").len(), 1);
    assert_eq!(of_kind(&project, "delivered").len(), 1);
    // No temporary files are left in either folder.
    for dir in [&share, &second] {
        assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1);
    }
}

#[test]
fn passwords_in_the_config_are_refused_and_bad_channels_are_located() {
    let project = Project::new();
    configure(
        &project,
        "  - name: mail\n    smtp:\n      host: mail.example.org\n      tls: starttls\n      from: office@example.org\n      password: hunter2\n      to: [not-an-address]\n  - name: twice\n    folder: /tmp\n    command: [/bin/true]\n",
    );
    let run = project.run(&["check"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("`password` is not read from the config"), "{}", run.stderr);
    assert!(run.stderr.contains("password_file"), "{}", run.stderr);
    assert!(run.stderr.contains("`not-an-address` is not a mail address"), "{}", run.stderr);
    assert!(run.stderr.contains("exactly one of `folder`, `smtp` and `command`"), "{}", run.stderr);
}

#[test]
fn a_damaged_pdf_is_not_delivered_and_a_second_deliverer_sends_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    project.run(&["--now", "--region", "430300"]).assert_ok();
    let share = project.path().join("oa-import");
    std::fs::create_dir_all(&share).unwrap();
    configure(&project, "  - name: oa-share\n    folder: ../oa-import\n");

    // Another process holds the delivery lock: this one says so and sends nothing.
    let lock = project.reports().join(".delivery.lock");
    let mut holder = Command::new("python3")
        .args([
            "-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'w'); fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(120)",
            lock.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "locked");
    let busy = project.run(&["deliver"]);
    holder.kill().unwrap();
    holder.wait().unwrap();
    busy.assert_ok();
    assert!(busy.stderr.contains("another sw-briefing process is delivering"), "{}", busy.stderr);
    assert_eq!(std::fs::read_dir(&share).unwrap().count(), 0);

    // A PDF changed after filing is not delivered.
    let bag = project.bags().pop().unwrap();
    let pdf = std::fs::read_dir(bag.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let mut bytes = std::fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&pdf, &bytes).unwrap();
    let run = project.run(&["deliver"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("does not match its record"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&share).unwrap().count(), 0);
    assert_eq!(of_kind(&project, "delivery_failed").len(), 1);
}
