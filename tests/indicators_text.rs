//! The numbers a reader wants, checked against values this test computes itself from
//! the fixture files (parsed here as plain YAML, not through the program's own
//! schema or indicator code), then found in the text of the real PDF.

mod common;
use common::*;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(REPO)
        .join("metrics/990100-示例市")
        .join(name);
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn num(v: &Value, path: &str) -> f64 {
    let mut cur = v;
    for key in path.split('.') {
        cur = match key.parse::<usize>() {
            Ok(i) => &cur[i],
            Err(_) => &cur[key],
        };
    }
    cur.as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number: {cur}"))
}

/// Two decimals, trailing zeros dropped: 27.05, 95, 82.69.
fn two(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn pct_change(now: f64, before: f64) -> String {
    let p = (now - before) / before * 100.0;
    format!(
        "{}{}%",
        if p >= 0.0 { "增长" } else { "下降" },
        two(p.abs())
    )
}

fn briefing_text(period: &str) -> String {
    let project = Project::new();
    let run = project.run(&["--now", "--region", "990100", "--period", period]);
    run.assert_ok();
    squashed_text(&project.path().join(&run.pdfs()[0]))
}

#[test]
fn example_city_2023_states_the_computed_values() {
    let now = fixture("2023.yaml");
    let before = fixture("2022.yaml");
    let text = briefing_text("2023");
    let mut expected = Vec::new();

    let (reg, pas) = (
        num(&now, "certification.registrants"),
        num(&now, "certification.passes"),
    );
    let (reg0, pas0) = (
        num(&before, "certification.registrants"),
        num(&before, "certification.passes"),
    );
    expected.push(format!("通过率为{}%", two(pas / reg * 100.0)));
    expected.push(format!("报名人数同比{}", pct_change(reg, reg0)));
    expected.push(format!("通过人数同比{}", pct_change(pas, pas0)));
    let points = pas / reg * 100.0 - pas0 / reg0 * 100.0;
    expected.push(format!(
        "通过率{}{}个百分点",
        if points >= 0.0 { "提高" } else { "降低" },
        two(points.abs())
    ));

    // Record highs against every earlier year on file.
    let history: Vec<Value> = ["2019.yaml", "2020.yaml", "2021.yaml", "2022.yaml"]
        .iter()
        .map(|f| fixture(f))
        .collect();
    if history
        .iter()
        .all(|h| num(h, "certification.registrants") < reg)
        && history.iter().all(|h| num(h, "certification.passes") < pas)
    {
        expected.push("报名人数和通过人数均创历史新高".into());
    }

    let fund = num(&now, "funding.total_yuan");
    expected.push(format!(
        "共投入社会工作资金{}万元，同比{}",
        two(fund / 1e4),
        pct_change(fund, num(&before, "funding.total_yuan"))
    ));
    for i in 0..3 {
        let name = now["funding"]["channels"][i]["name"].as_str().unwrap();
        let amount = num(&now, &format!("funding.channels.{i}.amount_yuan"));
        expected.push(format!(
            "{name}{}万元，占{}%",
            two(amount / 1e4),
            two(amount / fund * 100.0)
        ));
    }

    let posts = num(&now, "staffing.posts");
    expected.push(format!(
        "共有社会工作岗位{}个，同比{}",
        posts,
        pct_change(posts, num(&before, "staffing.posts"))
    ));
    let workers = num(&now, "staffing.workers");
    expected.push(format!(
        "社会工作者达到{}人，同比{}",
        workers,
        pct_change(workers, num(&before, "staffing.workers"))
    ));
    let pt = num(&now, "training.person_times");
    expected.push(format!(
        "培训{}人次，同比{}",
        pt,
        pct_change(pt, num(&before, "training.person_times"))
    ));

    for i in 0..2 {
        let built = num(&now, &format!("stations.levels.{i}.built"));
        let total = num(&now, &format!("stations.levels.{i}.total"));
        let level = now["stations"]["levels"][i]["level"].as_str().unwrap();
        expected.push(format!(
            "建成{level}{built}个，覆盖率{}%",
            two(built / total * 100.0)
        ));
    }
    // Targets: progress = built / goal; on schedule when progress ≥ share of time used.
    for i in 0..2 {
        let target = &now["stations"]["targets"][i];
        let goal = num(&now, &format!("stations.targets.{i}.goal"));
        let built = num(&now, &format!("stations.levels.{i}.built"));
        let set_on =
            chrono::NaiveDate::parse_from_str(target["set_on"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
        let deadline =
            chrono::NaiveDate::parse_from_str(target["deadline"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        let time_used =
            (as_of - set_on).num_days() as f64 / (deadline - set_on).num_days() as f64 * 100.0;
        let progress = built / goal * 100.0;
        let verdict = if progress >= time_used {
            "达到序时进度"
        } else {
            "滞后于序时进度"
        };
        expected.push(format!("目前已完成{}%，{verdict}", two(progress)));
    }

    for phrase in &expected {
        assert!(
            text.contains(phrase.as_str()),
            "missing {phrase:?} in:\n{text}"
        );
    }
    assert!(
        text.contains("本期所用数据为示例数据"),
        "illustrative data must be declared"
    );
}

#[test]
fn quarterly_briefing_compares_with_the_previous_quarter() {
    let q4 = fixture("2023-Q4.yaml");
    let q3 = fixture("2023-Q3.yaml");
    let text = briefing_text("2023-Q4");
    let fund = num(&q4, "funding.total_yuan");
    let fund3 = num(&q3, "funding.total_yuan");
    // No change is said as 与上季度持平, not 环比持平.
    let change = if fund == fund3 {
        "与上季度持平".to_string()
    } else {
        format!("环比{}", pct_change(fund, fund3))
    };
    assert!(
        text.contains(&format!(
            "本季度共投入社会工作资金{}万元，{change}",
            two(fund / 1e4)
        )),
        "{text}"
    );
    let posts = num(&q4, "staffing.posts");
    assert!(
        text.contains(&format!(
            "共有社会工作岗位{posts}个，环比{}",
            pct_change(posts, num(&q3, "staffing.posts"))
        )),
        "{text}"
    );
}

#[test]
fn a_year_without_its_own_file_is_summed_from_its_quarters() {
    let project = Project::new();
    std::fs::remove_file(project.metrics().join("990100-示例市/2023.yaml")).unwrap();
    let run = project.run(&["--now", "--region", "990100", "--period", "2023"]);
    run.assert_ok();
    let text = squashed_text(&project.path().join(&run.pdfs()[0]));
    let quarters: Vec<Value> = (1..=4)
        .map(|q| fixture(&format!("2023-Q{q}.yaml")))
        .collect();
    let fund: f64 = quarters.iter().map(|q| num(q, "funding.total_yuan")).sum();
    let new_posts: f64 = quarters.iter().map(|q| num(q, "staffing.new_posts")).sum();
    let last_posts = num(&quarters[3], "staffing.posts");
    assert!(
        text.contains(&format!("全年共投入社会工作资金{}万元", two(fund / 1e4))),
        "{text}"
    );
    assert!(
        text.contains(&format!("全年新开发社会工作岗位{new_posts}个")),
        "{text}"
    );
    assert!(
        text.contains(&format!("共有社会工作岗位{last_posts}个")),
        "{text}"
    );
    assert!(text.contains("本期数据由2023年第一季度、2023年第二季度、2023年第三季度和2023年第四季度的数据汇总而成"), "{text}");

    std::fs::remove_file(project.metrics().join("990100-示例市/2023-Q3.yaml")).unwrap();
    let run = project.run(&[
        "--now",
        "--region",
        "990100",
        "--period",
        "2023",
        "--output",
        project.path().join("p.pdf").to_str().unwrap(),
    ]);
    run.assert_ok();
    let text = squashed_text(&project.path().join("p.pdf"));
    assert!(
        text.contains("其中2023年7月、2023年8月和2023年9月的数据尚未报送"),
        "{text}"
    );
}

/// Every mapping key below the top, as a path of keys and indices.
fn leaf_paths(v: &Value, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let mut p = prefix.clone();
                p.push(k.clone());
                out.push(p.clone());
                leaf_paths(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut p = prefix.clone();
                p.push(i.to_string());
                leaf_paths(child, p, out);
            }
        }
        _ => {}
    }
}

fn remove(v: &mut Value, path: &[String]) {
    let (last, parents) = path.split_last().unwrap();
    let mut cur = v;
    for key in parents {
        cur = match key.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[key.as_str()],
        };
    }
    cur.as_object_mut().unwrap().remove(last);
}

#[test]
fn removing_any_one_metric_still_gives_a_clean_briefing() {
    for (folder, file) in [
        ("990100-示例市", "2023.yaml"),
        ("430300-湘潭市", "2023.yaml"),
    ] {
        let original: Value = serde_saphyr::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(REPO)
                    .join("metrics")
                    .join(folder)
                    .join(file),
            )
            .unwrap(),
        )
        .unwrap();
        let mut paths = Vec::new();
        leaf_paths(&original, Vec::new(), &mut paths);
        assert!(paths.len() > 30, "{folder}: only {} fields", paths.len());
        let project = Project::new();
        let code = &folder[..6];
        for path in paths {
            let mut data = original.clone();
            remove(&mut data, &path);
            let yaml = serde_saphyr::to_string(&data).unwrap();
            project.write(&format!("metrics/{folder}/{file}"), yaml.as_bytes());
            let out = project.path().join("preview.pdf");
            let _ = std::fs::remove_file(&out);
            let run = project.run(&[
                "--now",
                "--region",
                code,
                "--period",
                "2023",
                "--output",
                out.to_str().unwrap(),
            ]);
            let label = path.join(".");
            if run.code == 4 {
                // A required field, or a reference the removal left dangling.
                assert!(
                    run.stderr.contains("missing field") || run.stderr.contains("does not list"),
                    "{folder} without {label}: rejected for another reason:\n{}",
                    run.stderr
                );
                continue;
            }
            assert_eq!(run.code, 0, "{folder} without {label}:\n{}", run.stderr);
            let text = squashed_text(&out);
            for bad in [
                "none",
                "None",
                "null",
                "NaN",
                "inf",
                "undefined",
                "，，",
                "。。",
                "，。",
                "是。",
                "（）",
                "：。",
                "%%",
            ] {
                assert!(
                    !text.contains(bad),
                    "{folder} without {label}: the text contains {bad:?}:\n{text}"
                );
            }
            assert!(
                text.contains("一、总体情况"),
                "{folder} without {label}: no overview"
            );
        }
    }
}
