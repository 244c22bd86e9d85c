//! Delivery: every issued package goes to each configured channel (a folder, mail, a
//! program) and recipient exactly once, across crashes and restarts.
//!
//! The ledger is the only memory. What is due is every (package, channel, recipient)
//! without a `delivered` line ([`plan`]). Before each send a `delivery_attempt` line is
//! appended; after it, `delivered` or `delivery_failed` (with the attempt count and the
//! time of the next attempt, backing off exponentially, until the channel's
//! `max_attempts`). A run stopped between sending and recording leaves the attempt as
//! the last word: the next run sends again and records `delivered` with
//! `possible_duplicate` (a recipient may get one extra copy; none is ever lost). A
//! folder delivery finds its own earlier copy and is not repeated at all.
//!
//! One process delivers at a time (`.delivery.lock`, held for the whole run, without
//! waiting); each ledger line is appended under the archive lock, taken briefly, so
//! that a slow mail server never holds up filing. Deliveries never change a package,
//! and their failures never fail the run that filed it.

pub mod command;
pub mod folder;
pub mod messages;
pub mod plan;
pub mod smtp;

use crate::archive::deliveries::{self, Key, State};
use crate::archive::ledger::{self, Event, Kind};
use crate::archive::metadata::Record;
use crate::archive::{self, ArchiveError, Filed};
use crate::config::delivery::{Channel, ChannelKind};
use crate::config::Config;
use chrono::{DateTime, SecondsFormat, Utc};
use plan::Decision;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Held by the process that delivers, for the whole run.
pub const LOCK: &str = ".delivery.lock";

/// The longest delivery file name, in bytes (file systems allow 255).
const MAX_NAME_BYTES: usize = 200;

/// One delivery made or tried in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub key: Key,
    pub attempt: u32,
    /// Delivered: whether the recipient may have it twice. Failed: unused.
    pub possible_duplicate: bool,
    /// Failed: why; and when the next attempt is due, or `None` when given up.
    pub error: Option<String>,
    pub next_retry: Option<DateTime<Utc>>,
}

/// What a delivery run did, and what it left for later.
#[derive(Debug, Default)]
pub struct Report {
    pub delivered: Vec<Line>,
    pub failed: Vec<Line>,
    /// Failed earlier; the next attempt is due later.
    pub waiting: Vec<(Key, DateTime<Utc>, u32)>,
    /// Failed as often as the channel allows: not tried again without `--retry`.
    pub given_up: Vec<(Key, u32)>,
    /// Delivered before this run.
    pub done_before: usize,
    /// Due now and not tried in this run ([`overview`] only).
    pub due: Vec<Key>,
    /// Another process was delivering: nothing was done.
    pub busy: bool,
    /// Why the run stopped early (the ledger could not be read or appended to).
    pub stopped: Option<String>,
}

impl Report {
    /// Whether every delivery tried in this run went out.
    pub fn ok(&self) -> bool {
        self.failed.is_empty() && self.stopped.is_none()
    }
}

/// A package the ledger records as filed and that is in place.
struct Package {
    relative: String,
    filed: Filed,
    filed_at: DateTime<Utc>,
}

/// One delivery to consider.
struct Target<'c> {
    key: Key,
    channel: &'c Channel,
    package: usize,
    decision: Decision,
}

/// The recipients of a package on a channel, as the ledger names them: mail
/// addresses (the address only, so that a changed display name sends nothing again),
/// the folder, the program.
fn recipients(channel: &Channel, region_code: &str) -> Vec<String> {
    match &channel.kind {
        ChannelKind::Folder(dir) => vec![dir.display().to_string()],
        ChannelKind::Command(argv) => vec![argv.first().cloned().unwrap_or_default()],
        ChannelKind::Smtp(smtp) => {
            let mut out: Vec<String> = smtp
                .recipients(region_code)
                .iter()
                .map(|a| {
                    a.parse::<lettre::message::Mailbox>()
                        .map(|m| m.email.to_string())
                        .unwrap_or_else(|_| a.clone())
                })
                .collect();
            out.dedup();
            out
        }
    }
}

