//! Numbers as GB/T 15835-2011 wants them in Chinese text: Arabic digits, 万/亿 for
//! large sums (1150万元, 1.15亿元), 余 and 约 for approximations, full dates without
//! leading zeros (2023年11月28日).

use crate::metrics::Qualifier;
use chrono::{Datelike, NaiveDate};

/// Up to `decimals` places, trailing zeros dropped, leading zero kept (0.46).
pub fn decimal(value: f64, decimals: usize) -> String {
    // Most figures are whole numbers, which `{:.N}` formats by its slow exact path
    // (big-number arithmetic) only for the zeros to be trimmed again.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return (value as i64).to_string();
    }
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// A count with its unit: 1705人, 2000余人次, 约300个.
pub fn count(value: f64, qualifier: Qualifier, unit: &str) -> String {
    let digits = decimal(value, 2);
    match qualifier {
        Qualifier::Exact => format!("{digits}{unit}"),
        Qualifier::Over => format!("{digits}余{unit}"),
        Qualifier::About => format!("约{digits}{unit}"),
    }
}

/// An amount of yuan: 800元, 1150万元, 1150余万元, 1.15亿元.
pub fn yuan(value: f64, qualifier: Qualifier) -> String {
    let (scaled, magnitude) = if value >= 1e8 {
        (value / 1e8, "亿")
    } else if value >= 1e4 {
        (value / 1e4, "万")
    } else {
        (value, "")
    };
    let digits = decimal(scaled, 2);
    match qualifier {
        Qualifier::Exact => format!("{digits}{magnitude}元"),
        // 余 stands after a whole number (1150余万元) but cannot follow a decimal, which
        // is already exact to its last digit: 1.43亿余元, not 1.43余亿元.
        Qualifier::Over if digits.contains('.') => format!("{digits}{magnitude}余元"),
        Qualifier::Over => format!("{digits}余{magnitude}元"),
        Qualifier::About => format!("约{digits}{magnitude}元"),
    }
}

/// A change in words, as Chinese statistics state it: 增长12.5%, 下降3%, 持平; growth of
/// 100% or more in 倍 (增长9倍 is ten times as much, GB/T 15835 and 国家统计局 usage); a
/// change computed from an approximate figure as approximate (增长约13%, 增长约9倍);
/// a change from zero by its amount.
pub fn change_words(
    direction: crate::indicators::Direction,
    percent: Option<f64>,
    delta: f64,
    approximate: bool,
) -> String {
    change_words_with(direction, percent, delta, approximate, self::percent)
}

/// As [`change_words`], with exact percentages written by `percent_text` (a table
/// column writes every percentage with the same decimals).
pub fn change_words_with(
    direction: crate::indicators::Direction,
    percent: Option<f64>,
    delta: f64,
    approximate: bool,
    percent_text: fn(f64) -> String,
) -> String {
    use crate::indicators::Direction;
    let word = match direction {
        Direction::Flat => return "持平".to_string(),
        Direction::Up => "增长",
        Direction::Down => "下降",
    };
    let about = if approximate { "约" } else { "" };
    match percent.map(f64::abs) {
        None => format!("{word}{}", decimal(delta.abs(), 2)),
        Some(p) if p >= 100.0 && direction == Direction::Up => {
            format!("{word}{about}{}倍", decimal(p / 100.0, 1))
        }
        Some(p) if approximate => format!("{word}约{}%", decimal(p, 0)),
        Some(p) => format!("{word}{}", percent_text(p)),
    }
}

/// A percentage in a table column, always with two decimals (95.00% beside 82.69%):
/// one precision per column.
pub fn percent_in_table(value: f64) -> String {
    format!("{value:.2}%")
}

/// A percentage: 24.99%, 50%, 16.67%.
pub fn percent(value: f64) -> String {
    format!("{}%", decimal(value, 2))
}

/// 2023年11月28日.
pub fn date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Chinese numerals for ordinals and ranks up to 99: 一, 十二, 二十.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// 甲、乙和丙 — a list in running text.
/// The people of an honour, before 获评: 李某、王某等15名同志 when more were honoured
/// than are named (等 marks the list as partial and the count says how many in all).
/// When everyone is named, 李某、王某同志: a 表彰决定 or 通报 writes 授予李某、王某同志…
/// without a count, because the list is the count, and a digit glued to the last name
/// (王某2名) reads badly; 等 there would wrongly suggest others.
pub fn people(names: &[String], value: f64, qualifier: Qualifier) -> String {
    let listed = names.join("、");
    if qualifier == Qualifier::Exact && names.len() as f64 >= value {
        format!("{listed}同志")
    } else {
        format!("{listed}等{}同志", count(value, qualifier, "名"))
    }
}

pub fn join_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{}和{}", items[..n - 1].join("、"), items[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_say_等_only_when_some_are_not_named() {
        let names = vec!["李某".to_string(), "王某".to_string()];
        assert_eq!(people(&names, 4.0, Qualifier::Exact), "李某、王某等4名同志");
        assert_eq!(people(&names, 2.0, Qualifier::Exact), "李某、王某同志");
        assert_eq!(
            people(&names, 20.0, Qualifier::Over),
            "李某、王某等20余名同志"
        );
        assert_eq!(people(&names[..1], 1.0, Qualifier::Exact), "李某同志");
    }

    #[test]
    fn amounts_follow_gb_t_15835() {
        assert_eq!(yuan(11_500_000.0, Qualifier::Over), "1150余万元");
        assert_eq!(yuan(115_000_000.0, Qualifier::Exact), "1.15亿元");
        assert_eq!(yuan(143_000_000.0, Qualifier::Over), "1.43亿余元");
        assert_eq!(yuan(11_500_000.0, Qualifier::Over), "1150余万元");
        assert_eq!(yuan(800.0, Qualifier::Exact), "800元");
        assert_eq!(count(2000.0, Qualifier::Over, "人次"), "2000余人次");
        assert_eq!(count(1705.0, Qualifier::Exact, "人"), "1705人");
        assert_eq!(percent(426.0 / 1705.0 * 100.0), "24.99%");
        assert_eq!(percent(50.0), "50%");
        assert_eq!(decimal(0.46, 2), "0.46");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2023, 11, 8).unwrap()),
            "2023年11月8日"
        );
    }

    #[test]
    fn whole_numbers_read_as_the_general_rule_writes_them() {
        let general = |value: f64, decimals: usize| {
            let text = format!("{value:.decimals$}");
            let text = if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                text
            };
            if text == "-0" { "0".to_string() } else { text }
        };
        for value in [0.0, -0.0, 1.0, -3.0, 1705.0, 11_500_000.0, 99_999_999_999_999.0] {
            for decimals in [0, 1, 2] {
                assert_eq!(decimal(value, decimals), general(value, decimals), "{value}");
            }
        }
        assert_eq!(decimal(2.5, 0), general(2.5, 0));
        assert_eq!(decimal(1e15, 2), "1000000000000000");
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numeral(2), "二");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(40), "四十");
        assert_eq!(
            join_list(&["甲".into(), "乙".into(), "丙".into()]),
            "甲、乙和丙"
        );
    }
}
