//! The ledger (`ledger.jsonl`): one JSON event per line (PREMIS-style: a package
//! issued or revised, the archive verified or found failing), appended and synced under
//! the archive lock, never rewritten. Each line carries the SHA-256 of the line before
//! it (the first, a fixed genesis value), so that a changed, removed or inserted line
//! breaks the chain at a line `verify` can name.

use super::bagit::sha256_hex;
use super::{durable, io, ArchiveError, Locked, LEDGER, LEDGER_HEAD};
use crate::i18n::{show, tr};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What the first line's `prev` holds.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A first issue was sealed and filed.
    Issued,
    /// A revision was sealed and filed.
    Revised,
    /// `verify` found every package and the ledger sound.
    Verified,
    /// `verify` found problems.
    Failed,
    /// A delivery of a package to one channel and recipient is about to be made:
    /// written before sending, so that a run stopped before the outcome is recorded
    /// leaves this as the last word and the next run knows the copy may have gone out.
    #[serde(rename = "delivery_attempt")]
    DeliveryAttempt,
    /// A package was delivered to one channel and recipient; it is never sent there again.
    Delivered,
    /// A delivery failed; retried after `next_retry`, unless `gave_up`.
    #[serde(rename = "delivery_failed")]
    DeliveryFailed,
}

/// One line of the ledger. Fields that do not apply to an event are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Line number, from 1.
    pub seq: u64,
    /// SHA-256 of the previous line's text (without its line end).
    pub prev: String,
    /// When (UTC, RFC 3339), from the clock the run was given.
    pub time: String,
    pub event: Kind,
    pub program: String,
    /// The package folder, relative to the archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_sha256: Option<String>,
    /// SHA-256 of the package's tagmanifest-sha256.txt, which seals every other file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagmanifest_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs_sha256: Option<String>,
    /// Recorded by a later run: the run that filed the package was stopped before it
    /// could write this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered: Option<bool>,
    /// verify: how many packages were checked and how many problems were found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packages: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problems: Option<u64>,
    /// verify: the first problems, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<String>>,
    /// Deliveries: the configured channel's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Deliveries: the mail address, the folder or the program delivered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Deliveries: which attempt this is, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// delivery_failed: when the next attempt is due (UTC, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_retry: Option<String>,
    /// delivery_failed: the last attempt allowed failed; no more are made unless asked
    /// for (`deliver --retry`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gave_up: Option<bool>,
    /// delivered: an earlier attempt was interrupted after it may have sent its copy,
    /// so the recipient may have this package twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_duplicate: Option<bool>,
    /// delivery_failed: why, as the server or the system said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// issued/revised: who approved the draft (`approval: required`), as in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// issued/revised: when it was approved, as in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
}

impl Event {
    /// An event with only its kind set; `append` fills in seq, prev and time.
    pub fn new(kind: Kind) -> Event {
        Event {
            seq: 0,
            prev: String::new(),
            time: String::new(),
            event: kind,
            program: super::program(),
            package: None,
            document_number: None,
            revision: None,
            pdf_sha256: None,
            tagmanifest_sha256: None,
            inputs_sha256: None,
            recovered: None,
            packages: None,
            problems: None,
            findings: None,
            channel: None,
            recipient: None,
            attempt: None,
            next_retry: None,
            gave_up: None,
            possible_duplicate: None,
            error: None,
            approved_by: None,
            approved_at: None,
        }
    }
}

/// The ledger read back: the events that parsed, with their line numbers, and what is
/// wrong with the chain, by line number.
#[derive(Debug, Default)]
pub struct Chain {
    pub events: Vec<(usize, Event)>,
    pub problems: Vec<(usize, String)>,
    /// Lines, counting broken ones.
    pub lines: usize,
    /// SHA-256 of the last line: what the next line must carry, and a value to note
    /// down elsewhere to detect a later change at the end of the ledger.
    pub head: String,
    /// SHA-256 of every complete line, in order (line 1 first).
    pub digests: Vec<String>,
}

impl Chain {
    /// The line (from 1) whose SHA-256 is `head`; `Some(0)` for the genesis value.
    pub fn line_of(&self, head: &str) -> Option<usize> {
        if head == GENESIS {
            return Some(0);
        }
        self.digests.iter().position(|d| d == head).map(|i| i + 1)
    }
}

/// Reads a head as written down (`sha256:<64 hex>`, or the bare hex). Pure.
pub fn parse_head(text: &str) -> Option<String> {
    let text = text.trim();
    let hex = text
        .strip_prefix("sha256:")
        .unwrap_or(text)
        .to_ascii_lowercase();
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hex)
}

