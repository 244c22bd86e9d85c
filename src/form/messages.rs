//! Every text the clerk reads from `form` and `import`.
//!
//! The words written INTO the workbook (its title, comment, required marks and the
//! data-validation messages Excel shows) are Chinese whatever the language: the form is
//! a Chinese form, and import reads its sheet names and labels back. They are the
//! constants and functions at the top of this file. What the clerk reads on the
//! terminal (problems with their help lines, what import did) comes from the message
//! catalogue (src/i18n/*/form.ftl) through the functions below, so that the call sites
//! stay short.

use crate::i18n::{lang, Lang};
use crate::tr;

pub const FORM_COMMENT: &str =
    "sw-briefing 填报表：黄色单元格填写本期数字，灰色单元格为标题和上期参考，不能修改。";
pub const REQUIRED_MARK: &str = "【必填】";
pub const DV_ERROR_TITLE: &str = "输入有误";
pub const DV_QUALIFIER: &str = "修饰只能选“余”（多于）或“约”（大约）；数字精确时留空。";

pub fn form_title(name: &str, code: &str, period: &str) -> String {
    format!(
        "{name}（{code}）{} 社会工作统计填报表",
        period_words(period)
    )
}

pub fn sheet_title(sheet: &str, name: &str, code: &str, period: &str) -> String {
    format!("{sheet} — {name}（{code}）{}", period_words(period))
}

/// 2023 → 2023年, 2023-Q4 → 2023年第4季度, 2023-11 → 2023年11月.
pub fn period_words(period: &str) -> String {
    match period.split_once('-') {
        None => format!("{period}年"),
        Some((y, q)) if q.starts_with('Q') => format!("{y}年第{}季度", &q[1..]),
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
    }
}

pub fn dv_whole(label: &str) -> String {
    format!("“{label}”应填不小于 0 的整数，不写单位和千位分隔符。")
}
pub fn dv_percent(label: &str) -> String {
    format!("“{label}”应填 0 到 100 之间的数，不写 % 号。")
}
pub fn dv_date(label: &str) -> String {
    format!("“{label}”应填日期，如 2023-12-31。")
}
pub fn dv_choice(label: &str) -> String {
    format!("“{label}”请从下拉列表中选择。")
}
pub fn dv_code(label: &str) -> String {
    format!("“{label}”应为六位数字，如 430000。")
}

// Problems: (message, what to do).

fn fix_regenerate() -> String {
    tr!("form-fix-regenerate")
}

