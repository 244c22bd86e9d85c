//! The engine: what is loaded once per process (config, fonts, wording) and the stages
//! of one briefing chained under its span: metrics → indicators → document → layout →
//! PDF, and the hand-over to the archive, which decides and files.

use crate::app::load::{self, Loaded};
use crate::archive::drafts::{self, Draft};
use crate::archive::durable::GroupSync;
use crate::archive::seal::{commit, Briefing, Group, InputFile};
use crate::archive::{self, ArchiveError, Decision, Filed, Issue, Locked};
use crate::config::{Approval, Config, RegionJob};
use crate::document::{self, wording::Wording, Document, IssueFacts};
use crate::fonts::{FontBook, FontError, FontRole, MissingGlyph};
use crate::i18n::{show, tr};
use crate::indicators;
use crate::layout;
use crate::metrics::assemble::Assembly;
use crate::metrics::{Metrics, MetricsStore};
use crate::model::period::Period;
use crate::model::problem::{Problem, Problems};
use crate::pdf::{self, PdfError, PdfFonts, PdfMeta};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Why a run or a briefing failed.
#[derive(Debug)]
pub enum RunError {
    Invalid(Problems),
    Font(FontError),
    Glyphs(Vec<MissingGlyph>),
    Template(String),
    Pdf(PdfError),
    Archive(ArchiveError),
    Internal(String),
    /// Writing a preview (`--output FILE`) failed: a working file, not the archive's.
    Preview {
        path: PathBuf,
        message: String,
        help: String,
    },
    NoData {
        code: String,
        period: Option<Period>,
        hint: String,
    },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let help = |hint: &str| tr!("help-line", hint = hint);
        match self {
            RunError::Invalid(problems) => write!(f, "{problems}"),
            RunError::Font(e) => write!(f, "{e}"),
            RunError::Glyphs(missing) => {
                let lines: Vec<String> = missing
                    .iter()
                    .map(|m| tr!("error-line", message = show(m)))
                    .collect();
                f.write_str(&lines.join("\n"))
            }
            RunError::Template(text) => f.write_str(text),
            RunError::Pdf(e) => write!(f, "{e}"),
            RunError::Archive(e) => write!(f, "{e}"),
            RunError::Internal(error) => write!(
                f,
                "{}\n{}",
                tr!("run-internal", error = error),
                help(&tr!("run-internal-help"))
            ),
            RunError::Preview {
                path,
                message,
                help: hint,
            } => write!(f, "{}: {message}\n{}", path.display(), help(hint)),
            RunError::NoData { code, period, hint } => {
                let message = match period {
                    None => tr!("run-no-data", code = code),
                    Some(period) => tr!("run-no-data-period", code = code, period = show(period)),
                };
                write!(f, "{message}\n{}", help(hint))
            }
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Font(e) => Some(e),
            RunError::Pdf(e) => Some(e),
            RunError::Archive(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FontError> for RunError {
    fn from(e: FontError) -> Self {
        RunError::Font(e)
    }
}

impl From<PdfError> for RunError {
    fn from(e: PdfError) -> Self {
        RunError::Pdf(e)
    }
}

impl From<ArchiveError> for RunError {
    fn from(e: ArchiveError) -> Self {
        RunError::Archive(e)
    }
}

/// What became of one requested briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created {
        path: PathBuf,
        issue_number: u32,
    },
    /// A revision of a period issued before (`--revise`): same 期号, next revision.
    Revised {
        path: PathBuf,
        issue_number: u32,
        revision: u32,
    },
    /// Already filed earlier; nothing was written.
    Existing {
        path: PathBuf,
        issue_number: u32,
    },
    /// Filed earlier, but its metrics have changed since; nothing was written (a
    /// revision is made only on request). `changes` names the files.
    Changed {
        path: PathBuf,
        issue_number: u32,
        revision: u32,
        changes: Vec<String>,
    },
    /// Written outside the archive (`--output`).
    Preview {
        path: PathBuf,
    },
    /// With `approval: required`: a draft (送审稿) waiting for approval, made now
    /// (`remade`) or found current, made from the same data, and left as it was.
    Drafted {
        path: PathBuf,
        period: Period,
        remade: bool,
    },
}

impl Outcome {
    pub fn path(&self) -> &Path {
        match self {
            Outcome::Created { path, .. }
            | Outcome::Revised { path, .. }
            | Outcome::Existing { path, .. }
            | Outcome::Changed { path, .. }
            | Outcome::Drafted { path, .. }
            | Outcome::Preview { path } => path,
        }
    }
}

/// One briefing asked for: a region, and the period (the latest on file when `None`).
#[derive(Debug, Clone, Copy)]
pub struct Request<'j> {
    pub job: &'j RegionJob,
    pub period: Option<Period>,
}

