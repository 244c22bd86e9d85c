//! `sw-briefing verify`: the DA/T 70 checks on the whole archive. Every digest of every
//! bag is recomputed; each record is compared with its files (name, size, digest,
//! format, the PDF opens and is not encrypted); the 期号 of each region, series and year
//! run without gaps or duplicates; the ledger chain is unbroken and agrees with the
//! packages. The check is recorded in the ledger as a `verified` or `failed` event.

use super::bagit::{self, hash_file};
use super::ledger::{self, Event, Kind};
use super::metadata::{self, Record};
use super::seal::read_record;
use super::{
    list_archive, lock_for_reading, safe_component, ArchiveError, Filed, LEDGER, LEDGER_HEAD,
};
use crate::i18n::{show, tr};
use crate::model::period::Period;
use crate::model::problem::Problem;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Report {
    /// Each makes the archive fail verification.
    pub problems: Vec<Problem>,
    /// Worth knowing, not a failure (a package an interrupted run left unrecorded).
    pub notes: Vec<Problem>,
    pub packages: usize,
    pub ledger_lines: usize,
    /// SHA-256 of the ledger's last line after the check was recorded.
    pub ledger_head: String,
    /// Why the check could not be recorded in the ledger (a read-only archive).
    pub not_recorded: Option<String>,
    /// Packages of a group an interrupted run moved into place await their ledger lines.
    pub awaiting_group: bool,
}

/// What to do about a package that is not as it was sealed.
fn restore() -> String {
    tr!("archive-restore-hint")
}

/// Checks the archive at `root` and records the result in its ledger. `expected_head`
/// is a ledger head written down elsewhere (`verify --head`), which the chain must hold.
pub fn run(
    root: &Path,
    now: DateTime<Utc>,
    expected_head: Option<&str>,
) -> Result<Report, ArchiveError> {
    if !root.is_dir() {
        return Err(ArchiveError::Damaged {
            path: root.to_path_buf(),
            message: tr!("archive-no-folder"),
            help: tr!("archive-no-folder-hint"),
        });
    }
    let lock = lock_for_reading(root)?;
    let mut report = check(root, expected_head)?;
    report.notes.extend(dated_after(root, now)?);
    let mut event = Event::new(if report.problems.is_empty() {
        Kind::Verified
    } else {
        Kind::Failed
    });
    event.packages = Some(report.packages as u64);
    event.problems = Some(report.problems.len() as u64);
    if !report.problems.is_empty() {
        event.findings = Some(
            report
                .problems
                .iter()
                .take(20)
                .map(|p| p.to_string().lines().next().unwrap_or_default().to_string())
                .collect(),
        );
    }
    if report.awaiting_group {
        // A line now would follow the ledger's head that the group's records chain
        // from; the next run records the group, and the next check is recorded.
        report.not_recorded = Some(tr!("verify-not-recorded-group"));
    } else if let Err(e) = lock.record(event, now) {
        report.not_recorded = Some(e.to_string());
    }
    let chain = ledger::check_chain(&ledger::read(root)?);
    report.ledger_head = chain.head;
    report.ledger_lines = chain.lines;
    Ok(report)
}

