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
    ///
    /// Every file's parent code passed [`is_ancestor_code`] when it was checked, so the
    /// codes of a region's peers all start with its parent's prefix: one range of the
    /// map is read, not the whole of it (which, for each of 3,000 briefings, read 3,000
    /// regions twice).
    pub fn peers_of<'a>(
        &'a self,
        metrics: &Metrics,
    ) -> impl Iterator<Item = &'a Metrics> + use<'a> {
        let parent = metrics.data.region.parent_code.clone();
        let prefix = parent
            .as_deref()
            .map(code_prefix)
            .unwrap_or_default()
            .to_string();
        let period = metrics.period();
        let within = parent.is_some();
        self.by_region
            .range(prefix.clone()..)
            .take_while(move |(code, _)| within && code.starts_with(&prefix))
            .filter_map(move |(_, m)| m.get(&period))
            .filter(move |m| m.data.region.parent_code == parent)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, parent_code: &str, year: u32) -> Metrics {
        let text = format!(
            "data_status: illustrative\nregion: {{name: 某县, code: \"{code}\", level: county, parent: 某地, parent_code: \"{parent_code}\"}}\nperiod: \"{year}\"\n"
        );
        crate::metrics::parse_str(std::path::Path::new(&format!("{year}.yaml")), &text).unwrap()
    }

    #[test]
    fn peers_are_the_regions_of_the_same_parent_and_period_whatever_their_place_in_the_map() {
        let mut store = MetricsStore::default();
        let files = [
            ("430302", "430300", 2023),
            ("430304", "430300", 2023),
            ("430304", "430300", 2022),
            ("430321", "430300", 2023),
            ("430381", "430300", 2022),
            ("430402", "430400", 2023),
            ("430300", "430000", 2023),
            ("430400", "430000", 2023),
            ("440300", "440000", 2023),
        ];
        for (code, parent, year) in files {
            let m = region(code, parent, year);
            store
                .by_region
                .entry(code.to_string())
                .or_default()
                .insert(m.period(), m);
        }
        let codes = |m: &Metrics| -> Vec<String> {
            store.peers_of(m).map(|p| p.code().to_string()).collect()
        };
        let every_region = |m: &Metrics| -> Vec<String> {
            let period = m.period();
            store
                .by_region
                .values()
                .filter_map(|periods| periods.get(&period))
                .filter(|p| p.data.region.parent_code == m.data.region.parent_code)
                .map(|p| p.code().to_string())
                .collect()
        };
        for periods in store.by_region.values() {
            for m in periods.values() {
                assert_eq!(codes(m), every_region(m), "{} {:?}", m.code(), m.period());
            }
        }
        let of = |code: &str, year: i32| codes(store.get(code, &Period::Year(year)).unwrap());
        assert_eq!(of("430304", 2023), ["430302", "430304", "430321"]);
        assert_eq!(of("430304", 2022), ["430304", "430381"]);
        assert_eq!(of("430400", 2023), ["430300", "430400"]);
        assert_eq!(of("440300", 2023), ["440300"]);
    }
}
