//! Making a package: built and checked in `.staging/`, made read-only, moved into place
//! with one rename, then recorded in the ledger. And recovery from a run that was
//! killed part-way: staging leftovers are removed, and a package that was moved into
//! place but not recorded is recorded.

use super::bagit::{self, sha256_hex};
use super::durable::{self, DIR_MODE};
use super::ledger::{self, Event, Kind};
use super::metadata::{self, Format, Input, Record};
use super::{
    io, list_archive, safe_component, ArchiveError, Filed, Issue, Locked, LEDGER, LEDGER_HEAD,
    STAGING,
};
use crate::i18n::{show, tr};
use crate::model::digest::SourceDigest;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A metrics file a briefing was made from, with the digest of the bytes it was parsed
/// from.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Relative to the metrics folder, with `/`.
    pub source: String,
    pub sha256: String,
    pub size: u64,
    /// The bytes copied into the package; `None` for a file recorded by its digest only
    /// (a peer region's figures, used for the rank: that file belongs to the peer's own
    /// package, and a copy in every peer's package would grow each package with the
    /// number of peers).
    pub bytes: Option<Vec<u8>>,
}

impl InputFile {
    /// A file copied into the package. It is read again now and refused if it is no
    /// longer the file the briefing was made from (edited during the run).
    pub fn copied(
        metrics_dir: &Path,
        file: &Path,
        read: &SourceDigest,
    ) -> Result<InputFile, ArchiveError> {
        // As when it was first read: a regular file within the cap (the link may have
        // been pointed at a FIFO or a device since).
        let bytes = crate::yaml::read_capped(file, crate::yaml::MAX_YAML_BYTES)
            .map_err(|e| io(file, "reading a metrics file for the package")(e.into()))?;
        if sha256_hex(&bytes) != read.sha256 {
            return Err(ArchiveError::Damaged {
                path: file.to_path_buf(),
                message: tr!("seal-input-changed"),
                help: tr!("seal-input-changed-hint"),
            });
        }
        Ok(InputFile {
            source: source_name(metrics_dir, file),
            sha256: read.sha256.clone(),
            size: read.size,
            bytes: Some(bytes),
        })
    }

    /// A file recorded by its digest, not copied.
    pub fn referenced(metrics_dir: &Path, file: &Path, read: &SourceDigest) -> InputFile {
        InputFile {
            source: source_name(metrics_dir, file),
            sha256: read.sha256.clone(),
            size: read.size,
            bytes: None,
        }
    }

    /// Where the file goes inside the bag, if it is copied.
    pub fn payload_path(&self) -> Option<String> {
        self.bytes.as_ref()?;
        let parts: Vec<String> = self.source.split('/').map(safe_component).collect();
        Some(format!("data/inputs/{}", parts.join("/")))
    }
}

/// A temporary file this program makes at the archive's top level: `.partial-*.tmp`
/// (durable::write_new and replace) or tempfile's default `.tmp` and six letters or digits.
fn is_own_temp_file(name: &str) -> bool {
    let partial = name.starts_with(".partial-") && name.ends_with(".tmp");
    let default = name
        .strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
    partial || default
}

fn source_name(metrics_dir: &Path, file: &Path) -> String {
    // A briefing names each of its peers' files (hundreds) twice. When the path is the
    // folder's text, a slash and plain parts, that rest is what the components would
    // join to, without taking both paths apart.
    if let (Some(dir), Some(path)) = (metrics_dir.to_str(), file.to_str()) {
        if let Some(rest) = path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            let plain = |part: &str| {
                !part.is_empty() && part != "." && part != ".." && !part.contains('\\')
            };
            if !dir.is_empty() && rest.split('/').all(plain) {
                return rest.to_string();
            }
        }
    }
    source_name_by_components(metrics_dir, file)
}