/// The checks, without recording anything.
pub fn check(root: &Path, expected_head: Option<&str>) -> Result<Report, ArchiveError> {
    let listing = list_archive(root)?;
    let mut report = Report {
        packages: listing.filed.len(),
        ..Report::default()
    };
    for stray in &listing.strays {
        report.problems.push(
            Problem::whole_file(stray, tr!("verify-stray")).with_hint(tr!("verify-stray-hint")),
        );
    }
    let ledger_path = root.join(LEDGER);
    let text = ledger::read(root)?;
    let chain = ledger::check_chain(&text);
    let group = interrupted_group(root, &chain, &ledger::end_of(&text), &listing.filed);
    for filed in &listing.filed {
        report.problems.extend(bagit::check_bag(&filed.dir));
        report.problems.extend(check_record(filed));
        if let Ok(Record {
            ledger_head: Some(head),
            ..
        }) = read_record(filed)
        {
            if chain.line_of(&head).is_none() && !group.contains(&filed.dir) {
                report.problems.push(
                    Problem::whole_file(
                        &filed.metadata(),
                        tr!("verify-record-head-lost", head = head, ledger = LEDGER),
                    )
                    .with_hint(tr!("verify-record-head-lost-hint")),
                );
            }
        }
    }
    report.problems.extend(sequence_problems(&listing.filed));

    for (line, message) in &chain.problems {
        report.problems.push(
            Problem::new(
                &ledger_path,
                *line as u64,
                0,
                tr!("verify-ledger-line", line = *line, message = message),
            )
            .with_hint(tr!("verify-delivery-ledger-hint")),
        );
    }
    check_heads(root, &chain, expected_head, &mut report);
    report.ledger_lines = chain.lines;
    report.ledger_head = chain.head.clone();
    report.awaiting_group = !group.is_empty();
    cross_check(
        &ledger_path,
        &chain.events,
        &listing.filed,
        !group.is_empty(),
        &mut report,
    );
    check_deliveries(&ledger_path, &chain.events, &mut report);
    Ok(report)
}

/// Delivery lines must name a package the ledger records as filed, a channel and a
/// recipient; deliveries that were given up are shown (a note: the archive is sound,
/// but a recipient lacks a briefing).
fn check_deliveries(ledger_path: &Path, events: &[(usize, Event)], report: &mut Report) {
    let filed: BTreeSet<&str> = events
        .iter()
        .filter(|(_, e)| matches!(e.event, Kind::Issued | Kind::Revised))
        .filter_map(|(_, e)| e.package.as_deref())
        .collect();
    for (line, event) in events {
        if !matches!(
            event.event,
            Kind::DeliveryAttempt | Kind::Delivered | Kind::DeliveryFailed
        ) {
            continue;
        }
        match super::deliveries::key_of(event) {
            None => report.problems.push(
                Problem::new(
                    ledger_path,
                    *line as u64,
                    0,
                    tr!("verify-delivery-unnamed", line = *line),
                )
                .with_hint(tr!("verify-delivery-ledger-hint")),
            ),
            Some(key) if !filed.contains(key.package.as_str()) => report.problems.push(
                Problem::new(
                    ledger_path,
                    *line as u64,
                    0,
                    tr!(
                        "verify-delivery-unfiled",
                        line = *line,
                        package = key.package
                    ),
                )
                .with_hint(tr!("verify-delivery-ledger-hint")),
            ),
            Some(_) => {}
        }
    }
    for (key, state) in super::deliveries::states(events) {
        if let super::deliveries::State::Failed {
            line,
            attempt,
            gave_up: true,
            error,
            ..
        } = state
        {
            report.notes.push(
                Problem::new(
                    ledger_path,
                    line as u64,
                    0,
                    tr!(
                        "verify-delivery-given-up",
                        package = key.package,
                        recipient = key.recipient,
                        channel = key.channel,
                        attempts = attempt,
                        error = error
                    ),
                )
                .with_hint(tr!("verify-delivery-given-up-hint")),
            );
        }
    }
}

/// Packages made after `now`: filed while the clock was ahead (their 期号 belong to a
/// year of issue that had not come), or checked with a clock that is behind. Noted,
/// not failed: which clock is wrong is for a person to find out.
fn dated_after(root: &Path, now: DateTime<Utc>) -> Result<Vec<Problem>, ArchiveError> {
    let mut notes = Vec::new();
    for filed in list_archive(root)?.filed {
        let Ok(record) = read_record(&filed) else {
            continue;
        };
        let Ok(created) = DateTime::parse_from_rfc3339(&record.created) else {
            continue;
        };
        if created.with_timezone(&Utc) > now + chrono::Duration::days(1) {
            notes.push(
                Problem::whole_file(
                    &filed.dir,
                    tr!(
                        "verify-dated-after",
                        created = record.created,
                        now = show(now.format("%Y-%m-%d")),
                        year = filed.name.issue_year
                    ),
                )
                .with_hint(tr!("verify-dated-after-hint")),
            );
        }
    }
    Ok(notes)
}

