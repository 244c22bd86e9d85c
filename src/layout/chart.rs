//! Bar charts (with an optional percentage line on a right axis) drawn as vector
//! shapes and real text, so that labels are searchable and print sharp. Fills are
//! shades of grey with outlines, readable on a black-and-white printer.

use super::{baseline_in, Align, Ink, Item, TextRun, Typesetter};
use crate::document::numbers::decimal;
use crate::document::Chart;
use crate::fonts::FontRole;

/// Height of a chart with its caption.
pub const HEIGHT: f32 = 236.0;
/// The least height a chart is drawn at to fit the room left on a page (its plot area
/// then keeps two thirds of its height).
pub const MIN_HEIGHT: f32 = 188.0;
const LABEL_SIZE: f32 = 10.5;
const FILLS: [f32; 3] = [0.3, 0.7, 0.88];

/// A round step for about `target` intervals up to `max`: 1, 2 or 5 times a power of ten.
pub fn nice_step(max: f64, target: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / target;
    let magnitude = 10f64.powf(raw.log10().floor());
    let residual = raw / magnitude;
    let nice = if residual <= 1.0 {
        1.0
    } else if residual <= 2.0 {
        2.0
    } else if residual <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * magnitude).max(1e-9)
}

fn text_at(ts: &Typesetter, text: &str, x: f32, baseline: f32, align: Align) -> Vec<Item> {
    let width = ts.measure(FontRole::Heading, LABEL_SIZE, text);
    let start = match align {
        Align::Center => x - width / 2.0,
        Align::Left | Align::Justify => x,
    };
    ts.set(
        FontRole::Heading,
        LABEL_SIZE,
        text,
        0.0,
        10_000.0,
        0.0,
        Align::Left,
        Ink::Black,
    )
    .into_iter()
    .flatten()
    .map(|run| {
        Item::Text(TextRun {
            x: run.x + start,
            y: baseline,
            ..run
        })
    })
    .collect()
}

fn right_aligned(ts: &Typesetter, text: &str, right: f32, baseline: f32) -> Vec<Item> {
    let width = ts.measure(FontRole::Heading, LABEL_SIZE, text);
    text_at(ts, text, right - width, baseline, Align::Left)
}

