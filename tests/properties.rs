//! Property tests: layout and loading checked on generated input rather than on the
//! samples. Paragraphs mix Chinese text, ASCII words, numbers, long digit strings,
//! Chinese and ASCII punctuation, rare characters and line feeds; metrics text is
//! the sample file mutated line by line, or YAML-looking noise.
//!
//! What "must hold" is written once in `tests/invariants` and shared with the fuzz
//! targets and the replayed fuzz findings.

mod common;
mod invariants;

use invariants::{
    check_metrics_text, check_paragraph, font_book, plain_document, right_edge, Measure, EPSILON,
};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use sw_briefing::document::{Block, DocMeta, Document, EndBlock, Masthead, Table};
use sw_briefing::fonts::FontRole;
use sw_briefing::layout::{
    self, Align, Item, TextRun, BODY_SIZE, MARGIN_LEFT, MARGIN_TOP, SMALL_SIZE, TABLE_SIZE,
    TYPE_BOTTOM, TYPE_WIDTH,
};

/// Common characters of the briefings, all in the bundled GB 2312 fonts.
const HANZI: &str = "社会工作者职业水平考试报名通过人数资金投入乡镇街道村社区服务站全覆盖培训督导岗位设置民政局湘潭市湖南省年月日第期共印份的了和在是有为与及等对上下中一二三四五六七八九十百千万亿余元";
/// Characters outside GB 2312, served by a fallback font or by none.
const RARE: &[&str] = &[
    "喆",
    "堃",
    "𠀀",
    "é",
    "ß",
    "Ω",
    "😀",
    "\u{301}",
    "\u{200b}",
    "\u{a0}",
    "\u{3000}",
    "１７０５",
    "ＡＢＣ",
    "\u{fffd}",
];
const CJK_PUNCTUATION: &[&str] = &[
    "，", "。", "、", "；", "：", "？", "！", "“", "”", "‘", "’", "（", "）", "《", "》", "【",
    "】", "〔", "〕", "——", "……", "·", "％", "‰", "～", "／",
];
const ASCII_PUNCTUATION: &[&str] = &[
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "%", "/", "-", "\"", "'", "_",
];

fn hanzi(count: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    let pool: Vec<char> = HANZI.chars().collect();
    prop::collection::vec(select(pool), count).prop_map(|cs| cs.into_iter().collect())
}

/// One piece of a paragraph, weighted towards what briefings contain.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => hanzi(1..=12),
        2 => "[A-Za-z]{1,12}",
        2 => "[0-9]{1,6}",
        1 => "[0-9]{1,4}\\.[0-9]{1,2}%",
        1 => "[0-9]{1,3}(,[0-9]{3}){1,4}",
        1 => "[0-9]{20,90}",
        1 => "https://[a-z]{5,40}\\.cn/[a-z0-9/]{5,60}",
        4 => select(CJK_PUNCTUATION).prop_map(str::to_string),
        1 => prop::collection::vec(select(CJK_PUNCTUATION), 2..40).prop_map(|p| p.concat()),
        1 => select(ASCII_PUNCTUATION).prop_map(str::to_string),
        1 => Just(" ".to_string()),
        1 => select(RARE).prop_map(str::to_string),
        1 => any::<char>().prop_filter("control characters are added separately", |c| !c.is_control()).prop_map(|c| c.to_string()),
    ]
}

/// A paragraph without line breaks or control characters.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..60).prop_map(|t| t.concat())
}

/// A paragraph that may also hold line feeds, tabs and other control characters.
fn paragraph_with_controls() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => token(),
        1 => select(&["\n", "\r\n", "\t", "\u{0}", "\u{7f}", "\u{85}", "\u{2028}", "\u{2029}"][..]).prop_map(str::to_string),
    ];
    prop::collection::vec(piece, 1..60).prop_map(|t| t.concat())
}

fn role() -> impl Strategy<Value = FontRole> {
    select(FontRole::ALL.to_vec())
}

fn align() -> impl Strategy<Value = Align> {
    select(vec![Align::Justify, Align::Left, Align::Center])
}