/// The ledger's events and the packages it records as filed that are in place.
fn read_archive(root: &Path) -> Result<(Vec<(usize, Event)>, Vec<Package>), ArchiveError> {
    let chain = ledger::check_chain(&ledger::read(root)?);
    let on_disk: BTreeMap<String, Filed> = archive::list_archive(root)?
        .filed
        .into_iter()
        .map(|f| (f.relative(), f))
        .collect();
    let mut packages: Vec<Package> = Vec::new();
    for (_, event) in &chain.events {
        if !matches!(event.event, Kind::Issued | Kind::Revised) {
            continue;
        }
        let Some(relative) = event.package.as_deref() else {
            continue;
        };
        let Some(filed) = on_disk.get(relative) else {
            continue;
        };
        if packages.iter().any(|p| p.relative == relative) {
            continue;
        }
        let Ok(time) = DateTime::parse_from_rfc3339(&event.time) else {
            continue;
        };
        packages.push(Package {
            relative: relative.to_string(),
            filed: filed.clone(),
            filed_at: time.with_timezone(&Utc),
        });
    }
    Ok((chain.events, packages))
}

/// Every delivery the config and the ledger call for, with what to do about it now.
fn targets<'c>(
    config: &'c Config,
    packages: &[Package],
    states: &BTreeMap<Key, State>,
    now: DateTime<Utc>,
    retry: bool,
) -> Vec<Target<'c>> {
    let mut out = Vec::new();
    for (index, package) in packages.iter().enumerate() {
        let code = package.filed.region_code().unwrap_or_default();
        for channel in &config.delivery {
            let in_window = plan::in_window(
                package.filed_at,
                channel.since,
                config.timezone,
                config.service.catch_up_days,
                now,
            );
            for recipient in recipients(channel, code) {
                let key = Key {
                    package: package.relative.clone(),
                    channel: channel.name.clone(),
                    recipient,
                };
                let state = states.get(&key);
                if state.is_none() && !in_window {
                    continue;
                }
                let decision = plan::decide(state, channel.max_attempts, now, retry);
                out.push(Target {
                    key,
                    channel,
                    package: index,
                    decision,
                });
            }
        }
    }
    out
}

/// The name a package is delivered under: `<文件编号>-<题名>.pdf`, with `-r<K>` for a
/// revision, made safe for file systems and kept under 200 bytes.
pub fn delivery_name(record: &Record) -> String {
    let suffix = if record.revision > 1 {
        format!("-r{}.pdf", record.revision)
    } else {
        ".pdf".to_string()
    };
    let mut stem = archive::safe_component(&format!("{}-{}", record.document_number, record.title));
    while stem.len() + suffix.len() > MAX_NAME_BYTES {
        stem.pop();
    }
    format!("{stem}{suffix}")
}

/// A stable identifier of one delivery (the mail's Message-ID, the command's
/// `SW_BRIEFING_DELIVERY_ID`), the same for every attempt.
pub fn delivery_id(key: &Key) -> String {
    let digest = archive::bagit::sha256_hex(
        format!("{}\n{}\n{}", key.package, key.channel, key.recipient).as_bytes(),
    );
    format!("{}@sw-briefing", &digest[..32])
}

/// What a channel reported about one send.
enum Sent {
    /// Sent now.
    Sent,
    /// Found already delivered (the folder held the same file).
    AlreadyThere,
}

/// Per run and channel: the SMTP transport, built once (or why it could not be).
type Transports = BTreeMap<String, Result<lettre::SmtpTransport, String>>;

