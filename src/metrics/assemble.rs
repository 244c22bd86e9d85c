//! A quarterly or annual period whose own file is missing, assembled from the finer
//! files on record: flows (new posts, funds, exam figures, person-times) are summed,
//! stocks (posts, workers, stations, shares, policies) take the latest value.
//! Pure: works on loaded metrics only.

use crate::metrics::{
    Channel, DataStatus, FieldCount, Figure, Honour, Metrics, MetricsFile, MetricsStore, Qualifier,
};
use crate::model::period::{Period, PeriodKind};
use serde_saphyr::{Location, Spanned};
use std::borrow::Cow;
use std::path::PathBuf;

/// Which finer periods a briefing was assembled from, and which months are missing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assembly {
    pub parts: Vec<Period>,
    pub missing_months: Vec<Period>,
}

fn spanned(value: Figure) -> Spanned<Figure> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// Qualifier of a sum: "more than" dominates exact; "about" dominates both.
fn combine(a: Qualifier, b: Qualifier) -> Qualifier {
    match (a, b) {
        (Qualifier::About, _) | (_, Qualifier::About) => Qualifier::About,
        (Qualifier::Over, _) | (_, Qualifier::Over) => Qualifier::Over,
        _ => Qualifier::Exact,
    }
}

/// Sums a flow over the parts; none when no part has it.
fn sum(
    parts: &[&Metrics],
    pick: impl Fn(&MetricsFile) -> Option<Figure>,
) -> Option<Spanned<Figure>> {
    let values: Vec<Figure> = parts.iter().filter_map(|m| pick(&m.data)).collect();
    if values.is_empty() {
        return None;
    }
    let value = values.iter().map(|f| f.value).sum();
    let qualifier = values
        .iter()
        .fold(Qualifier::Exact, |q, f| combine(q, f.qualifier));
    Some(spanned(Figure { value, qualifier }))
}

/// The latest part's value of a stock.
fn last<T: Clone>(parts: &[&Metrics], pick: impl Fn(&MetricsFile) -> Option<T>) -> Option<T> {
    parts.iter().rev().find_map(|m| pick(&m.data))
}

/// Sums named counts (new posts by field, honours) across the parts, keeping first-seen order.
fn sum_named(
    parts: &[&Metrics],
    pick: impl Fn(&MetricsFile) -> Vec<(String, Figure)>,
) -> Vec<(String, Figure)> {
    let mut out: Vec<(String, Figure)> = Vec::new();
    for m in parts {
        for (name, f) in pick(&m.data) {
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, total)) => {
                    total.value += f.value;
                    total.qualifier = combine(total.qualifier, f.qualifier);
                }
                None => out.push((name, f)),
            }
        }
    }
    out
}

/// The finer files to build `period` from: quarters for a year when there are any,
/// else months.
fn parts_of<'a>(store: &'a MetricsStore, code: &str, period: Period) -> Vec<&'a Metrics> {
    let finer: Vec<PeriodKind> = match period.kind() {
        PeriodKind::Year => vec![PeriodKind::Quarter, PeriodKind::Month],
        PeriodKind::Quarter => vec![PeriodKind::Month],
        PeriodKind::Month => vec![],
    };
    for kind in finer {
        let parts: Vec<&Metrics> = store
            .history(code)
            .filter(|m| m.period().kind() == kind && period.contains(&m.period()))
            .collect();
        if !parts.is_empty() {
            return parts;
        }
    }
    Vec::new()
}

