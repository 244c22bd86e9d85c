//! The laid-out pages: a snapshot of every positioned item guards the layout against
//! accidental change, and geometric checks hold for every page of both samples.
//! Set UPDATE_SNAPSHOTS=1 to rewrite the snapshot after an intended change.

mod common;

use std::path::Path;
use sw_briefing::app::engine::Engine;
use sw_briefing::layout::{
    Item, LaidOut, Typesetter, MARGIN_LEFT, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH, TYPE_BOTTOM,
    TYPE_WIDTH,
};
use sw_briefing::model::period::Period;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn lay_out(engine: &Engine, code: &str, period: Period) -> LaidOut {
    let now = chrono::DateTime::from_timestamp(1_704_420_000, 0).unwrap();
    let loaded = engine.load_metrics_at(now);
    assert!(loaded.problems.is_empty(), "{}", loaded.problems);
    let store = loaded.store;
    let job = engine.config.region(code).unwrap();
    let subject = engine.subject(&store, job, Some(period)).unwrap();
    engine.lay_out(&store, &subject, Some(1), now).unwrap().0
}

fn engine() -> Engine {
    Engine::load(&Path::new(REPO).join("config/briefing.yaml")).unwrap()
}

#[test]
fn layout_matches_the_snapshot() {
    let engine = engine();
    for (code, name) in [("990100", "990100-2023"), ("430300", "430300-2023")] {
        let dump = lay_out(&engine, code, Period::Year(2023)).dump();
        let path = Path::new(REPO)
            .join("tests/snapshots")
            .join(format!("{name}.layout.txt"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &dump).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if dump != expected {
            let first = dump
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "layout of {name} changed at line {}:\n  now:  {}\n  was:  {}\nIf intended, rerun with UPDATE_SNAPSHOTS=1 and look at the pages.",
                first + 1,
                dump.lines().nth(first).unwrap_or("<end>"),
                expected.lines().nth(first).unwrap_or("<end>")
            );
        }
    }
}

/// Text boxes: (page, left, top, right, bottom, text).
fn text_boxes(laid: &LaidOut, ts: &Typesetter) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let mut out = Vec::new();
    for (p, page) in laid.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(t) = item {
                let face = ts.book.face(t.face);
                let n = t.text.chars().count() as f32;
                let mut width: f32 = t
                    .text
                    .chars()
                    .map(|c| face.advance_em(c) * t.size)
                    .sum::<f32>()
                    + t.spacing * (n - 1.0);
                // A squeezed full-width comma or stop keeps only its inked left half.
                if t.text
                    .ends_with(|c| sw_briefing::layout::linebreak::SQUEEZABLE.contains(c))
                {
                    width -= t.size * 0.5;
                }
                out.push((
                    p,
                    t.x,
                    t.y - t.size * 0.88,
                    t.x + width,
                    t.y + t.size * 0.12,
                    t.text.clone(),
                ));
            }
        }
    }
    out
}

/// No two text boxes on a page overlap, and all text but the page numbers stays in
/// the type area.
fn assert_text_in_place(code: &str, laid: &LaidOut, ts: &Typesetter) {
    let boxes = text_boxes(laid, ts);
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.1 >= 0.0 && a.3 <= PAGE_WIDTH && a.2 >= 0.0 && a.4 <= PAGE_HEIGHT,
            "{code}: {:?} leaves the page",
            a.5
        );
        let page_number = a.5.starts_with('—');
        if !page_number {
            assert!(
                a.1 >= MARGIN_LEFT - 0.5 && a.3 <= MARGIN_LEFT + TYPE_WIDTH + 0.5,
                "{code}: {:?} leaves the type area sideways ({:.1}–{:.1})",
                a.5,
                a.1,
                a.3
            );
            assert!(
                a.2 >= MARGIN_TOP - 1.0 && a.4 <= TYPE_BOTTOM + 1.0,
                "{code}: {:?} leaves the type area vertically",
                a.5
            );
        }
        for b in &boxes[i + 1..] {
            if a.0 != b.0 {
                continue;
            }
            let w = a.3.min(b.3) - a.1.max(b.1);
            let h = a.4.min(b.4) - a.2.max(b.2);
            assert!(
                !(w > 0.5 && h > 0.5),
                "{code} page {}: {:?} overlaps {:?}",
                a.0 + 1,
                a.5,
                b.5
            );
        }
    }
}

#[test]
fn no_text_overlaps_and_body_text_stays_in_the_type_area() {
    let engine = engine();
    let ts = Typesetter { book: &engine.book };
    for code in ["990100", "430300"] {
        let laid = lay_out(&engine, code, Period::Year(2023));
        assert_text_in_place(code, &laid, &ts);
    }
}

