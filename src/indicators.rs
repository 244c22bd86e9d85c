//! Derived numbers a reader wants: rates, shares, changes on the previous period,
//! record highs, ranks among peers and progress to targets. Pure functions of the
//! metrics on file; no I/O, no clock, and no words: periods and ranks stay typed here,
//! and the document stage names them in Chinese.

use crate::metrics::{DataStatus, Figure, Metrics, MetricsStore, Qualifier};
use crate::model::period::Period;
use serde::Serialize;

/// Change of one figure against the previous comparable period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub previous: f64,
    pub delta: f64,
    /// Percent change; absent when the previous value was 0.
    pub percent: Option<f64>,
    /// 增长 / 下降 / 持平.
    pub direction: Direction,
    /// How exact the previous figure is, so that it is printed as stated (1150余万元).
    pub previous_qualifier: Qualifier,
    /// Computed from a figure that is not exact: worded as approximate, not as an
    /// exact percent.
    pub approximate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Flat,
}

pub fn change(current: f64, previous: f64) -> Change {
    let delta = current - previous;
    let direction = if delta.abs() < 1e-9 {
        Direction::Flat
    } else if delta > 0.0 {
        Direction::Up
    } else {
        Direction::Down
    };
    let percent = (previous != 0.0).then(|| delta / previous * 100.0);
    Change {
        previous,
        delta,
        percent,
        direction,
        previous_qualifier: Qualifier::Exact,
        approximate: false,
    }
}

/// The change of a figure stated with a qualifier against another.
pub fn change_of(current: Figure, previous: Figure) -> Change {
    Change {
        previous_qualifier: previous.qualifier,
        approximate: current.qualifier != Qualifier::Exact
            || previous.qualifier != Qualifier::Exact,
        ..change(current.value, previous.value)
    }
}

/// `part / whole` in percent; none when the whole is zero.
pub fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}

/// A figure with what is known about it over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracked {
    pub value: f64,
    pub qualifier: Qualifier,
    pub change: Option<Change>,
    /// Higher than every earlier period of the same kind on file (or stated so).
    pub record_high: bool,
    /// The first period on file, when a record is computed from history.
    pub history_from: Option<Period>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
    pub value: f64,
    pub qualifier: Qualifier,
    /// The people named (honours only).
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelShare {
    pub name: String,
    pub amount: Option<Figure>,
    pub share_percent: Option<f64>,
}

/// A rank among peers: computed from the peers on file (passes per 10,000 residents,
/// among the regions of the same parent), or as stated in the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rank {
    pub rank: u32,
    /// What the data says the rank is among and by; `None` when computed.
    pub stated: Option<StatedRank>,
    /// The parent region's name, which a computed rank is among.
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedRank {
    pub among: String,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub level: String,
    pub built: f64,
    pub total: Option<f64>,
    pub percent: Option<f64>,
    pub full: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    Reached,
    OnSchedule,
    Behind,
    Overdue,
    Pending,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    pub description: String,
    pub goal: Option<f64>,
    pub built: Option<f64>,
    pub percent: Option<f64>,
    /// Share of the allotted time used by the end of the period.
    pub time_percent: Option<f64>,
    pub deadline: chrono::NaiveDate,
    pub status: TargetStatus,
}

/// One county's row: its figures and station coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubregionRow {
    pub name: String,
    pub workers: Option<f64>,
    pub stations_built: Option<f64>,
    pub stations_total: Option<f64>,
    pub coverage_percent: Option<f64>,
}

