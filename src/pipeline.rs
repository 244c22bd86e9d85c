//! One run of the pipeline: config and fonts once, then for each requested region
//! metrics → indicators → document → layout → PDF → archive, each under a span.

use crate::archive::seal::{self, Briefing, InputFile};
use crate::archive::{self, ArchiveError, Locked, PackageName, Plan};
use crate::assemble::Assembly;
use crate::config::{Config, RegionJob};
use crate::document::{self, wording::Wording, Document, IssueFacts};
use crate::fonts::{FontBook, FontError, FontRole, MissingGlyph};
use crate::indicators;
use crate::layout;
use crate::metrics::{Metrics, MetricsStore};
use crate::pdf::{self, PdfError, PdfFonts, PdfMeta};
use crate::period::Period;
use crate::problem::Problems;
use chrono::{DateTime, Utc};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Why a run or a briefing failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Invalid(Problems),
    #[error("{0}")]
    Font(#[from] FontError),
    #[error("{}", .0.iter().map(|m| format!("error: {m}")).collect::<Vec<_>>().join("\n"))]
    Glyphs(Vec<MissingGlyph>),
    #[error("{0}")]
    Template(String),
    #[error("{0}")]
    Pdf(#[from] PdfError),
    #[error("{0}")]
    Archive(#[from] ArchiveError),
    #[error("making the briefing failed unexpectedly: {0}\n  help: this is a bug in sw-briefing; nothing was filed for this region, the others were made; please report it with the log")]
    Internal(String),
    #[error("no metrics on file for region {code}{period}\n  help: {hint}")]
    NoData {
        code: String,
        period: String,
        hint: String,
    },
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
}

impl Outcome {
    pub fn path(&self) -> &Path {
        match self {
            Outcome::Created { path, .. }
            | Outcome::Revised { path, .. }
            | Outcome::Existing { path, .. }
            | Outcome::Changed { path, .. }
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

/// What to do for one region, decided under the archive lock.
pub(crate) enum Decision<'s> {
    /// Nothing to make.
    Done(Outcome),
    Make(Pending<'s>),
}

/// A briefing to make: its data, and the 期号 and name it will be filed under.
pub(crate) struct Pending<'s> {
    pub job: &'s RegionJob,
    pub period: Period,
    pub metrics: Cow<'s, Metrics>,
    pub assembly: Option<Assembly>,
    pub name: PackageName,
    pub region_dir_name: String,
    /// The metrics files the briefing is made from ([`indicators::input_files`]).
    pub inputs: Vec<&'s Metrics>,
    /// The package of the same period this one revises, if any.
    pub latest: Option<archive::Filed>,
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
        let wording =
            Wording::load(&wording_path(&config), &full_context()).map_err(RunError::Invalid)?;
        let book = FontBook::load(&config.fonts)?;
        let pdf_fonts = PdfFonts::new(&book);
        Ok(Engine {
            config,
            book,
            pdf_fonts,
            wording,
        })
    }

    /// Every metrics file, all problems, and which regions have them. Periods that
    /// have not begun by `now` are refused: they are typing mistakes, not data.
    pub fn load_metrics_at(&self, now: DateTime<Utc>) -> crate::metrics::Loaded {
        self.load_metrics(now, None, None)
    }

    /// As [`Engine::load_metrics_at`]; with `regions`, only what their briefings on
    /// `period` (the latest on file when `None`) read: their own files and their
    /// peers' for that period (see [`crate::metrics::load_regions_tolerant`]).
    pub fn load_metrics(
        &self,
        now: DateTime<Utc>,
        regions: Option<&std::collections::BTreeSet<String>>,
        period: Option<Period>,
    ) -> crate::metrics::Loaded {
        let dir = &self.config.metrics_dir;
        let mut loaded = match regions {
            None => crate::metrics::load_dir_tolerant(dir),
            Some(codes) => crate::metrics::load_regions_tolerant(dir, codes, |store, code| {
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
                    crate::problem::Problem::new(
                        &m.file,
                        m.data.period.referenced.line(),
                        m.data.period.referenced.column(),
                        format!("period {period} has not begun yet (today is {today})"),
                    )
                    .with_hint("check the year and month of `period` and the file name"),
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

    /// Makes (or finds) the briefing for one region and period and files it.
    pub fn issue(
        &self,
        store: &MetricsStore,
        job: &RegionJob,
        period: Option<Period>,
        now: DateTime<Utc>,
        preview: Option<&Path>,
    ) -> Result<Outcome, RunError> {
        self.issue_with(store, job, period, now, preview, false)
    }

    /// As [`Engine::issue`]; with `revise`, a period whose metrics changed since it was
    /// issued gets a revision (same 期号, next revision number).
    pub fn issue_with(
        &self,
        store: &MetricsStore,
        job: &RegionJob,
        period: Option<Period>,
        now: DateTime<Utc>,
        preview: Option<&Path>,
        revise: bool,
    ) -> Result<Outcome, RunError> {
        if let Some(out) = preview {
            let period = self.period_for(store, job, period)?;
            let _entered = briefing_span(job, &period).entered();
            let (metrics, assembly) = self.resolve(store, job, period)?;
            let bytes = self.render(store, &metrics, assembly.as_ref(), job, 0, now)?;
            archive::write_new(out, &bytes)?;
            return Ok(Outcome::Preview {
                path: out.to_path_buf(),
            });
        }
        let mut outcome = None;
        self.issue_many(
            store,
            &[Request { job, period }],
            now,
            revise,
            &|| true,
            |_, result| outcome = Some(result),
        )?;
        outcome.expect("a batch of one reports its one briefing")
    }

    /// The period to report on: the one asked for, or the latest on file.
    pub(crate) fn period_for(
        &self,
        store: &MetricsStore,
        job: &RegionJob,
        period: Option<Period>,
    ) -> Result<Period, RunError> {
        period
            .or_else(|| Self::latest_period(store, &job.code))
            .ok_or_else(|| RunError::NoData {
                code: job.code.clone(),
                period: String::new(),
                hint: format!(
                    "add a metrics file for it under {}",
                    self.config.metrics_dir.display()
                ),
            })
    }

    fn resolve<'s>(
        &self,
        store: &'s MetricsStore,
        job: &RegionJob,
        period: Period,
    ) -> Result<(Cow<'s, Metrics>, Option<Assembly>), RunError> {
        crate::assemble::resolve(store, &job.code, period).ok_or_else(|| RunError::NoData {
            code: job.code.clone(),
            period: format!(" and period {period}"),
            hint: format!(
                "add {period}.yaml to the region's folder under {}, or choose another --period",
                self.config.metrics_dir.display()
            ),
        })
    }

    /// Decides, under the archive lock, what to do for one region: nothing (filed
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
    ) -> Result<Decision<'s>, RunError> {
        let period = self.period_for(store, job, period)?;
        let _entered = briefing_span(job, &period).entered();
        let (metrics, assembly) = self.resolve(store, job, period)?;
        let issue_year =
            chrono::Datelike::year(&now.with_timezone(&self.config.timezone).date_naive());
        let region_dir_name = archive::region_dir_name(&job.code, metrics.name());
        let filed = archive::list_region(&lock.root().join(&region_dir_name))?;
        let inputs: Vec<&'s Metrics> = indicators::input_files(&metrics, store, assembly.as_ref());
        let referenced: Vec<InputFile> = inputs
            .iter()
            .map(|m| InputFile::referenced(&self.config.metrics_dir, &m.file, &m.source))
            .collect();
        let inputs_sha256 = seal::inputs_sha256(&referenced);
        let latest = archive::latest_for(&filed, &self.config.series, &period).cloned();
        let latest_record = latest.as_ref().map(seal::read_record).transpose()?;
        let latest_inputs = latest_record.as_ref().map(|r| r.inputs_sha256.as_str());
        Ok(
            match archive::plan(
                &filed,
                &self.config.series,
                period,
                issue_year,
                latest_inputs,
                &inputs_sha256,
                revise,
            ) {
                Plan::Unchanged(f) => {
                    tracing::info!(path = %f.dir.display(), "already filed from the same data; nothing to do");
                    Decision::Done(Outcome::Existing {
                        path: f.pdf(),
                        issue_number: f.name.issue_number,
                    })
                }
                Plan::Changed(f) => {
                    let now_inputs: Vec<(String, String)> = referenced
                        .iter()
                        .map(|i| (i.source.clone(), i.sha256.clone()))
                        .collect();
                    let changes = archive::metadata::input_changes(
                        latest_record
                            .as_ref()
                            .map(|r| r.inputs.as_slice())
                            .unwrap_or_default(),
                        &now_inputs,
                    );
                    Decision::Done(Outcome::Changed {
                        path: f.pdf(),
                        issue_number: f.name.issue_number,
                        revision: f.name.revision,
                        changes,
                    })
                }
                Plan::Issue(name) => Decision::Make(Pending {
                    job,
                    period,
                    metrics,
                    assembly,
                    name,
                    region_dir_name,
                    inputs,
                    latest,
                }),
            },
        )
    }

    /// Files a rendered briefing: its package is built and sealed under the lock.
    pub(crate) fn seal_pending(
        &self,
        lock: &Locked,
        pending: &Pending,
        rendered: Rendered,
        now: DateTime<Utc>,
    ) -> Result<Outcome, RunError> {
        let Pending {
            job,
            period,
            metrics,
            name,
            region_dir_name,
            latest,
            ..
        } = pending;
        let _entered = briefing_span(job, period).entered();
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
            .collect::<Result<Vec<_>, _>>()?;
        let local_now = now.with_timezone(&self.config.timezone);
        let briefing = Briefing {
            region_code: &job.code,
            region_name: metrics.name(),
            name: name.clone(),
            pdf: &rendered.pdf,
            title: &rendered.title,
            issuer: &job.issuer,
            issue_date: local_now.date_naive(),
            created: local_now.fixed_offset(),
            retention: &self.config.retention,
            marking: self.config.marking.as_deref(),
            inputs: &inputs,
            revises: latest.as_ref().map(|f| f.name.dir_name()),
        };
        let filed = lock.seal(region_dir_name, &briefing, now)?;
        tracing::info!(
            path = %filed.dir.display(),
            issue_number = name.issue_number,
            revision = name.revision,
            bytes = rendered.pdf.len(),
            render_ms = rendered.took.as_secs_f64() * 1000.0,
            "briefing filed"
        );
        Ok(if name.revision > 1 {
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
        })
    }

    /// Renders a decided briefing. Pure apart from reading parsed fonts: runs on any thread.
    pub(crate) fn render_pending(
        &self,
        store: &MetricsStore,
        pending: &Pending,
        now: DateTime<Utc>,
    ) -> Result<Rendered, RunError> {
        let _entered = briefing_span(pending.job, &pending.period).entered();
        // Test hook, left out of the user documentation: a bug while rendering one
        // region's briefing, to check that the others are still made.
        if std::env::var_os("SW_BRIEFING_TEST_PANIC_IN")
            .is_some_and(|code| code == pending.job.code.as_str())
        {
            panic!("test hook: rendering region {} panicked", pending.job.code);
        }
        let started = std::time::Instant::now();
        let (laid, meta) = self.lay_out(
            store,
            &pending.metrics,
            pending.assembly.as_ref(),
            pending.job,
            pending.name.issue_number,
            now,
        )?;
        Ok(Rendered {
            pdf: pdf::render(&laid, &self.book, &self.pdf_fonts, &meta)?,
            title: meta.title,
            took: started.elapsed(),
        })
    }

    /// Builds the PDF bytes for one briefing; pure apart from reading parsed fonts.
    pub fn render(
        &self,
        store: &MetricsStore,
        metrics: &Metrics,
        assembly: Option<&Assembly>,
        job: &RegionJob,
        issue_number: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, RunError> {
        let (laid, meta) = self.lay_out(store, metrics, assembly, job, issue_number, now)?;
        Ok(pdf::render(&laid, &self.book, &self.pdf_fonts, &meta)?)
    }

    /// Everything up to the laid-out pages and the PDF's metadata.
    pub fn lay_out(
        &self,
        store: &MetricsStore,
        metrics: &Metrics,
        assembly: Option<&Assembly>,
        job: &RegionJob,
        issue_number: u32,
        now: DateTime<Utc>,
    ) -> Result<(layout::LaidOut, PdfMeta), RunError> {
        let local_now = now.with_timezone(&self.config.timezone);
        let ind = indicators::compute(metrics, store, assembly);
        let facts = IssueFacts {
            series: self.config.series.clone(),
            issue_number,
            issuer: job.issuer.clone(),
            issue_date: local_now.date_naive(),
            marking: self.config.marking.clone(),
            distribution: job.distribution.clone(),
            copies: self.config.copies,
            metrics_file: metrics.file.display().to_string(),
        };
        let doc = document::build(&ind, &facts, &self.wording).map_err(RunError::Template)?;
        let missing = check_glyphs(&doc, &self.book, &self.config.file);
        if !missing.is_empty() {
            return Err(RunError::Glyphs(missing));
        }
        let laid = layout::layout(&doc, &self.book);
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

/// Every character to be printed, checked against its role's fonts and fallbacks.
pub fn check_glyphs(doc: &Document, book: &FontBook, config_file: &Path) -> Vec<MissingGlyph> {
    let mut missing = Vec::new();
    let config = config_file.display().to_string();
    let m = &doc.masthead;
    book.check_coverage(
        FontRole::Title,
        &m.series,
        &format!("{config}: series"),
        &mut missing,
    );
    book.check_coverage(
        FontRole::Body,
        &m.issuer,
        &format!("{config}: issuer"),
        &mut missing,
    );
    if let Some(marking) = &m.marking {
        book.check_coverage(
            FontRole::Heading,
            marking,
            &format!("{config}: marking"),
            &mut missing,
        );
    }
    book.check_coverage(FontRole::Title, &doc.title, "wording: title", &mut missing);
    for block in &doc.blocks {
        match block {
            document::Block::Heading { level, text } => {
                let role = if *level == 1 {
                    FontRole::Heading
                } else {
                    FontRole::Kai
                };
                book.check_coverage(role, text, "wording: section heading", &mut missing);
            }
            document::Block::Paragraph { text, origin }
            | document::Block::Note { text, origin } => {
                book.check_coverage(FontRole::Body, text, origin, &mut missing)
            }
            document::Block::Table(t) => {
                for cell in t
                    .header
                    .iter()
                    .chain(t.rows.iter().flatten())
                    .chain(std::iter::once(&t.caption))
                {
                    book.check_coverage(
                        FontRole::Body,
                        cell,
                        &format!("table {}", t.caption),
                        &mut missing,
                    );
                    book.check_coverage(
                        FontRole::Heading,
                        cell,
                        &format!("table {}", t.caption),
                        &mut missing,
                    );
                }
            }
            document::Block::Chart(c) => {
                for label in c
                    .categories
                    .iter()
                    .chain(c.bars.iter().map(|b| &b.0))
                    .chain(std::iter::once(&c.caption))
                {
                    book.check_coverage(
                        FontRole::Heading,
                        label,
                        &format!("chart {}", c.caption),
                        &mut missing,
                    );
                }
            }
        }
    }
    for (_, names) in &doc.end_block.lines {
        book.check_coverage(
            FontRole::Body,
            names,
            &format!("{config}: distribution"),
            &mut missing,
        );
    }
    missing
}

/// A template context in which every field is present, for checking the wording.
pub fn full_context() -> minijinja::Value {
    use crate::indicators::*;
    use crate::metrics::Qualifier;
    let tracked = || {
        Some(Tracked {
            value: 10.0,
            qualifier: Qualifier::Exact,
            change: Some(change(10.0, 8.0)),
            record_high: true,
            history_from: Some("2019年".into()),
        })
    };
    let named = || {
        vec![Named {
            name: "示例".into(),
            value: 1.0,
            qualifier: Qualifier::Exact,
        }]
    };
    let ind = Indicators {
        region: "示例市".into(),
        code: "990100".into(),
        parent: Some("示例省".into()),
        period: "2023".into(),
        period_name: "2023年".into(),
        period_word: "全年",
        scope: "全市".into(),
        comparison_word: "同比",
        previous_period_name: "2022年".into(),
        illustrative: true,
        source: Some("示例".into()),
        assembled_from: vec!["2023年第一季度".into()],
        missing_months: vec!["2023年12月".into()],
        posts: tracked(),
        new_posts: tracked(),
        new_posts_by_field: named(),
        workers: tracked(),
        honours: named(),
        funding_total: tracked(),
        channels: vec![ChannelShare {
            name: "示例".into(),
            amount: Some(crate::metrics::Figure::exact(1.0)),
            share_percent: Some(10.0),
        }],
        registrants: tracked(),
        passes: tracked(),
        pass_rate: Some(20.0),
        pass_rate_change_points: Some(1.0),
        certified_share: Some(Named {
            name: "持证率".into(),
            value: 50.0,
            qualifier: Qualifier::Over,
        }),
        rank: Some(Rank {
            rank: 2,
            among: "全省".into(),
            basis: "示例".into(),
            computed: true,
        }),
        allowances: named(),
        person_times: tracked(),
        pre_exam_months: Some(2.0),
        central_training_days: Some(2.0),
        training_hours_per_worker: Some(40.0),
        supervision_hours_per_worker: Some(24.0),
        coverage: vec![Coverage {
            level: "示例".into(),
            built: 1.0,
            total: Some(2.0),
            percent: Some(50.0),
            full: false,
        }],
        targets: vec![target_progress(
            "示例",
            Some(6.0),
            Some(1.0),
            chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
            chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        )],
        subregions: vec![SubregionRow {
            name: "示例县".into(),
            workers: Some(1.0),
            stations_built: Some(1.0),
            stations_total: Some(2.0),
            coverage_percent: Some(50.0),
        }],
        highlights: vec!["示例".into()],
        next_steps: vec!["示例".into()],
        series: vec![],
    };
    let facts = IssueFacts {
        series: "社会工作简报".into(),
        issue_number: 1,
        issuer: "示例".into(),
        issue_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap(),
        marking: None,
        distribution: Default::default(),
        copies: None,
        metrics_file: String::new(),
    };
    document::context(&ind, &facts)
}
