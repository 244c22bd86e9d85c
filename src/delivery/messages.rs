//! Every user-facing sentence of the delivery module, in one place (to move into the
//! message catalogue as a whole).

use std::path::Path;

pub fn folder_not_a_folder(dir: &Path) -> String {
    format!("{}: is not a folder; help: point the channel's `folder` at the import folder", dir.display())
}

pub fn folder_unusable(dir: &Path, e: &std::io::Error) -> String {
    format!("{}: the delivery folder cannot be used ({e}); help: check that the share is mounted and writable by the service user; the folder is not created, so that an unmounted share is not filled on the local disk", dir.display())
}

pub fn folder_name_taken(target: &Path) -> String {
    format!("{}: a different file of this name is already there; it is not overwritten; help: move that file away (or rename it), and the next run delivers", target.display())
}

pub fn folder_write_failed(target: &Path, e: &std::io::Error) -> String {
    format!("{}: copying failed ({e}); help: check the folder's free space and permissions; nothing partial was left under this name", target.display())
}

pub fn command_empty() -> String {
    "the channel's `command` names no program".to_string()
}

pub fn command_not_started(program: &str, e: &std::io::Error) -> String {
    format!("{program}: could not be run ({e}); help: check the path and that it is executable by the service user")
}

pub fn command_failed(program: &str, status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("{program}: exited with status {code}; its output is in the log above"),
        (None, Some(signal)) => format!("{program}: was ended by signal {signal}"),
        _ => format!("{program}: failed ({status})"),
    }
}

pub fn command_timed_out(program: &str, seconds: u64) -> String {
    format!("{program}: did not finish within {seconds} s and was stopped; help: raise the channel's `timeout_seconds`, or find out why the program hangs")
}

pub fn password_file_unreadable(path: &Path, e: &std::io::Error) -> String {
    format!("{}: the SMTP password file cannot be read ({e}); help: create it with the password on its first line, owned by the service user, mode 0600", path.display())
}

pub fn password_file_empty(path: &Path) -> String {
    format!("{}: the SMTP password file is empty; help: write the password on its first line", path.display())
}

pub fn password_env_unset(name: &str) -> String {
    format!("the environment variable {name}, named by `password_env`, is not set; help: set it for the service (e.g. `Environment=` or `EnvironmentFile=` in the systemd unit)")
}

pub fn smtp_setup_failed(host: &str, e: &str) -> String {
    format!("{host}: the mail connection cannot be set up: {e}")
}

pub fn bad_address(address: &str, e: &str) -> String {
    format!("`{address}` is not a mail address ({e})")
}

pub fn bad_message(e: &str) -> String {
    format!("the message could not be built: {e}")
}

pub fn smtp_send_failed(e: &str, code: Option<&str>, permanent: bool) -> String {
    let code = code.map(|c| format!(" (reply {c})")).unwrap_or_default();
    let kind = if permanent {
        "the server refused it permanently; check the address"
    } else {
        "retried later"
    };
    format!("sending failed{code}: {e}; {kind}")
}

pub fn pdf_does_not_match(pdf: &Path) -> String {
    format!("{}: the PDF does not match its record's SHA-256; it is not delivered; help: run `sw-briefing verify` and restore the package from a backup copy", pdf.display())
}

pub fn package_unreadable(e: &str) -> String {
    format!("the package cannot be read: {e}")
}

/// The mail's subject: 文件编号 and 题名.
pub fn mail_subject(document_number: &str, title: &str, revision: u32) -> String {
    if revision > 1 {
        format!("{document_number}（修订第{revision}版）{title}")
    } else {
        format!("{document_number} {title}")
    }
}

/// The mail's text: 题名, 文件编号, the issuer and the date, and the attachment.
pub fn mail_body(
    title: &str,
    document_number: &str,
    issuer: &str,
    date: &str,
    attachment: &str,
    sha256: &str,
) -> String {
    format!(
        "{title}\n\n文件编号：{document_number}\n编印单位：{issuer}\n印发日期：{date}\n\n附件：{attachment}\n\n本邮件由简报系统自动发送，请勿直接回复。\n附件 SHA-256：{sha256}\n"
    )
}

pub fn another_process_delivers() -> String {
    "another sw-briefing process is delivering on this archive now; what is due is delivered by it or by the next run".to_string()
}

/// `package → channel recipient`, as the delivery lines of the command line read.
pub fn target(key: &crate::archive::deliveries::Key) -> String {
    format!("{} → {} {}", key.package, key.channel, key.recipient)
}

/// What a run's deliveries did, as lines for the terminal: (to stdout, to stderr).
/// `quiet_success`: successes go to stderr as notes (after `--now`, whose stdout lists
/// the PDFs filed).
pub fn report_lines(report: &super::Report, quiet_success: bool) -> (Vec<String>, Vec<String>) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    if report.busy {
        err.push(format!("note: {}", another_process_delivers()));
    }
    for line in &report.delivered {
        let text = format!(
            "delivered: {}{}",
            target(&line.key),
            if line.possible_duplicate {
                " (sent again after an interrupted attempt: the recipient may have it twice)"
            } else {
                ""
            }
        );
        if quiet_success {
            err.push(format!("note: {text}"));
        } else {
            out.push(text);
        }
    }
    for line in &report.failed {
        let when = match line.next_retry {
            Some(at) => format!("attempt {} failed; the next is due after {}", line.attempt, at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            None => format!("attempt {} failed, the last one allowed (max_attempts): given up; `sw-briefing deliver --retry` tries again", line.attempt),
        };
        err.push(format!(
            "warning: delivery failed: {}: {}\n  {when}; the briefing stays filed",
            target(&line.key),
            line.error.as_deref().unwrap_or_default()
        ));
    }
    for (key, attempts) in &report.given_up {
        err.push(format!("warning: delivery given up after {attempts} attempt(s): {}\n  help: fix the cause, then run `sw-briefing deliver --retry`", target(key)));
    }
    if let Some(why) = &report.stopped {
        err.push(format!("error: delivery stopped: {why}"));
    }
    (out, err)
}