/// The ledger must still hold the heads written down: the one in `ledger.head`,
/// rewritten by each run that appends, and one given on the command line.
fn check_heads(root: &Path, chain: &ledger::Chain, expected: Option<&str>, report: &mut Report) {
    let head_path = root.join(LEDGER_HEAD);
    let cut = || tr!("verify-ledger-cut-hint");
    match ledger::read_head_file(root) {
        Ok(None) if chain.lines > 0 => report.notes.push(
            Problem::whole_file(&head_path, tr!("verify-head-file-missing"))
                .with_hint(tr!("verify-head-file-missing-hint")),
        ),
        Ok(None) => {}
        Err(text) => report.problems.push(
            Problem::whole_file(&head_path, tr!("verify-head-file-bad", text = text.trim()))
                .with_hint(cut()),
        ),
        Ok(Some(head)) => match chain.line_of(&head) {
            None => report.problems.push(
                Problem::whole_file(
                    &head_path,
                    tr!("verify-head-file-lost", head = head, ledger = LEDGER),
                )
                .with_hint(cut()),
            ),
            Some(line) if line < chain.digests.len() => report.notes.push(
                Problem::whole_file(
                    &head_path,
                    tr!(
                        "verify-head-file-behind",
                        line = line,
                        ledger = LEDGER,
                        last = chain.digests.len()
                    ),
                )
                .with_hint(tr!("verify-head-file-behind-hint")),
            ),
            Some(_) => {}
        },
    }
    if let Some(expected) = expected {
        if chain.line_of(expected).is_none() {
            report.problems.push(
                Problem::whole_file(
                    &root.join(LEDGER),
                    tr!("verify-head-not-found", head = expected),
                )
                .with_hint(cut()),
            );
        }
    }
}

/// The packages of a group that a run moved into place and was stopped before it
/// recorded: more than one package without a ledger line, chained from the ledger's
/// head ([`super::seal::group_order`]). Their records name ledger lines not written
/// yet; the next run writes them. Empty when there is no such group.
fn interrupted_group(
    root: &Path,
    chain: &ledger::Chain,
    end: &ledger::LedgerEnd,
    filed: &[Filed],
) -> BTreeSet<PathBuf> {
    let recorded: BTreeSet<&str> = chain
        .events
        .iter()
        .filter(|(_, e)| matches!(e.event, Kind::Issued | Kind::Revised))
        .filter_map(|(_, e)| e.package.as_deref())
        .collect();
    let unrecorded: Vec<Filed> = filed
        .iter()
        .filter(|f| !recorded.contains(f.relative().as_str()))
        .cloned()
        .collect();
    if unrecorded.len() < 2 {
        return BTreeSet::new();
    }
    match super::seal::interrupted_group(root, &unrecorded, end) {
        Some(order) => order.into_iter().map(|(f, _)| f.dir).collect(),
        None => BTreeSet::new(),
    }
}