/// [`source_name`] for any path: relative to the folder, parts joined by `/`; a file
/// outside the folder by its name alone.
fn source_name_by_components(metrics_dir: &Path, file: &Path) -> String {
    let relative = file
        .strip_prefix(metrics_dir)
        .unwrap_or_else(|_| Path::new(file.file_name().unwrap_or(file.as_os_str())));
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The digest of a set of inputs, as recorded in [`Record::inputs_sha256`].
pub fn inputs_sha256(inputs: &[InputFile]) -> String {
    metadata::inputs_digest(
        inputs
            .iter()
            .map(|i| (i.source.as_str(), i.sha256.as_str())),
    )
}

/// Everything a package is made of.
#[derive(Debug, Clone)]
pub struct Briefing<'a> {
    pub region_code: &'a str,
    pub region_name: &'a str,
    /// Its name and place, as [`Locked::decide`] fixed them.
    pub issue: &'a Issue,
    pub pdf: &'a [u8],
    pub title: &'a str,
    pub issuer: &'a str,
    pub issue_date: NaiveDate,
    pub created: DateTime<FixedOffset>,
    pub retention: &'a str,
    pub marking: Option<&'a str>,
    pub inputs: &'a [InputFile],
    /// [`inputs_sha256`] of `inputs`, as worked out when the briefing was decided.
    pub inputs_sha256: &'a str,
    /// Who approved it and when (RFC 3339), when it was issued from an approved draft.
    pub approved: Option<(&'a str, String)>,
}

/// The package's record; `ledger_head` is the ledger's head before the package and
/// `pdf_sha256` the PDF's digest. Pure.
pub fn record(b: &Briefing, ledger_head: &str, pdf_sha256: &str) -> Record {
    let inputs: Vec<Input> = b
        .inputs
        .iter()
        .map(|i| Input {
            source: i.source.clone(),
            path: i.payload_path(),
            size: i.size,
            sha256: i.sha256.clone(),
        })
        .collect();
    Record {
        schema: if b.approved.is_some() {
            metadata::SCHEMA_APPROVED
        } else {
            metadata::SCHEMA
        }
        .to_string(),
        title: b.title.to_string(),
        document_number: b.issue.name.document_number(),
        issuer: b.issuer.to_string(),
        date: b.issue_date.format("%Y-%m-%d").to_string(),
        subject: format!("{} {} 社会工作", b.region_code, b.region_name),
        retention: b.retention.to_string(),
        classification: b
            .marking
            .filter(|m| !m.trim().is_empty())
            .unwrap_or("无")
            .to_string(),
        format: Format {
            mime: "application/pdf".into(),
            version: metadata::pdf_version(b.pdf).unwrap_or_default(),
        },
        file_name: b.issue.name.pdf_name(),
        file_size: b.pdf.len() as u64,
        program: super::program(),
        sha256: pdf_sha256.to_string(),
        series: b.issue.name.series.clone(),
        issue_year: b.issue.name.issue_year,
        issue_number: b.issue.name.issue_number,
        revision: b.issue.name.revision,
        revises: b.issue.revises.as_ref().map(|f| f.name.dir_name()),
        period: b.issue.name.period.to_string(),
        region_code: b.region_code.to_string(),
        region_name: b.region_name.to_string(),
        created: b
            .created
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        inputs_sha256: b.inputs_sha256.to_string(),
        inputs,
        ledger_head: Some(ledger_head.to_string()),
        approved_by: b.approved.as_ref().map(|(by, _)| by.to_string()),
        approved_at: b.approved.as_ref().map(|(_, at)| at.clone()),
    }
}

/// The payload files of a package (path in the bag → bytes and SHA-256), and its
/// record. Each digest is worked out once, from the bytes in memory: the PDF's for the
/// record and the manifest alike; a copied input's is the one it was read with (and
/// checked against when it was read again for the copy). Pure.
pub fn payload<'b>(
    b: &'b Briefing,
    ledger_head: &str,
) -> (BTreeMap<String, (Cow<'b, [u8]>, String)>, Record) {
    let pdf_sha256 = sha256_hex(b.pdf);
    let record = record(b, ledger_head, &pdf_sha256);
    let mut files = BTreeMap::new();
    files.insert(
        format!("data/{}", b.issue.name.pdf_name()),
        (Cow::Borrowed(b.pdf), pdf_sha256),
    );
    for input in b.inputs {
        if let (Some(path), Some(bytes)) = (input.payload_path(), &input.bytes) {
            files.insert(
                path,
                (Cow::Borrowed(bytes.as_slice()), input.sha256.clone()),
            );
        }
    }
    let text = serde_json::to_string_pretty(&record).expect("records serialize") + "\n";
    let digest = sha256_hex(text.as_bytes());
    files.insert(
        format!("data/{}", metadata::FILE),
        (Cow::Owned(text.into_bytes()), digest),
    );
    (files, record)
}

/// The tag files for a payload: bagit.txt, bag-info.txt and the payload manifest (the
/// tag manifest is made from these). Pure.
pub fn tag_files(
    b: &Briefing,
    payload: &BTreeMap<String, (Cow<[u8]>, String)>,
) -> BTreeMap<&'static str, String> {
    let digests: BTreeMap<String, String> = payload
        .iter()
        .map(|(path, (_, digest))| (path.clone(), digest.clone()))
        .collect();
    let total: u64 = payload.values().map(|(b, _)| b.len() as u64).sum();
    let group = format!("{}-{}", b.region_code, b.issue.name.document_number());
    let identifier = if b.issue.name.revision > 1 {
        format!("{group}-r{}", b.issue.name.revision)
    } else {
        group.clone()
    };
    let info = bagit::bag_info(&[
        ("Source-Organization", b.issuer.to_string()),
        ("External-Identifier", identifier),
        ("External-Description", b.title.to_string()),
        ("Bag-Group-Identifier", group),
        ("Bagging-Date", b.created.format("%Y-%m-%d").to_string()),
        ("Bag-Software-Agent", super::program()),
        ("Payload-Oxum", bagit::oxum(total, payload.len())),
    ]);
    let mut tags = BTreeMap::new();
    tags.insert(bagit::BAGIT, bagit::BAGIT_TXT.to_string());
    tags.insert(bagit::BAG_INFO, info);
    tags.insert(bagit::MANIFEST, bagit::manifest(&digests));
    tags
}

