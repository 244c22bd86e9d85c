//! The delivery module's sentences, from the message catalogue
//! (`src/i18n/*/delivery.ftl`), and the mail's own text, which is part of what is
//! delivered (always Chinese, like the briefing), not a message to the operator.

use crate::i18n::{io_words, tr};
use std::path::Path;

// The folder itself is not named: every line that shows these errors (the terminal's,
// the ledger's, the log's) already names the channel's recipient, which is the folder.
pub fn folder_not_a_folder() -> String {
    tr!("delivery-folder-not-a-folder")
}

pub fn folder_unusable(e: &std::io::Error) -> String {
    tr!("delivery-folder-unusable", error = io_words(e))
}

pub fn folder_name_taken(target: &Path) -> String {
    tr!("delivery-folder-name-taken", path = target)
}

pub fn folder_write_failed(target: &Path, e: &std::io::Error) -> String {
    tr!(
        "delivery-folder-write-failed",
        path = target,
        error = io_words(e)
    )
}

pub fn command_empty() -> String {
    tr!("delivery-command-empty")
}

pub fn command_not_started(program: &str, e: &std::io::Error) -> String {
    tr!(
        "delivery-command-not-started",
        program = program,
        error = io_words(e)
    )
}

pub fn command_failed(program: &str, status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => tr!("delivery-command-exit", program = program, code = code),
        (_, signal) => tr!(
            "delivery-command-signal",
            program = program,
            signal = signal.unwrap_or_default()
        ),
    }
}

pub fn command_timed_out(program: &str, seconds: u64) -> String {
    tr!(
        "delivery-command-timeout",
        program = program,
        seconds = seconds
    )
}

pub fn password_file_unreadable(path: &Path, e: &std::io::Error) -> String {
    tr!(
        "delivery-password-file-unreadable",
        path = path,
        error = io_words(e)
    )
}

pub fn password_file_empty(path: &Path) -> String {
    tr!("delivery-password-file-empty", path = path)
}

pub fn password_env_unset(name: &str) -> String {
    tr!("delivery-password-env-unset", name = name)
}

pub fn smtp_setup_failed(host: &str, e: &str) -> String {
    tr!("delivery-smtp-setup", host = host, error = e)
}

pub fn bad_address(address: &str, e: &str) -> String {
    tr!("delivery-bad-address", address = address, error = e)
}

pub fn bad_message(e: &str) -> String {
    tr!("delivery-bad-message", error = e)
}

/// A send that failed; lettre's text carries the server's reply code.
pub fn smtp_send_failed(e: &str, permanent: bool) -> String {
    if permanent {
        tr!("delivery-smtp-refused", error = e)
    } else {
        tr!("delivery-smtp-failed", error = e)
    }
}

pub fn pdf_does_not_match(pdf: &Path) -> String {
    tr!("delivery-pdf-mismatch", path = pdf)
}

pub fn package_unreadable(e: &str) -> String {
    tr!("delivery-package-unreadable", error = e)
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
    tr!("delivery-busy")
}

/// `package → channel recipient`, as the delivery lines name a delivery.
pub fn target(key: &crate::archive::deliveries::Key) -> String {
    format!("{} → {} {}", key.package, key.channel, key.recipient)
}

/// What a run's deliveries did, as lines for the terminal: (to stdout, to stderr).
/// `quiet_success`: successes go to stderr as notes (after `--now`, whose stdout lists
/// the PDFs filed).
/// Times are shown in `zone`, the configured time zone the operator reads clocks in.
pub fn report_lines(
    report: &super::Report,
    quiet_success: bool,
    zone: chrono_tz::Tz,
) -> (Vec<String>, Vec<String>) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    if report.busy {
        err.push(tr!("note-line", message = another_process_delivers()));
    }
    for line in &report.delivered {
        let text = if line.possible_duplicate {
            tr!("delivery-delivered-duplicate", target = target(&line.key))
        } else {
            tr!("delivery-delivered", target = target(&line.key))
        };
        if quiet_success {
            err.push(tr!("note-line", message = text));
        } else {
            out.push(text);
        }
    }
    for line in &report.failed {
        let error = line.error.clone().unwrap_or_default();
        let text = match line.next_retry {
            Some(at) => tr!(
                "delivery-failed-retry",
                target = target(&line.key),
                error = error,
                attempt = line.attempt,
                next = at
                    .with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            ),
            None => tr!(
                "delivery-failed-gave-up",
                target = target(&line.key),
                error = error,
                attempt = line.attempt
            ),
        };
        err.push(tr!("warning-line", message = text));
    }
    for (key, attempts) in &report.given_up {
        let text = tr!(
            "delivery-given-up",
            target = target(key),
            attempts = *attempts
        );
        err.push(tr!("warning-line", message = text));
    }
    if let Some(why) = &report.stopped {
        let text = tr!("delivery-stopped", error = why);
        err.push(tr!("error-line", message = text));
    }
    (out, err)
}
