//! Parsing a metrics text and every rule a well-formed file obeys beyond its types.

use super::figure::*;
use super::schema::*;
use super::store::is_ancestor_code;
use crate::i18n::{show, tr};
use crate::model::digest::SourceDigest;
use crate::model::problem::{Problem, Problems};
use serde_saphyr::Spanned;
use std::path::Path;

/// Parses and checks metrics text as if read from `path` (which only names it in
/// messages and must end in the period, e.g. `2023.yaml`). Pure: no I/O.
pub fn parse_str(path: &Path, text: &str) -> Result<Metrics, Problems> {
    // The places the parser gives are in the text with one kind of line end; the
    // figures' spelling is looked up there.
    let normalized = crate::yaml::normalize_line_ends(text);
    let data: MetricsFile = crate::yaml::parse(path, &normalized).map_err(|p| Problems(vec![p]))?;
    let problems = check(path, &normalized, &data);
    let repeats = if super::repeats::may_repeat(&data) {
        super::repeats::find(path, &normalized)
    } else {
        Vec::new()
    };
    problems.into_result(Metrics {
        file: path.to_path_buf(),
        data,
        source: SourceDigest::of(text.as_bytes()),
        repeats,
    })
}

pub(crate) fn at<T>(file: &Path, s: &Spanned<T>, message: String) -> Problem {
    Problem::new(file, s.referenced.line(), s.referenced.column(), message)
}