/// What was written for a package in `.staging/`.
struct Written {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    record: Record,
    tag_manifest_sha256: String,
}

/// Writes the bag into `stage` and seals it (read-only), without syncing: the group
/// it is filed with is synced at once ([`commit`]).
fn write_bag(stage: &Path, b: &Briefing, ledger_head: &str) -> Result<Written, ArchiveError> {
    let (files, record) = payload(b, ledger_head);
    let mut written = Vec::with_capacity(files.len() + 4);
    let mut folders = Vec::new();
    for (relative, (bytes, _)) in &files {
        let path = stage.join(relative);
        if let Some(dir) = path.parent() {
            durable::create_dirs_unsynced(dir, &mut folders)?;
        }
        durable::create_sealed_unsynced(&path, bytes)?;
        written.push(path);
    }
    crate::faults::pause_at("payload-written");
    let tags = tag_files(b, &files);
    let mut tag_digests = BTreeMap::new();
    for (name, text) in &tags {
        let path = stage.join(name);
        durable::create_sealed_unsynced(&path, text.as_bytes())?;
        written.push(path);
        tag_digests.insert(name.to_string(), sha256_hex(text.as_bytes()));
    }
    let tag_manifest = bagit::manifest(&tag_digests);
    let path = stage.join(bagit::TAG_MANIFEST);
    durable::create_sealed_unsynced(&path, tag_manifest.as_bytes())?;
    written.push(path);
    durable::seal_folders(&folders)?;
    folders.push(stage.to_path_buf());
    Ok(Written {
        files: written,
        folders,
        record,
        tag_manifest_sha256: sha256_hex(tag_manifest.as_bytes()),
    })
}

/// Reads a package's record.
pub fn read_record(filed: &Filed) -> Result<Record, ArchiveError> {
    let path = filed.metadata();
    let text = bagit::read_small_text(&path).map_err(io(&path, "reading the package record"))?;
    serde_json::from_str(&text).map_err(|e| ArchiveError::Damaged {
        path,
        message: tr!("seal-not-a-record", error = show(e)),
        help: tr!("seal-not-a-record-hint"),
    })
}

/// The ledger event for a package on disk.
pub fn package_event(filed: &Filed, recovered: bool) -> Result<Event, ArchiveError> {
    let record = read_record(filed)?;
    let tag_manifest = filed.dir.join(bagit::TAG_MANIFEST);
    let (tag_sha, _) = bagit::hash_file(&tag_manifest).map_err(io(&tag_manifest, "reading"))?;
    let mut event = event_for(filed, record, tag_sha);
    event.recovered = recovered.then_some(true);
    Ok(event)
}

/// The ledger event for a package with this record and tag manifest digest. Pure.
fn event_for(filed: &Filed, record: Record, tag_sha: String) -> Event {
    let mut event = Event::new(if filed.name.revision > 1 {
        Kind::Revised
    } else {
        Kind::Issued
    });
    event.package = Some(filed.relative());
    event.document_number = Some(record.document_number);
    event.revision = Some(filed.name.revision);
    event.pdf_sha256 = Some(record.sha256);
    event.tagmanifest_sha256 = Some(tag_sha);
    event.inputs_sha256 = Some(record.inputs_sha256);
    event.approved_by = record.approved_by;
    event.approved_at = record.approved_at;
    event
}

impl Locked {
    fn staging(&self) -> PathBuf {
        self.root().join(STAGING)
    }

