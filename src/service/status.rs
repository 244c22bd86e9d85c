//! The text of `sw-briefing status`: schedules and their next fire times, the last run,
//! and the periods archived, due, pending, missing and too old to catch up.

use super::schedule::{self, Due};
use super::state::load_state;
use super::step::{data_on_file, label, DataOnFile};
use crate::app::engine::Engine;
use crate::archive;
use crate::i18n::{show, tr};
use chrono::{DateTime, Utc};

/// The text of `sw-briefing status`.
pub fn status(engine: &Engine, now: DateTime<Utc>) -> String {
    use std::fmt::Write;
    let config = &engine.config;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        tr!("status-archive", dir = config.archive_dir.display())
    );
    let _ = writeln!(
        out,
        "{}",
        tr!("status-timezone", zone = show(config.timezone))
    );
    let _ = writeln!(out, "\n{}", tr!("status-schedules"));
    for s in &config.schedules {
        let next: Vec<String> = schedule::next_fires(s, config.timezone, now, 3)
            .iter()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .collect();
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "status-schedule",
                name = s.name,
                cron = s.cron_text,
                period = show(format!("{:?}", s.period)),
                next = next.join(", ")
            )
        );
    }
    let mut state = load_state(&config.archive_dir);
    let future = state.future(config, now);
    let _ = writeln!(out, "\n{}", tr!("status-last-run"));
    match &state.last_run {
        Some(r) => {
            let at =
                r.at.map(|t| {
                    t.with_timezone(&config.timezone)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_default();
            let outcome = if r.ok() {
                tr!("status-last-run-ok")
            } else {
                tr!("status-last-run-failures")
            };
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    "status-last-run-line",
                    at = at,
                    outcome = outcome,
                    made = show(format!("{:?}", r.made)),
                    waiting = show(format!("{:?}", r.waiting_for_data)),
                    failed = show(format!("{:?}", r.failed))
                )
            );
            if !r.partial.is_empty() {
                let _ = writeln!(
                    out,
                    "{}",
                    tr!("status-last-run-partial", periods = r.partial.join(", "))
                );
            }
        }
        None => {
            let _ = writeln!(out, "{}", tr!("status-last-run-none"));
        }
    }
    if !future.is_empty() {
        let local = |t: DateTime<Utc>| {
            t.with_timezone(&config.timezone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        };
        let _ = writeln!(out, "\n{}", tr!("status-future", now = local(now)));
        if let Some(at) = future.last_run {
            let _ = writeln!(out, "{}", tr!("status-future-last-run", at = local(at)));
        }
        if !future.missing.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    "status-future-missing",
                    periods = region_periods(&future.missing)
                )
            );
        }
        let _ = writeln!(out, "{}", tr!("status-future-help"));
        state.discard(&future);
    }
    let filed = archive::issued_periods(&config.archive_dir, &config.series).unwrap_or_default();
    let _ = writeln!(out, "\n{}", tr!("status-archived"));
    for region in &config.regions {
        let periods: Vec<String> = filed
            .iter()
            .filter(|(c, _)| *c == region.code)
            .map(|(_, p)| p.to_string())
            .collect();
        let periods = if periods.is_empty() {
            tr!("status-none")
        } else {
            periods.join(", ")
        };
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "status-archived-region",
                region = region.code,
                periods = periods
            )
        );
    }
    let plan = schedule::plan(config, &filed, &state.memory, now);
    let store = Some(engine.load_metrics_at(now).store);
    // A period with months missing waits for them like a missing file, until its
    // data deadline (then it is made from what is on file).
    let (ready, waiting): (Vec<&Due>, Vec<&Due>) = plan.make.iter().partition(|d| {
        store
            .as_ref()
            .is_some_and(|s| match data_on_file(s, &d.region, d.period) {
                DataOnFile::Complete => true,
                DataOnFile::Partial(_) => schedule::past_deadline(config, d, now),
                DataOnFile::None => false,
            })
    });
    let (overdue, pending): (Vec<&Due>, Vec<&Due>) = waiting
        .into_iter()
        .partition(|d| schedule::past_deadline(config, d, now));
    let list = |v: &[&Due]| {
        if v.is_empty() {
            tr!("status-none")
        } else {
            v.iter().map(|d| label(d)).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(out, "\n{}", tr!("status-due", list = list(&ready)));
    let _ = writeln!(out, "{}", tr!("status-pending", list = list(&pending)));
    let _ = writeln!(out, "{}", tr!("status-overdue", list = list(&overdue)));
    let missing = if state.memory.missing.is_empty() {
        tr!("status-none")
    } else {
        region_periods(&state.memory.missing)
    };
    let _ = writeln!(out, "{}", tr!("status-missing", list = missing));
    let too_old: Vec<&Due> = plan.too_old.iter().collect();
    let _ = writeln!(out, "{}", tr!("status-too-old", list = list(&too_old)));
    drafts(&mut out, engine);
    deliveries(&mut out, engine, now);
    out
}

/// The drafts waiting for approval, with the reason of each rejection.
fn drafts(out: &mut String, engine: &Engine) {
    use crate::i18n::{show, tr};
    use std::fmt::Write;
    let config = &engine.config;
    let required = config
        .regions
        .iter()
        .any(|r| r.approval == crate::config::Approval::Required);
    match archive::drafts::list(&config.archive_dir) {
        Ok(list) if list.is_empty() => {
            if required {
                let _ = writeln!(out, "\n{}", tr!("signoff-status-none"));
            }
        }
        Ok(list) => {
            let _ = writeln!(out, "\n{}", tr!("signoff-status-heading"));
            out.push_str(&crate::app::signoff::drafts_table(&list));
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "\n{}",
                tr!("signoff-status-unreadable", error = show(e.headline()))
            );
        }
    }
}