/// Draws `chart` in the box starting at (`x`, `top`) of `width`; returns its items.
pub fn draw(
    ts: &Typesetter,
    chart: &Chart,
    number: u32,
    x: f32,
    top: f32,
    width: f32,
    height: f32,
) -> Vec<Item> {
    let mut items = Vec::new();
    let legend_h = 22.0;
    let axis_w = 46.0;
    let right_w = if chart.line.is_some() { 44.0 } else { 12.0 };
    let plot_x = x + axis_w;
    let plot_w = width - axis_w - right_w;
    let plot_top = top + legend_h + 8.0;
    let plot_h = height - legend_h - 8.0 - 62.0;
    let plot_bottom = plot_top + plot_h;

    // Unit, then the legend.
    let unit = format!("单位：{}", chart.bar_unit);
    items.extend(text_at(ts, &unit, x, top + 15.0, Align::Left));
    let mut lx = (x + ts.measure(FontRole::Heading, LABEL_SIZE, &unit) + 16.0).max(x + axis_w);
    for (i, (name, _)) in chart.bars.iter().enumerate() {
        items.push(Item::Rect {
            x: lx,
            y: top + 6.0,
            w: 14.0,
            h: 9.0,
            fill: Some(Ink::Gray(FILLS[i % 3])),
            stroke: Some((Ink::Black, 0.5)),
        });
        items.extend(text_at(ts, name, lx + 18.0, top + 6.0 + 9.0, Align::Left));
        lx += 26.0 + ts.measure(FontRole::Heading, LABEL_SIZE, name);
    }
    if let Some((name, _)) = &chart.line {
        items.push(Item::Polyline {
            points: vec![(lx, top + 10.5), (lx + 14.0, top + 10.5)],
            width: 1.2,
            ink: Ink::Black,
        });
        items.push(Item::Rect {
            x: lx + 5.0,
            y: top + 8.5,
            w: 4.0,
            h: 4.0,
            fill: Some(Ink::Black),
            stroke: None,
        });
        items.extend(text_at(
            ts,
            &format!("{name}（右轴）"),
            lx + 18.0,
            top + 15.0,
            Align::Left,
        ));
    }

    // Left axis with round ticks.
    let max = chart
        .bars
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0f64, f64::max);
    // With a line series the bars keep to the lower part of the plot and the line runs
    // above them, so that neither hides the other's labels.
    let headroom = if chart.line.is_some() { 0.62 } else { 0.92 };
    let (step, axis_max) = if chart.bar_unit == "%" && max <= 100.0 {
        // Shares run to 100%, the mark a reader measures them against.
        (20.0, 100.0)
    } else {
        let step = nice_step(max / headroom, 5.0);
        (step, ((max / headroom / step).ceil() * step).max(step))
    };
    let ticks = (axis_max / step).round() as usize;
    for t in 0..=ticks {
        let value = step * t as f64;
        let y = plot_bottom - (value / axis_max) as f32 * plot_h;
        items.push(Item::Rule {
            x1: plot_x,
            y1: y,
            x2: plot_x + plot_w,
            y2: y,
            width: if t == 0 { 0.8 } else { 0.3 },
            ink: if t == 0 { Ink::Black } else { Ink::Gray(0.6) },
        });
        items.extend(right_aligned(
            ts,
            &decimal(value, 2),
            plot_x - 4.0,
            y + LABEL_SIZE * 0.35,
        ));
    }
    items.push(Item::Rule {
        x1: plot_x,
        y1: plot_top,
        x2: plot_x,
        y2: plot_bottom,
        width: 0.8,
        ink: Ink::Black,
    });

    // Bars, grouped by category, with their values above.
    let n = chart.categories.len().max(1);
    let group_w = plot_w / n as f32;
    let series = chart.bars.len().max(1);
    let bar_w = (group_w * 0.7 / series as f32).min(40.0);
    // The line's points, known before any label is placed so that none lands on it.
    let line_axis = chart.line.as_ref().map(|(_, values)| {
        let line_max = values.iter().flatten().copied().fold(0.0f64, f64::max);
        let line_step = nice_step(line_max / 0.92, 4.0);
        let axis = ((line_max / 0.92 / line_step).ceil() * line_step).max(line_step);
        (line_step, axis)
    });
    let points: Vec<(f32, f32, f64)> = match (&chart.line, line_axis) {
        (Some((_, values)), Some((_, axis))) => values
            .iter()
            .enumerate()
            .filter_map(|(c, v)| {
                v.map(|v| {
                    (
                        plot_x + group_w * (c as f32 + 0.5),
                        plot_bottom - (v / axis) as f32 * plot_h,
                        v,
                    )
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let segments: Vec<((f32, f32), (f32, f32))> = points
        .windows(2)
        .map(|w| ((w[0].0, w[0].1), (w[1].0, w[1].1)))
        .collect();
    // What a label must keep clear of: the markers, then each label placed.
    let mut taken: Vec<Box2> = points
        .iter()
        .map(|&(px, py, _)| (px - 2.5, py - 2.5, px + 2.5, py + 2.5))
        .collect();
    let area = (plot_x, plot_top - LABEL_SIZE, plot_x + plot_w, plot_bottom);
    for (c, category) in chart.categories.iter().enumerate() {
        let center = plot_x + group_w * (c as f32 + 0.5);
        let mut bx = center - bar_w * series as f32 / 2.0;
        for (s, (_, values)) in chart.bars.iter().enumerate() {
            let value = values.get(c).copied().unwrap_or(0.0);
            let h = (value / axis_max) as f32 * plot_h;
            items.push(Item::Rect {
                x: bx,
                y: plot_bottom - h,
                w: bar_w,
                h,
                fill: Some(Ink::Gray(FILLS[s % 3])),
                stroke: Some((Ink::Black, 0.5)),
            });
            if bar_w >= 16.0 {
                let label = fixed(value, series_decimals(values, 1));
                let w = ts.measure(FontRole::Heading, LABEL_SIZE, &label);
                let cx = bx + bar_w / 2.0;
                let above = plot_bottom - h - 3.0;
                // Above the bar; where the line passes there, inside its top (on white),
                // else higher up.
                let inside = plot_bottom - h + 3.0 + LABEL_SIZE;
                let mut candidates = vec![(cx, above)];
                if h >= LABEL_SIZE + 8.0 {
                    candidates.push((cx, inside));
                }
                candidates.extend((1..=10).map(|k| (cx, above - LABEL_SIZE * 0.5 * k as f32)));
                let (cx, baseline) = first_clear(&candidates, w, area, &taken, &segments);
                taken.push(label_box(cx, baseline, w));
                if baseline > above {
                    items.push(white_under(cx, baseline, w));
                }
                items.extend(text_at(ts, &label, cx, baseline, Align::Center));
            }
            bx += bar_w;
        }
        // Category labels, wrapped to the group width.
        let lines = ts.set(
            FontRole::Heading,
            LABEL_SIZE,
            category,
            center - group_w / 2.0 + 2.0,
            group_w - 4.0,
            0.0,
            Align::Center,
            Ink::Black,
        );
        for (i, line) in lines.into_iter().take(2).enumerate() {
            for run in line {
                items.push(Item::Text(TextRun {
                    y: plot_bottom
                        + 4.0
                        + baseline_in(LABEL_SIZE * 1.3, LABEL_SIZE)
                        + i as f32 * LABEL_SIZE * 1.3,
                    ..run
                }));
            }
        }
    }

    // The percentage line on the right axis, 0–100% scaled to a round maximum.
    if let Some((line_step, line_axis)) = line_axis {
        let line_ticks = (line_axis / line_step).round() as usize;
        for t in 0..=line_ticks {
            let value = line_step * t as f64;
            let y = plot_bottom - (value / line_axis) as f32 * plot_h;
            items.extend(text_at(
                ts,
                &format!("{}%", decimal(value, 1)),
                plot_x + plot_w + 4.0,
                y + LABEL_SIZE * 0.35,
                Align::Left,
            ));
        }
        items.push(Item::Rule {
            x1: plot_x + plot_w,
            y1: plot_top,
            x2: plot_x + plot_w,
            y2: plot_bottom,
            width: 0.8,
            ink: Ink::Black,
        });
        if points.len() >= 2 {
            items.push(Item::Polyline {
                points: points.iter().map(|p| (p.0, p.1)).collect(),
                width: 1.2,
                ink: Ink::Black,
            });
        }
        let decimals = series_decimals(&points.iter().map(|p| p.2).collect::<Vec<_>>(), 2);
        for &(px, py, _) in &points {
            items.push(Item::Rect {
                x: px - 2.5,
                y: py - 2.5,
                w: 5.0,
                h: 5.0,
                fill: Some(Ink::Black),
                stroke: None,
            });
        }
        for &(px, py, v) in &points {
            let label = format!("{}%", fixed(v, decimals));
            let w = ts.measure(FontRole::Heading, LABEL_SIZE, &label);
            let (cx, baseline) = place_label(px, py, w, area, &taken, &segments);
            taken.push(label_box(cx, baseline, w));
            items.push(white_under(cx, baseline, w));
            items.extend(text_at(ts, &label, cx, baseline, Align::Center));
        }
    }

    // Caption below.
    let caption = format!("图{number}　{}", chart.caption);
    let lines = ts.set(
        FontRole::Heading,
        14.0,
        &caption,
        x,
        width,
        0.0,
        Align::Center,
        Ink::Black,
    );
    for line in lines.into_iter().take(1) {
        for run in line {
            items.push(Item::Text(TextRun {
                y: top + height - 10.0,
                ..run
            }));
        }
    }
    items
}

/// A box: left, top, right, bottom.
type Box2 = (f32, f32, f32, f32);

/// The box a label of width `w` centred on `cx` takes, from its baseline: the em box
/// of its glyphs with a point to spare on every side.
fn label_box(cx: f32, baseline: f32, w: f32) -> Box2 {
    (
        cx - w / 2.0 - 1.0,
        baseline - LABEL_SIZE * 0.88 - 1.0,
        cx + w / 2.0 + 1.0,
        baseline + LABEL_SIZE * 0.12 + 1.0,
    )
}

fn boxes_meet(a: Box2, b: Box2) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether the segment from `a` to `b` passes through `bx` (Liang–Barsky clipping).
fn segment_meets(a: (f32, f32), b: (f32, f32), bx: Box2) -> bool {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.0 - bx.0),
        (dx, bx.2 - a.0),
        (-dy, a.1 - bx.1),
        (dy, bx.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    t0 <= t1
}

/// The white ground under a label of width `w` centred on `cx`.
fn white_under(cx: f32, baseline: f32, w: f32) -> Item {
    Item::Rect {
        x: cx - w / 2.0 - 1.5,
        y: baseline + 1.0 - LABEL_SIZE,
        w: w + 3.0,
        h: LABEL_SIZE + 2.0,
        fill: Some(Ink::Gray(1.0)),
        stroke: None,
    }
}

/// The first of `candidates` (centre, baseline) where a label of width `w` is inside
/// `area` and touches neither a box `taken` nor a segment of the line; the first
/// candidate when none is clear.
fn first_clear(
    candidates: &[(f32, f32)],
    w: f32,
    area: Box2,
    taken: &[Box2],
    segments: &[((f32, f32), (f32, f32))],
) -> (f32, f32) {
    candidates
        .iter()
        .copied()
        .find(|&(cx, baseline)| {
            let b = label_box(cx, baseline, w);
            b.0 >= area.0
                && b.2 <= area.2
                && b.1 >= area.1
                && b.3 <= area.3
                && !taken.iter().any(|&t| boxes_meet(b, t))
                && !segments.iter().any(|&(s, e)| segment_meets(s, e, b))
        })
        .unwrap_or(candidates[0])
}

/// Where the label of the point (`px`, `py`) goes: (centre, baseline). Above the
/// marker as a reader expects it; where that touches the line, a marker or another
/// label, below, right, left or further up or down: the first place that is clear and
/// inside `area` (the plot with a line of room above it).
fn place_label(
    px: f32,
    py: f32,
    w: f32,
    area: Box2,
    taken: &[Box2],
    segments: &[((f32, f32), (f32, f32))],
) -> (f32, f32) {
    let above = py - 7.0;
    let below = py + 7.0 + LABEL_SIZE * 0.88;
    let middle = py + LABEL_SIZE * 0.35;
    let side = 5.0 + w / 2.0;
    let mut candidates = vec![
        (px, above),
        (px, below),
        (px + side, middle),
        (px - side, middle),
        (px + side, above),
        (px - side, above),
        (px + side, below),
        (px - side, below),
    ];
    for k in 1..=10 {
        let step = LABEL_SIZE * 0.5 * k as f32;
        candidates.push((px, above - step));
        candidates.push((px, below + step));
    }
    first_clear(&candidates, w, area, taken, segments)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_step(1705.0, 5.0), 500.0);
        assert_eq!(nice_step(426.0, 5.0), 100.0);
        assert_eq!(nice_step(24.99, 4.0), 10.0);
        assert_eq!(nice_step(0.0, 5.0), 1.0);
    }
}

/// The decimals a series needs, at most `max`: one precision for every label of a
/// series (22.40% beside 20.73%, not 22.4%).
fn series_decimals(values: &[f64], max: usize) -> usize {
    values
        .iter()
        .map(|v| decimal(*v, max).split_once('.').map_or(0, |(_, d)| d.len()))
        .max()
        .unwrap_or(0)
}

/// `value` with exactly `decimals` decimals.
fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}