    /// Builds one briefing's package in `.staging/`, checks it as a bag validator would
    /// (the files read back, every digest compared: a deliberate check before sealing,
    /// kept although the digests were worked out from the bytes in memory) and seals
    /// it (read-only). Nothing is synced yet: see [`commit`]. `ledger_end` is where the
    /// ledger will end once every package staged before this one is recorded.
    fn stage(
        &self,
        b: &Briefing,
        ledger_end: &ledger::LedgerEnd,
        now: DateTime<Utc>,
    ) -> Result<Staged, ArchiveError> {
        let region_dir_name = b.issue.region_dir.as_str();
        let year_dir = self
            .root()
            .join(region_dir_name)
            .join(b.issue.name.issue_year.to_string());
        let target = year_dir.join(b.issue.name.dir_name());
        if fs::symlink_metadata(&target).is_ok() {
            return Err(ArchiveError::Damaged {
                path: target,
                message: tr!("seal-in-the-way"),
                help: tr!("seal-in-the-way-hint"),
            });
        }
        let staging = self.staging();
        durable::create_dirs(&staging)?;
        let stage = tempfile::Builder::new()
            .prefix("bag-")
            .tempdir_in(&staging)
            .map_err(io(&staging, "creating a staging folder"))?
            .keep();
        let written = write_bag(&stage, b, &ledger::head_of(ledger_end)).and_then(|written| {
            let problems = bagit::check_bag(&stage);
            if problems.is_empty() {
                return Ok(written);
            }
            Err(ArchiveError::Damaged {
                path: stage.to_path_buf(),
                message: tr!(
                    "seal-check-failed",
                    problems = problems
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                help: tr!("seal-check-failed-hint"),
            })
        });
        let written = match written {
            Ok(written) => written,
            Err(e) => {
                let _ = durable::remove_tree(&stage);
                return Err(e);
            }
        };
        crate::faults::pause_at("bag-sealed");
        let filed = Filed {
            dir: target,
            region: region_dir_name.to_string(),
            name: b.issue.name.clone(),
        };
        let row = super::index::row_of(&filed, Some(written.record.clone()));
        let event = event_for(&filed, written.record, written.tag_manifest_sha256);
        Ok(Staged {
            row,
            stage,
            year_dir,
            region_code: b.region_code.to_string(),
            line: ledger::line_after(ledger_end, event, now),
            filed,
            files: written.files,
            folders: written.folders,
        })
    }

    /// Finishes what a killed run left: removes unfinished packages from `.staging/` and
    /// temp files of the index, and records (marked `recovered`) any sealed package that has no ledger line yet.
    /// Returns the packages recorded.
    pub fn recover(&self, now: DateTime<Utc>) -> Result<Vec<Filed>, ArchiveError> {
        let staging = self.staging();
        if staging.is_dir() {
            let mut removed = false;
            for entry in
                fs::read_dir(&staging).map_err(io(&staging, "reading the staging folder"))?
            {
                let entry = entry.map_err(io(&staging, "reading the staging folder"))?;
                if entry.file_name() == GROUP_FILE {
                    // Kept until the group it names is recorded (below).
                    continue;
                }
                tracing::warn!(path = %entry.path().display(), "removing an unfinished package left by an interrupted run");
                durable::remove_tree(&entry.path())?;
                removed = true;
            }
            if removed {
                durable::sync_dir(&staging)?;
            }
        }
        // Temp files of a rewrite of the index or the service state that was cut short.
        for entry in fs::read_dir(self.root())
            .map_err(io(self.root(), "reading the archive folder"))?
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_own_temp_file(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                tracing::warn!(path = %entry.path().display(), "removing a temporary file left by an interrupted run");
                fs::remove_file(entry.path())
                    .map_err(io(&entry.path(), "removing a temporary file"))?;
            }
        }
        let chain = ledger::check_chain(&ledger::read(self.root())?);
        let unrecorded = self.unrecorded(&chain)?;
        if unrecorded.is_empty() {
            remove_group_file(self.root());
            return Ok(Vec::new());
        }
        if let Some(why) = self.ledger_cut(&chain) {
            tracing::warn!("a package has no ledger line, and it is not recorded: {why}; run `sw-briefing verify`");
            return Ok(Vec::new());
        }
        // A run records each group of packages right after moving it into place, so an
        // interrupted run leaves at most one group unrecorded, chained from the ledger's
        // head. Anything else means lost ledger lines or packages put in by hand: those
        // are left for `verify` to report, not recorded as if all is well.
        if unrecorded.len() > 1 {
            match self.record_group(&unrecorded, now)? {
                GroupOutcome::NoGroup => {
                    tracing::warn!(count = unrecorded.len(), "several packages have no ledger line; not recording them; run `sw-briefing verify` (and `sw-briefing record` if a ledger that could not be appended to left them)");
                    return Ok(Vec::new());
                }
                GroupOutcome::Refused(refused) => {
                    for (dir, why) in refused {
                        tracing::warn!(path = %dir.display(), "a package without a ledger line is not recorded: {why}; run `sw-briefing verify`");
                    }
                    return Ok(Vec::new());
                }
                GroupOutcome::Recorded(recovered) => {
                    warn_recorded(&recovered);
                    return Ok(recovered);
                }
            }
        }
        let mut recovered = Vec::new();
        for filed in unrecorded {
            if let Err(why) = recordable(&filed, &chain) {
                tracing::warn!(path = %filed.dir.display(), "a package without a ledger line is not recorded: {why}; run `sw-briefing verify`");
                continue;
            }
            durable::set_mode(&filed.dir, DIR_MODE)?;
            self.record(package_event(&filed, true)?, now)?;
            tracing::warn!(path = %filed.dir.display(), "recorded a package that an interrupted run had filed but not recorded");
            recovered.push(filed);
        }
        Ok(recovered)
    }

    /// Records a group of packages an interrupted run moved into place but did not
    /// record, if there is one (once per lock), as the next run would. Called before a
    /// line that is not a package's is appended (`verify`'s check, a delivery).
    pub(super) fn record_interrupted_group(&self, now: DateTime<Utc>) -> Result<(), ArchiveError> {
        use std::sync::atomic::Ordering;
        // Without the group mark there is no group to record: the ledger and the archive
        // are not read (a delivery takes a lock, and so comes here, for each line).
        if self.group_checked.swap(true, Ordering::SeqCst)
            || !self.staging().join(GROUP_FILE).exists()
        {
            return Ok(());
        }
        let chain = ledger::check_chain(&ledger::read(self.root())?);
        let unrecorded = self.unrecorded(&chain)?;
        if unrecorded.len() < 2 || self.ledger_cut(&chain).is_some() {
            return Ok(());
        }
        // A group that does not check out is left for `verify` to report.
        if let GroupOutcome::Recorded(recorded) = self.record_group(&unrecorded, now)? {
            warn_recorded(&recorded);
        }
        Ok(())
    }

