//! A template context in which every field is present: the wording is checked against
//! it when loaded, so that a template naming a field that does not exist fails at
//! start, not in the middle of a scheduled run.

use super::IssueFacts;
use crate::indicators::*;
use crate::metrics::{Figure, Qualifier};
use crate::model::period::Period;

/// A template context in which every field is present, for checking the wording.
pub fn full_context() -> minijinja::Value {
    let tracked = || {
        Some(Tracked {
            value: 10.0,
            qualifier: Qualifier::Exact,
            change: Some(change(10.0, 8.0)),
            record_high: true,
            history_from: Some(Period::Year(2019)),
        })
    };
    let named = || {
        vec![Named {
            name: "示例".into(),
            value: 2.0,
            qualifier: Qualifier::Exact,
            names: vec!["示例".into()],
        }]
    };
    let ind = Indicators {
        region: "示例市".into(),
        code: "990100".into(),
        parent: Some("示例省".into()),
        period: Period::Year(2023),
        illustrative: true,
        source: Some("示例".into()),
        assembled_from: vec![Period::Quarter(2023, 1)],
        missing_months: vec![Period::Month(2023, 12)],
        posts: tracked(),
        new_posts: tracked(),
        new_posts_by_field: named(),
        workers: tracked(),
        honours: named(),
        funding_total: tracked(),
        channels: vec![ChannelShare {
            name: "示例".into(),
            amount: Some(Figure::exact(1.0)),
            share_percent: Some(10.0),
        }],
        registrants: tracked(),
        passes: tracked(),
        pass_rate: Some(20.0),
        pass_rate_change_points: Some(1.0),
        certified_share: Some(Figure {
            value: 50.0,
            qualifier: Qualifier::Over,
        }),
        rank: Some(Rank {
            rank: 2,
            stated: None,
            parent: Some("示例省".into()),
        }),
        allowances: named(),
        person_times: tracked(),
        pre_exam_months: Some(2.0),
        central_training_days: Some(2.0),
        training_hours_per_worker: Some(40.0),
        supervision_hours_per_worker: Some(24.0),
        coverage: vec![Coverage {
            level: "示例".into(),
            built: 1.0,
            total: Some(2.0),
            percent: Some(50.0),
            full: false,
        }],
        targets: vec![target_progress(
            "示例",
            Some(6.0),
            Some(1.0),
            chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
            chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
        )],
        subregions: vec![SubregionRow {
            name: "示例县".into(),
            workers: Some(1.0),
            stations_built: Some(1.0),
            stations_total: Some(2.0),
            coverage_percent: Some(50.0),
        }],
        highlights: vec!["示例".into()],
        next_steps: vec!["示例".into()],
        series: vec![],
    };
    let facts = IssueFacts {
        series: "社会工作简报".into(),
        issue_number: Some(1),
        issuer: "示例".into(),
        issue_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 5).unwrap(),
        marking: None,
        distribution: Default::default(),
        copies: None,
        metrics_file: String::new(),
        draft: false,
    };
    super::context(&ind, &facts)
}