/// The measures `layout()` sets text in: body, notes, headings and table cells.
fn measure() -> impl Strategy<Value = Measure> {
    (
        role(),
        select(vec![BODY_SIZE, SMALL_SIZE, TABLE_SIZE]),
        align(),
        0.0f32..=2.0,
        0.3f32..=1.0,
    )
        .prop_map(|(role, size, align, indent_chars, share)| Measure {
            role,
            size,
            x: MARGIN_LEFT,
            // From a narrow table cell up to the whole type area.
            width: (TYPE_WIDTH * share).max(3.0 * size),
            indent: indent_chars * size,
            align,
        })
}

fn body_measure(align: Align) -> Measure {
    Measure {
        role: FontRole::Body,
        size: BODY_SIZE,
        x: MARGIN_LEFT,
        width: TYPE_WIDTH,
        indent: 2.0 * BODY_SIZE,
        align,
    }
}

proptest! {
    // 256 cases each (PROPTEST_CASES=N for a longer hunt). Failures found are kept as
    // named tests (tests/fuzz_regressions.rs), not in proptest's seed files.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// A body paragraph as `layout()` sets it stays within the type area, gives back
    /// every character in order, and breaks before closing punctuation only when
    /// forced to.
    #[test]
    fn body_paragraphs_stay_in_the_type_area_and_keep_their_text(text in paragraph_with_controls(), align in align()) {
        check_paragraph(font_book(), &text, body_measure(align)).map_err(TestCaseError::fail)?;
    }

    /// The same for every role, size, width and indent the layout uses.
    #[test]
    fn paragraphs_fit_every_measure(text in paragraph(), measure in measure()) {
        check_paragraph(font_book(), &text, measure).map_err(TestCaseError::fail)?;
    }

    /// Whole documents of generated headings, paragraphs, notes and tables: no text
    /// but the page numbers leaves the type area, and every paragraph's text comes
    /// back from the laid-out pages, in order.
    #[test]
    fn laid_out_documents_stay_in_the_type_area(doc in document()) {
        let book = font_book();
        let laid = layout::layout(&doc, book);
        for (p, page) in laid.pages.iter().enumerate() {
            for item in &page.items {
                let Item::Text(run) = item else { continue };
                if is_page_number(run) {
                    continue;
                }
                let right = right_edge(book, run);
                prop_assert!(run.x >= MARGIN_LEFT - EPSILON, "page {}: {:?} starts at {:.2}", p + 1, run.text, run.x);
                prop_assert!(right <= MARGIN_LEFT + TYPE_WIDTH + EPSILON, "page {}: {:?} ends at {:.2}", p + 1, run.text, right);
                prop_assert!(run.y - run.size * 0.88 >= MARGIN_TOP - 1.0, "page {}: {:?} above the type area", p + 1, run.text);
                prop_assert!(run.y + run.size * 0.12 <= TYPE_BOTTOM + 1.0, "page {}: {:?} below the type area", p + 1, run.text);
            }
        }
        // The text of the pages in order, without the page numbers that interrupt a
        // paragraph running onto the next page.
        let all_text: String = laid
            .pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|i| if let Item::Text(t) = i { Some(t) } else { None })
            .filter(|t| !is_page_number(t))
            .map(|t| t.text.as_str())
            .collect();
        let mut from = 0;
        for block in &doc.blocks {
            if let Block::Paragraph { text, .. } = block {
                let expected: String = text.chars().filter(|c| !c.is_control()).collect();
                let found = all_text[from..].find(&expected);
                prop_assert!(found.is_some(), "paragraph {:?} is not in the laid-out text in order", expected);
                from += found.unwrap_or(0) + expected.len();
            }
        }
    }

    /// The loader answers every mutation of a good file with metrics or located
    /// problems, never a panic.
    #[test]
    fn the_metrics_loader_survives_mutated_files(text in mutated_metrics()) {
        check_metrics_text(&text).map_err(TestCaseError::fail)?;
    }

    /// And YAML-looking noise.
    #[test]
    fn the_metrics_loader_survives_yaml_noise(text in yaml_noise()) {
        check_metrics_text(&text).map_err(TestCaseError::fail)?;
    }
}

/// "— 3 —" on the page-number line below the type area (GB/T 9704: 7 mm below).
fn is_page_number(run: &TextRun) -> bool {
    let baseline = TYPE_BOTTOM + layout::mm(7.0) + run.size * 0.88;
    let inner = run.text.trim_matches(|c| c == '—' || c == ' ');
    (run.y - baseline).abs() < 0.01
        && run.text.starts_with('—')
        && !inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_digit())
}