    /// Records the interrupted group among `unrecorded` (see [`interrupted_group`]) if
    /// every package of it checks out, in the order the run made them, then removes the
    /// group mark. The one sequence `recover`, `record_interrupted_group` and the
    /// `record` command share; each reports the outcome its own way (the command on
    /// standard output, the others in the log).
    fn record_group(
        &self,
        unrecorded: &[Filed],
        now: DateTime<Utc>,
    ) -> Result<GroupOutcome, ArchiveError> {
        let Some(order) = interrupted_group(self.root(), unrecorded, &self.ledger_end()?) else {
            return Ok(GroupOutcome::NoGroup);
        };
        let refused: Vec<(PathBuf, String)> = order
            .iter()
            .filter_map(|(filed, _)| {
                bagit::check_bag(&filed.dir).first().map(|problem| {
                    (
                        filed.dir.clone(),
                        tr!("seal-package-fails-check", first = show(problem)),
                    )
                })
            })
            .collect();
        if !refused.is_empty() {
            return Ok(GroupOutcome::Refused(refused));
        }
        let recorded = self.record_in_order(order, now)?;
        remove_group_file(self.root());
        Ok(GroupOutcome::Recorded(recorded))
    }

    /// Records an interrupted group in the order [`group_order`] found: each line the
    /// run made, then the last package as recovered.
    fn record_in_order(
        &self,
        order: Vec<(Filed, Option<String>)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Filed>, ArchiveError> {
        let mut recorded = Vec::with_capacity(order.len());
        for (filed, line) in order {
            durable::set_mode(&filed.dir, DIR_MODE)?;
            match line {
                Some(line) => self
                    .append_lines(std::slice::from_ref(&line))
                    .map_err(|(_, e)| e)?,
                None => {
                    self.record(package_event(&filed, true)?, now)?;
                }
            }
            recorded.push(filed);
        }
        Ok(recorded)
    }

    /// The packages on disk without a ledger line, in the order they were made.
    fn unrecorded(&self, chain: &ledger::Chain) -> Result<Vec<Filed>, ArchiveError> {
        let recorded: HashSet<String> = chain
            .events
            .iter()
            .filter(|(_, e)| matches!(e.event, Kind::Issued | Kind::Revised))
            .filter_map(|(_, e)| e.package.clone())
            .collect();
        let mut unrecorded: Vec<(String, Filed)> = list_archive(self.root())?
            .filed
            .into_iter()
            .filter(|f| !recorded.contains(&f.relative()))
            .map(|f| {
                let created = read_record(&f).map(|r| r.created).unwrap_or_default();
                (created, f)
            })
            .collect();
        unrecorded.sort_by(|a, b| (&a.0, a.1.relative()).cmp(&(&b.0, b.1.relative())));
        Ok(unrecorded.into_iter().map(|(_, f)| f).collect())
    }

    /// Why the ledger is known to have lost lines at its end: `ledger.head` names a
    /// line it no longer has. Recording packages then would hide the loss.
    fn ledger_cut(&self, chain: &ledger::Chain) -> Option<String> {
        match ledger::read_head_file(self.root()) {
            Ok(Some(head)) if chain.line_of(&head).is_none() => Some(tr!(
                "seal-head-lost",
                head_file = LEDGER_HEAD,
                head = head,
                ledger = LEDGER
            )),
            Err(text) => Some(tr!(
                "seal-head-bad",
                head_file = LEDGER_HEAD,
                text = text.trim()
            )),
            _ => None,
        }
    }

    /// `sw-briefing record`: records every package that is sealed and in place but has
    /// no ledger line (left by a run whose ledger could not be appended to), once the
    /// cause is fixed. Refuses when the ledger has lost lines at its end, and refuses a
    /// package that does not check out or refers to a ledger head the ledger lacks.
    pub fn record_unrecorded(&self, now: DateTime<Utc>) -> Result<RecordReport, ArchiveError> {
        let chain = ledger::check_chain(&ledger::read(self.root())?);
        let unrecorded = self.unrecorded(&chain)?;
        let mut report = RecordReport::default();
        if unrecorded.is_empty() {
            return Ok(report);
        }
        if let Some(why) = self.ledger_cut(&chain) {
            return Err(ArchiveError::Damaged {
                path: self.root().join(LEDGER),
                message: tr!(
                    "seal-record-refused-all",
                    count = unrecorded.len(),
                    reason = why
                ),
                help: tr!("seal-record-refused-all-hint"),
            });
        }
        if unrecorded.len() > 1 {
            match self.record_group(&unrecorded, now)? {
                GroupOutcome::NoGroup => {}
                GroupOutcome::Refused(refused) => {
                    report.refused = refused;
                    return Ok(report);
                }
                GroupOutcome::Recorded(recorded) => {
                    report.recorded = recorded;
                    return Ok(report);
                }
            }
        }
        for filed in unrecorded {
            match recordable(&filed, &chain) {
                Err(why) => report.refused.push((filed.dir.clone(), why)),
                Ok(()) => {
                    durable::set_mode(&filed.dir, DIR_MODE)?;
                    self.record(package_event(&filed, true)?, now)?;
                    report.recorded.push(filed);
                }
            }
        }
        Ok(report)
    }
}

/// A package built and sealed in `.staging/`, waiting for its group to be synced,
/// moved into place and recorded.
pub struct Staged {
    stage: PathBuf,
    year_dir: PathBuf,
    region_code: String,
    filed: Filed,
    /// Its ledger line, chained from the line of the package staged before it.
    line: String,
    /// Its row in the index.
    row: super::index::Row,
    /// What was written for it, for a sync path by path.
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

/// Packages filed together. Each is built and checked in `.staging/` in turn, its
/// record naming the ledger head it will follow (the line of the package before it,
/// not yet written); [`commit`] then makes the whole group durable with one sync, moves
/// the packages into place in order, syncs their folders, and appends their ledger
/// lines with one sync of the ledger. Only then is any of them reported filed.
pub struct Group {
    /// The ledger's end once every staged package is recorded.
    planned: ledger::LedgerEnd,
    staged: Vec<Staged>,
}

impl Group {
    pub fn new(lock: &Locked) -> Result<Group, ArchiveError> {
        Ok(Group {
            planned: lock.ledger_end()?,
            staged: Vec::new(),
        })
    }