/// What `ledger.head` holds, if there is one: `Ok(None)` when it does not exist,
/// `Err` with its text when it is not a head.
pub fn read_head_file(root: &Path) -> Result<Option<String>, String> {
    match super::bagit::read_small_text(&root.join(LEDGER_HEAD)) {
        Ok(text) => parse_head(&text).map(Some).ok_or(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(tr!("ledger-unreadable", error = crate::i18n::io_words(&e))),
    }
}

/// Splits the ledger into lines; the last one is `None` when the text does not end
/// with a line end (a write was cut short).
fn lines(text: &str) -> (Vec<&str>, Option<&str>) {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let tail = lines.pop().filter(|t| !t.is_empty());
    (lines, tail)
}

/// Checks the chain: every line is an event, numbered in order, carrying the SHA-256
/// of the line before. Pure.
pub fn check_chain(text: &str) -> Chain {
    let (complete, tail) = lines(text);
    let mut chain = Chain {
        head: GENESIS.to_string(),
        ..Chain::default()
    };
    for (i, line) in complete.iter().enumerate() {
        let number = i + 1;
        match serde_json::from_str::<Event>(line) {
            Err(e) => chain
                .problems
                .push((number, tr!("ledger-not-an-event", error = show(e)))),
            Ok(event) => {
                if event.prev != chain.head {
                    let message = if number == 1 {
                        tr!("ledger-first-prev", prev = event.prev, genesis = GENESIS)
                    } else {
                        tr!(
                            "ledger-prev",
                            prev = event.prev,
                            before = number - 1,
                            digest = chain.head
                        )
                    };
                    chain.problems.push((number, message));
                }
                if event.seq != number as u64 {
                    chain.problems.push((
                        number,
                        tr!("ledger-seq", seq = event.seq, expected = number),
                    ));
                }
                chain.events.push((number, event));
            }
        }
        chain.head = sha256_hex(line.as_bytes());
        chain.digests.push(chain.head.clone());
    }
    chain.lines = complete.len();
    if let Some(tail) = tail {
        chain.lines += 1;
        chain
            .problems
            .push((chain.lines, tr!("ledger-cut-short", bytes = tail.len())));
    }
    chain
}

pub fn read(root: &Path) -> Result<String, ArchiveError> {
    let path = root.join(LEDGER);
    match super::bagit::read_regular(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| ArchiveError::Damaged {
            path: path.clone(),
            message: tr!("ledger-not-utf8", byte = e.utf8_error().valid_up_to()),
            help: tr!("ledger-damaged-hint"),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(io(&path, "reading the ledger")(e)),
    }
}

/// Where a ledger ends: all that appending the next line needs, so that a run filing
/// thousands of packages reads the ledger once rather than once per package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEnd {
    complete_lines: usize,
    last_line: Option<String>,
    /// The text does not end with a line end (a write was cut short).
    cut: bool,
    /// `ledger.head` names a line this ledger does not have (lines were removed at
    /// its end): it is left as it is, so that `verify` goes on reporting the cut
    /// instead of the next append covering it up.
    keep_head_file: bool,
    /// Lines were appended under this lock: `ledger.head` is to be rewritten when the
    /// lock is let go.
    appended: bool,
}

/// The end of a ledger whose text is `text`. Pure.
pub fn end_of(text: &str) -> LedgerEnd {
    let (complete, tail) = lines(text);
    LedgerEnd {
        complete_lines: complete.len(),
        last_line: tail.or(complete.last().copied()).map(str::to_string),
        cut: tail.is_some(),
        keep_head_file: false,
        appended: false,
    }
}

/// The head a ledger ending at `end` has: what the next line carries as `prev`. Pure.
pub fn head_of(end: &LedgerEnd) -> String {
    end.last_line
        .as_deref()
        .map(|l| sha256_hex(l.as_bytes()))
        .unwrap_or_else(|| GENESIS.to_string())
}

/// Whether `ledger.head` beside a ledger whose text is `text` names a line the ledger
/// does not have, or is not a head at all.
fn head_file_names_a_lost_line(root: &Path, text: &str) -> bool {
    match read_head_file(root) {
        Ok(None) => false,
        Ok(Some(head)) => {
            head != GENESIS
                && !lines(text)
                    .0
                    .iter()
                    .any(|line| sha256_hex(line.as_bytes()) == head)
        }
        Err(_) => true,
    }
}

/// The end of the ledger in `root`, read now.
fn read_end(root: &Path) -> Result<LedgerEnd, ArchiveError> {
    let text = read(root)?;
    let mut end = end_of(&text);
    end.keep_head_file = head_file_names_a_lost_line(root, &text);
    Ok(end)
}

/// The line an event becomes when appended to a ledger that ends at `end`. Pure.
pub fn line_after(end: &LedgerEnd, mut event: Event, now: DateTime<Utc>) -> String {
    event.seq = end.complete_lines as u64 + u64::from(end.cut) + 1;
    event.prev = head_of(end);
    event.time = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let line = serde_json::to_string(&event).expect("events serialize");
    // After a line cut short, start on a fresh line: the cut line stays (and verify
    // reports it), the new event stays readable.
    if end.cut {
        format!("\n{line}")
    } else {
        line
    }
}

/// The end of a ledger ending at `end` once `line` (as [`line_after`] made it) is
/// appended. Pure.
pub fn end_after(end: &LedgerEnd, line: &str) -> LedgerEnd {
    LedgerEnd {
        complete_lines: end.complete_lines + usize::from(end.cut) + 1,
        last_line: Some(line.trim_start_matches('\n').to_string()),
        cut: false,
        keep_head_file: end.keep_head_file,
        appended: true,
    }
}

impl Locked {
    /// The ledger's end now (read on first use under this lock).
    pub fn ledger_end(&self) -> Result<LedgerEnd, ArchiveError> {
        let mut cached = self
            .ledger_end
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cached.is_none() {
            *cached = Some(read_end(self.root())?);
        }
        Ok(cached.clone().expect("set above"))
    }

    /// Appends lines made beforehand (by [`line_after`], chained from the ledger's end)
    /// with one write each and one sync for all: a group of packages filed together is
    /// recorded together. Returns how many lines are in the ledger and synced; on an
    /// error the lines before the one that failed stay (each is a whole line).
    pub fn append_lines(&self, lines: &[String]) -> Result<(), (usize, ArchiveError)> {
        use std::io::Write;
        if lines.is_empty() {
            return Ok(());
        }
        let mut cached = self
            .ledger_end
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let path = self.root().join(LEDGER);
        let mut end = match cached.take() {
            Some(end) => end,
            None => read_end(self.root()).map_err(|e| (0, e))?,
        };
        let existed = path.exists();
        let mut file = match crate::faults::fail_at("ledger-append").and_then(|()| {
            std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
        }) {
            Ok(file) => file,
            Err(e) => {
                *cached = Some(end);
                return Err((0, io(&path, "appending to the ledger")(e)));
            }
        };
        for (written, line) in lines.iter().enumerate() {
            let before = match file.metadata() {
                Ok(meta) => meta.len(),
                Err(e) => return Err((written, io(&path, "reading the size")(e))),
            };
            let mut bytes = line.as_bytes().to_vec();
            bytes.push(b'\n');
            if let Err(e) = file.write_all(&bytes) {
                // No torn line stays: cut back to the end of the last whole line.
                let _ = file.set_len(before).and_then(|_| file.sync_all());
                *cached = None;
                return Err((written, io(&path, "appending")(e)));
            }
            end = end_after(&end, line);
            crate::faults::pause_at("ledger-line-written");
        }
        if let Err(e) = file.sync_all() {
            // Whether the lines reached the disk is unknown: read the end again.
            *cached = None;
            return Err((0, io(&path, "appending")(e)));
        }
        if !existed {
            if let Some(dir) = path.parent() {
                durable::sync_dir(dir).map_err(|e| (0, e))?;
            }
        }
        *cached = Some(end);
        Ok(())
    }

    /// Appends one event to the ledger and syncs it. The ledger is read on the first
    /// append under this lock only: nobody else appends while the lock is held.
    ///
    /// `ledger.head` is rewritten when the lock is let go ([`Locked::write_head_file`]).
    ///
    /// A delivery's event first records a group of packages that an interrupted run
    /// moved into place but did not record (see [`Locked::record_interrupted_group`]):
    /// a line after the ledger's head would break the chain their records name.
    /// (`verify` records no line while such a group waits.)
    pub fn record(&self, event: Event, now: DateTime<Utc>) -> Result<Event, ArchiveError> {
        if matches!(
            event.event,
            Kind::DeliveryAttempt | Kind::Delivered | Kind::DeliveryFailed
        ) {
            self.record_interrupted_group(now)?;
        }
        let mut cached = self
            .ledger_end
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let end = match cached.take() {
            Some(end) => end,
            None => read_end(self.root())?,
        };
        let line = line_after(&end, event, now);
        if let Err(e) = crate::faults::fail_at("ledger-append")
            .map_err(io(&self.root().join(LEDGER), "appending to the ledger"))
            .and_then(|()| durable::append_line(&self.root().join(LEDGER), &line))
        {
            // The end is unknown now (part of the line may be on disk): read it again.
            return Err(e);
        }
        let written = line.trim_start().to_string();
        *cached = Some(LedgerEnd {
            complete_lines: end.complete_lines + usize::from(end.cut) + 1,
            last_line: Some(written.clone()),
            cut: false,
            keep_head_file: end.keep_head_file,
            appended: true,
        });
        Ok(serde_json::from_str(&written).expect("the line was just written"))
    }

    /// Rewrites `ledger.head` with the ledger's head, if lines were appended under this
    /// lock; called when the lock is let go. Once per run rather than once per line:
    /// its two syncs took 12 ms, which would have doubled a run of 3,000 briefings. A
    /// run killed before it leaves `ledger.head` at an earlier line of the chain, which
    /// `verify` notes. Left as it is when it names a line the ledger no longer has, so
    /// that `verify` goes on reporting the cut. Failing to write it is logged: the
    /// lines are in the ledger.
    pub(super) fn write_head_file(&self) {
        let cached = self
            .ledger_end
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(end) = cached.as_ref().filter(|end| end.appended) else {
            return;
        };
        let head_file = self.root().join(LEDGER_HEAD);
        if end.keep_head_file {
            tracing::warn!(path = %head_file.display(), "names a ledger line that the ledger no longer has; left as it is so that `verify` goes on reporting it; restore the ledger from a backup copy");
        } else if let Err(e) =
            durable::replace(&head_file, format!("sha256:{}\n", head_of(end)).as_bytes())
        {
            tracing::warn!("{}", e.headline());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line an event becomes when appended to a ledger whose text is `text`.
    fn next_line(text: &str, event: Event, now: DateTime<Utc>) -> String {
        line_after(&end_of(text), event, now)
    }

    fn ledger_of(n: usize) -> String {
        let now = DateTime::from_timestamp(1704420000, 0).unwrap();
        let mut text = String::new();
        for i in 0..n {
            let mut event = Event::new(Kind::Issued);
            event.package = Some(format!("p{i}"));
            text.push_str(&next_line(&text, event, now));
            text.push('\n');
        }
        text
    }

    #[test]
    fn a_sound_chain_has_no_problems() {
        let text = ledger_of(3);
        let chain = check_chain(&text);
        assert_eq!(chain.problems, vec![]);
        assert_eq!(chain.events.len(), 3);
        assert_eq!(chain.events[0].1.prev, GENESIS);
        assert_eq!(
            chain.head,
            sha256_hex(text.lines().last().unwrap().as_bytes())
        );
        assert_eq!(check_chain("").head, GENESIS);
    }

    #[test]
    fn a_changed_line_is_found_at_the_next_line() {
        let text = ledger_of(3).replacen("\"p0\"", "\"pX\"", 1);
        let chain = check_chain(&text);
        assert_eq!(chain.problems.len(), 1, "{:?}", chain.problems);
        assert_eq!(chain.problems[0].0, 2);
        assert!(
            chain.problems[0].1.contains("第 1 行被改动过"),
            "{}",
            chain.problems[0].1
        );
    }

    #[test]
    fn a_garbled_line_is_named() {
        let mut lines: Vec<String> = ledger_of(3).lines().map(String::from).collect();
        lines[1] = lines[1].replacen('{', "x", 1);
        let chain = check_chain(&(lines.join("\n") + "\n"));
        // Line 2 is no event; line 3 no longer carries line 2's digest.
        assert_eq!(
            chain.problems.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec![2, 3]
        );
    }

    #[test]
    fn a_removed_line_breaks_numbering_and_chain() {
        let full = ledger_of(3);
        let lines: Vec<&str> = full.lines().collect();
        let text = format!("{}\n{}\n", lines[0], lines[2]);
        let chain = check_chain(&text);
        assert!(
            chain.problems.iter().all(|p| p.0 == 2) && chain.problems.len() == 2,
            "{:?}",
            chain.problems
        );
    }

    #[test]
    fn a_cut_line_is_reported_and_later_lines_start_fresh() {
        let mut text = ledger_of(2);
        text.push_str("{\"seq\":3,");
        let chain = check_chain(&text);
        assert_eq!(chain.problems.len(), 1);
        assert_eq!(chain.problems[0].0, 3);
        let next = next_line(
            &text,
            Event::new(Kind::Verified),
            DateTime::from_timestamp(0, 0).unwrap(),
        );
        assert!(next.starts_with("\n{\"seq\":4,"), "{next}");
    }
}
