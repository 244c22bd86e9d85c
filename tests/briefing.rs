//! End to end: the binary makes real briefings from the sample data, and external
//! tools that no one here wrote check them (poppler's pdffonts, pdftotext, pdfinfo,
//! and qpdf).

mod common;
use common::*;

/// Where the 湘潭市 briefing of the sample data is filed: the PDF inside its package.
const XIANGTAN_PDF: &str =
    "430300-湘潭市/2024/社会工作简报-2024年第01期-2023/data/社会工作简报-2024年第01期-2023.pdf";

fn make_sample() -> (Project, Run) {
    let project = Project::new();
    let run = project.run(&["--now"]);
    run.assert_ok();
    (project, run)
}

#[test]
fn now_files_one_briefing_per_region_and_prints_the_paths() {
    let (project, run) = make_sample();
    let pdfs = run.pdfs();
    assert_eq!(pdfs.len(), 2, "{}", run.stdout);
    for pdf in &pdfs {
        let path = project.path().join(pdf);
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-"),
            "{} is not a PDF",
            pdf.display()
        );
        assert!(
            bytes.len() < 300 * 1024,
            "{} is {} bytes, over 300 KB",
            pdf.display(),
            bytes.len()
        );
        assert!(
            path.starts_with(project.reports()),
            "{} is outside reports/",
            path.display()
        );
        assert!(
            std::fs::metadata(&path).unwrap().permissions().readonly(),
            "filed briefings are read-only"
        );
    }
    assert!(pdfs.iter().any(|p| p.ends_with(XIANGTAN_PDF)), "{pdfs:?}");
}

#[test]
fn every_font_is_embedded_subset_and_mapped_to_unicode() {
    let (project, run) = make_sample();
    for pdf in run.pdfs() {
        let out = tool("pdffonts", &[project.path().join(&pdf).to_str().unwrap()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let rows: Vec<&str> = out.stdout.lines().skip(2).collect();
        assert!(
            rows.len() >= 3,
            "expected the serif, bold serif and sans faces:\n{}",
            out.stdout
        );
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            // … emb sub uni object ID
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "font not embedded/subset/unicode-mapped: {row}"
            );
            let name = cols[0];
            assert!(
                name.len() > 7
                    && name.as_bytes()[6] == b'+'
                    && name[..6].bytes().all(|b| b.is_ascii_uppercase()),
                "subset tag missing: {name}"
            );
        }
    }
}

#[test]
fn text_comes_back_in_reading_order_with_the_key_figures() {
    let (project, _) = make_sample();
    let xiangtan = project.reports().join(XIANGTAN_PDF);
    let text = squashed_text(&xiangtan);
    for phrase in [
        "社会工作简报",
        "第1期",
        "湘潭市民政局",
        "2024年1月5日",
        "湘潭市2023年社会工作人才队伍建设情况",
        "报名1705人",
        "通过426人",
        "24.99%",
        "报名人数和通过人数均创历史新高",
        "居全省第二",
        "新增乡镇禁毒社工岗位70个",
        "助理社会工作师每月100元",
        "2000余人次",
        "乡镇（街道）社会工作站70个",
        "实现全覆盖",
        "报：湖南省民政厅。",
        "—1—",
    ] {
        assert!(text.contains(phrase), "missing {phrase:?} in:\n{text}");
    }
    let order = [
        "内部资料",
        "社会工作简报",
        "第1期",
        "一、总体情况",
        "二、人才队伍建设",
        "三、职业资格与待遇",
        "四、培训督导",
        "五、站点覆盖",
        "六、下一步工作",
        "报：",
        "送：",
        "发：",
        "印发",
    ];
    let mut last = 0;
    for heading in order {
        let at = text[last..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order after byte {last}"));
        last += at + heading.len();
    }
    assert!(
        !text.contains("none") && !text.contains("null") && !text.contains("undefined"),
        "a blank value leaked into the text"
    );
}

#[test]
fn funding_total_is_stated_for_xiangtan_2022() {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "430300", "--period", "2022"]);
    run.assert_ok();
    let text = squashed_text(&project.path().join(&run.pdfs()[0]));
    assert!(text.contains("1150余万元"), "{text}");
    assert!(
        text.contains("困难群众救助补助资金按2%切块、政府财政投入和福彩公益金三个渠道"),
        "{text}"
    );
}

#[test]
fn qpdf_finds_no_errors_and_metadata_is_chinese() {
    let (project, run) = make_sample();
    for pdf in run.pdfs() {
        let path = project.path().join(&pdf);
        let check = tool("qpdf", &["--check", path.to_str().unwrap()]);
        assert_eq!(
            check.code, 0,
            "qpdf --check: {}{}",
            check.stdout, check.stderr
        );
        let info = tool("pdfinfo", &[path.to_str().unwrap()]).stdout;
        assert!(info.contains("社会工作人才队伍建设情况"), "title:\n{info}");
        assert!(
            info.lines()
                .any(|l| l.starts_with("Author:") && l.contains("民政局")),
            "author:\n{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Subject:") && l.contains("社会工作简报")),
            "subject:\n{info}"
        );
        assert!(
            info.contains("Page size:       595.276 x 841.89 pts (A4)"),
            "page size:\n{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("CreationDate:") && l.contains("2024")),
            "date:\n{info}"
        );
    }
}