    /// How many packages are staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Builds, checks and seals one package in `.staging/`. Nothing of it is in place
    /// until its group is committed.
    pub fn stage(
        &mut self,
        lock: &Locked,
        b: &Briefing,
        now: DateTime<Utc>,
    ) -> Result<(), ArchiveError> {
        let staged = lock.stage(b, &self.planned, now)?;
        self.planned = ledger::end_after(&self.planned, &staged.line);
        self.staged.push(staged);
        Ok(())
    }

    /// The staged packages, to be committed; the group goes on from their lines.
    pub fn take(&mut self) -> Vec<Staged> {
        std::mem::take(&mut self.staged)
    }

    /// Drops every staged package (a group before them failed: their records name
    /// ledger lines that will not be written) and starts again from the ledger's end.
    pub fn discard(&mut self, lock: &Locked) {
        for staged in self.staged.drain(..) {
            let _ = durable::remove_tree(&staged.stage);
        }
        if let Ok(end) = lock.ledger_end() {
            self.planned = end;
        }
    }
}

/// What became of a committed group, package by package in the order staged: filed
/// (in place and recorded), or the error. The list stops at the first package that
/// did not get in place; `stopped` says whether filing must stop (a package is in place
/// without its line, or a later staged package's record names a line not written).
pub struct Committed {
    pub results: Vec<Result<Filed, ArchiveError>>,
    pub stopped: bool,
}

/// Commits a group staged by [`Group::stage`]: one sync makes every file and folder of
/// every package durable; the packages are moved into place in order; one sync makes
/// the moves durable; their ledger lines are appended with one sync of the ledger. A
/// crash before the first sync leaves only `.staging/` (removed by the next run); after
/// it, packages in place without their lines, each naming the line before it, which the
/// next run records in order ([`Locked::recover`]).
pub fn commit(lock: &Locked, sync: &durable::GroupSync, group: Vec<Staged>) -> Committed {
    let mut results = Vec::with_capacity(group.len());
    if group.is_empty() {
        return Committed {
            results,
            stopped: false,
        };
    }
    let root = lock.root();
    let staging = lock.staging();
    let files: Vec<PathBuf> = group.iter().flat_map(|s| s.files.iter().cloned()).collect();
    let mut folders: Vec<PathBuf> = group
        .iter()
        .flat_map(|s| s.folders.iter().cloned())
        .collect();
    folders.push(staging.clone());
    // Names the group until its lines are in the ledger: the mark that tells packages
    // left without their lines by this commit from lines lost later.
    let group_file = staging.join(GROUP_FILE);
    let names: String = group
        .iter()
        .map(|s| format!("{}\n", s.filed.relative()))
        .collect();
    let _ = fs::remove_file(&group_file);
    let written = durable::create_unsynced(&group_file, names.as_bytes());
    if let Err(e) =
        written.and_then(|()| sync.sync(root, &files_and(&files, &group_file), &folders))
    {
        for staged in &group {
            let _ = durable::remove_tree(&staged.stage);
        }
        results.push(Err(e));
        return Committed {
            results,
            stopped: true,
        };
    }
    crate::faults::pause_at("group-synced");
    let mut moved: Vec<Staged> = Vec::with_capacity(group.len());
    let mut changed: Vec<PathBuf> = vec![staging];
    let mut failed = None;
    let mut group = group.into_iter();
    for staged in group.by_ref() {
        let mut created = Vec::new();
        let moved_in =
            durable::create_dirs_unsynced(&staged.year_dir, &mut created).and_then(|()| {
                fs::rename(&staged.stage, &staged.filed.dir)
                    .map_err(io(&staged.filed.dir, "moving the package into place"))
            });
        if let Err(e) = moved_in {
            let _ = durable::remove_tree(&staged.stage);
            failed = Some(e);
            break;
        }
        if let Err(e) = durable::set_mode(&staged.filed.dir, DIR_MODE) {
            // In place all the same; recovery and `record` seal it again.
            tracing::warn!("{}", e.headline());
        }
        lock.note_region_dir(&staged.region_code, &staged.filed.region);
        changed.extend(
            created
                .iter()
                .filter_map(|d| d.parent().map(Path::to_path_buf)),
        );
        changed.push(staged.year_dir.clone());
        moved.push(staged);
        crate::faults::pause_at("bag-moved");
    }
    for staged in group {
        let _ = durable::remove_tree(&staged.stage);
    }
    if !moved.is_empty() {
        crate::faults::pause_at("group-moved");
    }
    changed.sort();
    changed.dedup();
    // The moves durable before any line naming them is written.
    let recorded = sync
        .sync(root, &[], &changed)
        .map_err(|e| (0, e))
        .and_then(|()| {
            let lines: Vec<String> = moved.iter().map(|s| s.line.clone()).collect();
            lock.append_lines(&lines)
        });
    let (unrecorded_from, cause) = match recorded {
        Ok(()) => {
            // Recorded: the mark has done its work (should it survive a crash, it names
            // no unrecorded package and is removed by the next run).
            let _ = fs::remove_file(&group_file);
            crate::faults::pause_at("ledger-appended");
            (moved.len(), None)
        }
        Err((written, cause)) => (written, Some(cause)),
    };
    for (k, staged) in moved.iter().enumerate() {
        results.push(match &cause {
            Some(cause) if k >= unrecorded_from => Err(ArchiveError::Unrecorded {
                package: staged.filed.dir.clone(),
                cause: Box::new(cause_copy(cause)),
            }),
            _ => Ok(staged.filed.clone()),
        });
    }
    let mut rows = lock
        .index_rows
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for staged in moved {
        rows.insert(staged.filed.dir, staged.row);
    }
    drop(rows);
    let stopped = cause.is_some() || failed.is_some();
    if let Some(e) = failed {
        results.push(Err(e));
    }
    Committed { results, stopped }
}

/// The mark a commit leaves in `.staging/` naming its group's packages until their
/// ledger lines are written.
const GROUP_FILE: &str = "group";

fn files_and(files: &[PathBuf], one: &Path) -> Vec<PathBuf> {
    let mut all = files.to_vec();
    all.push(one.to_path_buf());
    all
}

/// Logs each package recorded on behalf of a run that was interrupted.
fn warn_recorded(recorded: &[Filed]) {
    for filed in recorded {
        tracing::warn!(path = %filed.dir.display(), "recorded a package that an interrupted run had filed but not recorded");
    }
}

/// What became of the group an interrupted run left unrecorded ([`Locked::record_group`]).
enum GroupOutcome {
    /// The packages are not one interrupted group named by the group mark.
    NoGroup,
    /// Packages of the group that do not check out, each with its first problem;
    /// nothing was recorded.
    Refused(Vec<(PathBuf, String)>),
    /// The group's packages, recorded in order; the mark is gone.
    Recorded(Vec<Filed>),
}

fn remove_group_file(root: &Path) {
    let _ = fs::remove_file(root.join(STAGING).join(GROUP_FILE));
}

/// [`group_order`] of the packages without a ledger line, when they are all named by
/// the mark of a commit that was stopped (`.staging/group`): packages left so by a
/// crash or a failed append, not packages whose lines were lost later.
pub fn interrupted_group(
    root: &Path,
    unrecorded: &[Filed],
    end: &ledger::LedgerEnd,
) -> Option<Vec<(Filed, Option<String>)>> {
    let named = bagit::read_small_text(&root.join(STAGING).join(GROUP_FILE)).ok()?;
    let named: HashSet<&str> = named.lines().collect();
    if !unrecorded
        .iter()
        .all(|f| named.contains(f.relative().as_str()))
    {
        return None;
    }
    group_order(unrecorded, end)
}

/// The same error again, for each package of a group it stopped.
fn cause_copy(e: &ArchiveError) -> ArchiveError {
    match e {
        ArchiveError::Io {
            path,
            action,
            source,
        } => ArchiveError::Io {
            path: path.clone(),
            action,
            source: match source.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code),
                None => std::io::Error::new(source.kind(), source.to_string()),
            },
        },
        ArchiveError::Damaged {
            path,
            message,
            help,
        } => ArchiveError::Damaged {
            path: path.clone(),
            message: message.clone(),
            help: help.clone(),
        },
        ArchiveError::Unrecorded { package, cause } => ArchiveError::Unrecorded {
            package: package.clone(),
            cause: Box::new(cause_copy(cause)),
        },
    }
}