/// A list of names as the language writes one: “a”、“b” or “a”, “b”.
fn names_list<S: AsRef<str>>(names: &[S]) -> String {
    let separator = match lang() {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    names
        .iter()
        .map(|n| format!("“{}”", n.as_ref()))
        .collect::<Vec<_>>()
        .join(separator)
}

pub fn empty_file() -> (String, String) {
    (tr!("form-empty-file"), tr!("form-empty-file-hint"))
}
pub fn not_a_workbook(detail: &str) -> (String, String) {
    (
        tr!("form-not-a-workbook", detail = detail),
        tr!("form-not-a-workbook-hint"),
    )
}
pub fn password_protected() -> (String, String) {
    (tr!("form-password"), tr!("form-password-hint"))
}
pub fn too_large(size: u64, max: u64) -> (String, String) {
    (
        tr!("form-too-large", size = size, max = max),
        tr!("form-too-large-hint"),
    )
}
pub fn cannot_read(e: &str) -> (String, String) {
    (
        tr!("form-cannot-read", error = e),
        tr!("form-cannot-read-hint"),
    )
}
pub fn missing_sheet(name: &str, present: &[String]) -> (String, String) {
    (
        tr!(
            "form-missing-sheet",
            name = name,
            present = names_list(present)
        ),
        tr!("form-missing-sheet-hint"),
    )
}
pub fn unreadable_sheet(name: &str, e: &str) -> (String, String) {
    (
        tr!("form-unreadable-sheet", name = name, error = e),
        fix_regenerate(),
    )
}
pub fn moved(expected: &str, found: &str) -> (String, String) {
    let message = if found.is_empty() {
        tr!("form-moved-blank", expected = expected)
    } else {
        tr!("form-moved", expected = expected, found = found)
    };
    (message, fix_regenerate())
}
pub fn merged() -> (String, String) {
    (tr!("form-merged"), tr!("form-merged-hint"))
}
pub fn formula_without_value(formula: &str) -> (String, String) {
    (
        tr!("form-formula-without-value", formula = formula),
        tr!("form-formula-without-value-hint"),
    )
}
pub fn formula_error(error: &str) -> (String, String) {
    (
        tr!("form-formula-error", error = error),
        tr!("form-formula-error-hint"),
    )
}
pub fn full_width(text: &str, half: &str) -> (String, String) {
    (
        tr!("form-full-width", text = text),
        tr!("form-full-width-hint", half = half),
    )
}
pub fn not_a_number(text: &str, fix: Option<String>) -> (String, String) {
    (
        tr!("form-not-a-number", text = text),
        fix.unwrap_or_else(|| tr!("form-not-a-number-hint")),
    )
}
pub fn with_separators(text: &str, plain: &str) -> (String, String) {
    (
        tr!("form-separators", text = text),
        tr!("form-separators-hint", plain = plain),
    )
}
pub fn negative(v: &str) -> (String, String) {
    (tr!("form-negative", value = v), tr!("form-negative-hint"))
}
pub fn not_whole(v: &str) -> (String, String) {
    (tr!("form-not-whole", value = v), tr!("form-not-whole-hint"))
}
pub fn percent_range(v: &str) -> (String, String) {
    (
        tr!("form-percent-range", value = v),
        tr!("form-percent-range-hint"),
    )
}
pub fn wrong_kind(found: &str, expected: &str) -> (String, String) {
    (
        tr!("form-wrong-kind", found = found, expected = expected),
        tr!("form-wrong-kind-hint", expected = expected),
    )
}
pub fn bad_qualifier(text: &str) -> (String, String) {
    (
        tr!("form-bad-qualifier", text = text),
        tr!("form-bad-qualifier-hint"),
    )
}
pub fn qualifier_without_value() -> (String, String) {
    (
        tr!("form-qualifier-without-value"),
        tr!("form-qualifier-without-value-hint"),
    )
}
pub fn bad_choice(text: &str, choices: &[&str]) -> (String, String) {
    let separator = match lang() {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    (
        tr!("form-bad-choice", text = text),
        tr!("form-bad-choice-hint", choices = choices.join(separator)),
    )
}
pub fn bad_date(text: &str) -> (String, String) {
    (tr!("form-bad-date", text = text), tr!("form-bad-date-hint"))
}
pub fn bad_code(text: &str) -> (String, String) {
    (tr!("form-bad-code", text = text), tr!("form-bad-code-hint"))
}
pub fn bad_period(text: &str) -> (String, String) {
    (tr!("form-bad-period", text = text), fix_regenerate())
}
pub fn required_missing() -> (String, String) {
    (
        tr!("form-required-missing"),
        tr!("form-required-missing-hint"),
    )
}
pub fn row_required_missing(column: &str) -> (String, String) {
    (
        tr!("form-row-required-missing", column = column),
        tr!("form-row-required-missing-hint", column = column),
    )
}
pub fn rank_incomplete() -> (String, String) {
    (
        tr!("form-rank-incomplete"),
        tr!("form-rank-incomplete-hint"),
    )
}
pub fn region_renamed(code: &str, here: &str, on_file: &str, file: &str) -> (String, String) {
    (
        tr!(
            "form-region-renamed",
            code = code,
            here = here,
            on_file = on_file,
            file = file
        ),
        tr!("form-region-renamed-hint"),
    )
}
pub fn exists_different(path: &str) -> (String, String) {
    (
        tr!("form-exists-different", path = path),
        tr!("form-exists-different-hint"),
    )
}
pub fn same_target(path: &str, other: &str) -> (String, String) {
    (
        tr!("form-same-target", path = path, other = other),
        tr!("form-same-target-hint"),
    )
}
pub fn bad_period_argument(text: &str) -> String {
    tr!("form-bad-period-argument", text = text)
}
pub fn cannot_make_form(e: &str) -> String {
    tr!("form-cannot-make", error = e)
}
pub fn form_exists(path: &str) -> (String, String) {
    (tr!("form-exists", path = path), tr!("form-exists-hint"))
}
pub fn cannot_write(path: &str, e: &str) -> (String, String) {
    (
        tr!("form-cannot-write", path = path, error = e),
        tr!("form-cannot-write-hint"),
    )
}

/// A loader's finding in the form's own terms (the loader names YAML fields, which the
/// clerk never sees), chosen by the catalogue id of the loader's message; a finding
/// without a form wording keeps the loader's message.
pub fn loader_rule(problem: &crate::model::problem::Problem) -> (String, String) {
    let said = match problem.rule {
        Some("metrics-passes") => tr!("form-rule-passes"),
        Some("metrics-funding-sum") => tr!("form-rule-channels"),
        Some("metrics-level-built") => tr!("form-rule-built"),
        Some("metrics-subregion-built") => tr!("form-rule-stations-built"),
        Some("metrics-target-level") => tr!("form-rule-level"),
        Some("metrics-target-set-on") => tr!("form-rule-deadline"),
        Some("metrics-parent-code") => tr!("form-rule-parent"),
        Some("metrics-region-code") => tr!("form-rule-code"),
        Some("metrics-name-not-place") => tr!("form-rule-place"),
        Some("metrics-rank") => tr!("form-rule-rank"),
        Some("metrics-share") => tr!("form-rule-share"),
        Some("metrics-negative") => tr!("form-rule-negative"),
        Some("metrics-not-whole") => tr!("form-rule-whole"),
        _ => tr!("form-rule-other", message = problem.message.as_str()),
    };
    (said, tr!("form-rule-hint"))
}

pub fn imported(path: &str) -> String {
    tr!("form-imported", path = path)
}
pub fn unchanged(path: &str) -> String {
    tr!("form-unchanged", path = path)
}
pub fn replaced(path: &str, sha256: &str) -> String {
    tr!("form-replaced", path = path, sha256 = sha256)
}
pub fn dry_run_ok(path: &str) -> String {
    tr!("form-dry-run-ok", path = path)
}
pub fn summary(problems: usize, files: usize) -> String {
    tr!("form-summary", problems = problems, files = files)
}
pub fn form_written(path: &str) -> String {
    tr!("form-written", path = path)
}

/// Where on a form: ` 表“考试”!C3（报考人数）`.
pub fn place(sheet: &str, cell: Option<&str>, field: Option<&str>) -> String {
    match (cell, field) {
        (Some(cell), Some(field)) => {
            tr!(
                "form-place-cell-field",
                sheet = sheet,
                cell = cell,
                field = field
            )
        }
        (Some(cell), None) => tr!("form-place-cell", sheet = sheet, cell = cell),
        (None, Some(field)) => tr!("form-place-sheet-field", sheet = sheet, field = field),
        (None, None) => tr!("form-place-sheet", sheet = sheet),
    }
}
/// A problem: file, place and message, joined as the language writes a label and
/// what it says (no message of its own: the words are the place's and the message's).
pub fn problem(file: &str, place: &str, message: &str) -> String {
    let colon = match lang() {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
    format!("{file}{place}{colon}{message}")
}
/// A problem's help line.
pub fn hint_line(hint: &str) -> String {
    tr!("form-hint-line", hint = hint)
}
/// An error line on the terminal.
pub fn error_line(message: &str) -> String {
    tr!("error-line", message = message)
}
/// An error about a command-line option (`--region`, `--period`).
pub fn option_error(option: &str, message: &str) -> String {
    tr!("form-error-option", option = option, message = message)
}