fn send(
    target: &Target,
    package: &Package,
    record: &Record,
    pdf: &[u8],
    attempt: u32,
    possible_duplicate: bool,
    now: DateTime<Utc>,
    transports: &mut Transports,
) -> Result<Sent, String> {
    let channel = target.channel;
    let timeout = Duration::from_secs(channel.timeout_seconds as u64);
    let name = delivery_name(record);
    match &channel.kind {
        ChannelKind::Folder(dir) => match folder::deliver(dir, &name, pdf)? {
            folder::Copied::New => Ok(Sent::Sent),
            folder::Copied::AlreadyThere => Ok(Sent::AlreadyThere),
        },
        ChannelKind::Command(argv) => {
            let env: Vec<(String, String)> = [
                ("PDF", package.filed.pdf().display().to_string()),
                ("FILE_NAME", name),
                ("TITLE", record.title.clone()),
                ("DOCUMENT_NUMBER", record.document_number.clone()),
                ("ISSUER", record.issuer.clone()),
                ("DATE", record.date.clone()),
                ("REGION_CODE", record.region_code.clone()),
                ("REGION_NAME", record.region_name.clone()),
                ("PERIOD", record.period.clone()),
                ("REVISION", record.revision.to_string()),
                ("SHA256", record.sha256.clone()),
                ("PACKAGE", package.filed.dir.display().to_string()),
                ("DELIVERY_ID", delivery_id(&target.key)),
                ("ATTEMPT", attempt.to_string()),
                (
                    "POSSIBLE_DUPLICATE",
                    if possible_duplicate { "1" } else { "0" }.to_string(),
                ),
            ]
            .into_iter()
            .map(|(k, v)| (format!("SW_BRIEFING_{k}"), v))
            .collect();
            command::deliver(argv, &env, timeout).map(|()| Sent::Sent)
        }
        ChannelKind::Smtp(config) => {
            let transport = transports
                .entry(channel.name.clone())
                .or_insert_with(|| smtp::transport(config, timeout))
                .as_ref()
                .map_err(Clone::clone)?;
            // The address as the config writes it, with its display name.
            let code = package.filed.region_code().unwrap_or_default();
            let to = config
                .recipients(code)
                .iter()
                .find(|a| {
                    a.parse::<lettre::message::Mailbox>()
                        .is_ok_and(|m| m.email.to_string() == target.key.recipient)
                })
                .unwrap_or(&target.key.recipient);
            let mail = smtp::Mail {
                to,
                subject: messages::mail_subject(
                    &record.document_number,
                    &record.title,
                    record.revision,
                ),
                body: messages::mail_body(
                    &record.title,
                    &record.document_number,
                    &record.issuer,
                    &record.date,
                    &name,
                    &record.sha256,
                ),
                attachment_name: name.clone(),
                pdf,
                message_id: delivery_id(&target.key),
                date: now.into(),
            };
            let message = smtp::message(config, &mail)?;
            smtp::send(transport, &message).map(|()| Sent::Sent)
        }
    }
}

/// The ledger line for one delivery event.
fn event(kind: Kind, key: &Key, record: Option<&Record>, attempt: u32) -> Event {
    let mut event = Event::new(kind);
    event.package = Some(key.package.clone());
    event.channel = Some(key.channel.clone());
    event.recipient = Some(key.recipient.clone());
    event.attempt = Some(attempt);
    if let Some(record) = record {
        event.document_number = Some(record.document_number.clone());
        event.revision = Some(record.revision);
        event.pdf_sha256 = Some(record.sha256.clone());
    }
    event
}

/// Appends one line under the archive lock, taken for this line only.
fn append(root: &Path, event: Event, now: DateTime<Utc>) -> Result<(), ArchiveError> {
    archive::lock(root)?.record(event, now).map(|_| ())
}

/// The package's record and PDF, the PDF checked against the record.
fn read_package(package: &Package) -> Result<(Record, Vec<u8>), String> {
    let record = archive::seal::read_record(&package.filed)
        .map_err(|e| messages::package_unreadable(&e.headline()))?;
    let pdf_path: PathBuf = package.filed.pdf();
    let pdf = archive::bagit::read_regular(&pdf_path)
        .map_err(|e| messages::package_unreadable(&format!("{}: {e}", pdf_path.display())))?;
    if archive::bagit::sha256_hex(&pdf) != record.sha256 {
        return Err(messages::pdf_does_not_match(&pdf_path));
    }
    Ok((record, pdf))
}

/// Takes the delivery lock without waiting; `None` when another process holds it.
fn delivery_lock(root: &Path) -> Result<Option<std::fs::File>, ArchiveError> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = root.join(LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&path)
        .map_err(archive::io(&path, "opening the delivery lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(archive::io(&path, "locking the archive for delivery")(e))
        }
    }
}