/// One point of a yearly series for charts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub period: Period,
    pub registrants: Option<f64>,
    pub passes: Option<f64>,
    pub pass_rate: Option<f64>,
    pub funding: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    pub region: String,
    pub code: String,
    pub parent: Option<String>,
    pub period: Period,
    pub illustrative: bool,
    pub source: Option<String>,
    /// When the period's own file is missing: the finer periods it was summed from.
    pub assembled_from: Vec<Period>,
    /// Months of the period with no data on file (assembled periods only).
    pub missing_months: Vec<Period>,

    pub posts: Option<Tracked>,
    pub new_posts: Option<Tracked>,
    pub new_posts_by_field: Vec<Named>,
    pub workers: Option<Tracked>,
    pub honours: Vec<Named>,

    pub funding_total: Option<Tracked>,
    pub channels: Vec<ChannelShare>,

    pub registrants: Option<Tracked>,
    pub passes: Option<Tracked>,
    pub pass_rate: Option<f64>,
    pub pass_rate_change_points: Option<f64>,
    /// 持证率, in percent.
    pub certified_share: Option<Figure>,
    pub rank: Option<Rank>,
    pub allowances: Vec<Named>,

    pub person_times: Option<Tracked>,
    pub pre_exam_months: Option<f64>,
    pub central_training_days: Option<f64>,
    pub training_hours_per_worker: Option<f64>,
    pub supervision_hours_per_worker: Option<f64>,

    pub coverage: Vec<Coverage>,
    pub targets: Vec<TargetProgress>,

    pub subregions: Vec<SubregionRow>,
    pub highlights: Vec<String>,
    pub next_steps: Vec<String>,
    /// Same-kind periods on file up to this one, oldest first.
    pub series: Vec<SeriesPoint>,
}

impl Indicators {
    /// The figures tracked through time, by their field names.
    pub fn tracked_figures(&self) -> [(&'static str, &Option<Tracked>); 7] {
        [
            ("posts", &self.posts),
            ("new_posts", &self.new_posts),
            ("workers", &self.workers),
            ("funding_total", &self.funding_total),
            ("registrants", &self.registrants),
            ("passes", &self.passes),
            ("person_times", &self.person_times),
        ]
    }
}

fn fig(f: &Option<serde_saphyr::Spanned<Figure>>) -> Option<Figure> {
    f.as_ref().map(|s| s.value)
}

/// Tracks one figure through the same-kind history of its region.
fn tracked(
    current: Option<Figure>,
    history: &[&Metrics],
    previous: Option<&Metrics>,
    pick: impl Fn(&Metrics) -> Option<Figure>,
    stated_record: bool,
) -> Option<Tracked> {
    let current = current?;
    let change = previous.and_then(&pick).map(|p| change_of(current, p));
    let earlier: Vec<f64> = history
        .iter()
        .filter_map(|m| pick(m))
        .map(|f| f.value)
        .collect();
    let computed_record = !earlier.is_empty() && earlier.iter().all(|&v| current.value > v);
    Some(Tracked {
        value: current.value,
        qualifier: current.qualifier,
        change,
        record_high: computed_record || stated_record,
        history_from: if computed_record {
            history.first().map(|m| m.period())
        } else {
            None
        },
    })
}

/// The metrics files [`compute`] reads for `metrics`, in path order: the period's own,
/// the earlier periods of the same kind (record highs, charts), the previous period
/// (changes) and the peers of the same period (rank). Keep in step with `compute`: the
/// archive packs exactly these files with the briefing.
pub fn input_files<'a>(
    metrics: &Metrics,
    store: &'a MetricsStore,
    assembly: Option<&crate::metrics::assemble::Assembly>,
) -> Vec<&'a Metrics> {
    let period = metrics.period();
    let code = metrics.code();
    // An assembled period has no file of its own: its inputs are the parts summed.
    let mut files: Vec<&Metrics> = match assembly {
        Some(a) => a.parts.iter().filter_map(|p| store.get(code, p)).collect(),
        None => store.get(code, &period).into_iter().collect(),
    };
    files.extend(
        store
            .history(code)
            .filter(|h| h.period().kind() == period.kind() && h.period() < period),
    );
    let previous = period.previous();
    match store.get(code, &previous) {
        Some(m) => files.push(m),
        None => files.extend(
            store
                .history(code)
                .filter(|h| previous.contains(&h.period())),
        ),
    }
    files.extend(store.peers_of(metrics));
    files.sort_by(|a, b| a.file.cmp(&b.file));
    files.dedup_by(|a, b| a.file == b.file);
    files
}

