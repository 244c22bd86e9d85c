//! Micro-benchmarks of the pipeline's stages on one synthetic county briefing
//! (six pages, three charts): metrics loading, indicators, document building, the
//! glyph check, layout, font parsing on first use, PDF writing and the whole render.
//!
//! cargo bench --bench stages            # all
//! cargo bench --bench stages -- layout  # those whose name contains "layout"
//!
//! Under `cargo test --all-targets` each benchmark runs once, as a smoke test.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use sw_briefing::app::engine::Engine;
use sw_briefing::document::{self, IssueFacts};
use sw_briefing::fonts::FontBook;
use sw_briefing::metrics::{Metrics, MetricsStore};
use sw_briefing::pdf::{self, PdfFonts};
use sw_briefing::{indicators, layout};

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

/// Enough regions that every one has peers to be ranked among.
const REGIONS: usize = 30;

struct Fixture {
    _dir: tempfile::TempDir,
    engine: Engine,
    store: MetricsStore,
    code: String,
    now: chrono::DateTime<chrono::Utc>,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("a temp folder");
        let project =
            synthetic::write_project(dir.path(), REGIONS, Path::new(env!("CARGO_MANIFEST_DIR")))
                .expect("the synthetic project is written");
        let engine = Engine::load(&project.config).unwrap_or_else(|e| panic!("{e}"));
        let now = chrono::DateTime::from_timestamp(1_704_420_000, 0).expect("a valid time");
        let loaded = engine.load_metrics_at(now);
        assert!(loaded.problems.is_empty(), "{}", loaded.problems);
        let store = loaded.store;
        let code = synthetic::region(0).code;
        Fixture {
            _dir: dir,
            engine,
            store,
            code,
            now,
        }
    }

    fn metrics(&self) -> &Metrics {
        let period = Engine::latest_period(&self.store, &self.code).expect("the region has data");
        self.store
            .get(&self.code, &period)
            .expect("the latest period is on file")
    }

    fn facts(&self) -> IssueFacts {
        let config = &self.engine.config;
        let job = config.region(&self.code).expect("the region is configured");
        IssueFacts {
            series: config.series.clone(),
            issue_number: Some(1),
            issuer: job.issuer.clone(),
            issue_date: self.now.with_timezone(&config.timezone).date_naive(),
            marking: config.marking.clone(),
            distribution: job.distribution.clone(),
            copies: config.copies,
            metrics_file: self.metrics().file.display().to_string(),
            draft: false,
        }
    }
}

fn stages(c: &mut Criterion) {
    let f = Fixture::new();
    let engine = &f.engine;
    let metrics = f.metrics();
    let job = engine
        .config
        .region(&f.code)
        .expect("the region is configured");

    c.bench_function("metrics/load_file", |b| {
        b.iter(|| sw_briefing::app::load::load_file(black_box(&metrics.file)).expect("valid"))
    });
    {
        let mut group = c.benchmark_group("metrics");
        group.sample_size(10);
        group.bench_function(format!("load_dir_{}_files", REGIONS * 9), |b| {
            b.iter(|| {
                sw_briefing::app::load::load_dir(black_box(&engine.config.metrics_dir))
                    .expect("valid")
            })
        });
        group.finish();
    }

    c.bench_function("indicators/compute", |b| {
        b.iter(|| indicators::compute(black_box(metrics), &f.store, None))
    });

    let ind = indicators::compute(metrics, &f.store, None);
    let facts = f.facts();
    c.bench_function("document/build", |b| {
        b.iter(|| {
            document::build(black_box(&ind), &facts, &engine.wording).expect("the wording renders")
        })
    });

    let doc = document::build(&ind, &facts, &engine.wording).expect("the wording renders");
    c.bench_function("document/check_glyphs", |b| {
        b.iter(|| layout::check_glyphs(black_box(&doc), &engine.book, &engine.config.file))
    });

    c.bench_function("layout/layout", |b| {
        b.iter(|| layout::layout(black_box(&doc), &engine.book))
    });

    {
        let mut group = c.benchmark_group("fonts");
        group.sample_size(10);
        group.bench_function("font_book_load", |b| {
            b.iter(|| FontBook::load(black_box(&engine.config.fonts)).expect("fonts load"))
        });
        // printpdf's parse of every face, as the first briefing of a process pays it.
        group.bench_function("pdf_fonts_first_use", |b| {
            b.iter(|| {
                let fonts = PdfFonts::new(&engine.book);
                fonts.parse_all(&engine.book).expect("fonts parse");
                fonts
            })
        });
        group.finish();
    }

    // The pages and metadata exactly as the pipeline makes them.
    let subject = engine
        .subject(&f.store, job, Some(metrics.period()))
        .expect("the region has data");
    let (laid, meta) = engine
        .lay_out(&f.store, &subject, Some(1), f.now)
        .expect("the briefing lays out");
    engine
        .pdf_fonts
        .parse_all(&engine.book)
        .expect("fonts parse");
    c.bench_function("pdf/render", |b| {
        b.iter(|| {
            pdf::render(black_box(&laid), &engine.book, &engine.pdf_fonts, &meta)
                .expect("the PDF is written")
        })
    });

    c.bench_function("briefing/render", |b| {
        b.iter(|| {
            engine
                .render(&f.store, black_box(&subject), Some(1), f.now)
                .expect("the briefing renders")
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
