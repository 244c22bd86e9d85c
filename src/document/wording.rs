//! The Chinese wording of a briefing, kept as minijinja templates in
//! `config/wording.yaml` so officials can change it without rebuilding.
//!
//! A sentence whose data is missing is left out, never printed with a blank: the
//! number filters and the output formatter refuse `none` and undefined values, and the
//! renderer drops a point that hits that refusal. Template mistakes (syntax, unknown
//! filters, misspelt variables) are found at load time by rendering every template
//! against a context in which every field is present.

use super::numbers;
use crate::metrics::Qualifier;
use crate::model::problem::{Problem, Problems};
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Marks the error a filter raises when its data is absent.
const MISSING: &str = "data missing";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionWording {
    pub heading: String,
    /// Plain paragraphs at the start of the section.
    #[serde(default)]
    pub lead: Vec<String>,
    /// Numbered points (一是…二是…).
    #[serde(default)]
    pub points: Vec<String>,
    /// Free text from the data appended as points.
    #[serde(default)]
    pub append: Option<AppendKind>,
    /// A built-in table.
    #[serde(default)]
    pub table: Option<TableKind>,
    /// A built-in chart.
    #[serde(default)]
    pub chart: Option<ChartKind>,
}

/// The free text of a metrics file a section may append as points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppendKind {
    Highlights,
    NextSteps,
}

impl AppendKind {
    /// The metrics field it comes from, for naming the origin of a point.
    pub fn field(self) -> &'static str {
        match self {
            AppendKind::Highlights => "highlights",
            AppendKind::NextSteps => "next_steps",
        }
    }
}

/// The built-in tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    KeyFigures,
    FundingChannels,
    Coverage,
    Allowances,
    Subregions,
}

/// The built-in charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    CertificationTrend,
    Coverage,
    FundingChannels,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWording {
    title: String,
    #[serde(default)]
    data_note: Option<String>,
    sections: Vec<SectionWording>,
}

/// Loaded and checked wording.
#[derive(Debug)]
pub struct Wording {
    pub file: PathBuf,
    pub title: String,
    pub data_note: Option<String>,
    pub sections: Vec<SectionWording>,
    env: Environment<'static>,
}

/// A rendered piece of text, or the reason it was left out.
pub enum Rendered {
    Text(String),
    Missing,
}

impl Wording {
    /// Loads the wording and renders every template against `full_context` (a context in
    /// which every field is present) to find mistakes before any briefing is made.
    pub fn load(path: &Path, full_context: &Value) -> Result<Wording, Problems> {
        let text = crate::yaml::read_text(path).map_err(|p| Problems(vec![p]))?;
        let raw: RawWording = crate::yaml::parse(path, &text).map_err(|p| Problems(vec![p]))?;
        let mut wording = Wording {
            file: path.to_path_buf(),
            title: raw.title,
            data_note: raw.data_note,
            sections: raw.sections,
            env: environment(),
        };
        let templates = wording.templates();
        let mut problems = Problems::default();
        for (name, source) in &templates {
            if let Err(problem) = wording.check_template(name, source, &text, full_context) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            // Compiled once here, not at every briefing: compiling a template took
            // longer than rendering it, a thousand times over in a national run.
            for (name, source) in templates {
                if let Err(e) = wording.env.add_template_owned(name.clone(), source) {
                    problems.push(Problem::whole_file(
                        path,
                        crate::tr!("wording-template-error", name = name, detail = describe(&e)),
                    ));
                }
            }
        }
        problems.into_result(wording)
    }

    /// Every template with a name that says where it is in the file.
    fn templates(&self) -> Vec<(String, String)> {
        let mut out = vec![("title".to_string(), self.title.clone())];
        if let Some(note) = &self.data_note {
            out.push(("data_note".to_string(), note.clone()));
        }
        for (i, s) in self.sections.iter().enumerate() {
            out.push((format!("sections[{i}].heading"), s.heading.clone()));
            for (j, l) in s.lead.iter().enumerate() {
                out.push((format!("sections[{i}].lead[{j}]"), l.clone()));
            }
            for (j, p) in s.points.iter().enumerate() {
                out.push((format!("sections[{i}].points[{j}]"), p.clone()));
            }
        }
        out
    }