/// The ledger and the packages must agree: each recorded package is there and has the
/// digests recorded; each package is recorded, except those of one group that a run
/// killed between moving it into place and recording it left (the next run records
/// them; `group` says the unrecorded packages are such a group).
fn cross_check(
    ledger_path: &Path,
    events: &[(usize, Event)],
    filed: &[Filed],
    group: bool,
    report: &mut Report,
) {
    let mut recorded: BTreeMap<&str, (usize, &Event)> = BTreeMap::new();
    for (line, event) in events {
        if !matches!(event.event, Kind::Issued | Kind::Revised) {
            continue;
        }
        let Some(package) = event.package.as_deref() else {
            report.problems.push(Problem::new(
                ledger_path,
                *line as u64,
                0,
                tr!("verify-issue-unnamed", line = *line),
            ));
            continue;
        };
        if let Some((first, _)) = recorded.get(package) {
            report.problems.push(Problem::new(
                ledger_path,
                *line as u64,
                0,
                tr!(
                    "verify-issue-twice",
                    line = *line,
                    package = package,
                    first = *first
                ),
            ));
            continue;
        }
        recorded.insert(package, (*line, event));
    }
    let on_disk: BTreeMap<String, &Filed> = filed.iter().map(|f| (f.relative(), f)).collect();
    for (package, (line, _)) in &recorded {
        if !on_disk.contains_key(*package) {
            report.problems.push(
                Problem::new(
                    ledger_path,
                    *line as u64,
                    0,
                    tr!("verify-package-missing", line = *line, package = *package),
                )
                .with_hint(restore()),
            );
        }
    }
    let mut unrecorded = Vec::new();
    for (relative, filed) in &on_disk {
        let Some((line, event)) = recorded.get(relative.as_str()) else {
            unrecorded.push(*filed);
            continue;
        };
        let tag_manifest = filed.dir.join(bagit::TAG_MANIFEST);
        if let (Some(expected), Ok((actual, _))) =
            (&event.tagmanifest_sha256, hash_file(&tag_manifest))
        {
            if &actual != expected {
                report.problems.push(
                    Problem::whole_file(
                        &tag_manifest,
                        tr!(
                            "verify-tag-manifest-changed",
                            actual = actual,
                            line = *line,
                            expected = expected
                        ),
                    )
                    .with_hint(restore()),
                );
            }
        }
        if let (Some(expected), Ok((actual, _))) = (&event.pdf_sha256, hash_file(&filed.pdf())) {
            if &actual != expected {
                report.problems.push(
                    Problem::whole_file(
                        &filed.pdf(),
                        tr!(
                            "verify-pdf-changed",
                            actual = actual,
                            line = *line,
                            expected = expected
                        ),
                    )
                    .with_hint(restore()),
                );
            }
        }
    }
    match unrecorded.as_slice() {
        [] => {}
        [one] => report.notes.push(
            Problem::whole_file(&one.dir, tr!("verify-unrecorded-one"))
                .with_hint(tr!("verify-unrecorded-one-hint")),
        ),
        many if group => {
            for filed in many {
                report.notes.push(
                    Problem::whole_file(&filed.dir, tr!("verify-unrecorded-one"))
                        .with_hint(tr!("verify-unrecorded-one-hint")),
                );
            }
        }
        many => {
            for filed in many {
                report.problems.push(
                    Problem::whole_file(&filed.dir, tr!("verify-unrecorded-many"))
                        .with_hint(tr!("verify-unrecorded-many-hint")),
                );
            }
        }
    }
}

