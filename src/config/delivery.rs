//! The `delivery` section of the job config: where each issued package goes (a folder,
//! mail, a program), checked at start like the rest. Passwords are never in the config:
//! it names the file or the environment variable that holds one.

use crate::model::problem::{Problem, Problems};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One channel as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    name: String,
    #[serde(default)]
    folder: Option<String>,
    #[serde(default)]
    smtp: Option<RawSmtp>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default, deserialize_with = "super::optional_decimal_u32")]
    max_attempts: Option<u32>,
    #[serde(default, deserialize_with = "super::optional_decimal_u32")]
    retry_minutes: Option<u32>,
    #[serde(default, deserialize_with = "super::optional_decimal_u32")]
    timeout_seconds: Option<u32>,
    /// Packages filed on or after this date (YYYY-MM-DD, local) are delivered.
    #[serde(default)]
    since: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: String,
    #[serde(default, deserialize_with = "super::optional_decimal_u32")]
    port: Option<u32>,
    tls: Tls,
    from: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    password_file: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
    /// Accepted only to refuse it with the way to do it instead.
    #[serde(default)]
    password: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    to: Vec<String>,
    /// Per region code, the addresses used instead of `to`.
    #[serde(default)]
    regions: BTreeMap<String, Vec<String>>,
}

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the server does not offer it.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on the same machine or a trusted network.
    None,
}

/// Where the SMTP password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secret {
    /// No login.
    None,
    /// The first line of this file.
    File(PathBuf),
    /// This environment variable.
    Env(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// The sender (`办公室 <office@example.gov.cn>` or a bare address).
    pub from: String,
    pub user: Option<String>,
    pub password: Secret,
    pub to: Vec<String>,
    pub regions: BTreeMap<String, Vec<String>>,
}