/// What a briefing is about, resolved from the store: the region, the period, and the
/// metrics of that period (its own file, or assembled from finer ones).
pub struct Subject<'s> {
    pub job: &'s RegionJob,
    pub period: Period,
    pub metrics: Cow<'s, Metrics>,
    pub assembly: Option<Assembly>,
}

/// What [`Engine::prepare`] works out for a decision.
pub(crate) struct Prepared<'s> {
    subject: Subject<'s>,
    inputs: Vec<&'s Metrics>,
    referenced: Vec<InputFile>,
    inputs_sha256: String,
}

/// A briefing to make: what it is about, the files it is made from, and the name the
/// archive gave it.
pub(crate) struct Pending<'s> {
    pub subject: Subject<'s>,
    /// The metrics files the briefing is made from ([`indicators::input_files`]).
    pub inputs: Vec<&'s Metrics>,
    pub issue: Issue,
    /// The digest of those files, as a package's record gives it.
    pub inputs_sha256: String,
    /// `Some(folder)`: made as a draft for approval into that folder, not filed.
    pub draft_dir: Option<PathBuf>,
    /// Issued from an approved draft: who approved it, and when.
    pub approved: Option<Approved>,
}

/// Why a briefing is decided: a run (`--now`, the service), which makes drafts where
/// approval is required, or the approval of a draft, which issues it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Run,
    Approve,
}

/// The approval of a draft: who, on which date (the masthead's), and when it was given.
#[derive(Debug, Clone)]
pub struct Approved {
    pub by: String,
    pub date: NaiveDate,
    pub at: DateTime<FixedOffset>,
}

/// How a briefing is printed: its 期号 (none for a preview or a draft), whether it is a
/// draft (送审稿 on every page), and the date in its masthead when not today's.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Print {
    pub issue_number: Option<u32>,
    pub draft: bool,
    pub date: Option<NaiveDate>,
}

/// What became of deciding one request: settled already, or a briefing to make.
pub(crate) enum Next<'s> {
    Done(Outcome),
    Make(Box<Pending<'s>>),
}

/// What became of staging a rendered briefing: settled at once (a draft), or staged in
/// its group, to be reported once the group is committed.
pub(crate) enum Staging {
    Settled(Outcome),
    Staged,
}

/// A rendered briefing, waiting to be filed.
pub(crate) struct Rendered {
    pub pdf: Vec<u8>,
    pub title: String,
    pub took: std::time::Duration,
}

/// The span every log line about one briefing is under.
pub fn briefing_span(job: &RegionJob, period: &Period) -> tracing::Span {
    tracing::info_span!("briefing", region = %job.code, period = %period)
}

/// Everything loaded once per process and shared by every briefing.
pub struct Engine {
    pub config: Config,
    pub book: FontBook,
    pub pdf_fonts: PdfFonts,
    pub wording: Wording,
}

/// Where the wording lives, next to the job config.
pub fn wording_path(config: &Config) -> PathBuf {
    config
        .file
        .parent()
        .unwrap_or(Path::new("."))
        .join("wording.yaml")
}

impl Engine {
    pub fn load(config_path: &Path) -> Result<Engine, RunError> {
        let config = Config::load(config_path).map_err(RunError::Invalid)?;
        let wording = Wording::load(&wording_path(&config), &document::sample::full_context())
            .map_err(RunError::Invalid)?;
        let book = FontBook::load(&config.fonts)?;
        let pdf_fonts = PdfFonts::new(&book);
        Ok(Engine {
            config,
            book,
            pdf_fonts,
            wording,
        })
    }