/// Every rule a well-formed file obeys beyond its types.
fn check(file: &Path, text: &str, m: &MetricsFile) -> Problems {
    let mut problems = Problems::default();
    let mut count = |label: &str, f: &Option<Spanned<Figure>>| {
        if let Some(f) = f {
            check_count(file, text, label, f, &mut problems);
        }
    };
    count("region.population", &m.region.population);
    count("staffing.posts", &m.staffing.posts);
    count("staffing.new_posts", &m.staffing.new_posts);
    count("staffing.workers", &m.staffing.workers);
    count("funding.total_yuan", &m.funding.total_yuan);
    count("certification.registrants", &m.certification.registrants);
    count("certification.passes", &m.certification.passes);
    count("training.person_times", &m.training.person_times);
    count("training.pre_exam_months", &m.training.pre_exam_months);
    count(
        "training.central_training_days",
        &m.training.central_training_days,
    );
    count(
        "training.training_hours_per_worker",
        &m.training.training_hours_per_worker,
    );
    count(
        "training.supervision_hours_per_worker",
        &m.training.supervision_hours_per_worker,
    );
    for (i, f) in m.staffing.new_posts_by_field.iter().enumerate() {
        check_count(
            file,
            text,
            &format!("staffing.new_posts_by_field[{i}].count"),
            &f.count,
            &mut problems,
        );
    }
    for (i, h) in m.staffing.honours.iter().enumerate() {
        check_count(
            file,
            text,
            &format!("staffing.honours[{i}].count"),
            &h.count,
            &mut problems,
        );
        check_honour_names(file, i, h, &mut problems);
    }
    for (i, c) in m.funding.channels.iter().enumerate() {
        if let Some(a) = &c.amount_yuan {
            check_count(
                file,
                text,
                &format!("funding.channels[{i}].amount_yuan"),
                a,
                &mut problems,
            );
        }
    }
    for (i, a) in m.certification.allowances.iter().enumerate() {
        check_count(
            file,
            text,
            &format!("certification.allowances[{i}].monthly_yuan"),
            &a.monthly_yuan,
            &mut problems,
        );
    }
    if let Some(rank) = &m.certification.rank {
        check_count(
            file,
            text,
            "certification.rank.rank",
            &rank.rank,
            &mut problems,
        );
        if rank.rank.value.value < 1.0 {
            problems.push(
                at(file, &rank.rank, tr!("metrics-rank"))
                    .with_hint(tr!("metrics-rank-help"))
                    .with_rule("metrics-rank"),
            );
        }
    }

    let valid = |f: &Spanned<Figure>| f.value.value >= 0.0;
    if let (Some(reg), Some(pass)) = (&m.certification.registrants, &m.certification.passes) {
        if valid(reg) && valid(pass) && pass.value.value > reg.value.value {
            problems.push(
                at(
                    file,
                    pass,
                    tr!(
                        "metrics-passes",
                        passes = show(pass.value.value),
                        registrants = show(reg.value.value)
                    ),
                )
                .with_hint(tr!("metrics-passes-help"))
                .with_rule("metrics-passes"),
            );
        }
    }
    if let Some(share) = &m.certification.certified_share_percent {
        check_spelling(
            file,
            text,
            "certification.certified_share_percent",
            share,
            &mut problems,
        );
        let v = share.value.value;
        if !(0.0..=100.0).contains(&v) {
            problems.push(
                at(file, share, tr!("metrics-share", value = show(v)))
                    .with_hint(tr!("metrics-share-help"))
                    .with_rule("metrics-share"),
            );
        }
    }
    if let Some(total) = &m.funding.total_yuan {
        let amounts: Vec<f64> = m
            .funding
            .channels
            .iter()
            .filter_map(|c| c.amount_yuan.as_ref().map(|a| a.value.value))
            .collect();
        let sum: f64 = amounts.iter().sum();
        if total.value.qualifier == Qualifier::Exact
            && amounts.len() == m.funding.channels.len()
            && !amounts.is_empty()
            && (sum - total.value.value).abs() > 0.5
        {
            problems.push(
                at(
                    file,
                    total,
                    tr!(
                        "metrics-funding-sum",
                        total = show(total.value.value),
                        sum = show(sum)
                    ),
                )
                .with_hint(tr!("metrics-funding-sum-help"))
                .with_rule("metrics-funding-sum"),
            );
        }
    }
    for (i, level) in m.stations.levels.iter().enumerate() {
        check_count(
            file,
            text,
            &format!("stations.levels[{i}].built"),
            &level.built,
            &mut problems,
        );
        if let Some(total) = &level.total {
            check_count(
                file,
                text,
                &format!("stations.levels[{i}].total"),
                total,
                &mut problems,
            );
            if valid(&level.built) && valid(total) && level.built.value.value > total.value.value {
                problems.push(
                    at(
                        file,
                        &level.built,
                        tr!(
                            "metrics-level-built",
                            index = show(i),
                            level = level.level,
                            built = show(level.built.value.value),
                            total = show(total.value.value)
                        ),
                    )
                    .with_hint(tr!("metrics-built-help"))
                    .with_rule("metrics-level-built"),
                );
            }
        }
    }
    for (i, s) in m.subregions.iter().enumerate() {
        for (label, f) in [
            ("workers", &s.workers),
            ("stations_built", &s.stations_built),
            ("stations_total", &s.stations_total),
        ] {
            if let Some(f) = f {
                check_count(
                    file,
                    text,
                    &format!("subregions[{i}].{label}"),
                    f,
                    &mut problems,
                );
            }
        }
        if let (Some(b), Some(t)) = (&s.stations_built, &s.stations_total) {
            if valid(b) && valid(t) && b.value.value > t.value.value {
                problems.push(
                    at(
                        file,
                        b,
                        tr!(
                            "metrics-subregion-built",
                            index = show(i),
                            name = s.name,
                            built = show(b.value.value),
                            total = show(t.value.value)
                        ),
                    )
                    .with_hint(tr!("metrics-built-help"))
                    .with_rule("metrics-subregion-built"),
                );
            }
        }
    }
    for (i, target) in m.stations.targets.iter().enumerate() {
        if let Some(goal) = &target.goal {
            check_count(
                file,
                text,
                &format!("stations.targets[{i}].goal"),
                goal,
                &mut problems,
            );
        }
        if let Some(level) = &target.level {
            if !m.stations.levels.iter().any(|l| &l.level == level) {
                problems.push(
                    Problem::whole_file(
                        file,
                        tr!("metrics-target-level", index = show(i), level = level),
                    )
                    .with_hint(tr!("metrics-target-level-help"))
                    .with_rule("metrics-target-level"),
                );
            }
        }
        if let Some(set_on) = target.set_on {
            if set_on > target.deadline {
                problems.push(
                    Problem::whole_file(
                        file,
                        tr!(
                            "metrics-target-set-on",
                            index = show(i),
                            set_on = show(set_on),
                            deadline = show(target.deadline)
                        ),
                    )
                    .with_rule("metrics-target-set-on"),
                );
            }
        }
    }

    for name in &m.certification.record_highs {
        if !matches!(name.as_str(), "registrants" | "passes") {
            problems.push(
                Problem::whole_file(file, tr!("metrics-record-highs", name = name))
                    .with_hint(tr!("metrics-record-highs-help")),
            );
        }
    }

    let code = &m.region.code;
    if !crate::config::is_region_code(&code.value) {
        problems.push(
            at(file, code, tr!("metrics-region-code", code = code.value))
                .with_hint(tr!("metrics-region-code-help"))
                .with_rule("metrics-region-code"),
        );
    }
    if let Some(parent) = &m.region.parent_code {
        if !is_ancestor_code(parent, &code.value) {
            problems.push(
                at(
                    file,
                    code,
                    tr!("metrics-parent-code", parent = parent, code = code.value),
                )
                .with_hint(tr!("metrics-parent-code-help"))
                .with_rule("metrics-parent-code"),
            );
        }
    }
    let name = &m.region.name;
    if let Some(c) = name.value.chars().find(|&c| is_invisible(c)) {
        problems.push(
            at(
                file,
                name,
                tr!(
                    "metrics-name-invisible",
                    name = show(name.value.escape_debug()),
                    code = format!("{:04X}", c as u32),
                    kind = invisible_kind(c)
                ),
            )
            .with_hint(tr!("metrics-name-invisible-help")),
        );
    }
    let length = name.value.chars().count();
    if length > MAX_NAME_CHARS {
        problems.push(
            at(
                file,
                name,
                tr!("metrics-name-long", length = length, most = MAX_NAME_CHARS),
            )
            .with_hint(tr!("metrics-name-long-help")),
        );
    }
    if name.value.trim().is_empty()
        || name.value.chars().any(|c| matches!(c, '/' | '\\'))
        || name.value.contains("..")
    {
        problems.push(
            at(
                file,
                name,
                tr!(
                    "metrics-name-not-place",
                    name = show(name.value.escape_debug())
                ),
            )
            .with_hint(tr!("metrics-name-not-place-help"))
            .with_rule("metrics-name-not-place"),
        );
    }
    let expected_stem = m.period.value.to_string();
    if file.file_stem().and_then(|s| s.to_str()) != Some(expected_stem.as_str()) {
        problems.push(
            at(
                file,
                &m.period,
                tr!(
                    "metrics-file-name",
                    period = expected_stem,
                    name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
            )
            .with_hint(tr!("metrics-file-name-help", period = expected_stem)),
        );
    }
    problems
}

/// The longest region name: the longest in GB/T 2260 has 16 characters; the name is
/// part of archive folder names, which most file systems limit to 255 bytes.
pub const MAX_NAME_CHARS: usize = 40;

/// Characters that print nothing or reorder text: controls, bidirectional overrides
/// and marks, zero-width characters and other format characters.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}')
}

