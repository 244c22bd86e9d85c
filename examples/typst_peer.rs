//! Writes the content of one briefing as a Typst document, so that benches/typst-peer.sh
//! can compare sw-briefing with another typesetter on the same work: the same masthead,
//! title, headings, paragraphs, tables, bar-and-line charts and 版记, set in the same
//! fonts on the same GB/T 9704 page (A4, 156 × 225 mm type area, 16 pt body on a
//! 22-line grid). The charts are drawn with Typst's own shapes, as sw-briefing draws
//! its own; nothing of sw-briefing's layout is handed over, only the document.
//!
//! cargo run --release --example typst_peer -- CONFIG REGION_CODE OUT.typ

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use sw_briefing::app::engine::Engine;
use sw_briefing::document::{Block, Chart, Document, Table};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [config, code, out] = args.as_slice() else {
        eprintln!("usage: typst_peer CONFIG REGION_CODE OUT.typ");
        return ExitCode::from(2);
    };
    match peer(&PathBuf::from(config), code) {
        Ok(source) => match std::fs::write(out, source) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {out}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {config}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn peer(config: &std::path::Path, code: &str) -> Result<String, String> {
    let engine = Engine::load(config).map_err(|e| e.to_string())?;
    // The clock of the benchmarks (SOURCE_DATE_EPOCH of run-scale.sh).
    let now = chrono::DateTime::from_timestamp(1_704_420_000, 0).expect("a valid time");
    let codes = std::collections::BTreeSet::from([code.to_string()]);
    let loaded = engine.load_metrics(now, Some(&codes), None);
    let job = engine
        .config
        .region(code)
        .ok_or_else(|| format!("no region {code} in the config"))?;
    let subject = engine
        .subject(&loaded.store, job, None)
        .map_err(|e| e.to_string())?;
    let doc = engine
        .document(&loaded.store, &subject, now)
        .map_err(|e| e.to_string())?;
    Ok(typst_source(&doc))
}

/// Typst markup escapes: text from the metrics may hold any of these.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\#*_`$<>@[]=-+/~\"'".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Typst string literal.
fn lit(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

const PREAMBLE: &str = r##"#set document(title: TITLE, author: AUTHOR)
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context {
    let n = counter(page).get().first()
    set text(font: "Noto Serif CJK SC", size: 14pt)
    if calc.odd(n) { align(right)[— #n —] } else { align(left)[— #n —] }
  })
#set text(font: "Noto Serif CJK SC", size: 16pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.95pt, spacing: 12.95pt)
#show heading.where(level: 1): it => block(text(font: "Noto Sans CJK SC", size: 16pt, weight: "regular", it.body))
#show heading.where(level: 2): it => block(text(font: "SwbKai", size: 16pt, weight: "regular", it.body))
#let chart(caption, cats, bars, unit, trend) = {
  let w = 150mm
  let h = 62mm
  let n = cats.len()
  let peak = calc.max(..bars.map(b => calc.max(..b.at(1))), 1)
  let slot = w / n
  let bw = slot * 0.7 / calc.max(bars.len(), 1)
  let colours = (rgb("#c0504d"), rgb("#4f81bd"), rgb("#9bbb59"))
  align(center, block(width: w, height: h + 22mm, breakable: false, {
    for (i, c) in cats.enumerate() {
      for (j, b) in bars.enumerate() {
        let v = b.at(1).at(i)
        let bh = h * v / peak
        place(top + left, dx: slot * i + slot * 0.15 + bw * j, dy: h - bh,
          rect(width: bw, height: bh, fill: colours.at(calc.rem(j, 3))))
        place(top + left, dx: slot * i + slot * 0.15 + bw * j, dy: h - bh - 5mm,
          text(size: 9pt, str(calc.round(v, digits: 1))))
      }
      place(top + left, dx: slot * i + slot * 0.3, dy: h + 1mm, text(size: 10.5pt, c))
    }
    place(top + left, dy: h, line(length: w))
    if trend != none {
      let pts = trend.at(1).enumerate().filter(p => p.at(1) != none)
        .map(p => (slot * p.at(0) + slot * 0.5, h - h * p.at(1) / 100))
      if pts.len() > 1 {
        place(top + left, curve(stroke: 1pt + rgb("#f79646"), curve.move(pts.first()), ..pts.slice(1).map(p => curve.line(p))))
      }
      for p in pts {
        place(top + left, dx: p.at(0) - 1mm, dy: p.at(1) - 1mm, circle(radius: 1mm, fill: rgb("#f79646")))
      }
      place(top + left, dx: 0mm, dy: h + 7mm, text(size: 10.5pt, trend.at(0) + "（%，右轴）"))
    }
    place(top + left, dx: 0mm, dy: h + 12mm,
      text(size: 10.5pt, bars.map(b => b.at(0)).join("、") + "（" + unit + "）"))
    place(top + left, dx: 0mm, dy: h + 17mm, align(center, block(width: w, text(font: "Noto Sans CJK SC", size: 14pt, caption))))
  }))
}
"##;

fn typst_source(doc: &Document) -> String {
    let mut s = PREAMBLE
        .replace("TITLE", &lit(&doc.meta.title))
        .replace("AUTHOR", &lit(&doc.meta.author));
    let m = &doc.masthead;
    if let Some(marking) = &m.marking {
        let _ = writeln!(s, "#text(font: \"Noto Sans CJK SC\")[{}]", esc(marking));
    }
    let _ = writeln!(
        s,
        "#align(center, text(font: \"Noto Serif CJK SC\", weight: \"bold\", size: 42pt, fill: rgb(\"#e60012\"))[{}])",
        esc(&m.series)
    );
    let _ = writeln!(s, "#align(center)[{}]", esc(&m.issue_label));
    let _ = writeln!(
        s,
        "#grid(columns: (1fr, 1fr), [{}], align(right)[{}])",
        esc(&m.issuer),
        esc(&m.date_text)
    );
    s.push_str("#line(length: 100%, stroke: 1pt + rgb(\"#e60012\"))\n#v(2em)\n");
    let _ = writeln!(
        s,
        "#align(center, text(weight: \"bold\", size: 22pt)[{}])\n#v(1em)",
        esc(&doc.title)
    );
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                let _ = writeln!(s, "\n{} {}\n", "=".repeat(*level as usize), esc(text));
            }
            Block::Paragraph { text, .. } => {
                let _ = writeln!(s, "\n{}\n", esc(text));
            }
            Block::Note { text, .. } => {
                let _ = writeln!(s, "\n#text(size: 12pt)[{}]\n", esc(text));
            }
            Block::Table(table) => table_source(&mut s, table),
            Block::Chart(chart) => chart_source(&mut s, chart),
            Block::AttachmentNote { items } => {
                let _ = writeln!(s, "\n附件：{}\n", esc(&items.join("；")));
            }
            Block::Attachment {
                label,
                title,
                table,
            } => {
                let _ = writeln!(
                    s,
                    "#pagebreak()\n#text(font: \"Noto Sans CJK SC\")[{}]\n#align(center, text(weight: \"bold\", size: 22pt)[{}])",
                    esc(label),
                    esc(title)
                );
                table_source(&mut s, table);
            }
        }
    }
    let end = &doc.end_block;
    s.push_str("\n#v(1fr)\n#set par(first-line-indent: 0em)\n#line(length: 100%, stroke: 1pt)\n");
    for (label, names) in &end.lines {
        let _ = writeln!(s, "#text(size: 14pt)[{}：{}]\\", esc(label), esc(names));
    }
    s.push_str("#line(length: 100%, stroke: 0.5pt)\n");
    let copies = end
        .copies
        .map(|c| format!("（共印{c}份）"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "#text(size: 14pt)[#grid(columns: (1fr, 1fr), [{}], align(right)[{}印发{}])]",
        esc(&end.issuer),
        esc(&end.date_text),
        esc(&copies)
    );
    s.push_str("#line(length: 100%, stroke: 1pt)\n");
    s
}