#[test]
fn a_long_issuer_marking_and_series_wrap_or_shrink_without_overlapping() {
    let mut engine = engine();
    let issuer = "湘潭市民政局社会工作和志愿服务科、湘潭市社会工作协会、湘潭市社会工作人才发展促进中心联合编印";
    engine.config.series = "湘潭市社会工作和志愿服务工作情况简报".into();
    engine.config.marking = Some(
        "内部资料 注意保存 仅供各县市区民政局、各乡镇（街道）社会工作站、各有关单位参阅，请勿外传"
            .into(),
    );
    for job in &mut engine.config.regions {
        job.issuer = issuer.into();
    }
    let ts = Typesetter { book: &engine.book };
    let laid = lay_out(&engine, "430300", Period::Year(2023));
    assert_text_in_place("430300 with a long masthead", &laid, &ts);
    let first_page: String = laid.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect();
    for part in ["联合编印", "请勿外传", "情况简报"] {
        assert!(
            first_page.contains(part),
            "{part} is missing from the masthead: {first_page}"
        );
    }
}

#[test]
fn charts_have_labels_legends_and_captions() {
    let engine = engine();
    let text = lay_out(&engine, "990100", Period::Year(2023)).text();
    for label in [
        "报名人数",
        "通过人数",
        "通过率（右轴）",
        "2019年",
        "2023年",
        "图1",
        "社会工作者职业水平考试报名与通过情况",
        "图2",
        "资金来源构成",
        "单位：人",
        "1460",
        "27.05%",
    ] {
        assert!(text.contains(label), "chart label {label:?} missing");
    }
}

#[test]
fn headings_never_end_a_page() {
    let engine = engine();
    for code in ["990100", "430300"] {
        let laid = lay_out(&engine, code, Period::Year(2023));
        for (p, page) in laid.pages.iter().enumerate() {
            let last_text = page
                .items
                .iter()
                .rev()
                .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
                .find(|t| !t.text.starts_with('—'));
            if let Some(t) = last_text {
                let is_heading = t.text.contains('、')
                    && t.text
                        .chars()
                        .next()
                        .is_some_and(|c| "一二三四五六七八九十".contains(c))
                    && t.text.chars().count() < 12;
                assert!(
                    !is_heading,
                    "{code}: page {} ends with the heading {:?}",
                    p + 1,
                    t.text
                );
            }
        }
    }
}

#[test]
fn page_numbers_sit_outside_odd_right_even_left() {
    let engine = engine();
    let laid = lay_out(&engine, "990100", Period::Year(2023));
    assert!(laid.pages.len() >= 3);
    for (i, page) in laid.pages.iter().enumerate() {
        let number = page
            .items
            .iter()
            .find_map(|item| match item {
                Item::Text(t) if t.text == format!("— {} —", i + 1) => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("page {} has no page number", i + 1));
        let centre = MARGIN_LEFT + TYPE_WIDTH / 2.0;
        if i % 2 == 0 {
            assert!(number.x > centre, "odd page {} numbered at the left", i + 1);
        } else {
            assert!(
                number.x < centre,
                "even page {} numbered at the right",
                i + 1
            );
        }
        // 7 mm below the type area, 四号.
        assert!(
            number.y > TYPE_BOTTOM + 15.0 && number.size == 14.0,
            "{number:?}"
        );
    }
}

#[test]
fn every_section_has_a_bookmark_in_order() {
    let engine = engine();
    let laid = lay_out(&engine, "990100", Period::Year(2023));
    let titles: Vec<&str> = laid.outline.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles.first(), Some(&"一、总体情况"), "{titles:?}");
    assert!(titles.len() >= 6, "{titles:?}");
    for pair in laid.outline.windows(2) {
        assert!(
            (pair[0].page, pair[0].y) < (pair[1].page, pair[1].y),
            "bookmarks out of order: {pair:?}"
        );
    }
}

/// The bundled title fits the type area (156 mm): one line (GB/T 9704 7.3.1); titles
/// that wrap are tested in tests/pages.rs.
#[test]
fn a_title_that_fits_stays_on_one_line() {
    let engine = engine();
    let laid = lay_out(&engine, "990100", Period::Year(2023));
    let title_runs: Vec<&sw_briefing::layout::TextRun> = laid.pages[0]
        .items
        .iter()
        .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
        .filter(|t| t.size == 22.0)
        .collect();
    let mut lines: std::collections::BTreeMap<i32, usize> = Default::default();
    for run in &title_runs {
        *lines.entry(run.y as i32).or_default() += run.text.chars().count();
    }
    let counts: Vec<usize> = lines.values().copied().collect();
    assert_eq!(counts.len(), 1, "{counts:?}");
}

