//! Every filing decision: whether a requested briefing is filed already (from the same
//! data or from data changed since), or which 期号 and name a new package or a revision
//! gets. The pure rules come first; [`Locked::decide`] applies them to what is on disk.

use super::seal::{self, InputFile};
use super::{
    list_region, metadata, region_dir_name, region_dirs, safe_component, ArchiveError, Filed,
    Locked, PackageName,
};
use crate::model::period::Period;

/// A briefing asked for, as the archive needs to know it to decide.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub region_code: &'a str,
    pub region_name: &'a str,
    pub series: &'a str,
    pub period: Period,
    /// The year the briefing would be issued in (期号 run per year of issue).
    pub issue_year: i32,
    /// The files it would be made from, recorded by digest.
    pub inputs: &'a [InputFile],
    /// Whether a period filed from other data gets a revision.
    pub revise: bool,
}

/// What to do for a requested briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Filed already from the same data: nothing to do.
    Unchanged(Filed),
    /// Filed already, but its data has changed since; a revision was not asked for.
    /// `changes` names the files that differ.
    Changed { filed: Filed, changes: Vec<String> },
    /// A package to make, with its name fixed now (the 期号 is printed in it).
    Issue(Issue),
}

/// A package to make: where it goes and what it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub name: PackageName,
    /// The region folder it is filed under.
    pub region_dir: String,
    /// The package of the same period this one revises.
    pub revises: Option<Filed>,
}

impl Locked {
    /// Decides, under the lock, what to do for one requested briefing.
    pub fn decide(&self, request: &Request) -> Result<Decision, ArchiveError> {
        // The region is found by its code: a region renamed in the metrics keeps its
        // folder (named when it was first filed) and continues its 期号 there.
        let dirs = self.region_dirs_of(request.region_code)?;
        let mut filed = Vec::new();
        for dir in &dirs {
            filed.extend(list_region(&self.root().join(dir))?);
        }
        let region_dir = filed
            .iter()
            .max_by_key(|f| (f.name.issue_year, f.name.issue_number, f.name.revision))
            .map(|f| f.region.clone())
            .or_else(|| dirs.first().cloned())
            .unwrap_or_else(|| region_dir_name(request.region_code, request.region_name));
        let inputs_sha256 = seal::inputs_sha256(request.inputs);
        let latest = latest_for(&filed, request.series, &request.period).cloned();
        let latest_record = latest.as_ref().map(seal::read_record).transpose()?;
        let latest_inputs = latest_record.as_ref().map(|r| r.inputs_sha256.as_str());
        Ok(
            match plan(
                &filed,
                request.series,
                request.period,
                request.issue_year,
                latest_inputs,
                &inputs_sha256,
                request.revise,
            ) {
                Plan::Unchanged(filed) => Decision::Unchanged(filed),
                Plan::Changed(filed) => {
                    let now_inputs: Vec<(String, String)> = request
                        .inputs
                        .iter()
                        .map(|i| (i.source.clone(), i.sha256.clone()))
                        .collect();
                    let changes = metadata::input_changes(
                        latest_record
                            .as_ref()
                            .map(|r| r.inputs.as_slice())
                            .unwrap_or_default(),
                        &now_inputs,
                    );
                    Decision::Changed { filed, changes }
                }
                Plan::Issue(name) => Decision::Issue(Issue {
                    name,
                    region_dir,
                    revises: latest,
                }),
            },
        )
    }
}

impl Locked {
    /// The folders filed under a region code (read once per lock, kept up to date by
    /// [`Locked::note_region_dir`]).
    fn region_dirs_of(&self, code: &str) -> Result<Vec<String>, ArchiveError> {
        let mut cached = self
            .region_dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cached.is_none() {
            *cached = Some(region_dirs(self.root())?);
        }
        Ok(cached
            .as_ref()
            .and_then(|dirs| dirs.get(code).cloned())
            .unwrap_or_default())
    }

    /// Notes a region folder just created under this lock.
    pub(super) fn note_region_dir(&self, code: &str, dir: &str) {
        let mut cached = self
            .region_dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(dirs) = cached.as_mut() {
            let list = dirs.entry(code.to_string()).or_default();
            if !list.iter().any(|d| d == dir) {
                list.push(dir.to_string());
                list.sort();
            }
        }
    }
}