fn masthead() -> Masthead {
    Masthead {
        series: "社会工作简报".into(),
        issue_label: "第1期".into(),
        issuer: "示例市民政局".into(),
        date_text: "2024年1月5日".into(),
        marking: Some("内部资料 注意保存".into()),
    }
}

fn table() -> impl Strategy<Value = Table> {
    (2usize..=5).prop_flat_map(|columns| {
        // Cells are mostly short, but names in them come from the data, of any length.
        let cell = prop_oneof![4 => hanzi(1..=8), 4 => "[0-9]{1,8}", 2 => "[0-9]{1,3}\\.[0-9]{2}%", 4 => token(), 1 => paragraph(), 1 => hanzi(100..=600)];
        (
            hanzi(2..=16),
            // Headers are fixed wording, never data.
            prop::collection::vec(hanzi(2..=8), columns),
            prop::collection::vec(prop::collection::vec(cell, columns), 1..12),
            prop::collection::vec(1.0f32..=3.0, columns),
        )
            .prop_map(|(caption, header, rows, widths)| Table { caption, header, rows, widths })
    })
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        2 => (1u8..=2, hanzi(2..=14)).prop_map(|(level, text)| Block::Heading { level, text }),
        6 => paragraph().prop_map(|text| Block::Paragraph { text, origin: "generated".into() }),
        1 => paragraph().prop_map(|text| Block::Note { text, origin: "generated".into() }),
        1 => table().prop_map(Block::Table),
    ]
}

fn document() -> impl Strategy<Value = Document> {
    (
        prop_oneof![hanzi(4..=20), paragraph()],
        prop::collection::vec(block(), 1..12),
    )
        .prop_map(|(title, blocks)| Document {
            masthead: masthead(),
            title,
            blocks,
            end_block: EndBlock {
                lines: vec![
                    ("报".into(), "示例省民政厅".into()),
                    ("送".into(), "市委办公室，市政府办公室".into()),
                ],
                issuer: "示例市民政局办公室".into(),
                date_text: "2024年1月5日".into(),
                copies: Some(60),
            },
            meta: DocMeta {
                title: "generated".into(),
                author: "test".into(),
                subject: "test".into(),
                keywords: Vec::new(),
            },
        })
}

/// A good metrics file, the starting point of the mutations.
const GOOD_METRICS: &str = r#"data_status: illustrative
source: 示例
region:
  name: 测试市
  code: "990200"
  level: city
  parent: 示例省
  parent_code: "990000"
  population: 1000000
period: "2023"
staffing:
  posts: 120
  new_posts_by_field:
    - field: 禁毒
      count: 7
funding:
  total_yuan: {value: 11500000, qualifier: over}
  channels:
    - name: 福彩公益金
      amount_yuan: 5000000
certification:
  registrants: 100
  passes: 20
  record_highs: [registrants]
  rank: {rank: 2, basis: 通过人数, among: 全省}
training:
  person_times: 2000
stations:
  levels:
    - level: 乡镇（街道）社会工作站
      built: 5
      total: 10
  targets:
    - description: 全覆盖
      level: 乡镇（街道）社会工作站
      goal: 10
      set_on: 2021-01-01
      deadline: 2023-12-31
subregions:
  - {name: 一县, workers: 10, stations_built: 2, stations_total: 3}
highlights:
  - 示例
"#;

/// Values and fragments clerks and editors produce.
const YAML_PIECES: &[&str] = &[
    "",
    " ",
    "  ",
    "\t",
    "-",
    "- ",
    ":",
    ": ",
    "? ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!custom ",
    "|",
    ">-",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "~",
    "null",
    "true",
    "0",
    "-0",
    "1705",
    "-5",
    "1.5",
    "1e999",
    ".nan",
    "-.inf",
    "0x1F",
    "0o17",
    "１７０５",
    "1,705",
    "50%",
    "1150万元",
    "99999999999999999999999",
    "2023",
    "\"2023\"",
    "2023-Q4",
    "2023-13",
    "2023-02-30",
    "9999-12-31",
    "湘潭市",
    "a/b",
    "..",
    "\u{feff}",
    "\r",
    "\n",
    "---",
    "...",
    "%YAML 1.2",
    "<<: *a",
    "{value: 1, qualifier: over}",
    "{value: .nan}",
    "[registrants, passes]",
    "city",
    "county",
    "published",
    "registrants:",
    "passes:",
    "period:",
    "region:",
    "code:",
    "name:",
    "level:",
    "value:",
    "qualifier:",
    "built:",
    "total:",
    "deadline:",
];

