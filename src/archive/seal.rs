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
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
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
    /// Who approved it and when (RFC 3339), when it was issued from an approved draft.
    pub approved: Option<(&'a str, String)>,
}

/// The package's record; `ledger_head` is the ledger's head before the package. Pure.
pub fn record(b: &Briefing, ledger_head: &str) -> Record {
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
        sha256: sha256_hex(b.pdf),
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
        inputs_sha256: inputs_sha256(b.inputs),
        inputs,
        ledger_head: Some(ledger_head.to_string()),
        approved_by: b.approved.as_ref().map(|(by, _)| by.to_string()),
        approved_at: b.approved.as_ref().map(|(_, at)| at.clone()),
    }
}

/// The payload files of a package (path in the bag → bytes). Pure.
pub fn payload(b: &Briefing, ledger_head: &str) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(format!("data/{}", b.issue.name.pdf_name()), b.pdf.to_vec());
    for input in b.inputs {
        if let (Some(path), Some(bytes)) = (input.payload_path(), &input.bytes) {
            files.insert(path, bytes.clone());
        }
    }
    let record =
        serde_json::to_string_pretty(&record(b, ledger_head)).expect("records serialize") + "\n";
    files.insert(format!("data/{}", metadata::FILE), record.into_bytes());
    files
}

/// The tag files for a payload: bagit.txt, bag-info.txt and the payload manifest (the
/// tag manifest is made from these). Pure.
pub fn tag_files(
    b: &Briefing,
    payload: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<&'static str, String> {
    let digests: BTreeMap<String, String> = payload
        .iter()
        .map(|(path, bytes)| (path.clone(), sha256_hex(bytes)))
        .collect();
    let total: u64 = payload.values().map(|b| b.len() as u64).sum();
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

fn write_bag(stage: &Path, b: &Briefing, ledger_head: &str) -> Result<(), ArchiveError> {
    let files = payload(b, ledger_head);
    for (relative, bytes) in &files {
        let path = stage.join(relative);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io(dir, "creating a folder in the package"))?;
        }
        durable::create_synced(&path, bytes)?;
    }
    crate::faults::pause_at("payload-written");
    let tags = tag_files(b, &files);
    let mut tag_digests = BTreeMap::new();
    for (name, text) in &tags {
        durable::create_synced(&stage.join(name), text.as_bytes())?;
        tag_digests.insert(name.to_string(), sha256_hex(text.as_bytes()));
    }
    durable::create_synced(
        &stage.join(bagit::TAG_MANIFEST),
        bagit::manifest(&tag_digests).as_bytes(),
    )?;
    durable::seal_below(stage)?;
    durable::sync_tree(stage)
}

fn set_mode(path: &Path, mode: u32) -> Result<(), ArchiveError> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .map_err(io(path, "making read-only"))
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
    event.recovered = recovered.then_some(true);
    event.approved_by = record.approved_by;
    event.approved_at = record.approved_at;
    Ok(event)
}

impl Locked {
    fn staging(&self) -> PathBuf {
        self.root().join(STAGING)
    }

    /// Files one briefing: its package is built, checked, sealed and moved into place,
    /// then recorded in the ledger.
    pub fn file(&self, b: &Briefing, now: DateTime<Utc>) -> Result<Filed, ArchiveError> {
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
        let result = self.build_and_move(&stage, &year_dir, &target, b);
        if result.is_err() {
            let _ = durable::remove_tree(&stage);
            let _ = durable::sync_dir(&staging);
        }
        result?;
        crate::faults::pause_at("bag-moved");
        set_mode(&target, DIR_MODE)?;
        durable::sync_dir(&year_dir)?;
        self.note_region_dir(b.region_code, region_dir_name);
        let filed = Filed {
            dir: target,
            region: region_dir_name.to_string(),
            name: b.issue.name.clone(),
        };
        // The package is in place: a failure from here on must say so, and the run
        // must file nothing more (each unrecorded package is one `verify` cannot
        // tell from a lost ledger line).
        package_event(&filed, false)
            .and_then(|event| self.record(event, now))
            .map_err(|cause| ArchiveError::Unrecorded {
                package: filed.dir.clone(),
                cause: Box::new(cause),
            })?;
        crate::faults::pause_at("ledger-appended");
        Ok(filed)
    }

    fn build_and_move(
        &self,
        stage: &Path,
        year_dir: &Path,
        target: &Path,
        b: &Briefing,
    ) -> Result<(), ArchiveError> {
        write_bag(stage, b, &self.ledger_head()?)?;
        let problems = bagit::check_bag(stage);
        if !problems.is_empty() {
            return Err(ArchiveError::Damaged {
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
            });
        }
        crate::faults::pause_at("bag-sealed");
        durable::create_dirs(year_dir)?;
        fs::rename(stage, target).map_err(io(target, "moving the package into place"))?;
        durable::sync_dir(year_dir)?;
        durable::sync_dir(&self.staging())
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
            return Ok(Vec::new());
        }
        if let Some(why) = self.ledger_cut(&chain) {
            tracing::warn!("a package has no ledger line, and it is not recorded: {why}; run `sw-briefing verify`");
            return Ok(Vec::new());
        }
        // A run records each package before it starts the next, so an interrupted run
        // leaves at most one unrecorded. More mean lost ledger lines or packages put in
        // by hand: those are left for `verify` to report, not recorded as if all is well.
        if unrecorded.len() > 1 {
            tracing::warn!(count = unrecorded.len(), "several packages have no ledger line; not recording them; run `sw-briefing verify` (and `sw-briefing record` if a ledger that could not be appended to left them)");
            return Ok(Vec::new());
        }
        let mut recovered = Vec::new();
        for filed in unrecorded {
            if let Err(why) = recordable(&filed, &chain) {
                tracing::warn!(path = %filed.dir.display(), "a package without a ledger line is not recorded: {why}; run `sw-briefing verify`");
                continue;
            }
            set_mode(&filed.dir, DIR_MODE)?;
            self.record(package_event(&filed, true)?, now)?;
            tracing::warn!(path = %filed.dir.display(), "recorded a package that an interrupted run had filed but not recorded");
            recovered.push(filed);
        }
        Ok(recovered)
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
        for filed in unrecorded {
            match recordable(&filed, &chain) {
                Err(why) => report.refused.push((filed.dir.clone(), why)),
                Ok(()) => {
                    set_mode(&filed.dir, DIR_MODE)?;
                    self.record(package_event(&filed, true)?, now)?;
                    report.recorded.push(filed);
                }
            }
        }
        Ok(report)
    }
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