    /// Lets go of what only making briefings needs (printpdf's parsed fonts, the font
    /// pages read, the word segmenter's dictionary), so that an idle service waits small.
    pub fn release_caches(&self) {
        self.pdf_fonts.release();
        crate::fonts::release_pages();
        crate::layout::words::release_segmenter();
    }

    /// Every metrics file, all problems, and which regions have them. Periods that
    /// have not begun by `now` are refused: they are typing mistakes, not data.
    pub fn load_metrics_at(&self, now: DateTime<Utc>) -> Loaded {
        self.load_metrics(now, None, None)
    }

    /// As [`Engine::load_metrics_at`]; with `regions`, only what their briefings on
    /// `period` (the latest on file when `None`) read: their own files and their
    /// peers' for that period (see [`load::load_regions_tolerant`]).
    pub fn load_metrics(
        &self,
        now: DateTime<Utc>,
        regions: Option<&BTreeSet<String>>,
        period: Option<Period>,
    ) -> Loaded {
        let dir = &self.config.metrics_dir;
        let mut loaded = match regions {
            None => load::load_dir_tolerant(dir),
            Some(codes) => load::load_regions_tolerant(dir, codes, |store, code| {
                period.or_else(|| Self::latest_period(store, code))
            }),
        };
        let today = now.with_timezone(&self.config.timezone).date_naive();
        for (code, periods) in loaded.store.by_region.iter_mut() {
            let future: Vec<Period> = periods
                .keys()
                .filter(|p| p.start() > today)
                .copied()
                .collect();
            for period in future {
                let m = periods.remove(&period).expect("listed above");
                loaded.problems.push(
                    Problem::new(
                        &m.file,
                        m.data.period.referenced.line(),
                        m.data.period.referenced.column(),
                        tr!(
                            "run-period-future",
                            period = show(period),
                            today = show(today)
                        ),
                    )
                    .with_hint(tr!("run-period-future-help")),
                );
                loaded.tainted.insert(code.clone());
            }
        }
        loaded
    }

    /// The period `--now` reports on when none is named: the latest on file for the
    /// region (the one ending last; a year before a quarter before a month).
    pub fn latest_period(store: &MetricsStore, code: &str) -> Option<Period> {
        store
            .history(code)
            .map(|m| m.period())
            .max_by_key(|p| (p.end_exclusive(), std::cmp::Reverse(p.start()), p.kind()))
    }