/// The 期号 the next briefing of `series` issued in `issue_year` gets.
pub fn next_issue_number(filed: &[Filed], series: &str, issue_year: i32) -> u32 {
    let series = safe_component(series);
    filed
        .iter()
        .filter(|f| f.name.series == series && f.name.issue_year == issue_year)
        .map(|f| f.name.issue_number)
        .max()
        .unwrap_or(0)
        + 1
}

/// The newest revision filed for a period (of the first issue, should there be two).
pub fn latest_for<'a>(filed: &'a [Filed], series: &str, period: &Period) -> Option<&'a Filed> {
    let series = safe_component(series);
    let mut of_period: Vec<&Filed> = filed
        .iter()
        .filter(|f| f.name.series == series && f.name.period == *period)
        .collect();
    of_period.sort_by_key(|f| {
        (
            f.name.issue_year,
            f.name.issue_number,
            std::cmp::Reverse(f.name.revision),
        )
    });
    of_period.first().copied()
}

/// What to do for a requested briefing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Filed already from the same inputs: nothing to do.
    Unchanged(Filed),
    /// Filed already, but the inputs differ now; a revision was not asked for.
    Changed(Filed),
    /// Make this package: a first issue (revision 1) or a revision.
    Issue(PackageName),
}

/// Decides what a run does for one region and period. `latest_inputs` is the inputs
/// digest recorded in the newest package of the period, when there is one.
pub fn plan(
    filed: &[Filed],
    series: &str,
    period: Period,
    issue_year: i32,
    latest_inputs: Option<&str>,
    inputs_sha256: &str,
    revise: bool,
) -> Plan {
    match latest_for(filed, series, &period) {
        None => Plan::Issue(PackageName {
            series: series.to_string(),
            issue_year,
            issue_number: next_issue_number(filed, series, issue_year),
            period,
            revision: 1,
        }),
        Some(latest) if latest_inputs == Some(inputs_sha256) => Plan::Unchanged(latest.clone()),
        Some(latest) if !revise => Plan::Changed(latest.clone()),
        Some(latest) => Plan::Issue(PackageName {
            series: series.to_string(),
            revision: latest.name.revision + 1,
            ..latest.name.clone()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filed(year: i32, number: u32, period: &str, revision: u32) -> Filed {
        Filed::example(
            "430300-湘潭市",
            "社会工作简报",
            year,
            number,
            period,
            revision,
        )
    }

    #[test]
    fn numbers_continue_per_series_and_year() {
        let list = [
            filed(2024, 1, "2023", 1),
            filed(2024, 2, "2023-Q4", 1),
            filed(2024, 2, "2023-Q4", 2),
            filed(2023, 7, "2022", 1),
        ];
        assert_eq!(next_issue_number(&list, "社会工作简报", 2024), 3);
        assert_eq!(next_issue_number(&list, "社会工作简报", 2025), 1);
        assert_eq!(next_issue_number(&list, "另一简报", 2024), 1);
        assert_eq!(
            latest_for(&list, "社会工作简报", &Period::Quarter(2023, 4))
                .unwrap()
                .name
                .revision,
            2
        );
    }

    #[test]
    fn plan_issues_once_and_revises_only_on_request() {
        let list = [filed(2024, 1, "2023", 1)];
        let year = Period::Year(2023);
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "aa", false),
            Plan::Unchanged(list[0].clone())
        );
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "aa", true),
            Plan::Unchanged(list[0].clone())
        );
        assert_eq!(
            plan(&list, "社会工作简报", year, 2025, Some("aa"), "bb", false),
            Plan::Changed(list[0].clone())
        );
        match plan(&list, "社会工作简报", year, 2025, Some("aa"), "bb", true) {
            Plan::Issue(name) => assert_eq!(
                (name.issue_year, name.issue_number, name.revision),
                (2024, 1, 2),
                "a revision keeps year and 期号"
            ),
            other => panic!("{other:?}"),
        }
        match plan(
            &list,
            "社会工作简报",
            Period::Year(2022),
            2024,
            None,
            "cc",
            false,
        ) {
            Plan::Issue(name) => assert_eq!(
                (name.issue_year, name.issue_number, name.revision),
                (2024, 2, 1)
            ),
            other => panic!("{other:?}"),
        }
    }
}