fn invisible_kind(c: char) -> String {
    match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => tr!("invisible-bidi"),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => tr!("invisible-zero-width"),
        c if c.is_control() => tr!("invisible-control"),
        _ => tr!("invisible-format"),
    }
}

/// The most a figure may be, by field: beyond it the figure is a typo (a county with
/// 10^12 social workers), and printing it would break the table. Generous: a national
/// total fits under each.
pub fn upper_bound(label: &str) -> f64 {
    let field = label.rsplit('.').next().unwrap_or(label);
    match field {
        "population" => 2e9,
        "total_yuan" | "amount_yuan" => 1e12,
        "monthly_yuan" => 1e6,
        "registrants" | "passes" => 1e8,
        "person_times" => 1e9,
        "pre_exam_months" => 120.0,
        "central_training_days" => 3660.0,
        // Hours in a leap year.
        "training_hours_per_worker" | "supervision_hours_per_worker" => 8784.0,
        "rank" => 1e5,
        _ => 1e7,
    }
}

/// The text of a figure written as a plain scalar, as the parser located it; `None`
/// for the mapping form (its `value` is read through its text when parsed).
fn written<'t>(text: &'t str, figure: &Spanned<Figure>) -> Option<&'t str> {
    let span = figure.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    let found = text.get(start..start.checked_add(len)?)?.trim();
    (!found.is_empty() && !found.starts_with('{') && !found.contains(':')).then_some(found)
}