#[test]
fn justification_never_spaces_out_the_digits_of_a_number() {
    let engine = engine();
    let mut widened_runs = 0;
    for code in ["990100", "430300"] {
        let laid = lay_out(&engine, code, Period::Year(2023));
        for (p, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                let Item::Text(t) = item else { continue };
                if t.spacing.abs() < 0.01 {
                    continue;
                }
                widened_runs += 1;
                let chars: Vec<char> = t.text.chars().collect();
                // The spacing follows every character of a run but its last one.
                for pair in chars.windows(2) {
                    assert!(
                        !(pair[0].is_ascii_alphanumeric() && pair[1].is_ascii_alphanumeric()),
                        "{code} page {}: {:?} in {:?} is spaced out by {:.2} pt",
                        p + 1,
                        pair.iter().collect::<String>(),
                        t.text,
                        t.spacing
                    );
                }
            }
        }
    }
    assert!(widened_runs > 0, "justified lines are widened somewhere");
}

#[test]
fn table_cells_keep_words_whole_and_columns_one_precision() {
    let engine = engine();
    let laid = lay_out(&engine, "990100", Period::Year(2023));
    let runs: Vec<&str> = laid.text_runs().map(|t| t.text.as_str()).collect();
    // The change in percentage points stays on one line of its cell.
    assert!(
        runs.iter().any(|r| r.contains("提高2.21个百分点")),
        "{runs:?}"
    );
    assert!(
        !runs.iter().any(|r| *r == "点" || r.ends_with("百分")),
        "{runs:?}"
    );
    // The coverage column: 95.00% beside 82.69%, never 95% beside 82.69%.
    assert!(runs.iter().any(|r| *r == "95.00%"), "{runs:?}");
    assert!(!runs.iter().any(|r| *r == "95%"), "{runs:?}");
    // Every other percentage (table cells, the exam chart's pass-rate labels) has two
    // decimals; the chart's axis ticks (0%, 10%, …) are whole tens.
    let rates: Vec<&&str> = runs
        .iter()
        .filter(|r| r.ends_with('%') && r.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .filter(|r| !(r.len() <= 4 && r.trim_end_matches('%').ends_with('0') && !r.contains('.')))
        .collect();
    assert!(rates.len() >= 7, "{rates:?}");
    assert!(
        rates
            .iter()
            .all(|r| r.split_once('.').is_some_and(|(_, d)| d.len() == 3)),
        "{rates:?}"
    );
}

/// GB/T 9704 7.3.1: two blank lines of the body's pitch between the red rule and the
/// title, one between the title and the body. Measured on the ink: each line's em box
/// is centred in its pitch, so the clear space is the blank lines plus the box margins
/// (less than half a line).
#[test]
fn the_title_stands_two_lines_below_the_red_rule_and_one_above_the_body() {
    use sw_briefing::layout::{BASELINE_IN_EM, LINE_PITCH, TITLE_SIZE};
    let engine = engine();
    for code in ["990100", "430300"] {
        let laid = lay_out(&engine, code, Period::Year(2023));
        let page = &laid.pages[0];
        let rule = page
            .items
            .iter()
            .find_map(|i| match i {
                Item::Rule { y1, width, .. } if *width == 2.0 => Some(*y1),
                _ => None,
            })
            .expect("the red rule");
        let texts: Vec<&sw_briefing::layout::TextRun> = page
            .items
            .iter()
            .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
            .collect();
        let title: Vec<_> = texts.iter().filter(|t| t.size == TITLE_SIZE).collect();
        let title_top =
            title.iter().map(|t| t.y).fold(f32::MAX, f32::min) - TITLE_SIZE * BASELINE_IN_EM;
        let title_bottom = title.iter().map(|t| t.y).fold(f32::MIN, f32::max)
            + TITLE_SIZE * (1.0 - BASELINE_IN_EM);
        let body = texts
            .iter()
            .filter(|t| t.y > title_bottom && t.size == 16.0)
            .map(|t| t.y)
            .fold(f32::MAX, f32::min);
        let body_top = body - 16.0 * BASELINE_IN_EM;
        let above = title_top - rule;
        assert!(
            above >= 2.0 * LINE_PITCH && above < 2.5 * LINE_PITCH,
            "{code}: {above:.1} pt between the red rule and the title, want two lines of {LINE_PITCH:.1}"
        );
        let below = body_top - title_bottom;
        assert!(
            below >= LINE_PITCH && below < 1.5 * LINE_PITCH,
            "{code}: {below:.1} pt between the title and the body, want one line of {LINE_PITCH:.1}"
        );
    }
}

/// Whether the segment from `a` to `b` passes through the box (left, top, right, bottom),
/// by clipping it to the box (Liang–Barsky).
fn segment_crosses(a: (f32, f32), b: (f32, f32), bx: (f32, f32, f32, f32)) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - bx.0),
        (dx, bx.2 - a.0),
        (-dy, a.1 - bx.1),
        (dy, bx.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    t0 <= t1
}