/// The deliveries: how many were made, which are due, waiting for their next attempt
/// (with its time) or given up (failed).
fn deliveries(out: &mut String, engine: &Engine, now: DateTime<Utc>) {
    use std::fmt::Write;
    let config = &engine.config;
    if config.delivery.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", tr!("status-deliveries"));
    let report = match crate::delivery::overview(config, now) {
        Ok(report) => report,
        Err(e) => {
            let _ = writeln!(
                out,
                "{}",
                tr!("status-deliveries-unreadable", error = e.headline())
            );
            return;
        }
    };
    let target = crate::delivery::messages::target;
    let _ = writeln!(
        out,
        "{}",
        tr!("status-deliveries-delivered", count = report.done_before)
    );
    let _ = writeln!(
        out,
        "{}",
        tr!("status-deliveries-due", count = report.due.len())
    );
    for key in &report.due {
        let _ = writeln!(out, "    {}", target(key));
    }
    let _ = writeln!(
        out,
        "{}",
        tr!("status-deliveries-waiting", count = report.waiting.len())
    );
    for (key, at, attempts) in &report.waiting {
        let next = at
            .with_timezone(&config.timezone)
            .format("%Y-%m-%d %H:%M:%S");
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "status-deliveries-waiting-item",
                target = target(key),
                attempts = *attempts,
                next = show(next)
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        tr!("status-deliveries-given-up", count = report.given_up.len())
    );
    for (key, attempts) in &report.given_up {
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "status-deliveries-given-up-item",
                target = target(key),
                attempts = *attempts
            )
        );
    }
    if !report.given_up.is_empty() {
        let _ = writeln!(out, "{}", tr!("status-deliveries-help"));
    }
}

/// `code/period, code/period`, as status lists regions' periods.
fn region_periods<'a>(
    list: impl IntoIterator<Item = &'a (String, crate::model::period::Period)>,
) -> String {
    list.into_iter()
        .map(|(code, period)| format!("{code}/{period}"))
        .collect::<Vec<_>>()
        .join(", ")
}
