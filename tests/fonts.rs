//! Fallback fonts keep the style and weight of their role: a rare character (outside
//! the bundled GB 2312 subsets) in the bold title is printed from a bold face, in a
//! 黑体 heading from a sans face, in the body from a regular serif face. The config's
//! `fonts.fallbacks` is a list per role, or one list for every role. Checked on the
//! fonts (pdffonts) and the text (pdftotext) of the real PDF.

mod common;
use common::*;

/// U+4DAE (CJK extension A): in the Noto CJK collections, not in GB 2312.
const RARE: char = '䶮';

/// The sample region with RARE in the title, the first heading and a highlight.
fn rare_project(config: impl Fn(&str) -> String) -> Project {
    let project = Project::new();
    let wording = project
        .read("config/wording.yaml")
        .replace(
            "社会工作人才队伍建设情况'",
            &format!("社会工作人才{RARE}队伍建设情况'"),
        )
        .replace("heading: 总体情况", &format!("heading: 总体{RARE}情况"));
    project.write("config/wording.yaml", wording.as_bytes());
    let path = "metrics/990100-示例市/2023.yaml";
    let metrics = project.read(path).replace(
        "  - 出台《示例市",
        &format!("  - 在{RARE}街道试点，出台《示例市"),
    );
    project.write(path, metrics.as_bytes());
    let briefing = config(&project.read("config/briefing.yaml"));
    project.write("config/briefing.yaml", briefing.as_bytes());
    project
}

/// The base font names (subset tag removed) embedded in the PDF.
fn font_names(pdf: &std::path::Path) -> Vec<String> {
    let run = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
        .lines()
        .skip(2)
        .filter_map(|row| row.split_whitespace().next())
        .map(|name| match name.split_once('+') {
            Some((_, base)) => base.to_string(),
            None => name.to_string(),
        })
        .collect()
}

fn count(names: &[String], face: &str) -> usize {
    names.iter().filter(|n| *n == face).count()
}

fn make(project: &Project) -> std::path::PathBuf {
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    run.assert_ok();
    project.path().join(&run.pdfs()[0])
}

#[test]
fn a_rare_character_keeps_the_weight_and_style_of_its_role() {
    let project = rare_project(|c| c.to_string());
    let pdf = make(&project);
    let names = font_names(&pdf);
    // The bundled GB 2312 subsets carry the same PostScript names as the full faces, so
    // a face named twice is the subset and its full fallback.
    for face in [
        "NotoSerifCJKsc-Bold",
        "NotoSansCJKsc-Regular",
        "NotoSerifCJKsc-Regular",
    ] {
        assert_eq!(
            count(&names, face),
            2,
            "the full face {face} is not embedded next to its subset: {names:?}"
        );
    }
    assert_eq!(
        count(&names, "NotoSansCJKsc-Bold"),
        0,
        "the Serif Bold fallback comes first for the title: {names:?}"
    );
    let text = squashed_text(&pdf);
    for phrase in [
        format!("社会工作人才{RARE}队伍建设情况"),
        format!("总体{RARE}情况"),
        format!("在{RARE}街道试点"),
    ] {
        assert!(text.contains(&phrase), "`{phrase}` is not in the text");
    }
}

#[test]
fn one_fallback_list_still_serves_every_role() {
    let project = rare_project(|config| {
        let start = config.find("  fallbacks:").unwrap();
        let end = config.find("\nregions:").unwrap();
        format!(
            "{}  fallbacks:\n    - /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2\n{}",
            &config[..start],
            &config[end..]
        )
    });
    let pdf = make(&project);
    let names = font_names(&pdf);
    assert_eq!(count(&names, "NotoSerifCJKsc-Regular"), 2, "{names:?}");
    assert_eq!(
        (
            count(&names, "NotoSerifCJKsc-Bold"),
            count(&names, "NotoSansCJKsc-Regular")
        ),
        (1, 1),
        "only the one listed fallback is used, for every role: {names:?}"
    );
    let text = squashed_text(&pdf);
    assert!(text.contains(&format!("社会工作人才{RARE}队伍建设情况")));
    assert!(text.contains(&format!("在{RARE}街道试点")));
}

/// An unknown role is a located config error; a fallback file that is not installed
/// is skipped, so that a machine without fonts-noto-cjk still makes the briefings
/// whose characters the bundled fonts hold.
#[test]
fn an_unknown_role_is_a_located_config_error_and_a_missing_fallback_is_skipped() {
    let project = Project::new();
    let original = project.read("config/briefing.yaml");
    let missing = original.replace("NotoSansCJK-Bold.ttc#2", "NotoSansCJK-Black-Missing.ttc#2");
    assert_ne!(
        missing, original,
        "the bundled config names NotoSansCJK-Bold"
    );
    project.write("config/briefing.yaml", missing.as_bytes());
    let run = Run::from(project.command(&["check"]).output().unwrap());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = missing.replace("    kai:\n      - /usr", "    italic:\n      - /usr");
    assert_ne!(config, missing, "the bundled config has kai fallbacks");
    project.write("config/briefing.yaml", config.as_bytes());
    let line_of = |needle: &str| config.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (lang, role) in [
        ("en", "`italic` is not a font role"),
        ("zh", "“italic”不是字体用途"),
    ] {
        let run = Run::from(
            project
                .command(&["check"])
                .env("SW_BRIEFING_LANG", lang)
                .output()
                .unwrap(),
        );
        assert_eq!(run.code, 3, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("briefing.yaml:{}:", line_of("italic:")))
                && run.stderr.contains(role),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("Black-Missing"), "{}", run.stderr);
    }
}