/// No label of a chart touches a marker or a segment of a line: the text boxes of every
/// page against the markers (small black squares) and the polylines (line series and
/// legend keys). Label against label is [`assert_text_in_place`].
/// Returns the number of lines checked.
fn assert_chart_labels_clear(code: &str, laid: &LaidOut, ts: &Typesetter) -> usize {
    let boxes = text_boxes(laid, ts);
    let mut lines = 0;
    for (p, page) in laid.pages.iter().enumerate() {
        let texts: Vec<_> = boxes.iter().filter(|b| b.0 == p).collect();
        for item in &page.items {
            match item {
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: Some(sw_briefing::layout::Ink::Black),
                    stroke: None,
                } if *w <= 6.0 && *h <= 6.0 => {
                    for t in &texts {
                        let ow = (x + w).min(t.3) - x.max(t.1);
                        let oh = (y + h).min(t.4) - y.max(t.2);
                        assert!(
                            !(ow > 0.3 && oh > 0.3),
                            "{code} page {}: the label {:?} covers the marker at ({x:.1}, {y:.1})",
                            p + 1,
                            t.5
                        );
                    }
                }
                Item::Polyline { points, width, .. } => {
                    lines += 1;
                    // The stroke's half width, less a little for the label's side bearing.
                    let pad = width / 2.0 - 0.3;
                    for segment in points.windows(2) {
                        for t in &texts {
                            let inner = (t.1 - pad, t.2 - pad, t.3 + pad, t.4 + pad);
                            assert!(
                                !segment_crosses(segment[0], segment[1], inner),
                                "{code} page {}: the label {:?} at ({:.1}, {:.1})–({:.1}, {:.1}) is crossed by the line from ({:.1}, {:.1}) to ({:.1}, {:.1})",
                                p + 1,
                                t.5,
                                t.1,
                                t.2,
                                t.3,
                                t.4,
                                segment[0].0,
                                segment[0].1,
                                segment[1].0,
                                segment[1].1
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    lines
}

#[test]
fn segment_crossing_is_found() {
    let bx = (10.0, 10.0, 20.0, 20.0);
    assert!(segment_crosses((0.0, 15.0), (30.0, 15.0), bx));
    assert!(segment_crosses((0.0, 0.0), (30.0, 30.0), bx));
    assert!(segment_crosses((12.0, 12.0), (13.0, 13.0), bx));
    assert!(!segment_crosses((0.0, 0.0), (30.0, 5.0), bx));
    assert!(!segment_crosses((0.0, 25.0), (9.0, 0.0), bx));
}

#[test]
fn chart_labels_never_touch_each_other_the_markers_or_the_lines() {
    let engine = engine();
    let ts = Typesetter { book: &engine.book };
    for (code, lines) in [("990100", 2), ("430300", 0)] {
        let laid = lay_out(&engine, code, Period::Year(2023));
        assert_eq!(
            assert_chart_labels_clear(code, &laid, &ts),
            lines,
            "{code}: lines"
        );
    }
    // The stress region of tests/editorial.rs: a tenfold funding jump among its figures.
    let project = common::stress_project();
    let engine = Engine::load(&project.config()).unwrap();
    let ts = Typesetter { book: &engine.book };
    let laid = lay_out(&engine, "990100", Period::Year(2023));
    assert_text_in_place("stress region", &laid, &ts);
    assert_eq!(assert_chart_labels_clear("stress region", &laid, &ts), 2);
}

#[test]
fn line_labels_move_off_a_steep_line() {
    let engine = engine();
    let ts = Typesetter { book: &engine.book };
    // A pass rate that jumps up and down, over bars as tall as they go: a label above
    // a valley would sit on the two steep segments out of it.
    let chart = sw_briefing::document::Chart {
        caption: "通过率起伏".into(),
        categories: (2019..=2023).map(|y| format!("{y}年")).collect(),
        bars: vec![
            (
                "报名人数".into(),
                vec![900.0, 1500.0, 700.0, 1600.0, 1000.0],
            ),
            ("通过人数".into(), vec![100.0, 900.0, 80.0, 1000.0, 300.0]),
        ],
        bar_unit: "人".into(),
        line: Some((
            "通过率".into(),
            vec![Some(11.11), Some(60.0), Some(2.5), Some(62.5), Some(30.0)],
        )),
    };
    let items = sw_briefing::layout::chart::draw(
        &ts,
        &chart,
        1,
        MARGIN_LEFT,
        MARGIN_TOP,
        TYPE_WIDTH,
        sw_briefing::layout::chart::HEIGHT,
    );
    let laid = LaidOut {
        pages: vec![sw_briefing::layout::Page { items }],
        outline: Vec::new(),
    };
    assert_text_in_place("steep line", &laid, &ts);
    assert_eq!(assert_chart_labels_clear("steep line", &laid, &ts), 2);
}
