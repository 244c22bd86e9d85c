//! The editor's rules for the wording (issue 14), on an invented stress region: the
//! bundled 示例市 with its 2023 figures changed to a tenfold funding jump stated
//! approximately, no new posts, a flat workforce, an approximate training figure and a
//! training section left with a single point, and two honours with people named (some,
//! and all of them). Each rule is checked in the text of the
//! real PDF made by the real binary.

mod common;
use common::*;

const FILE_2023: &str = "metrics/990100-示例市/2023.yaml";

/// Rows of the stress region's table by county: more than a page holds.
const COUNTIES: usize = STRESS_COUNTIES;

/// The stress region's briefing on 2023, as text without white space.
fn stress_text() -> String {
    let (project, pdf) = stress_pdf();
    squashed_text(&project.path().join(pdf))
}

/// The stress region's briefing on 2023: the project and the PDF (relative to it).
fn stress_pdf() -> (Project, std::path::PathBuf) {
    let project = stress_project();
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    run.assert_ok();
    let pdf = run.pdfs()[0].clone();
    (project, pdf)
}

#[test]
fn the_stress_region_reads_as_an_editor_would_write_it() {
    let text = stress_text();

    // Growth of 100% or more in 倍, and approximate when computed from 余.
    assert!(text.contains("同比增长约9倍"), "{text}");
    assert!(!text.contains("900%"), "{text}");
    // A flow of zero is said as none, with the previous figure.
    assert!(
        text.contains("全年未新开发社会工作岗位（上年70个）"),
        "{text}"
    );
    assert!(!text.contains("开发社会工作岗位0个"), "{text}");
    // A flat figure: 保持在, 与上年持平; never 同比持平.
    assert!(text.contains("社会工作者保持在690人，与上年持平"), "{text}");
    assert!(!text.contains("同比持平"), "{text}");
    // A change from an approximate figure is approximate, in whole percent.
    assert!(text.contains("3200余人次，同比增长约10%"), "{text}");
    // The table's previous-period cell keeps the qualifier.
    assert!(text.contains("1430余万元"), "{text}");
}

#[test]
fn a_single_point_is_a_plain_paragraph() {
    let text = stress_text();
    // From its heading (the last …、培训督导: the summary names the areas first) to the
    // next one (…、站点覆盖), less that one's numeral.
    let training = text
        .rsplit("、培训督导")
        .next()
        .and_then(|rest| rest.split("、站点覆盖").next())
        .map(|section| section.trim_end_matches(|c: char| "一二三四五六七八九十".contains(c)))
        .expect("the training section");
    assert!(training.starts_with("全年开展社会工作者培训"), "{training}");
    assert!(!training.contains("一是"), "{training}");
    // Sections with several points still number them.
    assert!(text.contains("一是") && text.contains("二是"), "{text}");
}

#[test]
fn no_sentence_is_printed_twice() {
    for text in [stress_text(), {
        let project = Project::new();
        let run = project.run(&["--now"]);
        run.assert_ok();
        run.pdfs()
            .iter()
            .map(|pdf| squashed_text(&project.path().join(pdf)))
            .collect::<Vec<_>>()
            .join("|")
    }] {
        for briefing in text.split('|') {
            // Clauses, not whole sentences: a fact repeated inside a longer sentence (the
            // summary's exam figures again in the exam section) counts too. Tables are
            // left out: their cells hold no clause punctuation.
            let mut seen = std::collections::HashSet::new();
            for clause in briefing
                .split(['。', '，', '；'])
                .filter(|s| s.chars().count() >= 10)
            {
                // Drop the 一是/二是 numbering, which differs between repeats.
                let body =
                    clause.trim_start_matches(|c: char| "一二三四五六七八九十是".contains(c));
                assert!(seen.insert(body.to_string()), "said twice: {body}");
            }
        }
    }
}

#[test]
fn the_people_come_before_the_honour() {
    let text = stress_text();
    // Some named: 等 and the count of all.
    assert!(
        text.contains("李某、王某等4名同志获评“示例市优秀社会工作者”"),
        "{text}"
    );
    // All named: no 等, no count glued to the last name.
    assert!(
        text.contains("赵某、钱某同志获评“示例市社会工作领军人才”"),
        "{text}"
    );
    assert!(
        !text.contains("钱某2名") && !text.contains("等2名"),
        "{text}"
    );
    // Never inside the honour's title.
    for name in ["李某", "王某", "赵某", "钱某"] {
        assert!(!text.contains(&format!("“{name}")), "{text}");
        assert_eq!(text.matches(name).count(), 1, "{name} once: {text}");
    }
}