    /// What a briefing on `period` (the latest on file when `None`) of `job`'s region
    /// is made from, or why there is nothing to make it from.
    pub fn subject<'s>(
        &self,
        store: &'s MetricsStore,
        job: &'s RegionJob,
        period: Option<Period>,
    ) -> Result<Subject<'s>, RunError> {
        let metrics_dir = self.config.metrics_dir.display();
        let period = period
            .or_else(|| Self::latest_period(store, &job.code))
            .ok_or_else(|| RunError::NoData {
                code: job.code.clone(),
                period: None,
                hint: tr!("run-no-data-help", dir = metrics_dir),
            })?;
        let (metrics, assembly) = crate::metrics::assemble::resolve(store, &job.code, period)
            .ok_or_else(|| RunError::NoData {
                code: job.code.clone(),
                period: Some(period),
                hint: tr!(
                    "run-no-data-period-help",
                    period = show(period),
                    dir = metrics_dir
                ),
            })?;
        Ok(Subject {
            job,
            period,
            metrics,
            assembly,
        })
    }

    /// Writes a preview of one briefing to `out`, outside the archive: no 期号 yet.
    pub fn preview(
        &self,
        store: &MetricsStore,
        job: &RegionJob,
        period: Option<Period>,
        now: DateTime<Utc>,
        out: &Path,
    ) -> Result<Outcome, RunError> {
        let subject = self.subject(store, job, period)?;
        let _entered = briefing_span(job, &subject.period).entered();
        let bytes = self.render(store, &subject, None, now)?;
        write_preview(out, &bytes, &self.config.archive_dir)?;
        Ok(Outcome::Preview {
            path: out.to_path_buf(),
        })
    }

    /// Asks the archive, under its lock, what to do for one request: nothing (filed
    /// already, or filed from other data and no revision asked for) or a new package,
    /// whose 期号 and name are fixed here, before it is rendered.
    pub(crate) fn decide<'s>(
        &self,
        lock: &Locked,
        store: &'s MetricsStore,
        job: &'s RegionJob,
        period: Option<Period>,
        now: DateTime<Utc>,
        revise: bool,
        mode: Mode,
    ) -> Result<Next<'s>, RunError> {
        let prepared = self.prepare(store, job, period)?;
        self.decide_prepared(lock, prepared, now, revise, mode)
    }

    /// What a decision is made from, worked out without the archive: the subject, the
    /// files it is made from and their digest. Apart from [`Engine::decide_prepared`]
    /// so that a batch works these out on every core while it decides in order (with
    /// its peers' files, a region's inputs are hundreds of files to name and digest).
    pub(crate) fn prepare<'s>(
        &self,
        store: &'s MetricsStore,
        job: &'s RegionJob,
        period: Option<Period>,
    ) -> Result<Prepared<'s>, RunError> {
        let subject = self.subject(store, job, period)?;
        let inputs: Vec<&'s Metrics> =
            indicators::input_files(&subject.metrics, store, subject.assembly.as_ref());
        let referenced: Vec<InputFile> = inputs
            .iter()
            .map(|m| InputFile::referenced(&self.config.metrics_dir, &m.file, &m.source))
            .collect();
        let inputs_sha256 = archive::seal::inputs_sha256(&referenced);
        Ok(Prepared {
            subject,
            inputs,
            referenced,
            inputs_sha256,
        })
    }

    /// [`Engine::decide`] once [`Engine::prepare`] has worked out its inputs.
    pub(crate) fn decide_prepared<'s>(
        &self,
        lock: &Locked,
        prepared: Prepared<'s>,
        now: DateTime<Utc>,
        revise: bool,
        mode: Mode,
    ) -> Result<Next<'s>, RunError> {
        let Prepared {
            subject,
            inputs,
            referenced,
            inputs_sha256,
        } = prepared;
        let job = subject.job;
        let _entered = briefing_span(job, &subject.period).entered();
        let issue_year =
            chrono::Datelike::year(&now.with_timezone(&self.config.timezone).date_naive());
        let decision = lock.decide(&archive::Request {
            region_code: &job.code,
            region_name: subject.metrics.name(),
            series: &self.config.series,
            period: subject.period,
            issue_year,
            inputs: &referenced,
            revise,
        })?;
        let drafting = mode == Mode::Run && job.approval == Approval::Required;
        Ok(match decision {
            Decision::Unchanged(filed) => {
                // A draft of this period made from the data it was issued from is done
                // with: the run that issued it was stopped before it removed the draft.
                if let Some(found) =
                    drafts::find(lock.root(), &job.code, &subject.period.to_string())?
                {
                    if found.draft.inputs_sha256 == inputs_sha256 {
                        tracing::warn!(path = %found.dir.display(), "removing the draft of a period issued already");
                        drafts::remove(&found.dir)?;
                    }
                }
                tracing::info!(path = %filed.dir.display(), "already filed from the same data; nothing to do");
                Next::Done(Outcome::Existing {
                    path: filed.pdf(),
                    issue_number: filed.name.issue_number,
                })
            }
            Decision::Changed { filed, changes } => Next::Done(Outcome::Changed {
                path: filed.pdf(),
                issue_number: filed.name.issue_number,
                revision: filed.name.revision,
                changes,
            }),
            Decision::Issue(issue) if drafting => {
                let period_text = subject.period.to_string();
                let existing = drafts::find(lock.root(), &job.code, &period_text)?;
                let revises = issue.revises.as_ref().map(|f| f.name.dir_name());
                match existing {
                    Some(found)
                        if found.draft.inputs_sha256 == inputs_sha256
                            && found.draft.revises == revises =>
                    {
                        tracing::info!(path = %found.dir.display(), "the draft is current (made from the same data); nothing to do");
                        Next::Done(Outcome::Drafted {
                            path: found.pdf(),
                            period: subject.period,
                            remade: false,
                        })
                    }
                    found => {
                        let draft_dir = found.map(|f| f.dir).unwrap_or_else(|| {
                            drafts::dir(lock.root(), &issue.region_dir, &period_text)
                        });
                        Next::Make(Box::new(Pending {
                            subject,
                            inputs,
                            issue,
                            inputs_sha256,
                            draft_dir: Some(draft_dir),
                            approved: None,
                        }))
                    }
                }
            }
            Decision::Issue(issue) => Next::Make(Box::new(Pending {
                subject,
                inputs,
                issue,
                inputs_sha256,
                draft_dir: None,
                approved: None,
            })),
        })
    }

    /// Files a rendered briefing under the lock, on its own (a group of one).
    pub(crate) fn file_pending(
        &self,
        lock: &Locked,
        pending: &Pending,
        rendered: Rendered,
        now: DateTime<Utc>,
    ) -> Result<Outcome, RunError> {
        let sync = GroupSync::new(lock.root())?;
        let mut group = Group::new(lock)?;
        if let Staging::Settled(outcome) =
            self.stage_pending(lock, &mut group, pending, &rendered, now)?
        {
            return Ok(outcome);
        }
        let committed = commit(lock, &sync, group.take());
        let filed = committed
            .results
            .into_iter()
            .next()
            .expect("a group of one has one result")?;
        Ok(self.filed(
            pending.subject.job,
            &pending.subject.period,
            &pending.issue.name,
            &filed,
            rendered.pdf.len(),
            rendered.took,
        ))
    }

    /// Builds a rendered briefing's package in `.staging/` as the next of `group`
    /// (see [`Group`]); a draft (approval required) is written at once instead.
    pub(crate) fn stage_pending(
        &self,
        lock: &Locked,
        group: &mut Group,
        pending: &Pending,
        rendered: &Rendered,
        now: DateTime<Utc>,
    ) -> Result<Staging, RunError> {
        let Subject {
            job,
            period,
            metrics,
            ..
        } = &pending.subject;
        let _entered = briefing_span(job, period).entered();
        if let Some(dir) = &pending.draft_dir {
            return Ok(Staging::Settled(
                self.write_draft(pending, dir, rendered, now)?,
            ));
        }
        // The region's own files are copied into the package; its peers' files (for the
        // rank) are recorded by digest.
        let inputs = pending
            .inputs
            .iter()
            .map(|m| {
                if m.code() == job.code {
                    InputFile::copied(&self.config.metrics_dir, &m.file, &m.source)
                } else {
                    Ok(InputFile::referenced(
                        &self.config.metrics_dir,
                        &m.file,
                        &m.source,
                    ))
                }
            })
            .collect::<Result<Vec<_>, ArchiveError>>()?;
        let local_now = now.with_timezone(&self.config.timezone);
        let approved = pending.approved.as_ref();
        let briefing = Briefing {
            region_code: &job.code,
            region_name: metrics.name(),
            issue: &pending.issue,
            pdf: &rendered.pdf,
            title: &rendered.title,
            issuer: &job.issuer,
            issue_date: approved.map_or(local_now.date_naive(), |a| a.date),
            created: local_now.fixed_offset(),
            retention: &self.config.retention,
            marking: self.config.marking.as_deref(),
            inputs: &inputs,
            inputs_sha256: &pending.inputs_sha256,
            approved: approved.map(|a| {
                (
                    a.by.as_str(),
                    a.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                )
            }),
        };
        group.stage(lock, &briefing, now)?;
        Ok(Staging::Staged)
    }

    /// A package of a committed group is filed (in place, recorded, synced): says so in
    /// the log and gives its outcome.
    pub(crate) fn filed(
        &self,
        job: &RegionJob,
        period: &Period,
        name: &archive::PackageName,
        filed: &Filed,
        bytes: usize,
        took: std::time::Duration,
    ) -> Outcome {
        let _entered = briefing_span(job, period).entered();
        tracing::info!(
            path = %filed.dir.display(),
            issue_number = name.issue_number,
            revision = name.revision,
            bytes = bytes,
            render_ms = took.as_secs_f64() * 1000.0,
            "briefing filed"
        );
        if name.revision > 1 {
            Outcome::Revised {
                path: filed.pdf(),
                issue_number: name.issue_number,
                revision: name.revision,
            }
        } else {
            Outcome::Created {
                path: filed.pdf(),
                issue_number: name.issue_number,
            }
        }
    }

    /// Writes a rendered draft (送审稿) into its folder under `drafts/`: a new draft,
    /// waiting for approval; a rejection of an earlier one is cleared, as the data are
    /// new.
    fn write_draft(
        &self,
        pending: &Pending,
        dir: &Path,
        rendered: &Rendered,
        now: DateTime<Utc>,
    ) -> Result<Outcome, RunError> {
        let subject = &pending.subject;
        let period = subject.period.to_string();
        let draft = Draft {
            schema: drafts::SCHEMA.to_string(),
            region_code: subject.job.code.clone(),
            region_name: subject.metrics.name().to_string(),
            period: period.clone(),
            pdf: drafts::pdf_name(&self.config.series, &period),
            inputs_sha256: pending.inputs_sha256.clone(),
            made_at: now
                .with_timezone(&self.config.timezone)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            revises: pending.issue.revises.as_ref().map(|f| f.name.dir_name()),
            state: drafts::State::Pending,
            reason: None,
            rejected_by: None,
            rejected_at: None,
        };
        drafts::write(dir, &rendered.pdf, &draft)?;
        tracing::info!(path = %dir.display(), bytes = rendered.pdf.len(), "draft made, waiting for approval");
        Ok(Outcome::Drafted {
            path: dir.join(&draft.pdf),
            period: subject.period,
            remade: true,
        })
    }

    /// Renders a decided briefing. Pure apart from reading parsed fonts: runs on any
    /// thread.
    pub(crate) fn render_pending(
        &self,
        store: &MetricsStore,
        pending: &Pending,
        now: DateTime<Utc>,
    ) -> Result<Rendered, RunError> {
        let subject = &pending.subject;
        let _entered = briefing_span(subject.job, &subject.period).entered();
        crate::faults::panic_while_rendering(&subject.job.code);
        let started = std::time::Instant::now();
        let print = if pending.draft_dir.is_some() {
            Print {
                issue_number: None,
                draft: true,
                date: None,
            }
        } else {
            Print {
                issue_number: Some(pending.issue.name.issue_number),
                draft: false,
                date: pending.approved.as_ref().map(|a| a.date),
            }
        };
        let (laid, meta) = self.lay_out_as(store, subject, print, now)?;
        Ok(Rendered {
            pdf: pdf::render(&laid, &self.book, &self.pdf_fonts, &meta)?,
            title: meta.title,
            took: started.elapsed(),
        })
    }

    /// The PDF bytes of one briefing (a preview when `issue_number` is `None`); pure
    /// apart from reading parsed fonts.
    pub fn render(
        &self,
        store: &MetricsStore,
        subject: &Subject,
        issue_number: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, RunError> {
        let (laid, meta) = self.lay_out(store, subject, issue_number, now)?;
        Ok(pdf::render(&laid, &self.book, &self.pdf_fonts, &meta)?)
    }

    /// Everything up to the laid-out pages and the PDF's metadata.
    pub fn lay_out(
        &self,
        store: &MetricsStore,
        subject: &Subject,
        issue_number: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<(layout::LaidOut, PdfMeta), RunError> {
        let print = Print {
            issue_number,
            ..Print::default()
        };
        self.lay_out_as(store, subject, print, now)
    }

    /// The briefing as a document (text, tables, charts; no pages yet), as a preview
    /// would print it. Benchmarks give the same content to another typesetter.
    pub fn document(
        &self,
        store: &MetricsStore,
        subject: &Subject,
        now: DateTime<Utc>,
    ) -> Result<Document, RunError> {
        self.document_as(store, subject, &Print::default(), now)
    }

    fn document_as(
        &self,
        store: &MetricsStore,
        subject: &Subject,
        print: &Print,
        now: DateTime<Utc>,
    ) -> Result<Document, RunError> {
        let local_now = now.with_timezone(&self.config.timezone);
        let job = subject.job;
        let ind = indicators::compute(&subject.metrics, store, subject.assembly.as_ref());
        let facts = IssueFacts {
            series: self.config.series.clone(),
            issue_number: print.issue_number,
            issuer: job.issuer.clone(),
            issue_date: print.date.unwrap_or(local_now.date_naive()),
            marking: self.config.marking.clone(),
            distribution: job.distribution.clone(),
            copies: self.config.copies,
            metrics_file: subject.metrics.file.display().to_string(),
            draft: print.draft,
        };
        document::build(&ind, &facts, &self.wording).map_err(RunError::Template)
    }

    /// As [`Engine::lay_out`], printed as `print` says.
    pub(crate) fn lay_out_as(
        &self,
        store: &MetricsStore,
        subject: &Subject,
        print: Print,
        now: DateTime<Utc>,
    ) -> Result<(layout::LaidOut, PdfMeta), RunError> {
        let local_now = now.with_timezone(&self.config.timezone);
        let doc = self.document_as(store, subject, &print, now)?;
        // The region's name is printed in the title, the text and the tables: a
        // character no font has is blamed on region.name, not on the first template
        // that prints it.
        let name = &subject.metrics.data.region.name;
        let origin = format!(
            "{}:{}:{}: region.name",
            subject.metrics.file.display(),
            name.referenced.line(),
            name.referenced.column()
        );
        let mut missing = Vec::new();
        for role in [FontRole::Title, FontRole::Body, FontRole::Heading] {
            self.book
                .check_coverage(role, &name.value, &origin, &mut missing);
        }
        if !missing.is_empty() {
            return Err(RunError::Glyphs(missing));
        }
        let missing = layout::check_glyphs(&doc, &self.book, &self.config.file);
        if !missing.is_empty() {
            return Err(RunError::Glyphs(missing));
        }
        let mut laid = layout::layout(&doc, &self.book);
        if print.draft {
            layout::mark_draft(&mut laid, &self.book);
        }
        let meta = PdfMeta {
            title: doc.meta.title.clone(),
            author: doc.meta.author.clone(),
            subject: doc.meta.subject.clone(),
            keywords: doc.meta.keywords.clone(),
            created: local_now.fixed_offset(),
            creator: format!("sw-briefing {}", env!("CARGO_PKG_VERSION")),
        };
        Ok((laid, meta))
    }
}

/// Writes a preview: a working file, replaced atomically (a temp file in the same
/// folder, then a rename over the old preview) and left writable (0644). The archive's
/// rules (never replace, read-only) are not for it; but a preview is never written
/// into the archive folder, where it would pass for a filed briefing.
fn write_preview(out: &Path, bytes: &[u8], archive_dir: &Path) -> Result<(), RunError> {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    let fail = |message: String, help: String| RunError::Preview {
        path: out.to_path_buf(),
        message,
        help,
    };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (real_dir, real_archive) = (real(dir), real(archive_dir));
    if real_dir.starts_with(&real_archive) {
        return Err(fail(
            tr!("preview-inside-archive", archive = archive_dir),
            tr!("preview-inside-archive-help"),
        ));
    }
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            return Err(fail(
                tr!("preview-not-a-folder", dir = dir),
                tr!("preview-not-a-folder-help"),
            ))
        }
        Err(e) => {
            return Err(fail(
                tr!(
                    "preview-folder-unusable",
                    dir = dir,
                    error = crate::i18n::io_words(&e)
                ),
                tr!("preview-folder-unusable-help"),
            ))
        }
    }
    if let Ok(meta) = std::fs::metadata(out) {
        if !meta.is_file() {
            return Err(fail(
                tr!(
                    "preview-not-a-file",
                    kind = crate::yaml::file_kind_words(crate::yaml::file_kind(&meta.file_type()))
                ),
                tr!("preview-not-a-file-help"),
            ));
        }
    }
    let io_fail = |action: &str, e: std::io::Error| {
        let error = crate::i18n::io_words(&e);
        fail(
            match action {
                "creating" => tr!("preview-create-failed", error = error),
                "replacing" => tr!("preview-replace-failed", error = error),
                _ => tr!("preview-write-failed", error = error),
            },
            match e.kind() {
                std::io::ErrorKind::PermissionDenied => tr!("preview-help-permission"),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    tr!("preview-help-disk-full")
                }
                std::io::ErrorKind::InvalidFilename => tr!("preview-help-name-too-long"),
                _ => tr!("preview-help-other"),
            },
        )
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".preview-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io_fail("creating", e))?;
    temp.write_all(bytes).map_err(|e| io_fail("writing", e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| io_fail("writing", e))?;
    std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
        .map_err(|e| io_fail("writing", e))?;
    temp.persist(out)
        .map_err(|e| io_fail("replacing", e.error))?;
    Ok(())
}
