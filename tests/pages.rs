//! Page rules an editor checks (issue 14): short tables stay whole, long tables split
//! with at least three rows on each side, and the 版记 closes an even page. Laid out
//! from documents built here, with the table or the end block pushed to every position
//! down a page by paragraphs before it.

#[path = "invariants/mod.rs"]
mod invariants;

use invariants::{font_book, plain_document};
use sw_briefing::document::{Block, Document, Masthead, Table};
use sw_briefing::layout::{layout, Item, LaidOut};

fn masthead() -> Masthead {
    Masthead {
        series: "社会工作简报".into(),
        issue_label: "第1期".into(),
        issuer: "示例市民政局".into(),
        date_text: "2024年1月5日".into(),
        marking: None,
    }
}

/// `lines` one-line paragraphs, then a table of `rows` rows whose first cells are
/// 行1, 行2, ….
fn document(lines: usize, rows: usize) -> Document {
    let mut blocks: Vec<Block> = (0..lines)
        .map(|_| Block::Paragraph {
            text: "社会工作人才队伍建设稳步推进。".into(),
            origin: "test".into(),
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: "测试表".into(),
        header: vec!["指标".into(), "本期".into()],
        rows: (1..=rows)
            .map(|i| vec![format!("行{i}"), format!("{i}个")])
            .collect(),
        widths: vec![2.0, 1.0],
    }));
    plain_document(masthead(), "测试", blocks)
}

/// For each row 行i, the page it is on.
fn row_pages(laid: &LaidOut, rows: usize) -> Vec<usize> {
    (1..=rows)
        .map(|i| {
            let label = format!("行{i}");
            laid.pages
                .iter()
                .position(|p| {
                    p.items
                        .iter()
                        .any(|item| matches!(item, Item::Text(t) if t.text == label))
                })
                .unwrap_or_else(|| panic!("{label} is not on any page"))
        })
        .collect()
}

#[test]
fn short_tables_are_never_split_and_long_ones_keep_three_rows_a_side() {
    let book = font_book();
    for rows in [2, 4, 6, 7, 9, 12] {
        for lines in 0..30 {
            let laid = layout(&document(lines, rows), book);
            let pages = row_pages(&laid, rows);
            let first = pages[0];
            let on_first = pages.iter().filter(|&&p| p == first).count();
            if rows <= 6 {
                assert_eq!(
                    on_first, rows,
                    "a table of {rows} rows after {lines} lines was split: {pages:?}"
                );
            } else if on_first < rows {
                let on_last = pages.iter().filter(|&&p| p == pages[rows - 1]).count();
                assert!(
                    on_first >= 3 && on_last >= 3,
                    "a table of {rows} rows after {lines} lines left fewer than three rows on a side: {pages:?}"
                );
            }
        }
    }
}

#[test]
fn the_end_block_closes_an_even_page() {
    let book = font_book();
    for lines in 0..70 {
        let mut doc = document(lines, 2);
        doc.end_block.lines = vec![("发".into(), "各县（市、区）民政局。".into())];
        let laid = layout(&doc, book);
        let end_page = laid
            .pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|item| matches!(item, Item::Text(t) if t.text.contains("印发")))
            })
            .expect("the end block is laid out");
        assert_eq!(
            end_page + 1,
            laid.pages.len(),
            "the 版记 is on the last page"
        );
        assert_eq!(
            laid.pages.len() % 2,
            0,
            "after {lines} lines the 版记 is on page {}",
            laid.pages.len()
        );
    }
}

/// GB/T 9704 7.3.1: a title that fits the type area is one line; a longer one breaks
/// only between words (as jieba segments it), into lines of balanced length.
#[test]
fn titles_break_between_words() {
    let jieba = jieba_rs::Jieba::new();
    for (title, want_lines) in [
        ("示例市2023年社会工作人才队伍建设情况", 1),
        ("示例市2023年第四季度社会工作人才队伍建设和基层社会工作站点覆盖情况", 2),
        ("关于进一步加强新时代社会工作人才队伍建设推动乡镇（街道）社会工作站提质增效和村（社区）社会工作室全覆盖的情况通报", 3),
    ] {
        let doc = plain_document(
            masthead(),
            title,
            vec![Block::Paragraph {
                text: "社会工作人才队伍建设稳步推进。".into(),
                origin: "test".into(),
            }],
        );
        let laid = layout(&doc, font_book());
        let mut lines: std::collections::BTreeMap<i32, Vec<(f32, String)>> = Default::default();
        for item in &laid.pages[0].items {
            if let Item::Text(t) = item {
                if t.size == 22.0 {
                    lines.entry(t.y as i32).or_default().push((t.x, t.text.clone()));
                }
            }
        }
        let lines: Vec<String> = lines
            .into_values()
            .map(|mut runs| {
                runs.sort_by(|a, b| a.0.total_cmp(&b.0));
                runs.into_iter().map(|r| r.1).collect()
            })
            .collect();
        assert_eq!(lines.concat(), title, "{lines:?}");
        assert_eq!(lines.len(), want_lines, "{lines:?}");
        let mut boundaries = vec![0];
        for word in jieba.cut(title, true) {
            boundaries.push(boundaries.last().unwrap() + word.word.len());
        }
        let mut at = 0;
        for line in &lines[..lines.len() - 1] {
            at += line.len();
            assert!(boundaries.contains(&at), "a break inside a word: {lines:?}");
        }
        let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        if let (Some(max), Some(min)) = (counts.iter().max(), counts.iter().min()) {
            assert!(max - min <= 6, "unbalanced: {lines:?}");
        }
    }
}