#[test]
fn names_are_checked() {
    // The library speaks the process's language; these assertions read the English.
    sw_briefing::i18n::set_lang(sw_briefing::i18n::Lang::En);
    let check = |honour: &str| {
        let text = format!(
            "data_status: illustrative\nregion: {{name: 示例市, code: \"990100\", level: city}}\nperiod: \"2023\"\nstaffing:\n  honours:\n    - {honour}\n"
        );
        sw_briefing::metrics::parse_str(std::path::Path::new("2023.yaml"), &text)
            .err()
            .map(|p| p.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        check("{title: 优秀社工, count: 3, names: [李某, 王某]}"),
        ""
    );
    let pasted = check("{title: 李某优秀社工, count: 3, names: [李某]}");
    assert!(pasted.contains("holds the name `李某`"), "{pasted}");
    let joined = check("{title: 优秀社工, count: 3, names: [李某、王某]}");
    assert!(joined.contains("holds several names"), "{joined}");
    let too_many = check("{title: 优秀社工, count: 1, names: [李某, 王某]}");
    assert!(too_many.contains("2 people are named"), "{too_many}");
    let twice = check("{title: 优秀社工, count: 3, names: [李某, 李某]}");
    assert!(twice.contains("named twice"), "{twice}");
}

/// A next step that repeats a highlight word for word (punctuation aside): `check` and
/// `--now` warn, naming the file and both lines, and still succeed.
#[test]
fn a_passage_written_twice_is_warned_about() {
    let project = Project::new();
    let text = project.read(FILE_2023);
    let highlight =
        "出台《示例市社会工作人才队伍建设三年行动方案》，明确岗位开发、薪酬待遇和职业发展路径";
    assert!(text.contains(highlight));
    let repeated = text.replace(
        "next_steps:\n",
        "next_steps:\n  - 出台示例市社会工作人才队伍建设三年行动方案 明确岗位开发、薪酬待遇和职业发展路径。\n",
    );
    project.write(FILE_2023, repeated.as_bytes());
    let line_of = |needle: &str| {
        repeated
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let (first, second) = (line_of(highlight), line_of("三年行动方案 明确"));
    for args in [
        vec!["check"],
        vec!["--now", "--region", "990100", "--period", "2023"],
    ] {
        let run = project.run(&args);
        run.assert_ok();
        let warning = run
            .stderr
            .lines()
            .find(|l| l.starts_with("warning:"))
            .unwrap_or_else(|| panic!("{args:?} warns: {}", run.stderr));
        assert!(warning.contains("2023.yaml"), "{warning}");
        assert!(
            warning.contains(&format!("line {first}, highlights[0]")),
            "{warning}"
        );
        assert!(
            warning.contains(&format!("line {second}, next_steps[0]")),
            "{warning}"
        );
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
    }
    // The bundled files repeat nothing.
    let clean = Project::new().run(&["check"]);
    clean.assert_ok();
    assert!(!clean.stderr.contains("warning:"), "{}", clean.stderr);
}

/// The stress region's table by county is longer than a page: it is an attachment after
/// the body (GB/T 9704 7.3.6 and 8), not part of it, and the 版记 still closes an even page.
#[test]
fn a_table_longer_than_a_page_is_an_attachment() {
    let (project, pdf) = stress_pdf();
    let pages: Vec<String> = pdftotext(&project.path().join(pdf))
        .split('\x0c')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    let first = pages
        .iter()
        .position(|p| p.starts_with("附件各县（市、区）社会工作情况"))
        .unwrap_or_else(|| panic!("no attachment page: {pages:#?}"));
    let body = pages[..first].join("");
    let attachment = pages[first..].join("");
    // No part of the table in the body; the 附件说明 at its end and the lead says where.
    for n in 1..=COUNTIES {
        let row = format!("示例{n}县");
        assert!(!body.contains(&row), "{row} in the body: {body}");
        assert!(attachment.contains(&row), "{row} not in the attachment");
    }
    assert!(body.contains("附件：各县（市、区）社会工作情况"), "{body}");
    assert!(body.contains("见附件"), "{body}");
    assert!(!body.contains("见下表"), "{body}");
    let steps = body.find("下一步工作").expect("下一步工作");
    assert!(body.rfind("附件：").unwrap() > steps, "{body}");
    // The 版记 closes the last page, an even one.
    assert_eq!(pages.len() % 2, 0, "{} pages", pages.len());
    assert!(
        pages.last().unwrap().contains("印发"),
        "{}",
        pages.last().unwrap()
    );
    assert!(!pages[..pages.len() - 1].iter().any(|p| p.contains("印发")));
}

/// Table cells stand on one line when the columns can hold them: a cell never wraps
/// inside a word (职业水平考试报名, 提高…个百分点), which pdftotext shows as a line
/// break inside the word.
#[test]
fn table_cells_do_not_wrap_inside_words() {
    let (project, pdf) = stress_pdf();
    let text = common::pdftotext(&project.path().join(pdf));
    for cell in [
        "新增社会工作岗位",
        "职业水平考试报名",
        "职业水平考试通过",
        "1.43亿余元（新高）",
        "3200余人次（新高）",
        "提高2.21个百分点",
    ] {
        assert!(text.contains(cell), "{cell} is broken:\n{text}");
    }
}

/// A column that would hold only dashes is not drawn: 湘潭市's figures on file have no
/// values of the year before, so its 表1 has neither 上期 nor 同比; 示例市's has both.
#[test]
fn a_key_figures_table_without_the_last_period_has_no_empty_columns() {
    let project = Project::new();
    let run = project.run(&["--now"]);
    run.assert_ok();
    let pdfs = run.pdfs();
    assert_eq!(pdfs.len(), 2, "{}", run.stdout);
    for pdf in pdfs {
        let text = squashed_text(&project.path().join(&pdf));
        let table = text
            .split("主要指标")
            .nth(1)
            .and_then(|rest| rest.split("二、").next())
            .expect("表1 before section 二");
        // pdftotext may read a table's first column apart from the others: only which
        // words the table holds is compared, not their order.
        assert!(
            table.contains("本期") && table.contains("职业水平考试报名"),
            "{table}"
        );
        if pdf.to_string_lossy().contains("湘潭市") {
            assert!(!table.contains("上期") && !table.contains('—'), "{table}");
        } else {
            assert!(table.contains("上期") && table.contains("同比"), "{table}");
        }
    }
}