/// A record checked against its package's files and name.
fn check_record(filed: &Filed) -> Vec<Problem> {
    let mut problems = Vec::new();
    let path = filed.metadata();
    let record: Record = match read_record(filed) {
        Ok(record) => record,
        Err(e) => {
            return vec![Problem::whole_file(
                &path,
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches(&format!("{}: ", path.display()))
                    .to_string(),
            )
            .with_hint(restore())]
        }
    };
    let mut wrong =
        |message: String| problems.push(Problem::whole_file(&path, message).with_hint(restore()));
    let empty = record.empty_fields();
    if !empty.is_empty() {
        wrong(tr!("verify-record-empty-fields", fields = empty.join(", ")));
    }
    match record.package_name() {
        Some(mut name) => {
            name.series = safe_component(&name.series);
            if name != filed.name {
                wrong(tr!(
                    "verify-record-describes",
                    described = name.dir_name(),
                    filed = filed.name.dir_name()
                ));
            }
        }
        None => wrong(tr!("verify-record-period", period = record.period)),
    }
    if safe_component(&record.document_number) != filed.name.document_number() {
        wrong(tr!(
            "verify-record-number",
            number = record.document_number,
            folder = filed.name.document_number()
        ));
    }
    if record.file_name != filed.name.pdf_name() {
        wrong(tr!(
            "verify-record-file-name",
            name = record.file_name,
            expected = filed.name.pdf_name()
        ));
    }
    if record.format.mime != "application/pdf" {
        wrong(tr!("verify-record-mime", mime = record.format.mime));
    }
    let pdf = filed.dir.join("data").join(&record.file_name);
    match bagit::read_regular(&pdf) {
        Err(e) => wrong(tr!(
            "verify-record-pdf-unreadable",
            name = record.file_name,
            error = crate::i18n::io_words(&e)
        )),
        Ok(bytes) => {
            let actual = bagit::sha256_hex(&bytes);
            if bytes.len() as u64 != record.file_size {
                problems.push(
                    Problem::whole_file(
                        &pdf,
                        tr!(
                            "verify-pdf-size",
                            size = bytes.len(),
                            file = metadata::FILE,
                            recorded = record.file_size
                        ),
                    )
                    .with_hint(restore()),
                );
            }
            if actual != record.sha256 {
                problems.push(
                    Problem::whole_file(
                        &pdf,
                        tr!(
                            "verify-pdf-sha",
                            actual = actual,
                            file = metadata::FILE,
                            recorded = record.sha256
                        ),
                    )
                    .with_hint(restore()),
                );
            }
            if metadata::pdf_version(&bytes).as_deref() != Some(record.format.version.as_str()) {
                problems.push(
                    Problem::whole_file(
                        &pdf,
                        tr!("verify-pdf-version", version = record.format.version),
                    )
                    .with_hint(restore()),
                );
            }
            if let Err(why) = crate::pdf::inspect(&bytes).and_then(|facts| {
                if facts.encrypted {
                    Err(tr!("verify-pdf-encrypted"))
                } else {
                    Ok(())
                }
            }) {
                problems.push(
                    Problem::whole_file(&pdf, tr!("verify-pdf-unusable", reason = why))
                        .with_hint(restore()),
                );
            }
        }
    }
    let mut listed = BTreeSet::new();
    for input in &record.inputs {
        // Recorded by digest only (a peer's file): nothing in the package to check it
        // against. The region's own files are always copied.
        let Some(input_path) = &input.path else {
            if input
                .source
                .starts_with(&format!("{}-", record.region_code))
            {
                problems.push(
                    Problem::whole_file(
                        &path,
                        tr!("verify-input-not-copied", source = input.source),
                    )
                    .with_hint(restore()),
                );
            }
            continue;
        };
        let file = filed.dir.join(input_path);
        listed.insert(input_path.clone());
        if !input_path.starts_with("data/inputs/") || input_path.split('/').any(|c| c == "..") {
            problems.push(
                Problem::whole_file(&path, tr!("verify-input-outside", path = input_path))
                    .with_hint(restore()),
            );
            continue;
        }
        match hash_file(&file) {
            Ok((sha, size)) if sha == input.sha256 && size == input.size => {}
            Ok((sha, size)) => problems.push(
                Problem::whole_file(
                    &file,
                    tr!(
                        "verify-input-changed",
                        size = size,
                        sha = sha,
                        file = metadata::FILE,
                        recorded_size = input.size,
                        recorded_sha = input.sha256
                    ),
                )
                .with_hint(restore()),
            ),
            Err(e) => problems.push(
                Problem::whole_file(
                    &file,
                    tr!("verify-input-unreadable", error = crate::i18n::io_words(&e)),
                )
                .with_hint(restore()),
            ),
        }
    }
    let digest = metadata::inputs_digest(
        record
            .inputs
            .iter()
            .map(|i| (i.source.as_str(), i.sha256.as_str())),
    );
    if digest != record.inputs_sha256 {
        problems.push(
            Problem::whole_file(
                &path,
                tr!(
                    "verify-inputs-digest",
                    recorded = record.inputs_sha256,
                    actual = digest
                ),
            )
            .with_hint(restore()),
        );
    }
    let mut present = Vec::new();
    let inputs_dir = filed.dir.join("data/inputs");
    if inputs_dir.is_dir() {
        let _ = bagit::files_below(&filed.dir, &inputs_dir, &mut present);
    }
    for extra in present.iter().filter(|p| !listed.contains(*p)) {
        problems.push(
            Problem::whole_file(
                &filed.dir.join(extra),
                tr!("verify-input-unlisted", file = metadata::FILE),
            )
            .with_hint(restore()),
        );
    }
    problems
}