#[test]
fn a_second_run_changes_nothing_and_reports_the_existing_files() {
    let (project, first) = make_sample();
    let before: Vec<Vec<u8>> = first
        .pdfs()
        .iter()
        .map(|p| std::fs::read(project.path().join(p)).unwrap())
        .collect();
    let archive_before = snapshot(&project.reports());
    let second = project.run(&["--now"]);
    second.assert_ok();
    assert_eq!(first.pdfs(), second.pdfs());
    assert!(second.stderr.contains("already filed"), "{}", second.stderr);
    let after: Vec<Vec<u8>> = second
        .pdfs()
        .iter()
        .map(|p| std::fs::read(project.path().join(p)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        snapshot(&project.reports()),
        archive_before,
        "nothing in the archive changes: packages, ledger, index"
    );
    let files = walk(&project.reports());
    assert_eq!(
        files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
            .count(),
        2,
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|f| f.to_string_lossy().contains(".partial-")),
        "temp files left behind: {files:?}"
    );
}

#[test]
fn a_new_period_gets_the_next_issue_number() {
    let project = Project::new();
    project
        .run(&["--now", "--region", "990100", "--period", "2022"])
        .assert_ok();
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains("2024年第02期-2023/data/社会工作简报-2024年第02期-2023.pdf"),
        "{}",
        run.stdout
    );
    assert!(squashed_text(&project.path().join(&run.pdfs()[0])).contains("第2期"));
}

#[test]
fn same_inputs_and_clock_give_identical_bytes() {
    let (a, run_a) = make_sample();
    let (b, run_b) = make_sample();
    for (pa, pb) in run_a.pdfs().iter().zip(run_b.pdfs()) {
        assert_eq!(
            std::fs::read(a.path().join(pa)).unwrap(),
            std::fs::read(b.path().join(pb)).unwrap(),
            "{} differs between runs",
            pa.display()
        );
    }
}

#[test]
fn preview_goes_outside_the_archive() {
    let project = Project::new();
    let out = project.path().join("preview.pdf");
    project
        .run(&[
            "--now",
            "--region",
            "990100",
            "--output",
            out.to_str().unwrap(),
        ])
        .assert_ok();
    assert!(out.exists());
    assert!(
        walk(&project.reports()).is_empty(),
        "a preview must not be filed"
    );
}

#[test]
fn check_validates_without_making_anything() {
    let project = Project::new();
    let run = project.run(&["check"]);
    run.assert_ok();
    assert!(run.stdout.contains("11 metrics file(s)"), "{}", run.stdout);
    assert!(walk(&project.reports()).is_empty());
}

pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().unwrap().is_dir() {
                out.extend(walk(&e.path()));
            } else if !e.file_name().to_string_lossy().starts_with(".lock") {
                out.push(e.path());
            }
        }
    }
    out
}

#[test]
fn json_logs_carry_region_and_period_on_every_report_line() {
    let project = Project::new();
    let run = project.run(&["--now", "--json-logs"]);
    run.assert_ok();
    let events: Vec<serde_json::Value> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("each log line is JSON"))
        .collect();
    let filed: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["fields"]["message"] == "briefing filed")
        .collect();
    assert_eq!(filed.len(), 2, "{}", run.stderr);
    for event in filed {
        let span = &event["span"];
        assert_eq!(span["name"], "briefing", "{event}");
        assert!(
            span["region"].is_string() && span["period"].is_string(),
            "{event}"
        );
    }
}

#[test]
fn the_pdf_has_an_outline_of_the_sections() {
    let (project, run) = make_sample();
    let doc = lopdf::Document::load(project.path().join(&run.pdfs()[0])).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut titles = Vec::new();
    let mut next = outlines
        .get(b"First")
        .ok()
        .and_then(|o| o.as_reference().ok());
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let bytes = item.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        titles.push(String::from_utf16(&units).unwrap());
        next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    assert_eq!(
        titles.first().map(String::as_str),
        Some("一、总体情况"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.ends_with("下一步工作")),
        "{titles:?}"
    );
}

#[test]
fn a_briefing_rendered_after_the_fonts_are_released_is_the_same() {
    // The service releases printpdf's parsed fonts and the font pages after each step;
    // the next briefing parses them again and must come out byte for byte the same.
    let engine = sw_briefing::app::engine::Engine::load(
        &std::path::Path::new(REPO).join("config/briefing.yaml"),
    )
    .unwrap();
    let now = chrono::DateTime::from_timestamp(1_704_420_000, 0).unwrap();
    let loaded = engine.load_metrics_at(now);
    let job = engine.config.region("430300").unwrap();
    let period = sw_briefing::model::period::Period::Year(2023);
    let subject = engine.subject(&loaded.store, job, Some(period)).unwrap();
    let render = || {
        engine
            .render(&loaded.store, &subject, Some(1), now)
            .unwrap()
    };
    let first = render();
    engine.release_caches();
    let second = render();
    assert!(first.starts_with(b"%PDF-") && first.len() > 10_000);
    assert!(
        first == second,
        "the briefing changed after the fonts were released"
    );
}