/// Delivers what is due at `now` (with `retry`, also what failed and waits, or was
/// given up). `keep_going` is asked before each delivery. Failures are recorded and
/// reported, never returned: they must not fail the filing that came before.
pub fn run(
    config: &Config,
    now: DateTime<Utc>,
    retry: bool,
    keep_going: &dyn Fn() -> bool,
) -> Report {
    let mut report = Report::default();
    let root = &config.archive_dir;
    if config.delivery.is_empty() || !root.join(archive::LEDGER).exists() {
        return report;
    }
    let _lock = match delivery_lock(root) {
        Ok(Some(lock)) => lock,
        Ok(None) => {
            report.busy = true;
            return report;
        }
        Err(e) => {
            report.stopped = Some(e.to_string());
            return report;
        }
    };
    let (events, packages) = match read_archive(root) {
        Ok(read) => read,
        Err(e) => {
            report.stopped = Some(e.to_string());
            return report;
        }
    };
    let states = deliveries::states(&events);
    let mut transports = Transports::new();
    for target in targets(config, &packages, &states, now, retry) {
        let (attempt, after_interrupt) = match target.decision {
            Decision::Done => {
                report.done_before += 1;
                continue;
            }
            Decision::Waiting { until, attempts } => {
                report.waiting.push((target.key, until, attempts));
                continue;
            }
            Decision::GivenUp { attempts } => {
                report.given_up.push((target.key, attempts));
                continue;
            }
            Decision::Due {
                attempt,
                after_interrupt,
            } => (attempt, after_interrupt),
        };
        if !keep_going() {
            break;
        }
        let package = &packages[target.package];
        let _span = tracing::info_span!("delivery", package = %target.key.package, channel = %target.key.channel, recipient = %target.key.recipient, attempt).entered();
        let prepared = read_package(package);
        let record = prepared.as_ref().ok().map(|(r, _)| r);
        let result = match &prepared {
            Err(why) => Err(why.clone()),
            Ok((record, pdf)) => {
                // The intent first: should the process die after sending, the next run
                // knows that this copy may have gone out.
                if let Err(e) = append(
                    root,
                    event(Kind::DeliveryAttempt, &target.key, Some(record), attempt),
                    now,
                ) {
                    report.stopped = Some(e.to_string());
                    break;
                }
                let sent = send(
                    &target,
                    package,
                    record,
                    pdf,
                    attempt,
                    after_interrupt,
                    now,
                    &mut transports,
                );
                crate::faults::pause_at("delivery-sent");
                sent
            }
        };
        let (line, outcome) = match result {
            Ok(sent) => {
                let possible_duplicate = after_interrupt && matches!(sent, Sent::Sent);
                let mut e = event(Kind::Delivered, &target.key, record, attempt);
                e.possible_duplicate = possible_duplicate.then_some(true);
                if possible_duplicate {
                    tracing::warn!("delivered again after an interrupted attempt: the recipient may have this briefing twice (recorded as possible_duplicate)");
                } else {
                    tracing::info!("delivered");
                }
                (
                    e,
                    Line {
                        key: target.key.clone(),
                        attempt,
                        possible_duplicate,
                        error: None,
                        next_retry: None,
                    },
                )
            }
            Err(why) => {
                let next = plan::after_failure(
                    attempt,
                    target.channel.max_attempts,
                    target.channel.retry_minutes,
                    now,
                );
                let mut e = event(Kind::DeliveryFailed, &target.key, record, attempt);
                e.error = Some(why.clone());
                e.next_retry = next.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
                e.gave_up = next.is_none().then_some(true);
                match next {
                    Some(at) => tracing::warn!(next_retry = %at, "delivery failed: {why}"),
                    None => tracing::error!("delivery failed and was given up after {attempt} attempt(s): {why}"),
                }
                (
                    e,
                    Line {
                        key: target.key.clone(),
                        attempt,
                        possible_duplicate: false,
                        error: Some(why),
                        next_retry: next,
                    },
                )
            }
        };
        let delivered = line.event == Kind::Delivered;
        if let Err(e) = append(root, line, now) {
            // Sent but not recorded: the attempt line stands, and the next run sends
            // again, recorded as a possible duplicate.
            report.stopped = Some(e.to_string());
            break;
        }
        if delivered {
            report.delivered.push(outcome);
        } else {
            report.failed.push(outcome);
        }
    }
    report
}

/// Where the deliveries stand at `now`, from the ledger and the config, without
/// sending anything (for `status`).
pub fn overview(config: &Config, now: DateTime<Utc>) -> Result<Report, ArchiveError> {
    let mut report = Report::default();
    let root = &config.archive_dir;
    if config.delivery.is_empty() || !root.join(archive::LEDGER).exists() {
        return Ok(report);
    }
    let (events, packages) = read_archive(root)?;
    let states = deliveries::states(&events);
    for target in targets(config, &packages, &states, now, false) {
        match target.decision {
            Decision::Done => report.done_before += 1,
            Decision::Waiting { until, attempts } => {
                report.waiting.push((target.key, until, attempts))
            }
            Decision::GivenUp { attempts } => report.given_up.push((target.key, attempts)),
            Decision::Due { .. } => report.due.push(target.key),
        }
    }
    Ok(report)
}