/// Refuses a figure not written in plain decimal digits, or not held exactly (YAML
/// reads `0x10` as 16 and `1_000` as 1000 before the figure sees them).
fn check_spelling(
    file: &Path,
    text: &str,
    label: &str,
    figure: &Spanned<Figure>,
    problems: &mut Problems,
) -> bool {
    match written(text, figure).map(parse_decimal) {
        Some(Err(reason)) => {
            problems.push(
                at(
                    file,
                    figure,
                    tr!("metrics-figure-spelling", label = label, reason = reason),
                )
                .with_hint(tr!("metrics-figure-spelling-help")),
            );
            false
        }
        _ => true,
    }
}

fn check_count(
    file: &Path,
    text: &str,
    label: &str,
    figure: &Spanned<Figure>,
    problems: &mut Problems,
) {
    if !check_spelling(file, text, label, figure, problems) {
        return;
    }
    let v = figure.value.value;
    let most = upper_bound(label);
    if v > most {
        problems.push(
            at(
                file,
                figure,
                tr!(
                    "metrics-too-large",
                    label = label,
                    value = show(v),
                    most = show(most)
                ),
            )
            .with_hint(tr!("metrics-too-large-help")),
        );
        return;
    }
    if v < 0.0 {
        problems.push(
            at(
                file,
                figure,
                tr!("metrics-negative", label = label, value = show(v)),
            )
            .with_hint(tr!("metrics-negative-help"))
            .with_rule("metrics-negative"),
        );
    } else if v.fract() != 0.0 {
        problems.push(
            at(
                file,
                figure,
                tr!("metrics-not-whole", label = label, value = show(v)),
            )
            .with_hint(tr!("metrics-not-whole-help"))
            .with_rule("metrics-not-whole"),
        );
    }
}

/// The people named for an honour: one person per list item, each once, no more than
/// the count, and none of them written into the honour's title (the briefing puts the
/// names before the honour: 李某、王某等4名同志获评“…”).
fn check_honour_names(file: &Path, i: usize, h: &Honour, problems: &mut Problems) {
    for (j, name) in h.names.iter().enumerate() {
        let n = name.value.trim();
        let field = format!("staffing.honours[{i}].names[{j}]");
        let problem = if n.is_empty() {
            at(
                file,
                name,
                tr!("metrics-name-empty", field = field.as_str()),
            )
            .with_hint(tr!("metrics-name-empty-help"))
        } else if n.contains(['、', '，', ',', '；', ';', ' ', '\u{3000}']) {
            at(
                file,
                name,
                tr!("metrics-name-several", field = field.as_str(), name = n),
            )
            .with_hint(tr!("metrics-name-several-help"))
        } else if n.chars().count() > 20 {
            at(
                file,
                name,
                tr!("metrics-name-too-long", field = field.as_str(), name = n),
            )
            .with_hint(tr!("metrics-name-too-long-help"))
        } else if h.names[..j].iter().any(|seen| seen.value.trim() == n) {
            at(
                file,
                name,
                tr!("metrics-name-twice", field = field.as_str(), name = n),
            )
            .with_hint(tr!("metrics-name-twice-help"))
        } else if h.title.contains(n) {
            at(
                file,
                name,
                tr!(
                    "metrics-name-in-title",
                    field = format!("staffing.honours[{i}].title"),
                    title = h.title.as_str(),
                    name = n
                ),
            )
            .with_hint(tr!("metrics-name-in-title-help"))
        } else {
            continue;
        };
        problems.push(problem);
    }
    let count = &h.count.value;
    if !h.names.is_empty() && count.value >= 0.0 && (h.names.len() as f64) > count.value {
        problems.push(
            at(
                file,
                &h.count,
                tr!(
                    "metrics-names-exceed-count",
                    field = format!("staffing.honours[{i}].count"),
                    count = show(count.value),
                    named = h.names.len()
                ),
            )
            .with_hint(tr!("metrics-names-exceed-count-help")),
        );
    }
}
