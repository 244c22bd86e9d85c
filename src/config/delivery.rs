//! The `delivery` section of the job config: where each issued package goes (a folder,
//! mail, a program), checked at start like the rest. Passwords are never in the config:
//! it names the file or the environment variable that holds one.

use crate::i18n::tr;
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
        let mut wrong = |message: String, hint: String| {
            problems.push(
                Problem::whole_file(
                    file,
                    tr!("config-delivery-problem", channel = raw.name, message = message),
                )
                .with_hint(hint),
            )
        };
        let name_ok = !raw.name.trim().is_empty()
            && raw
                .name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !name_ok {
            wrong(tr!("config-delivery-name"), tr!("config-delivery-name-hint"));
        }
        if out.iter().any(|c| c.name == raw.name) {
            wrong(
                tr!("config-delivery-name-twice"),
                tr!("config-delivery-name-twice-hint"),
            );
        }
        let kinds = [
            raw.folder.is_some(),
            raw.smtp.is_some(),
            raw.command.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            wrong(
                tr!("config-delivery-one-kind"),
                tr!("config-delivery-one-kind-hint"),
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
                    tr!(
                        "config-delivery-range",
                        key = key,
                        value = value,
                        least = least,
                        most = most
                    ),
                    tr!("config-delivery-range-hint"),
                );
            }
        }
        let since = match raw.since.as_deref() {
            None => None,
            Some(text) => match chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    wrong(
                        tr!("config-delivery-since", text = text),
                        tr!("config-delivery-since-hint"),
                    );
                    None
                }
            },
        };
        let kind = if let Some(folder) = &raw.folder {
            if folder.trim().is_empty() {
                wrong(
                    tr!("config-delivery-folder-empty"),
                    tr!("config-delivery-folder-empty-hint"),
                );
            }
            // Absolute: the ledger names the folder as a delivery's recipient, which
            // must not depend on the working folder of the run.
            let dir = base.join(folder);
            ChannelKind::Folder(super::normalize(&std::path::absolute(&dir).unwrap_or(dir)))
        } else if let Some(argv) = &raw.command {
            if argv.first().is_none_or(|p| p.trim().is_empty()) {
                wrong(
                    tr!("config-delivery-command-empty"),
                    tr!("config-delivery-command-empty-hint"),
                );
            }
            ChannelKind::Command(argv.clone())
        } else {
            let smtp = raw.smtp.expect("one kind is given");
            if smtp.password.is_some() {
                wrong(
                    tr!("config-delivery-password"),
                    tr!("config-delivery-password-hint"),
                );
            }
            let password = match (&smtp.password_file, &smtp.password_env) {
                (Some(_), Some(_)) => {
                    wrong(
                        tr!("config-delivery-password-both"),
                        tr!("config-delivery-password-both-hint"),
                    );
                    Secret::None
                }
                (Some(path), None) => Secret::File(super::normalize(&base.join(path))),
                (None, Some(var)) => Secret::Env(var.clone()),
                (None, None) => Secret::None,
            };
            if smtp.host.trim().is_empty() {
                wrong(
                    tr!("config-delivery-host"),
                    tr!("config-delivery-host-hint"),
                );
            }
            if !is_mailbox(&smtp.from) {
                wrong(
                    tr!("config-delivery-from", from = smtp.from),
                    tr!("config-delivery-from-hint"),
                );
            }
            for address in smtp.to.iter().chain(smtp.regions.values().flatten()) {
                if !is_mailbox(address) {
                    wrong(
                        tr!("config-delivery-address", address = address),
                        tr!("config-delivery-address-hint"),
                    );
                }
            }
            for code in smtp.regions.keys() {
                if !region_codes.contains(&code.as_str()) {
                    wrong(
                        tr!("config-delivery-region", code = code),
                        tr!("config-delivery-region-hint"),
                    );
                }
            }
            if smtp.to.is_empty() && smtp.regions.is_empty() {
                wrong(
                    tr!("config-delivery-no-recipient"),
                    tr!("config-delivery-no-recipient-hint"),
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
                        tr!("config-delivery-port", port = p),
                        tr!("config-delivery-port-hint"),
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
