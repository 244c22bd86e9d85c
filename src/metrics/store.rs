//! All metrics on file, by region and period, and how regions nest (GB/T 2260 codes).

use super::schema::*;
use crate::model::period::Period;
use std::collections::BTreeMap;

/// All metrics on file, by region code and period.
#[derive(Debug, Clone, Default)]
pub struct MetricsStore {
    pub by_region: BTreeMap<String, BTreeMap<Period, Metrics>>,
}

impl MetricsStore {
    pub fn get(&self, code: &str, period: &Period) -> Option<&Metrics> {
        self.by_region.get(code)?.get(period)
    }
    pub fn history(&self, code: &str) -> impl Iterator<Item = &Metrics> {
        self.by_region
            .get(code)
            .into_iter()
            .flat_map(|m| m.values())
    }
    /// Regions sharing a parent, for peer ranking.
    pub fn peers_of<'a>(
        &'a self,
        metrics: &Metrics,
    ) -> impl Iterator<Item = &'a Metrics> + use<'a> {
        let parent = metrics.data.region.parent_code.clone();
        let period = metrics.period();
        self.by_region
            .values()
            .filter_map(move |m| m.get(&period))
            .filter(move |m| parent.is_some() && m.data.region.parent_code == parent)
    }
}

/// Whether `parent` is a GB/T 2260 code of a region containing `code`: a province
/// (`43xxxx` under `430000`) or a prefecture (`4303xx` under `430300`).
pub fn is_ancestor_code(parent: &str, code: &str) -> bool {
    let prefix = code_prefix(parent);
    crate::config::is_region_code(parent)
        && !prefix.is_empty()
        && parent != code
        && code.starts_with(prefix)
}

/// The digits of a code that its subregions share: `430000` → `43`, `430300` → `4303`.
pub(crate) fn code_prefix(code: &str) -> &str {
    let mut prefix = code;
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    prefix
}
