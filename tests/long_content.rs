//! Long and odd content lays out cleanly: a 500-character highlight, a 60-row county
//! table, and a county whose name has a character outside GB 2312 (served by a
//! fallback font). Checked on the text and fonts of the real PDF.

mod common;
use common::*;

const NO_LINE_START: &str = "、，。．：；！？）］｝〕〉》」』】〗〙〛’”…‥～％‰·／,.:;!?)]}%";

fn long_highlight() -> String {
    let sentence = "全市持续推进“五社联动”机制建设，累计投入资金1150余万元，培训社会工作者2000余人次——其中考前培训占24.99%……各县（市、区）结合实际，探索建立“社工＋志愿者”服务模式，服务困难群众12345人次、留守儿童678人、独居老人9012人；";
    let mut text = String::new();
    while text.chars().count() < 500 {
        text.push_str(sentence);
    }
    text.chars().take(499).collect::<String>() + "。"
}

fn long_project() -> Project {
    let project = Project::new();
    let path = "metrics/990100-示例市/2023.yaml";
    let mut text = project.read(path);
    text = text.replace(
        "highlights:\n",
        &format!("highlights:\n  - {}\n", long_highlight()),
    );
    text.push_str("\nsubregions:\n");
    for i in 1..=60 {
        let name = if i == 7 {
            "喆城区".to_string()
        } else {
            format!("示例第{i}县")
        };
        text.push_str(&format!(
            "  - {{name: {name}, workers: {}, stations_built: {}, stations_total: 12}}\n",
            10 + i,
            i % 13
        ));
    }
    project.write(path, text.as_bytes());
    project
}

/// "— 3 —", however pdftotext spaces it.
fn is_page_number(line: &str) -> bool {
    let inner: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    inner.len() > 6
        && inner.starts_with('—')
        && inner.ends_with('—')
        && inner.trim_matches('—').chars().all(|c| c.is_ascii_digit())
}

fn make(project: &Project) -> std::path::PathBuf {
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    run.assert_ok();
    project.path().join(&run.pdfs()[0])
}

#[test]
fn no_line_starts_with_forbidden_punctuation_and_no_number_is_split() {
    let project = long_project();
    let pdf = make(&project);
    let text = pdftotext(&pdf);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        lines.len() > 100,
        "expected a long briefing, got {} lines",
        lines.len()
    );
    for line in &lines {
        let is_placeholder = *line == "—" || is_page_number(line);
        let first = line.chars().next().unwrap();
        assert!(
            is_placeholder || !NO_LINE_START.contains(first),
            "line starts with {first:?}: {line}"
        );
    }
    // Body lines are full lines of text; chart axis labels and table cells are short.
    for pair in lines.windows(2).filter(|p| p[0].chars().count() >= 15) {
        let end = pair[0].chars().last().unwrap();
        let start = pair[1].chars().next().unwrap();
        let split =
            end.is_ascii_digit() && (start.is_ascii_digit() || start == '.' || start == '%');
        assert!(
            !split,
            "a number is split across lines:\n{}\n{}",
            pair[0], pair[1]
        );
    }
    // The whole highlight comes back, in order, across the page break.
    let body: String = lines
        .iter()
        .filter(|l| !is_page_number(l))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        body.contains(&long_highlight()),
        "the long highlight is not intact"
    );
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let project = long_project();
    let pdf = make(&project);
    let pages = tool("pdfinfo", &[pdf.to_str().unwrap()])
        .stdout
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .parse::<usize>()
        .unwrap();
    assert!(pages >= 6, "{pages} pages");
    let mut table_pages = 0;
    let mut header_pages = 0;
    for page in 1..=pages {
        let p = page.to_string();
        let text = tool(
            "pdftotext",
            &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
        )
        .stdout;
        if text.contains("示例第") {
            table_pages += 1;
            if text.contains("社会工作者（人）") && text.contains("乡镇（街道）社工站")
            {
                header_pages += 1;
            }
        }
    }
    assert!(
        table_pages >= 2,
        "the 60-row table should span pages, spans {table_pages}"
    );
    assert_eq!(
        header_pages, table_pages,
        "every page of the table repeats the header"
    );
    let text = squashed_text(&pdf);
    for i in 1..=60 {
        let name = if i == 7 {
            "喆城区".to_string()
        } else {
            format!("示例第{i}县")
        };
        assert!(text.contains(&name), "row {i} ({name}) is missing");
    }
    assert!(text.contains("（续表"), "continued tables are marked");
}

#[test]
fn a_character_outside_gb2312_is_served_by_a_fallback_font() {
    let project = long_project();
    let pdf = make(&project);
    assert!(squashed_text(&pdf).contains("喆城区"));
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]).stdout;
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("NotoSerifCJKsc-Regular") && !r.contains("GB2312"))
            || rows.len() >= 4,
        "no fallback face embedded:\n{fonts}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}