    fn check_template(
        &self,
        name: &str,
        source: &str,
        file_text: &str,
        full: &Value,
    ) -> Result<(), Problem> {
        let line_of = |needle: &str| -> u64 {
            file_text
                .lines()
                .position(|l| l.contains(needle))
                .map(|i| i as u64 + 1)
                .unwrap_or(0)
        };
        let first_line = source.lines().next().unwrap_or("");
        let base_line = line_of(
            first_line
                .get(..first_line.len().min(24))
                .unwrap_or(first_line),
        );
        let template = self
            .env
            .template_from_named_str(name, source)
            .map_err(|e| {
                let line = base_line + e.line().map(|l| l as u64 - 1).unwrap_or(0);
                Problem::new(
                    &self.file,
                    line,
                    0,
                    crate::tr!(
                        "wording-template-error",
                        name = name,
                        detail = e
                            .detail()
                            .map(str::to_string)
                            .unwrap_or_else(|| e.kind().to_string())
                    ),
                )
                .with_hint(crate::tr!("wording-syntax-help"))
            })?;
        for variable in template.undeclared_variables(true) {
            if !has_path(full, &variable) {
                let line = line_of(&variable).max(base_line);
                return Err(Problem::new(
                    &self.file,
                    line,
                    0,
                    crate::tr!("wording-unknown-variable", name = name, variable = variable),
                )
                .with_hint(crate::tr!("wording-unknown-variable-help")));
            }
        }
        match template.render(full) {
            Ok(_) => Ok(()),
            Err(e) => {
                let line = base_line + e.line().map(|l| l as u64 - 1).unwrap_or(0);
                Err(Problem::new(
                    &self.file,
                    line,
                    0,
                    crate::tr!("wording-template-error", name = name, detail = describe(&e)),
                )
                .with_hint(crate::tr!("wording-filter-help")))
            }
        }
    }

    /// Renders one template, `name` as [`Wording::templates`] names it (e.g.
    /// `sections[0].points[1]`); `Missing` when the data it needs is absent.
    pub fn render(&self, name: &str, source: &str, context: &Value) -> Result<Rendered, String> {
        // The template compiled at load, unless its text has been changed since.
        let rendered = match self.env.get_template(name) {
            Ok(template) if template.source() == source => template.render(context),
            _ => self.env.render_named_str(name, source, context),
        };
        match rendered {
            Ok(text) => {
                let text = text.trim().to_string();
                if text.is_empty() {
                    Ok(Rendered::Missing)
                } else {
                    Ok(Rendered::Text(text))
                }
            }
            Err(e) if is_missing(&e) => Ok(Rendered::Missing),
            Err(e) => Err(crate::tr!(
                "wording-render-error",
                file = self.file,
                name = name,
                detail = describe(&e)
            )),
        }
    }
}

fn describe(e: &Error) -> String {
    match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    }
}

fn is_missing(e: &Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if err.to_string().contains(MISSING)
            || matches!(
                err.downcast_ref::<Error>().map(|e| e.kind()),
                Some(ErrorKind::UndefinedError)
            )
        {
            return true;
        }
        current = err.source();
    }
    false
}

/// Whether `a.b.c` resolves in `value`.
fn has_path(value: &Value, path: &str) -> bool {
    let mut current = value.clone();
    for part in path.split('.') {
        match current.get_attr(part) {
            Ok(next) if !next.is_undefined() => current = next,
            _ => return false,
        }
    }
    true
}

fn missing() -> Error {
    Error::new(ErrorKind::InvalidOperation, MISSING)
}

/// Reads a figure from either a plain number or a `{value, qualifier}` map.
fn figure(v: &Value) -> Result<(f64, Qualifier), Error> {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => Err(missing()),
        ValueKind::Number => Ok((
            f64::try_from(v.clone()).map_err(|_| missing())?,
            Qualifier::Exact,
        )),
        ValueKind::Map => {
            let value = v.get_attr("value")?;
            if value.is_undefined() || value.is_none() {
                return Err(missing());
            }
            let number = f64::try_from(value).map_err(|_| missing())?;
            let qualifier = match v.get_attr("qualifier")?.as_str() {
                Some("over") => Qualifier::Over,
                Some("about") => Qualifier::About,
                _ => Qualifier::Exact,
            };
            Ok((number, qualifier))
        }
        _ => Err(Error::new(
            ErrorKind::InvalidOperation,
            crate::tr!("wording-not-a-number", kind = crate::i18n::show(v.kind())),
        )),
    }
}

