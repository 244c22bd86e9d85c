//! Every Chinese word the program itself contributes to a briefing (as opposed to the
//! wording templates, which operators edit, and the data, which clerks supply): names
//! of periods, what a period and a comparison are called, the whole region in running
//! text, what a computed rank is among and by.

use crate::model::period::{Period, PeriodKind};

/// The name used in report text: 2023年, 2023年第四季度, 2023年11月.
pub fn period_name(period: Period) -> String {
    match period {
        Period::Year(y) => format!("{y}年"),
        Period::Quarter(y, q) => {
            format!("{y}年第{}季度", ["一", "二", "三", "四"][(q - 1) as usize])
        }
        Period::Month(y, m) => format!("{y}年{m}月"),
    }
}

/// The period in running text: 全年, 本季度, 本月.
pub fn period_word(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "全年",
        PeriodKind::Quarter => "本季度",
        PeriodKind::Month => "本月",
    }
}

/// The previous period in running text: 上年, 上季度, 上月.
pub fn previous_word(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "上年",
        PeriodKind::Quarter => "上季度",
        PeriodKind::Month => "上月",
    }
}

/// What a comparison with the previous period is called: 同比 for years, 环比 otherwise.
pub fn comparison_word(period: Period) -> &'static str {
    match period {
        Period::Year(_) => "同比",
        _ => "环比",
    }
}

/// The whole region in running text: 全市 for 湘潭市, 全县 for a county, 全区 for a
/// district.
pub fn scope_word(region_name: &str) -> String {
    match region_name.chars().last() {
        Some(c @ ('市' | '县' | '区' | '省' | '州' | '盟' | '旗')) => format!("全{c}"),
        _ => "全市".to_string(),
    }
}

/// Among whom a computed rank holds: the regions of the same parent (全省, 全市, or the
/// parent's name).
pub fn rank_among(parent: Option<&str>) -> String {
    match parent {
        Some(p) if p.ends_with('省') => "全省".to_string(),
        Some(p) if p.ends_with('市') => "全市".to_string(),
        Some(p) => p.to_string(),
        None => "同级地区".to_string(),
    }
}

/// What a computed rank is by.
pub const RANK_BASIS_PASSES_PER_10K: &str = "每万人口通过人数";

/// The name of the certified share.
pub const CERTIFIED_SHARE: &str = "持证率";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names() {
        assert_eq!(period_name(Period::Quarter(2023, 4)), "2023年第四季度");
        assert_eq!(period_name(Period::Month(2023, 11)), "2023年11月");
        assert_eq!(scope_word("湘潭市"), "全市");
        assert_eq!(scope_word("雨湖区"), "全区");
        assert_eq!(rank_among(Some("湖南省")), "全省");
        assert_eq!(comparison_word(Period::Quarter(2023, 4)), "环比");
    }
}