/// Computes everything the briefing states about `metrics`, using `store` for
/// history and peers.
pub fn compute(
    metrics: &Metrics,
    store: &MetricsStore,
    assembly: Option<&crate::metrics::assemble::Assembly>,
) -> Indicators {
    let m = &metrics.data;
    let period = metrics.period();
    let history: Vec<&Metrics> = store
        .history(metrics.code())
        .filter(|h| h.period().kind() == period.kind() && h.period() < period)
        .collect();
    let previous_resolved =
        crate::metrics::assemble::resolve(store, metrics.code(), period.previous());
    let previous = previous_resolved.as_ref().map(|(m, _)| m.as_ref());
    let stated = |name: &str| m.certification.record_highs.iter().any(|r| r == name);

    let registrants = tracked(
        fig(&m.certification.registrants),
        &history,
        previous,
        |h| fig(&h.data.certification.registrants),
        stated("registrants"),
    );
    let passes = tracked(
        fig(&m.certification.passes),
        &history,
        previous,
        |h| fig(&h.data.certification.passes),
        stated("passes"),
    );
    let pass_rate_of = |x: &Metrics| match (
        fig(&x.data.certification.passes),
        fig(&x.data.certification.registrants),
    ) {
        (Some(p), Some(r)) => percent(p.value, r.value),
        _ => None,
    };
    let pass_rate = pass_rate_of(metrics);
    let pass_rate_change_points = match (pass_rate, previous.and_then(pass_rate_of)) {
        (Some(now), Some(before)) => Some(now - before),
        _ => None,
    };

    let funding_total = tracked(
        fig(&m.funding.total_yuan),
        &history,
        previous,
        |h| fig(&h.data.funding.total_yuan),
        false,
    );
    let channels = m
        .funding
        .channels
        .iter()
        .map(|c| {
            let amount = fig(&c.amount_yuan);
            ChannelShare {
                name: c.name.clone(),
                amount,
                share_percent: match (amount, &funding_total) {
                    (Some(a), Some(t)) => percent(a.value, t.value),
                    _ => None,
                },
            }
        })
        .collect();

    let rank = computed_rank(metrics, store).or_else(|| {
        m.certification.rank.as_ref().map(|r| Rank {
            rank: r.rank.value.value as u32,
            stated: Some(StatedRank {
                among: r.among.clone(),
                basis: r.basis.clone(),
            }),
            parent: m.region.parent.clone(),
        })
    });

    let coverage: Vec<Coverage> = m
        .stations
        .levels
        .iter()
        .map(|l| {
            let total = fig(&l.total).map(|t| t.value);
            let built = l.built.value.value;
            Coverage {
                level: l.level.clone(),
                built,
                total,
                percent: total.and_then(|t| percent(built, t)),
                full: total.is_some_and(|t| t > 0.0 && built >= t),
            }
        })
        .collect();
    let as_of = period.last_day();
    let targets = m
        .stations
        .targets
        .iter()
        .map(|t| {
            let goal = fig(&t.goal).map(|g| g.value);
            let built = t
                .level
                .as_ref()
                .and_then(|name| coverage.iter().find(|c| &c.level == name))
                .map(|c| c.built);
            target_progress(&t.description, goal, built, t.set_on, t.deadline, as_of)
        })
        .collect();

    let series = store
        .history(metrics.code())
        .filter(|h| h.period().kind() == period.kind() && h.period() <= period)
        .map(|h| SeriesPoint {
            period: h.period(),
            registrants: fig(&h.data.certification.registrants).map(|f| f.value),
            passes: fig(&h.data.certification.passes).map(|f| f.value),
            pass_rate: pass_rate_of(h),
            funding: fig(&h.data.funding.total_yuan).map(|f| f.value),
        })
        .collect();

    let named = |name: &str, f: &serde_saphyr::Spanned<Figure>| Named {
        name: name.to_string(),
        value: f.value.value,
        qualifier: f.value.qualifier,
        names: Vec::new(),
    };

    Indicators {
        region: metrics.name().to_string(),
        code: metrics.code().to_string(),
        parent: m.region.parent.clone(),
        period,
        illustrative: m.data_status == DataStatus::Illustrative,
        source: m.source.clone(),
        assembled_from: assembly.map(|a| a.parts.clone()).unwrap_or_default(),
        missing_months: assembly
            .map(|a| a.missing_months.clone())
            .unwrap_or_default(),
        posts: tracked(
            fig(&m.staffing.posts),
            &history,
            previous,
            |h| fig(&h.data.staffing.posts),
            false,
        ),
        new_posts: tracked(
            fig(&m.staffing.new_posts),
            &history,
            previous,
            |h| fig(&h.data.staffing.new_posts),
            false,
        ),
        new_posts_by_field: m
            .staffing
            .new_posts_by_field
            .iter()
            .map(|f| named(&f.field, &f.count))
            .collect(),
        workers: tracked(
            fig(&m.staffing.workers),
            &history,
            previous,
            |h| fig(&h.data.staffing.workers),
            false,
        ),
        honours: m
            .staffing
            .honours
            .iter()
            .map(|h| Named {
                names: h.names.iter().map(|n| n.value.trim().to_string()).collect(),
                ..named(&h.title, &h.count)
            })
            .collect(),
        funding_total,
        channels,
        registrants,
        passes,
        pass_rate,
        pass_rate_change_points,
        certified_share: m
            .certification
            .certified_share_percent
            .as_ref()
            .map(|s| s.value),
        rank,
        allowances: m
            .certification
            .allowances
            .iter()
            .map(|a| named(&a.title, &a.monthly_yuan))
            .collect(),
        person_times: tracked(
            fig(&m.training.person_times),
            &history,
            previous,
            |h| fig(&h.data.training.person_times),
            false,
        ),
        pre_exam_months: fig(&m.training.pre_exam_months).map(|f| f.value),
        central_training_days: fig(&m.training.central_training_days).map(|f| f.value),
        training_hours_per_worker: fig(&m.training.training_hours_per_worker).map(|f| f.value),
        supervision_hours_per_worker: fig(&m.training.supervision_hours_per_worker)
            .map(|f| f.value),
        coverage,
        targets,
        subregions: m
            .subregions
            .iter()
            .map(|s| {
                let built = fig(&s.stations_built).map(|f| f.value);
                let total = fig(&s.stations_total).map(|f| f.value);
                SubregionRow {
                    name: s.name.clone(),
                    workers: fig(&s.workers).map(|f| f.value),
                    stations_built: built,
                    stations_total: total,
                    coverage_percent: match (built, total) {
                        (Some(b), Some(t)) => percent(b, t),
                        _ => None,
                    },
                }
            })
            .collect(),
        highlights: m.highlights.clone(),
        next_steps: m.next_steps.clone(),
        series,
    }
}