/// Assembles `period` for region `code`; none when no finer file exists.
pub fn assemble(store: &MetricsStore, code: &str, period: Period) -> Option<(Metrics, Assembly)> {
    let parts = parts_of(store, code, period);
    let latest = *parts.last()?;
    let covered: Vec<Period> = parts.iter().flat_map(|m| m.period().months()).collect();
    let assembly = Assembly {
        parts: parts.iter().map(|m| m.period()).collect(),
        missing_months: period
            .months()
            .into_iter()
            .filter(|m| !covered.contains(m))
            .collect(),
    };
    let mut data: MetricsFile = latest.data.clone();
    data.period = Spanned::new(period, Location::UNKNOWN, Location::UNKNOWN);
    data.data_status = if parts
        .iter()
        .any(|m| m.data.data_status == DataStatus::Illustrative)
    {
        DataStatus::Illustrative
    } else {
        DataStatus::Published
    };

    let fig = |f: &Option<Spanned<Figure>>| f.as_ref().map(|s| s.value);
    data.staffing.posts = last(&parts, |m| m.staffing.posts.clone());
    data.staffing.workers = last(&parts, |m| m.staffing.workers.clone());
    data.staffing.new_posts = sum(&parts, |m| fig(&m.staffing.new_posts));
    data.staffing.new_posts_by_field = sum_named(&parts, |m| {
        m.staffing
            .new_posts_by_field
            .iter()
            .map(|f| (f.field.clone(), f.count.value))
            .collect()
    })
    .into_iter()
    .map(|(field, f)| FieldCount {
        field,
        count: spanned(f),
    })
    .collect();
    data.staffing.honours = sum_named(&parts, |m| {
        m.staffing
            .honours
            .iter()
            .map(|h| (h.title.clone(), h.count.value))
            .collect()
    })
    .into_iter()
    .map(|(title, f)| {
        // The people named in any part, each once, in first-seen order.
        let mut names: Vec<Spanned<String>> = Vec::new();
        for m in &parts {
            for h in m.data.staffing.honours.iter().filter(|h| h.title == title) {
                for n in &h.names {
                    if !names.iter().any(|seen| seen.value == n.value) {
                        names.push(n.clone());
                    }
                }
            }
        }
        Honour {
            title,
            count: spanned(f),
            names,
        }
    })
    .collect();

    data.funding.total_yuan = sum(&parts, |m| fig(&m.funding.total_yuan));
    let channel_names: Vec<String> = sum_named(&parts, |m| {
        m.funding
            .channels
            .iter()
            .map(|c| (c.name.clone(), Figure::exact(0.0)))
            .collect()
    })
    .into_iter()
    .map(|(n, _)| n)
    .collect();
    data.funding.channels = channel_names
        .into_iter()
        .map(|name| {
            // A channel's sum is known only when every part that has channels gives its amount.
            let with_channels: Vec<&&Metrics> = parts
                .iter()
                .filter(|m| !m.data.funding.channels.is_empty())
                .collect();
            let amounts: Vec<Option<Figure>> = with_channels
                .iter()
                .map(|m| {
                    m.data
                        .funding
                        .channels
                        .iter()
                        .find(|c| c.name == name)
                        .and_then(|c| fig(&c.amount_yuan))
                })
                .collect();
            let amount_yuan = if amounts.iter().all(Option::is_some) {
                let values: Vec<Figure> = amounts.into_iter().flatten().collect();
                Some(spanned(Figure {
                    value: values.iter().map(|f| f.value).sum(),
                    qualifier: values
                        .iter()
                        .fold(Qualifier::Exact, |q, f| combine(q, f.qualifier)),
                }))
            } else {
                None
            };
            Channel { name, amount_yuan }
        })
        .collect();

    data.certification.registrants = sum(&parts, |m| fig(&m.certification.registrants));
    data.certification.passes = sum(&parts, |m| fig(&m.certification.passes));
    data.certification.certified_share_percent =
        last(&parts, |m| m.certification.certified_share_percent.clone());
    data.certification.rank = last(&parts, |m| m.certification.rank.clone());
    data.training.person_times = sum(&parts, |m| fig(&m.training.person_times));
    data.highlights = parts
        .iter()
        .flat_map(|m| m.data.highlights.iter().cloned())
        .collect();
    data.next_steps = latest.data.next_steps.clone();

    let file = latest
        .file
        .parent()
        .map(|d| d.join(format!("{period}.yaml")))
        .unwrap_or_else(|| PathBuf::from(format!("{period}.yaml")));
    // Assembled in memory: it has no bytes of its own; the archive records its parts.
    Some((
        Metrics {
            file,
            data,
            source: Default::default(),
            repeats: Vec::new(),
        },
        assembly,
    ))
}

/// The metrics of `period`: its own file when there is one, else assembled.
pub fn resolve<'a>(
    store: &'a MetricsStore,
    code: &str,
    period: Period,
) -> Option<(Cow<'a, Metrics>, Option<Assembly>)> {
    match store.get(code, &period) {
        Some(m) => Some((Cow::Borrowed(m), None)),
        None => assemble(store, code, period).map(|(m, a)| (Cow::Owned(m), Some(a))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: u32, new_posts: u32, posts: u32, fund: &str) -> String {
        format!(
            "data_status: published\nregion: {{name: 测试市, code: \"990200\", level: city}}\nperiod: \"2023-{m:02}\"\nstaffing: {{posts: {posts}, new_posts: {new_posts}}}\nfunding: {{total_yuan: {fund}}}\n"
        )
    }

    #[test]
    fn flows_are_summed_and_stocks_take_the_last_value() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = MetricsStore::default();
        for (m, new, posts, fund) in [
            (10, 3, 103, "1000"),
            (11, 4, 107, "{value: 2000, qualifier: over}"),
        ] {
            let path = dir.path().join(format!("2023-{m:02}.yaml"));
            let metrics = crate::metrics::parse_str(&path, &month(m, new, posts, fund)).unwrap();
            store
                .by_region
                .entry("990200".into())
                .or_default()
                .insert(metrics.period(), metrics);
        }
        let (m, assembly) = assemble(&store, "990200", Period::Quarter(2023, 4)).unwrap();
        assert_eq!(m.data.staffing.new_posts.unwrap().value.value, 7.0);
        assert_eq!(m.data.staffing.posts.unwrap().value.value, 107.0);
        let fund = m.data.funding.total_yuan.unwrap().value;
        assert_eq!((fund.value, fund.qualifier), (3000.0, Qualifier::Over));
        assert_eq!(
            assembly.parts,
            vec![Period::Month(2023, 10), Period::Month(2023, 11)]
        );
        assert_eq!(assembly.missing_months, vec![Period::Month(2023, 12)]);
        assert!(assemble(&store, "990200", Period::Quarter(2023, 3)).is_none());
    }
}