/// 期号 per region, series and year run 1, 2, 3… without gaps; each number belongs to
/// one period and its revisions run r1, r2… without gaps; a period is issued under one
/// number only, and each package once. A region is its code: a region renamed in the
/// metrics is one region, whatever its folders are called. Pure: looks at names only.
pub fn sequence_problems(filed: &[Filed]) -> Vec<Problem> {
    type Key<'a> = (&'a str, &'a str, i32);
    type PeriodKey<'a> = (&'a str, &'a str, Period);
    let code = |f: &'_ Filed| -> String { f.region_code().unwrap_or(&f.region).to_string() };
    let codes: Vec<String> = filed.iter().map(code).collect();
    let mut numbers: BTreeMap<Key, BTreeMap<u32, BTreeMap<u32, Vec<&Filed>>>> = BTreeMap::new();
    let mut year_dirs: BTreeMap<Key, PathBuf> = BTreeMap::new();
    let mut periods: BTreeMap<PeriodKey, BTreeSet<(i32, u32)>> = BTreeMap::new();
    for (f, code) in filed.iter().zip(&codes) {
        let key = (code.as_str(), f.name.series.as_str(), f.name.issue_year);
        numbers
            .entry(key)
            .or_default()
            .entry(f.name.issue_number)
            .or_default()
            .entry(f.name.revision)
            .or_default()
            .push(f);
        year_dirs
            .entry(key)
            .or_insert_with(|| f.dir.parent().map(Path::to_path_buf).unwrap_or_default());
        periods
            .entry((code.as_str(), f.name.series.as_str(), f.name.period))
            .or_default()
            .insert((f.name.issue_year, f.name.issue_number));
    }
    let mut problems = Vec::new();
    for (key, by_number) in &numbers {
        let dir = &year_dirs[key];
        let (_, series, year) = *key;
        let max = by_number.keys().copied().max().unwrap_or(0);
        for n in 1..=max {
            let Some(revisions) = by_number.get(&n) else {
                problems.push(
                    Problem::whole_file(
                        dir,
                        tr!(
                            "verify-number-missing",
                            series = series,
                            year = year,
                            number = format!("{n:02}"),
                            max = format!("{max:02}")
                        ),
                    )
                    .with_hint(restore()),
                );
                continue;
            };
            let kinds: BTreeSet<&Period> = revisions
                .values()
                .flatten()
                .map(|f| &f.name.period)
                .collect();
            if kinds.len() > 1 {
                let list: Vec<String> = kinds.iter().map(|p| p.to_string()).collect();
                problems.push(
                    Problem::whole_file(
                        dir,
                        tr!(
                            "verify-number-periods",
                            series = series,
                            year = year,
                            number = format!("{n:02}"),
                            periods = list.join(", ")
                        ),
                    )
                    .with_hint(restore()),
                );
            }
            for (revision, packages) in revisions {
                if packages.len() > 1 {
                    let folders: Vec<String> = packages
                        .iter()
                        .map(|f| f.dir.display().to_string())
                        .collect();
                    let which = if *revision > 1 {
                        format!(" r{revision}")
                    } else {
                        String::new()
                    };
                    problems.push(
                        Problem::whole_file(
                            dir,
                            tr!(
                                "verify-number-twice",
                                series = series,
                                year = year,
                                number = format!("{n:02}"),
                                which = which,
                                count = packages.len(),
                                folders = folders.join(", ")
                            ),
                        )
                        .with_hint(tr!("verify-number-twice-hint")),
                    );
                }
            }
            let last = revisions.keys().copied().max().unwrap_or(1);
            for r in 1..=last {
                if !revisions.contains_key(&r) {
                    let number = format!("{n:02}");
                    let message = if r == 1 {
                        tr!(
                            "verify-first-issue-missing",
                            series = series,
                            year = year,
                            number = number,
                            last = last
                        )
                    } else {
                        tr!(
                            "verify-revision-missing",
                            series = series,
                            year = year,
                            revision = r,
                            number = number,
                            last = last
                        )
                    };
                    problems.push(Problem::whole_file(dir, message).with_hint(restore()));
                }
            }
        }
    }
    for ((region, series, period), issues) in &periods {
        if issues.len() > 1 {
            let list: Vec<String> = issues
                .iter()
                .map(|(y, n)| format!("{y}年第{n:02}期"))
                .collect();
            let dir = filed
                .iter()
                .zip(&codes)
                .find(|(_, c)| c.as_str() == *region)
                .and_then(|(f, _)| f.dir.parent()?.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            problems.push(
                Problem::whole_file(
                    &dir,
                    tr!(
                        "verify-period-twice",
                        series = *series,
                        period = show(period),
                        issues = list.join(", ")
                    ),
                )
                .with_hint(tr!("verify-period-twice-hint")),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filed(region: &str, year: i32, number: u32, period: &str, revision: u32) -> Filed {
        Filed::example(region, "简报", year, number, period, revision)
    }

    fn messages(list: &[Filed]) -> Vec<String> {
        sequence_problems(list)
            .iter()
            .map(|p| format!("{}: {}", p.file.display(), p.message))
            .collect()
    }

    #[test]
    fn a_renamed_region_is_one_region() {
        // Continued in its first folder: one sequence.
        let list = [
            filed("990100-示例市", 2024, 1, "2023", 1),
            filed("990100-示例新市", 2024, 2, "2023-Q4", 1),
        ];
        assert_eq!(messages(&list), Vec::<String>::new());
        // The same 期号 filed again under the new name: found.
        let list = [
            filed("990100-示例市", 2024, 1, "2023", 1),
            filed("990100-示例新市", 2024, 1, "2023", 1),
        ];
        let found = messages(&list);
        assert!(
            found
                .iter()
                .any(|m| m.contains("期号 01 在同一区划代码下、不同名称的地区目录中存档了 2 次")),
            "{found:?}"
        );
    }

    #[test]
    fn an_unbroken_sequence_passes() {
        let list = [
            filed("a", 2024, 1, "2023", 1),
            filed("a", 2024, 2, "2023-Q4", 1),
            filed("a", 2024, 2, "2023-Q4", 2),
            filed("b", 2024, 1, "2023", 1),
            filed("a", 2025, 1, "2024", 1),
        ];
        assert_eq!(messages(&list), Vec::<String>::new());
    }

    #[test]
    fn a_gap_is_reported_at_its_year_folder() {
        let list = [
            filed("a", 2024, 1, "2023", 1),
            filed("a", 2024, 3, "2023-Q4", 1),
        ];
        assert_eq!(
            messages(&list),
            vec!["r/a/2024: 简报 2024年：缺少期号 02（期号排到 03）：有文件包被删除"]
        );
        let list = [filed("a", 2024, 2, "2023-Q4", 1)];
        assert!(messages(&list)[0].contains("缺少期号 01"));
    }

    #[test]
    fn missing_revisions_and_double_use_are_reported() {
        let list = [
            filed("a", 2024, 1, "2023", 1),
            filed("a", 2024, 1, "2023", 3),
        ];
        assert!(
            messages(&list)[0].contains("期号 01 的修订版 r2 缺失"),
            "{:?}",
            messages(&list)
        );
        let list = [
            filed("a", 2024, 1, "2023", 1),
            filed("a", 2024, 1, "2022", 2),
        ];
        assert!(
            messages(&list)[0].contains("期号 01 用于多个期间：2022, 2023"),
            "{:?}",
            messages(&list)
        );
        let list = [
            filed("a", 2024, 1, "2023", 1),
            filed("a", 2025, 1, "2023", 1),
        ];
        assert!(
            messages(&list)[0].contains("期间 2023 印发了不止一次：2024年第01期, 2025年第01期"),
            "{:?}",
            messages(&list)
        );
    }
}