fn table_source(s: &mut String, table: &Table) {
    let widths: Vec<String> = table.widths.iter().map(|w| format!("{w}fr")).collect();
    let _ = writeln!(
        s,
        "\n#align(center, text(font: \"Noto Sans CJK SC\", size: 14pt)[{}])",
        esc(&table.caption)
    );
    let _ = write!(
        s,
        "#text(size: 12pt, table(columns: ({}), align: center + horizon,\n  table.header(",
        widths.join(", ")
    );
    for cell in &table.header {
        let _ = write!(s, "[*{}*], ", esc(cell));
    }
    s.push_str("),\n");
    for row in &table.rows {
        s.push_str("  ");
        for cell in row {
            let _ = write!(s, "[{}], ", esc(cell));
        }
        s.push('\n');
    }
    s.push_str("))\n");
}

fn chart_source(s: &mut String, chart: &Chart) {
    let cats: Vec<String> = chart.categories.iter().map(|c| lit(c)).collect();
    let bars: Vec<String> = chart
        .bars
        .iter()
        .map(|(name, values)| {
            let v: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
            format!("({}, ({},))", lit(name), v.join(", "))
        })
        .collect();
    let line = match &chart.line {
        Some((name, values)) => {
            let v: Vec<String> = values
                .iter()
                .map(|v| v.map_or("none".to_string(), |v| format!("{v}")))
                .collect();
            format!("({}, ({},))", lit(name), v.join(", "))
        }
        None => "none".to_string(),
    };
    let _ = writeln!(
        s,
        "\n#chart({}, ({},), ({},), {}, {})",
        lit(&chart.caption),
        cats.join(", "),
        bars.join(", "),
        lit(&chart.bar_unit),
        line
    );
}