/// The order in which packages without a ledger line were filed, when a run filed them
/// as one group and was stopped before it recorded them all: the first names the
/// ledger's head as the head before it, each next one the line the one before it gets.
/// That line is made again from the package (its record gives the time and the
/// program), and it is proven to be the line the run made by the next package's record
/// naming its digest. Returns each package with that line; the last has none (nothing
/// proves its line: it is recorded as recovered, by the run that finds it). `None` when
/// the packages do not form such a chain.
pub fn group_order(
    unrecorded: &[Filed],
    end: &ledger::LedgerEnd,
) -> Option<Vec<(Filed, Option<String>)>> {
    let mut left: Vec<(Filed, Record)> = unrecorded
        .iter()
        .map(|f| read_record(f).ok().map(|r| (f.clone(), r)))
        .collect::<Option<_>>()?;
    let mut end = end.clone();
    let mut order = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let head = ledger::head_of(&end);
        let mut next = left
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| r.ledger_head.as_deref() == Some(head.as_str()));
        let (index, _) = next.next()?;
        if next.next().is_some() {
            return None;
        }
        let (filed, record) = left.remove(index);
        if left.is_empty() {
            order.push((filed, None));
            break;
        }
        let time = DateTime::parse_from_rfc3339(&record.created)
            .ok()?
            .with_timezone(&Utc);
        let program = record.program.clone();
        let tag_manifest = filed.dir.join(bagit::TAG_MANIFEST);
        let (tag_sha, _) = bagit::hash_file(&tag_manifest).ok()?;
        let mut event = event_for(&filed, record, tag_sha);
        event.program = program;
        let line = ledger::line_after(&end, event, time);
        end = ledger::end_after(&end, &line);
        order.push((filed, Some(line)));
    }
    Some(order)
}

