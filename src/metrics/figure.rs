//! A figure as a clerk writes it: a number, or a number with a qualifier (余, 约).

use crate::i18n::tr;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How exact a figure is, as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualifier {
    /// The figure as stated.
    #[default]
    Exact,
    /// "More than": 1150余万元, 2000余人次.
    Over,
    /// "About": 约1150万元.
    About,
}

/// A number with an optional qualifier. In YAML either a plain number (`1705`) or a
/// mapping (`{value: 11500000, qualifier: over}` for 1150余万元).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub value: f64,
    pub qualifier: Qualifier,
}

impl Figure {
    pub fn exact(value: f64) -> Figure {
        Figure {
            value,
            qualifier: Qualifier::Exact,
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&tr!("figure-expecting"))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::exact(v as f64))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::exact(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Figure, E> {
                if v.is_finite() {
                    Ok(Figure::exact(v))
                } else {
                    Err(E::custom(tr!("figure-not-finite")))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Figure, E> {
                Err(E::custom(diagnose_number_text(v)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Figure, A::Error> {
                let mut value = None;
                let mut qualifier = Qualifier::Exact;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        // Through its text, so that `0x10`, `1_000` or `1e308` are
                        // refused rather than read as another number.
                        "value" => {
                            let text = map.next_value::<ScalarText>()?.0;
                            value = Some(parse_decimal(&text).map_err(serde::de::Error::custom)?)
                        }
                        "qualifier" => qualifier = map.next_value()?,
                        other => {
                            return Err(serde::de::Error::unknown_field(
                                other,
                                &["value", "qualifier"],
                            ));
                        }
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("value"))?;
                Ok(Figure { value, qualifier })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A scalar's text as written, whatever type YAML would give it.
struct ScalarText(String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ScalarText)
    }
}

/// The most significant digits a figure may have: beyond 15 an f64 may not hold the
/// number written (9007199254740993 would become …992).
pub const MAX_SIGNIFICANT_DIGITS: usize = 15;

/// A figure as written: plain decimal digits with an optional sign and decimal point,
/// read only if the number can be held exactly. Hexadecimal (`0x10`), octal (`0o17`),
/// binary (`0b11`), digit separators (`1_000`) and exponents (`1e308`) are YAML
/// numbers but not how a clerk writes a figure: they are refused, never converted.
pub fn parse_decimal(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = digits(whole) && fraction.is_none_or(digits);
    if !plain {
        return Err(non_decimal(t));
    }
    let significant = format!("{whole}{}", fraction.unwrap_or(""));
    let significant = significant.trim_start_matches('0');
    let significant = if fraction.is_some() {
        significant.trim_end_matches('0')
    } else {
        significant
    };
    if significant.len() > MAX_SIGNIFICANT_DIGITS {
        return Err(tr!(
            "figure-too-many-digits",
            text = t,
            most = MAX_SIGNIFICANT_DIGITS
        ));
    }
    t.parse::<f64>().map_err(|_| non_decimal(t))
}

fn non_decimal(t: &str) -> String {
    let kind = {
        let u = t.trim_start_matches(['-', '+']).to_ascii_lowercase();
        if u.starts_with("0x") {
            tr!("figure-kind-hex")
        } else if u.starts_with("0o") {
            tr!("figure-kind-octal")
        } else if u.starts_with("0b") {
            tr!("figure-kind-binary")
        } else if u.contains('_') {
            tr!("figure-kind-separators")
        } else if u.contains('e') {
            tr!("figure-kind-exponent")
        } else if u.contains(".inf") || u.contains(".nan") {
            tr!("figure-kind-not-finite")
        } else {
            tr!("figure-kind-not-plain")
        }
    };
    tr!("figure-not-decimal", text = t, kind = kind)
}

/// Explains why a piece of text is not a number and how to write it, for the usual
/// ways a figure copied from a spreadsheet or a document goes wrong. Such text is
/// rejected, never guessed at: 1,705 could be a thousands separator or a decimal comma.
pub fn diagnose_number_text(text: &str) -> String {
    let t = text.trim();
    let fix = if t.chars().any(|c| ('０'..='９').contains(&c)) {
        let half: String = t
            .chars()
            .map(|c| {
                if ('０'..='９').contains(&c) {
                    char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        tr!("figure-fix-full-width", fixed = half)
    } else if t.ends_with('%') || t.ends_with('％') {
        tr!(
            "figure-fix-percent",
            fixed = t.trim_end_matches(['%', '％'])
        )
    } else if t.contains(',') || t.contains('，') {
        tr!("figure-fix-separators", fixed = t.replace([',', '，'], ""))
    } else if t.contains('万')
        || t.contains('亿')
        || t.contains('元')
        || t.contains('人')
        || t.contains('个')
    {
        match read_with_units(t) {
            Some((v, true)) => tr!("figure-fix-units-over", value = crate::i18n::show(v)),
            Some((v, false)) => tr!("figure-fix-units", value = crate::i18n::show(v)),
            None => tr!("figure-fix-units-unread"),
        }
    } else {
        tr!("figure-fix-other")
    };
    tr!("figure-text-not-number", text = t, fix = fix)
}

/// A number as running text writes it, with Chinese units (1150余万元, 2000多人, 1.15亿):
/// its value in the base unit (yuan, persons) and whether it is "more than" (余, 多).
/// Only for telling a clerk what to write instead: figures themselves are digits.
pub fn read_with_units(text: &str) -> Option<(f64, bool)> {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let scale = if text.contains('亿') {
        1e8
    } else if text.contains('万') {
        1e4
    } else {
        1.0
    };
    let value = digits.parse::<f64>().ok()? * scale;
    Some((value, text.contains('余') || text.contains('多')))
}