impl Smtp {
    /// The addresses a region's briefings go to.
    pub fn recipients(&self, region_code: &str) -> &[String] {
        self.regions.get(region_code).unwrap_or(&self.to)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelKind {
    /// Copy the PDF into this folder as `<文件编号>-<题名>.pdf`.
    Folder(PathBuf),
    Smtp(Smtp),
    /// Run this program (argv, no shell) with the PDF and the record in its environment.
    Command(Vec<String>),
}

/// One delivery channel, applied to every issued package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub name: String,
    pub kind: ChannelKind,
    /// After this many failed attempts a delivery is given up (shown by status and verify).
    pub max_attempts: u32,
    /// The wait after the first failure; doubled after each further one (at most a day).
    pub retry_minutes: u32,
    /// How long a program (command) or a mail exchange may take.
    pub timeout_seconds: u32,
    /// Packages filed before this local date are not delivered by this channel; when
    /// not set, packages filed within `service.catch_up_days` are.
    pub since: Option<chrono::NaiveDate>,
}

pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
pub const DEFAULT_RETRY_MINUTES: u32 = 5;
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 120;

/// Whether `text` is a mail address or `name <address>` as mail clients write it.
fn is_mailbox(text: &str) -> bool {
    text.parse::<lettre::message::Mailbox>().is_ok()
}

pub(super) fn check(
    file: &Path,
    base: &Path,
    raw: Vec<RawChannel>,
    region_codes: &[&str],
    problems: &mut Problems,
) -> Vec<Channel> {
    let mut out: Vec<Channel> = Vec::new();
    for raw in raw {
        let mut wrong = |message: String, hint: &str| {
            problems.push(
                Problem::whole_file(file, format!("delivery `{}`: {message}", raw.name))
                    .with_hint(hint.to_string()),
            )
        };
        let name_ok = !raw.name.trim().is_empty()
            && raw
                .name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !name_ok {
            wrong(
                "the name must be letters, digits, `-`, `_` or `.`".into(),
                "name each channel briefly, e.g. oa-share or mail; the ledger records deliveries under it",
            );
        }
        if out.iter().any(|c| c.name == raw.name) {
            wrong(
                "the name is used twice".into(),
                "give each channel its own name",
            );
        }
        let kinds = [
            raw.folder.is_some(),
            raw.smtp.is_some(),
            raw.command.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            wrong(
                "give exactly one of `folder`, `smtp` and `command`".into(),
                "a channel is a folder to copy into, a mail server, or a program to run; write one channel per entry",
            );
            continue;
        }
        let ranges = [
            ("max_attempts", raw.max_attempts, 1, 1000),
            ("retry_minutes", raw.retry_minutes, 1, 10080),
            ("timeout_seconds", raw.timeout_seconds, 1, 86400),
        ];
        for (key, value, least, most) in ranges {
            if let Some(value) = value.filter(|v| !(least..=most).contains(v)) {
                wrong(
                    format!("`{key}` is {value}; it must be between {least} and {most}"),
                    "write a number in the range, or leave the line out for the default",
                );
            }
        }
        let since = match raw.since.as_deref() {
            None => None,
            Some(text) => match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    wrong(
                        format!("`since` is `{text}`, not a date"),
                        "write a date as 2024-01-01, or leave the line out",
                    );
                    None
                }
            },
        };
        let kind = if let Some(folder) = &raw.folder {
            if folder.trim().is_empty() {
                wrong(
                    "`folder` is empty".into(),
                    "name the folder to copy the PDF into",
                );
            }
            // Absolute: the ledger names the folder as a delivery's recipient, which
            // must not depend on the working folder of the run.
            let dir = base.join(folder);
            ChannelKind::Folder(super::normalize(&std::path::absolute(&dir).unwrap_or(dir)))
        } else if let Some(argv) = &raw.command {
            if argv.first().is_none_or(|p| p.trim().is_empty()) {
                wrong(
                    "`command` names no program".into(),
                    "write the program and its arguments as a list, e.g. [/usr/local/bin/oa-upload, --queue, briefings]; no shell is used",
                );
            }
            ChannelKind::Command(argv.clone())
        } else {
            let smtp = raw.smtp.expect("one kind is given");
            if smtp.password.is_some() {
                wrong(
                    "`password` is not read from the config".into(),
                    "the config is read by many and kept in version control: put the password in a file readable only by the service user and name it with `password_file`, or name an environment variable with `password_env`",
                );
            }
            let password = match (&smtp.password_file, &smtp.password_env) {
                (Some(_), Some(_)) => {
                    wrong(
                        "both `password_file` and `password_env` are given".into(),
                        "keep one of them",
                    );
                    Secret::None
                }
                (Some(path), None) => Secret::File(super::normalize(&base.join(path))),
                (None, Some(var)) => Secret::Env(var.clone()),
                (None, None) => Secret::None,
            };
            if smtp.host.trim().is_empty() {
                wrong(
                    "`smtp.host` is empty".into(),
                    "name the mail server, e.g. mail.example.gov.cn",
                );
            }
            if !is_mailbox(&smtp.from) {
                wrong(
                    format!("`smtp.from` is `{}`, not a mail address", smtp.from),
                    "write the sender as office@example.gov.cn or 办公室 <office@example.gov.cn>",
                );
            }
            for address in smtp.to.iter().chain(smtp.regions.values().flatten()) {
                if !is_mailbox(address) {
                    wrong(
                        format!("`{address}` is not a mail address"),
                        "write each recipient as name@example.gov.cn or 名称 <name@example.gov.cn>",
                    );
                }
            }
            for code in smtp.regions.keys() {
                if !region_codes.contains(&code.as_str()) {
                    wrong(
                        format!("`smtp.regions` names region {code}, which `regions` does not list"),
                        "add the region to `regions` or remove it here",
                    );
                }
            }
            if smtp.to.is_empty() && smtp.regions.is_empty() {
                wrong(
                    "`smtp.to` lists no address".into(),
                    "list the recipients under `to`, or per region under `regions`",
                );
            }
            let port = match smtp.port {
                None => match smtp.tls {
                    Tls::Starttls => 587,
                    Tls::Tls => 465,
                    Tls::None => 25,
                },
                Some(p) if (1..=65535).contains(&p) => p as u16,
                Some(p) => {
                    wrong(
                        format!("`smtp.port` is {p}; ports run from 1 to 65535"),
                        "write the server's port, or leave the line out for the usual one (587, 465 or 25 by `tls`)",
                    );
                    25
                }
            };
            ChannelKind::Smtp(Smtp {
                host: smtp.host,
                port,
                tls: smtp.tls,
                from: smtp.from,
                user: smtp.user,
                password,
                to: smtp.to,
                regions: smtp.regions,
            })
        };
        out.push(Channel {
            name: raw.name,
            kind,
            max_attempts: raw.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS),
            retry_minutes: raw.retry_minutes.unwrap_or(DEFAULT_RETRY_MINUTES),
            timeout_seconds: raw.timeout_seconds.unwrap_or(DEFAULT_TIMEOUT_SECONDS),
            since,
        });
    }
    out
}