/// The words of a change record (see [`numbers::change_words`]).
fn change_text(v: &Value) -> Result<String, Error> {
    if v.is_undefined() || v.is_none() {
        return Err(missing());
    }
    let direction = match v.get_attr("direction")?.as_str() {
        Some("flat") => crate::indicators::Direction::Flat,
        Some("up") => crate::indicators::Direction::Up,
        Some("down") => crate::indicators::Direction::Down,
        _ => return Err(missing()),
    };
    let percent = v.get_attr("percent")?;
    let percent = if percent.is_none() || percent.is_undefined() {
        None
    } else {
        Some(f64::try_from(percent).map_err(|_| missing())?)
    };
    let delta = f64::try_from(v.get_attr("delta")?).map_err(|_| missing())?;
    let approximate = v.get_attr("approximate")?.is_true();
    Ok(numbers::change_words(
        direction,
        percent,
        delta,
        approximate,
    ))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_formatter(|out, state, value| {
        if value.is_undefined() || value.is_none() {
            return Err(missing());
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter(
        "num",
        |v: Value, unit: Option<String>| -> Result<String, Error> {
            let (n, q) = figure(&v)?;
            Ok(numbers::count(n, q, unit.as_deref().unwrap_or("")))
        },
    );
    // The people of an honour (a record with `names`): 李某、王某等4名同志.
    env.add_filter("people", |v: Value| -> Result<String, Error> {
        let (n, q) = figure(&v)?;
        let names: Vec<String> = v
            .get_attr("names")?
            .try_iter()?
            .map(|name| name.to_string())
            .collect();
        if names.is_empty() {
            return Err(missing());
        }
        Ok(numbers::people(&names, n, q))
    });
    env.add_filter("yuan", |v: Value| -> Result<String, Error> {
        let (n, q) = figure(&v)?;
        Ok(numbers::yuan(n, q))
    });
    env.add_filter("pct", |v: Value| -> Result<String, Error> {
        let (n, _) = figure(&v)?;
        Ok(numbers::percent(n))
    });
    // 增长12.5% / 下降3% / 增长9倍 / 持平, from a change record.
    env.add_filter("chg", |v: Value| -> Result<String, Error> {
        change_text(&v)
    });
    // The comparison as a clause: 同比增长12.5%, or 与上年持平 when nothing changed
    // (同比持平 reads as if something had moved).
    env.add_filter(
        "cmp",
        |state: &minijinja::State, v: Value| -> Result<String, Error> {
            let words = change_text(&v)?;
            let lookup = |name: &str| {
                state
                    .lookup(name)
                    .and_then(|w| w.as_str().map(str::to_string))
                    .ok_or_else(missing)
            };
            if v.get_attr("direction")?.as_str() == Some("flat") {
                Ok(format!("与{}持平", lookup("previous_word")?))
            } else {
                Ok(format!("{}{words}", lookup("comparison_word")?))
            }
        },
    );
    // Change in percentage points: 提高1.2个百分点 / 降低 / 持平.
    env.add_filter("pts", |v: Value| -> Result<String, Error> {
        let (n, _) = figure(&v)?;
        if n.abs() < 0.005 {
            Ok("持平".to_string())
        } else if n > 0.0 {
            Ok(format!("提高{}个百分点", numbers::decimal(n, 2)))
        } else {
            Ok(format!("降低{}个百分点", numbers::decimal(-n, 2)))
        }
    });
    env.add_filter("cn", |v: Value| -> Result<String, Error> {
        let (n, _) = figure(&v)?;
        Ok(numbers::chinese_numeral(n as u32))
    });
    env.add_filter("date", |v: Value| -> Result<String, Error> {
        let text = v.as_str().ok_or_else(missing)?;
        let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| missing())?;
        Ok(numbers::date(d))
    });
    env.add_filter("join_cn", |v: Value| -> Result<String, Error> {
        let items: Vec<String> = v.try_iter()?.map(|i| i.to_string()).collect();
        if items.is_empty() {
            return Err(missing());
        }
        Ok(numbers::join_list(&items))
    });
    // Refuses an empty list, so that a sentence about it is left out.
    env.add_filter("nonempty", |v: Value| -> Result<Value, Error> {
        if v.len().unwrap_or(0) == 0 {
            Err(missing())
        } else {
            Ok(v)
        }
    });
    env
}
