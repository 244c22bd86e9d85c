//! Where a title or a heading may break: between words (GB/T 9704 7.3.1 wants a
//! wrapped title to keep its words whole). Words come from jieba's segmentation with its bundled
//! dictionary (about 350,000 words, compressed into the binary); the segmenter is built
//! on the first title that does not fit on one line, and kept until
//! [`release_segmenter`].

use jieba_rs::Jieba;
use std::sync::{Arc, Mutex};

/// The segmenter, built on first use: about 0.1 s and 34 MB for its dictionary.
static SEGMENTER: Mutex<Option<Arc<Jieba>>> = Mutex::new(None);

fn segmenter() -> Arc<Jieba> {
    // Held while building: a second thread that needs it waits for this build.
    let mut slot = SEGMENTER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    slot.get_or_insert_with(|| Arc::new(Jieba::new())).clone()
}

/// Lets go of the segmenter; the next title that needs it builds it again. The service
/// calls this after each step: the dictionary was most of what an idle service kept
/// in its heap (34 of 38 MB after a step that made a quarterly briefing).
pub fn release_segmenter() {
    *SEGMENTER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
}

/// May not start a line (W3C clreq, GB/T 15834).
const NO_START: &str = "、，。：；！？）》〉】」』”’·／%％";
/// May not end a line.
const NO_END: &str = "（《〈【「『“‘";

/// The byte offsets inside `text` where a line may break: between two words, not
/// before closing punctuation, not after an opening bracket, and not after a digit (a
/// number stays with its unit: 2023年, 15%).
pub fn break_points(text: &str) -> Vec<usize> {
    let words: Vec<&str> = segmenter()
        .cut(text, true)
        .into_iter()
        .map(|token| token.word)
        .collect();
    let mut points = Vec::new();
    let mut at = 0;
    for pair in words.windows(2) {
        at += pair[0].len();
        let before = pair[0].chars().last();
        let after = pair[1].chars().next();
        let blocked = after.is_some_and(|c| NO_START.contains(c))
            || before.is_some_and(|c| NO_END.contains(c) || c.is_ascii_alphanumeric());
        if !blocked {
            points.push(at);
        }
    }
    points
}

/// Splits `text` into the fewest lines no wider than `width` (by `measure`), breaking
/// only at [`break_points`], balanced: the widest line as narrow as it can be, and of
/// equally good splits the one whose upper lines are longer (a 梯形, wide at the top).
/// A word wider than `width` stays whole on a line of its own.
pub fn balanced_lines(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    if measure(text) <= width {
        return vec![text.to_string()];
    }
    let mut points = break_points(text);
    points.push(text.len());
    // The fewest lines: fill each as far as it goes.
    let mut greedy = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = points
            .iter()
            .copied()
            .filter(|&p| p > start)
            .take_while(|&p| measure(&text[start..p]) <= width)
            .last()
            .unwrap_or_else(|| points.iter().copied().find(|&p| p > start).unwrap());
        greedy.push(end);
        start = end;
    }
    let n = greedy.len();
    // The best split into n lines; titles are short, so every choice of n - 1 breaks
    // (up to three lines) is tried.
    let score = |ends: &[usize]| -> Option<(f32, f32)> {
        let mut start = 0;
        let mut widest: f32 = 0.0;
        let mut first = 0.0;
        for (i, &end) in ends.iter().enumerate() {
            let w = measure(&text[start..end]);
            if w > width + 0.01 {
                return None;
            }
            if i == 0 {
                first = w;
            }
            widest = widest.max(w);
            start = end;
        }
        Some(((widest * 10.0).round(), -first))
    };
    let inner: Vec<usize> = points[..points.len() - 1].to_vec();
    let mut best: Option<((f32, f32), Vec<usize>)> = None;
    let mut consider = |ends: Vec<usize>| {
        if let Some(s) = score(&ends) {
            if best.as_ref().is_none_or(|(b, _)| s < *b) {
                best = Some((s, ends));
            }
        }
    };
    match n {
        2 => inner.iter().for_each(|&a| consider(vec![a, text.len()])),
        3 => {
            for (i, &a) in inner.iter().enumerate() {
                for &b in &inner[i + 1..] {
                    consider(vec![a, b, text.len()]);
                }
            }
        }
        _ => {}
    }
    let ends = best.map(|(_, e)| e).unwrap_or(greedy);
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let line = text[start..end].to_string();
            start = end;
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn a_title_that_fits_stays_whole() {
        assert_eq!(
            balanced_lines("社会工作简报", 10.0, chars),
            ["社会工作简报"]
        );
    }

    #[test]
    fn breaks_fall_between_words_and_lines_balance() {
        let title = "示例市2023年社会工作人才队伍建设情况";
        let lines = balanced_lines(title, 14.0, chars);
        assert_eq!(lines.concat(), title);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let points = break_points(title);
        assert!(points.contains(&lines[0].len()), "{lines:?}");
        assert!(!lines[1].starts_with('年'), "{lines:?}");
    }

    #[test]
    fn a_released_segmenter_is_built_again_and_breaks_the_same() {
        let title = "示例市2023年第四季度社会工作人才队伍建设情况";
        let before = break_points(title);
        let first = segmenter();
        release_segmenter();
        assert!(
            !Arc::ptr_eq(&first, &segmenter()),
            "a new segmenter after the release"
        );
        assert_eq!(break_points(title), before);
    }
}