/// Rank by passes per 10,000 residents among regions with the same parent, when at
/// least two peers (this region included) have both figures on file.
fn computed_rank(metrics: &Metrics, store: &MetricsStore) -> Option<Rank> {
    let per_head = |m: &Metrics| -> Option<f64> {
        let passes = fig(&m.data.certification.passes)?.value;
        let population = fig(&m.data.region.population)?.value;
        (population > 0.0).then(|| passes / population * 10_000.0)
    };
    let own = per_head(metrics)?;
    let peers: Vec<f64> = store.peers_of(metrics).filter_map(per_head).collect();
    if peers.len() < 2 {
        return None;
    }
    let rank = 1 + peers.iter().filter(|&&v| v > own).count() as u32;
    Some(Rank {
        rank,
        stated: None,
        parent: metrics.data.region.parent.clone(),
    })
}

/// Progress to a target by `as_of`, judged against the time elapsed since it was set.
pub fn target_progress(
    description: &str,
    goal: Option<f64>,
    built: Option<f64>,
    set_on: Option<chrono::NaiveDate>,
    deadline: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> TargetProgress {
    let percent_done = match (built, goal) {
        (Some(b), Some(g)) => percent(b, g),
        _ => None,
    };
    let time_percent = set_on.and_then(|start| {
        let allotted = (deadline - start).num_days() as f64;
        (allotted > 0.0)
            .then(|| ((as_of - start).num_days() as f64 / allotted * 100.0).clamp(0.0, 100.0))
    });
    let status = match (percent_done, time_percent) {
        (Some(p), _) if p >= 100.0 => TargetStatus::Reached,
        (Some(_), _) if as_of > deadline => TargetStatus::Overdue,
        (Some(p), Some(t)) if p + 1e-9 >= t => TargetStatus::OnSchedule,
        (Some(_), Some(_)) => TargetStatus::Behind,
        _ => TargetStatus::Pending,
    };
    TargetProgress {
        description: description.to_string(),
        goal,
        built,
        percent: percent_done,
        time_percent,
        deadline,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::Period;
    use chrono::NaiveDate;

    #[test]
    fn change_words() {
        assert_eq!(change(110.0, 100.0).direction, Direction::Up);
        assert_eq!(change(90.0, 100.0).percent, Some(-10.0));
        assert_eq!(change(5.0, 5.0).direction, Direction::Flat);
        assert_eq!(change(5.0, 0.0).percent, None);
    }

    fn city(code: &str, name: &str, population: u32, passes: u32) -> Metrics {
        let text = format!(
            "data_status: illustrative\nregion: {{name: {name}, code: \"{code}\", level: city, parent: 示例省, parent_code: \"990000\", population: {population}}}\nperiod: \"2023\"\ncertification: {{registrants: 5000, passes: {passes}}}\n"
        );
        crate::metrics::parse_str(std::path::Path::new("2023.yaml"), &text).unwrap()
    }

    #[test]
    fn peers_are_ranked_by_passes_per_head() {
        let mut store = MetricsStore::default();
        // Passes per 10,000 residents: 20, 25, 10.
        for m in [
            city("990100", "甲市", 1_000_000, 2000),
            city("990200", "乙市", 400_000, 1000),
            city("990300", "丙市", 3_000_000, 3000),
        ] {
            store
                .by_region
                .entry(m.code().to_string())
                .or_default()
                .insert(m.period(), m);
        }
        let rank_of = |code: &str| {
            compute(store.get(code, &Period::Year(2023)).unwrap(), &store, None)
                .rank
                .unwrap()
        };
        assert_eq!(
            (
                rank_of("990200").rank,
                rank_of("990100").rank,
                rank_of("990300").rank
            ),
            (1, 2, 3)
        );
        let r = rank_of("990100");
        assert!(
            r.stated.is_none() && r.parent.as_deref() == Some("示例省"),
            "{r:?}"
        );
    }

    #[test]
    fn six_stations_in_three_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let p = target_progress(
            "六镇六站",
            Some(6.0),
            Some(1.0),
            Some(d(2023, 1, 1)),
            d(2025, 12, 31),
            d(2023, 12, 31),
        );
        assert!((p.percent.unwrap() - 16.666).abs() < 0.01);
        assert!((p.time_percent.unwrap() - 33.3).abs() < 0.1);
        assert_eq!(p.status, TargetStatus::Behind);
        let p = target_progress(
            "x",
            Some(6.0),
            Some(6.0),
            None,
            d(2025, 12, 31),
            d(2023, 12, 31),
        );
        assert_eq!(p.status, TargetStatus::Reached);
    }
}