/// The good file with a few lines changed: values replaced, fragments inserted,
/// lines deleted, duplicated or re-indented.
fn mutated_metrics() -> impl Strategy<Value = String> {
    let edit = (
        any::<Index>(),
        0u8..6,
        select(YAML_PIECES),
        select(YAML_PIECES),
    );
    prop::collection::vec(edit, 1..8).prop_map(|edits| {
        let mut lines: Vec<String> = GOOD_METRICS.lines().map(str::to_string).collect();
        for (at, kind, piece, other) in edits {
            if lines.is_empty() {
                lines.push(piece.to_string());
                continue;
            }
            let i = at.index(lines.len());
            match kind {
                0 => {
                    // Replace the value after the key, or the whole item.
                    let line = &lines[i];
                    let kept = line
                        .find(": ")
                        .map(|c| &line[..c + 2])
                        .unwrap_or_else(|| &line[..line.len() - line.trim_start().len()]);
                    lines[i] = format!("{kept}{piece}{other}");
                }
                1 => lines.insert(i, format!("{piece}{other}")),
                2 => {
                    lines.remove(i);
                }
                3 => {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                }
                4 => lines[i] = format!("{piece}{}", lines[i]),
                _ => {
                    let cut = lines[i]
                        .char_indices()
                        .map(|(b, _)| b)
                        .nth(at.index(lines[i].chars().count().max(1)))
                        .unwrap_or(0);
                    lines[i].insert_str(cut, piece);
                }
            }
        }
        lines.join("\n") + "\n"
    })
}

fn yaml_noise() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![3 => select(YAML_PIECES).prop_map(str::to_string), 1 => "[a-z_]{1,8}: ", 1 => any::<char>().prop_map(|c| c.to_string())], 0..80)
        .prop_map(|p| p.concat())
}

/// Fixed samples through the real PDF: every character of a paragraph comes back
/// from pdftotext in order (white space aside, which pdftotext adds at line ends).
#[test]
fn paragraphs_come_back_from_the_pdf_in_order() {
    use sw_briefing::pdf::{self, PdfFonts, PdfMeta};
    let samples = [
        "全市持续推进“五社联动”机制建设，累计投入资金1150余万元，培训社会工作者2000余人次——其中考前培训占24.99%……各县（市、区）结合实际，探索建立“社工＋志愿者”服务模式。",
        "报名人数123456789012345678901234567890123456789012345678901234567890人，通过率24.99%，详见https://www.example.gov.cn/shehuigongzuo/2023/report.html；GB/T 9704—2012。",
        "，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，。。。。。。。。。。。。",
        "A social worker (社工) in 湘潭市 passed the exam: 1,705 registrants, 426 passes, 24.99% pass rate, 1150余万元 funding, 70/70 stations.",
    ];
    let book = font_book();
    let fonts = PdfFonts::new(book);
    let created = chrono::DateTime::from_timestamp(1_704_420_000, 0)
        .unwrap()
        .fixed_offset();
    let meta = PdfMeta {
        title: "t".into(),
        author: "a".into(),
        subject: "s".into(),
        keywords: Vec::new(),
        created,
        creator: "test".into(),
    };
    let doc = plain_document(
        masthead(),
        "属性测试",
        samples
            .iter()
            .map(|s| Block::Paragraph {
                text: s.to_string(),
                origin: "sample".into(),
            })
            .collect(),
    );
    let bytes = pdf::render(&layout::layout(&doc, book), book, &fonts, &meta).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("samples.pdf");
    std::fs::write(&file, bytes).unwrap();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    // A paragraph may run over a page break, where pdftotext reads the page's number
    // (— N —) between its two halves: the numbers are taken out first.
    let mut text = squash(&common::pdftotext(&file));
    for page in 1..10 {
        text = text.replace(&format!("—{page}—"), "");
    }
    for sample in samples {
        assert!(
            text.contains(&squash(sample)),
            "{sample:?} does not come back from the PDF; pdftotext gave:\n{text}"
        );
    }
}