/// What `sw-briefing record` did.
#[derive(Debug, Default)]
pub struct RecordReport {
    pub recorded: Vec<Filed>,
    /// Packages left unrecorded, with the reason.
    pub refused: Vec<(PathBuf, String)>,
}

/// Whether a package without a ledger line may be recorded: it checks out, and the
/// ledger head it was filed after is in the chain.
fn recordable(filed: &Filed, chain: &ledger::Chain) -> Result<(), String> {
    let problems = bagit::check_bag(&filed.dir);
    if let Some(first) = problems.first() {
        return Err(tr!("seal-package-fails-check", first = show(first)));
    }
    let record = read_record(filed).map_err(|e| e.headline())?;
    match record.ledger_head {
        Some(head) if chain.line_of(&head).is_none() => {
            Err(tr!("seal-filed-after-lost-head", head = head))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_name_is_the_path_below_the_metrics_folder() {
        let cases = [
            ("metrics", "metrics/900101-安安区/2023.yaml"),
            ("/srv/sw/metrics", "/srv/sw/metrics/900101-安安区/2023-Q1.yaml"),
            ("metrics/", "metrics/900101-安安区/2023.yaml"),
            ("metrics", "metrics//900101-安安区/./2023.yaml"),
            ("./metrics", "./metrics/a/../2023.yaml"),
            ("metrics", "other/900101-安安区/2023.yaml"),
            ("metrics", "metricsx/2023.yaml"),
            ("", "/abs/2023.yaml"),
        ];
        for (dir, file) in cases {
            assert_eq!(
                source_name(Path::new(dir), Path::new(file)),
                source_name_by_components(Path::new(dir), Path::new(file)),
                "{dir} {file}"
            );
        }
        assert_eq!(
            source_name(Path::new("/srv/m"), Path::new("/srv/m/900101-安安区/2023.yaml")),
            "900101-安安区/2023.yaml"
        );
        assert_eq!(
            source_name(Path::new("/srv/m"), Path::new("/elsewhere/2023.yaml")),
            "2023.yaml"
        );
    }

    #[test]
    fn an_input_edited_after_it_was_read_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("990100-示例市").join("2023.yaml");
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "period: \"2023\"\n").unwrap();
        let read = SourceDigest::of(b"period: \"2023\"\n");

        let copied = InputFile::copied(dir.path(), &file, &read).unwrap();
        assert_eq!(copied.source, "990100-示例市/2023.yaml");
        assert_eq!(
            copied.payload_path().as_deref(),
            Some("data/inputs/990100-示例市/2023.yaml")
        );
        assert_eq!(copied.sha256, read.sha256);

        let referenced = InputFile::referenced(dir.path(), &file, &read);
        assert_eq!(
            referenced.payload_path(),
            None,
            "a referenced file has no place in the bag"
        );

        fs::write(&file, "period: \"2024\"\n").unwrap();
        let error = InputFile::copied(dir.path(), &file, &read)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("2023.yaml") && error.contains("在生成简报期间被改动了"),
            "{error}"
        );
    }
}
