//! The briefing as a document: masthead, title, sections of headings, paragraphs,
//! tables and charts, and the end block. Built from indicators and the wording
//! templates; knows nothing of pages or PDF.

pub mod numbers;
pub mod sample;
pub mod wording;
pub mod words;

use crate::indicators::{Indicators, Tracked};
use chrono::NaiveDate;
use minijinja::value::Value;
use numbers::{chinese_numeral, yuan};
use wording::{AppendKind, ChartKind, Rendered, TableKind, Wording};

/// The red header of page 1 (报头).
#[derive(Debug, Clone, PartialEq)]
pub struct Masthead {
    pub series: String,
    /// 第3期.
    pub issue_label: String,
    pub issuer: String,
    pub date_text: String,
    pub marking: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Relative column widths.
    pub widths: Vec<f32>,
}

/// A bar chart with optional line series on a second axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub caption: String,
    pub categories: Vec<String>,
    /// Bar series: name and one value per category.
    pub bars: Vec<(String, Vec<f64>)>,
    pub bar_unit: String,
    /// A percentage series drawn as a line, on the right axis.
    pub line: Option<(String, Vec<Option<f64>>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1: 一、 (黑体); level 2: （一） (楷体).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        text: String,
        origin: String,
    },
    Table(Table),
    Chart(Chart),
    /// Small print under the body, e.g. the data note.
    Note {
        text: String,
        origin: String,
    },
    /// The 附件说明 under the body (GB/T 9704 7.3.6): the names of the attachments,
    /// numbered when there are several (附件：1. …).
    AttachmentNote {
        items: Vec<String>,
    },
    /// An attachment, on pages of its own after the body (GB/T 9704 8): its label
    /// (附件, or 附件1 when there are several) at the top left, its title centred, then
    /// its table.
    Attachment {
        label: String,
        title: String,
        table: Table,
    },
}

/// A table of more rows than this is longer than a page (a page holds about 26 rows
/// of 小四 with the header and a caption): it goes to an attachment after the body
/// instead of breaking the text for pages.
pub const ATTACHMENT_ROWS: usize = 24;

/// The end block (版记).
#[derive(Debug, Clone, PartialEq)]
pub struct EndBlock {
    /// (label, names): 报, 送, 发.
    pub lines: Vec<(String, String)>,
    pub issuer: String,
    pub date_text: String,
    pub copies: Option<u32>,
}

/// Document information for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub masthead: Masthead,
    pub title: String,
    pub blocks: Vec<Block>,
    pub end_block: EndBlock,
    pub meta: DocMeta,
}

/// Facts about this issue that are not metrics.
#[derive(Debug, Clone)]
pub struct IssueFacts {
    pub series: String,
    /// The 期号; `None` for a preview, which has none yet.
    pub issue_number: Option<u32>,
    pub issuer: String,
    pub issue_date: NaiveDate,
    pub marking: Option<String>,
    pub distribution: crate::config::Distribution,
    pub copies: Option<u32>,
    /// The metrics file, for naming the origin of free text.
    pub metrics_file: String,
    /// A draft for approval (送审稿): its 期号 is left blank, to be given when it is
    /// approved.
    pub draft: bool,
}

/// 第N期; 第  期 for a draft, whose number is given when it is approved; （样稿） for a
/// preview.
fn issue_label(issue_number: Option<u32>, draft: bool) -> String {
    match issue_number {
        Some(n) => format!("第{n}期"),
        None if draft => "第  期".to_string(),
        None => "（样稿）".to_string(),
    }
}

/// The template context: indicators, their periods and ranks named in words, plus
/// issue facts.
pub fn context(indicators: &Indicators, facts: &IssueFacts) -> Value {
    let mut map = serde_json::to_value(indicators).expect("indicators serialise");
    if let serde_json::Value::Object(m) = &mut map {
        name_in_words(m, indicators);
        m.insert("issuer".into(), facts.issuer.clone().into());
        m.insert("series".into(), facts.series.clone().into());
        m.insert("issue_number".into(), facts.issue_number.into());
        // The table by county goes to an attachment when it is longer than a page.
        m.insert(
            "subregions_attached".into(),
            (indicators.subregions.len() > ATTACHMENT_ROWS).into(),
        );
        m.insert(
            "issue_date".into(),
            facts.issue_date.format("%Y-%m-%d").to_string().into(),
        );
    }
    Value::from_serialize(&map)
}

/// Adds to the serialised indicators the words the templates read: the period's name
/// and what it and its comparison are called, the region in running text, period names
/// for records and assembled periods, the certified share's name, what a rank is among
/// and by.
fn name_in_words(m: &mut serde_json::Map<String, serde_json::Value>, ind: &Indicators) {
    use serde_json::json;
    let names = |periods: &[crate::model::period::Period]| -> Vec<String> {
        periods.iter().map(|&p| words::period_name(p)).collect()
    };
    m.insert("period_name".into(), words::period_name(ind.period).into());
    m.insert(
        "period_word".into(),
        words::period_word(ind.period.kind()).into(),
    );
    m.insert("scope".into(), words::scope_word(&ind.region).into());
    m.insert(
        "comparison_word".into(),
        words::comparison_word(ind.period).into(),
    );
    m.insert(
        "previous_word".into(),
        words::previous_word(ind.period.kind()).into(),
    );
    m.insert(
        "previous_period_name".into(),
        words::period_name(ind.period.previous()).into(),
    );
    m.insert("assembled_from".into(), names(&ind.assembled_from).into());
    m.insert("missing_months".into(), names(&ind.missing_months).into());
    for (key, tracked) in ind.tracked_figures() {
        if let (Some(t), Some(serde_json::Value::Object(entry))) = (tracked, m.get_mut(key)) {
            entry.insert(
                "history_from".into(),
                t.history_from.map(words::period_name).into(),
            );
        }
    }
    if let Some(share) = &ind.certified_share {
        m.insert(
            "certified_share".into(),
            json!({"name": words::CERTIFIED_SHARE, "value": share.value, "qualifier": share.qualifier}),
        );
    }
    if let Some(rank) = &ind.rank {
        let (among, basis) = match &rank.stated {
            Some(stated) => (stated.among.clone(), stated.basis.clone()),
            None => (
                words::rank_among(rank.parent.as_deref()),
                words::RANK_BASIS_PASSES_PER_10K.to_string(),
            ),
        };
        m.insert(
            "rank".into(),
            json!({"rank": rank.rank, "among": among, "basis": basis, "computed": rank.stated.is_none()}),
        );
    }
}

/// Builds the document; an error is a template fault (data gaps only drop sentences).
pub fn build(
    indicators: &Indicators,
    facts: &IssueFacts,
    wording: &Wording,
) -> Result<Document, String> {
    let ctx = context(indicators, facts);
    let wording_file = wording.file.display().to_string();
    let render = |name: &str, source: &str| -> Result<Option<String>, String> {
        Ok(match wording.render(name, source, &ctx)? {
            Rendered::Text(t) => Some(t),
            Rendered::Missing => None,
        })
    };
    let title = render("title", &wording.title)?.unwrap_or_else(|| {
        format!(
            "{}{}社会工作简报",
            indicators.region,
            words::period_name(indicators.period)
        )
    });

    let mut blocks = Vec::new();
    let mut attachments: Vec<Table> = Vec::new();
    let mut section_number = 0;
    for (i, section) in wording.sections.iter().enumerate() {
        let mut body = Vec::new();
        for (j, lead) in section.lead.iter().enumerate() {
            let name = format!("sections[{i}].lead[{j}]");
            if let Some(text) = render(&name, lead)? {
                body.push(Block::Paragraph {
                    text: ensure_full_stop(&text),
                    origin: format!("{wording_file}: {name}"),
                });
            }
        }
        let mut points: Vec<(String, String)> = Vec::new();
        for (j, point) in section.points.iter().enumerate() {
            let name = format!("sections[{i}].points[{j}]");
            if let Some(text) = render(&name, point)? {
                points.push((text, format!("{wording_file}: {name}")));
            }
        }
        let appended: &[String] = match section.append {
            Some(AppendKind::Highlights) => &indicators.highlights,
            Some(AppendKind::NextSteps) => &indicators.next_steps,
            None => &[],
        };
        for (j, text) in appended.iter().enumerate() {
            let text = text.trim();
            if !text.is_empty() {
                points.push((
                    text.to_string(),
                    format!(
                        "{}: {}[{j}]",
                        facts.metrics_file,
                        section.append.map(AppendKind::field).unwrap_or("")
                    ),
                ));
            }
        }
        // 一是 only where 二是 follows: a single point is a plain paragraph.
        let numbered = points.len() > 1;
        for (k, (text, origin)) in points.into_iter().enumerate() {
            let text = if numbered {
                format!(
                    "{}是{}",
                    chinese_numeral(k as u32 + 1),
                    ensure_full_stop(&text)
                )
            } else {
                ensure_full_stop(&text)
            };
            body.push(Block::Paragraph { text, origin });
        }
        if let Some(table) = section.table.and_then(|t| table(t, indicators)) {
            if table.rows.len() > ATTACHMENT_ROWS {
                attachments.push(table);
            } else {
                body.push(Block::Table(table));
            }
        }
        if let Some(chart) = section.chart.and_then(|c| chart(c, indicators)) {
            body.push(Block::Chart(chart));
        }
        if body.is_empty() {
            continue;
        }
        section_number += 1;
        let heading =
            render(&format!("sections[{i}].heading"), &section.heading)?.unwrap_or_default();
        blocks.push(Block::Heading {
            level: 1,
            text: format!("{}、{}", chinese_numeral(section_number), heading),
        });
        blocks.extend(body);
    }
    if !attachments.is_empty() {
        blocks.push(Block::AttachmentNote {
            items: attachments.iter().map(|t| t.caption.clone()).collect(),
        });
    }
    if let Some(note) = &wording.data_note {
        if let Some(text) = render("data_note", note)? {
            blocks.push(Block::Note {
                text,
                origin: format!("{wording_file}: data_note"),
            });
        }
    }
    // GB/T 9704 numbers attachments only when there are several.
    let several = attachments.len() > 1;
    for (n, table) in attachments.into_iter().enumerate() {
        blocks.push(Block::Attachment {
            label: if several {
                format!("附件{}", n + 1)
            } else {
                "附件".to_string()
            },
            title: table.caption.clone(),
            table,
        });
    }

    let date_text = numbers::date(facts.issue_date);
    let d = &facts.distribution;
    let lines: Vec<(String, String)> = [
        ("报", &d.report_to),
        ("送", &d.send_to),
        ("发", &d.issue_to),
    ]
    .into_iter()
    .filter(|(_, names)| !names.is_empty())
    .map(|(label, names)| (label.to_string(), format!("{}。", names.join("，"))))
    .collect();
    Ok(Document {
        masthead: Masthead {
            series: facts.series.clone(),
            issue_label: issue_label(facts.issue_number, facts.draft),
            issuer: facts.issuer.clone(),
            date_text: date_text.clone(),
            marking: facts.marking.clone(),
        },
        meta: DocMeta {
            title: title.clone(),
            author: facts.issuer.clone(),
            subject: format!(
                "{} {}年{} {}{}",
                facts.series,
                facts.issue_date.format("%Y"),
                issue_label(facts.issue_number, facts.draft),
                indicators.region,
                words::period_name(indicators.period)
            ),
            keywords: vec![
                facts.series.clone(),
                indicators.region.clone(),
                indicators.period.to_string(),
                "社会工作".into(),
            ],
        },
        title,
        blocks,
        end_block: EndBlock {
            lines,
            issuer: facts.issuer.clone(),
            date_text,
            copies: facts.copies,
        },
    })
}

fn ensure_full_stop(text: &str) -> String {
    let text = text.trim_end_matches(['；', ';']);
    if text.ends_with(['。', '！', '？']) {
        text.to_string()
    } else {
        format!("{text}。")
    }
}

fn tracked_row(
    label: &str,
    t: &Option<Tracked>,
    fmt: impl Fn(f64, crate::metrics::Qualifier) -> String,
) -> Option<Vec<String>> {
    let t = t.as_ref()?;
    let (previous, change) = match &t.change {
        Some(c) => {
            let change = match (c.direction, c.percent) {
                (crate::indicators::Direction::Flat, _) | (_, Some(_)) => {
                    numbers::change_words_with(
                        c.direction,
                        c.percent,
                        c.delta,
                        c.approximate,
                        numbers::percent_in_table,
                    )
                }
                (_, None) => "—".to_string(),
            };
            (fmt(c.previous, c.previous_qualifier), change)
        }
        None => ("—".to_string(), "—".to_string()),
    };
    let mut current = fmt(t.value, t.qualifier);
    if t.record_high {
        current.push_str("（新高）");
    }
    Some(vec![label.to_string(), current, previous, change])
}

fn table(kind: TableKind, ind: &Indicators) -> Option<Table> {
    let count = |unit: &'static str| move |v: f64, q| numbers::count(v, q, unit);
    let (caption, header, rows, widths): (String, Vec<&str>, Vec<Vec<String>>, Vec<f32>) =
        match kind {
            TableKind::KeyFigures => {
                let mut rows: Vec<Vec<String>> = [
                    tracked_row("社会工作岗位", &ind.posts, count("个")),
                    tracked_row("新增社会工作岗位", &ind.new_posts, count("个")),
                    tracked_row("社会工作者", &ind.workers, count("人")),
                    tracked_row("资金投入", &ind.funding_total, yuan),
                    tracked_row("职业水平考试报名", &ind.registrants, count("人")),
                    tracked_row("职业水平考试通过", &ind.passes, count("人")),
                    tracked_row("培训", &ind.person_times, count("人次")),
                ]
                .into_iter()
                .flatten()
                .collect();
                if let Some(rate) = ind.pass_rate {
                    let previous = ind.pass_rate_change_points.map(|d| rate - d);
                    rows.push(vec![
                        "考试通过率".into(),
                        numbers::percent_in_table(rate),
                        previous
                            .map(numbers::percent_in_table)
                            .unwrap_or_else(|| "—".into()),
                        ind.pass_rate_change_points
                            .map(|d| {
                                if d.abs() < 0.005 {
                                    "持平".into()
                                } else {
                                    format!(
                                        "{}{:.2}个百分点",
                                        if d > 0.0 { "提高" } else { "降低" },
                                        d.abs()
                                    )
                                }
                            })
                            .unwrap_or_else(|| "—".into()),
                    ]);
                }
                // Station coverage is not a change on the last period: it has its own
                // table (coverage), and the 同比 column holds only changes.
                let caption = format!("{}{}主要指标", ind.region, words::period_name(ind.period));
                // Without a single figure of the last period (a first year on file), the
                // 上期 and 同比 columns would hold only dashes: they are left out.
                if rows.iter().all(|r| r[2] == "—" && r[3] == "—") {
                    let rows = rows.into_iter().map(|r| r[..2].to_vec()).collect();
                    (caption, vec!["指标", "本期"], rows, vec![1.0, 1.0])
                } else {
                    (
                        caption,
                        vec!["指标", "本期", "上期", words::comparison_word(ind.period)],
                        rows,
                        // The change column is the widest: 提高2.21个百分点 on one line.
                        vec![2.3, 2.4, 2.0, 2.9],
                    )
                }
            }
            TableKind::FundingChannels => {
                let rows: Vec<Vec<String>> = ind
                    .channels
                    .iter()
                    .map(|c| {
                        vec![
                            c.name.clone(),
                            c.amount
                                .map(|a| yuan(a.value, a.qualifier))
                                .unwrap_or_else(|| "—".into()),
                            c.share_percent
                                .map(numbers::percent_in_table)
                                .unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect();
                (
                    "资金来源构成".to_string(),
                    vec!["渠道", "金额", "占比"],
                    rows,
                    vec![5.0, 2.2, 1.6],
                )
            }
            TableKind::Coverage => {
                let rows: Vec<Vec<String>> = ind
                    .coverage
                    .iter()
                    .map(|c| {
                        vec![
                            c.level.clone(),
                            numbers::decimal(c.built, 0),
                            c.total
                                .map(|t| numbers::decimal(t, 0))
                                .unwrap_or_else(|| "—".into()),
                            c.percent
                                .map(numbers::percent_in_table)
                                .unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect();
                (
                    "站点建设情况".to_string(),
                    vec!["层级", "已建", "应建", "覆盖率"],
                    rows,
                    vec![4.2, 1.5, 1.5, 1.8],
                )
            }
            TableKind::Subregions => {
                let dash = || "—".to_string();
                let rows: Vec<Vec<String>> = ind
                    .subregions
                    .iter()
                    .map(|s| {
                        vec![
                            s.name.clone(),
                            s.workers
                                .map(|v| numbers::decimal(v, 0))
                                .unwrap_or_else(dash),
                            match (s.stations_built, s.stations_total) {
                                (Some(b), Some(t)) => {
                                    format!("{}/{}", numbers::decimal(b, 0), numbers::decimal(t, 0))
                                }
                                (Some(b), None) => numbers::decimal(b, 0),
                                _ => dash(),
                            },
                            s.coverage_percent
                                .map(numbers::percent_in_table)
                                .unwrap_or_else(dash),
                        ]
                    })
                    .collect();
                (
                    "各县（市、区）社会工作情况".to_string(),
                    vec![
                        "县（市、区）",
                        "社会工作者（人）",
                        "乡镇（街道）社工站",
                        "覆盖率",
                    ],
                    rows,
                    vec![3.0, 2.2, 2.4, 1.6],
                )
            }
            TableKind::Allowances => {
                let rows: Vec<Vec<String>> = ind
                    .allowances
                    .iter()
                    .map(|a| {
                        vec![
                            a.name.clone(),
                            numbers::count(a.value, a.qualifier, "元/月"),
                        ]
                    })
                    .collect();
                (
                    "持证社工津贴标准".to_string(),
                    vec!["职业资格等级", "津贴"],
                    rows,
                    vec![3.0, 2.0],
                )
            }
        };
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        caption,
        header: header.into_iter().map(String::from).collect(),
        rows,
        widths,
    })
}

fn chart(kind: ChartKind, ind: &Indicators) -> Option<Chart> {
    match kind {
        ChartKind::CertificationTrend => {
            let points: Vec<_> = ind
                .series
                .iter()
                .filter(|p| p.registrants.is_some() || p.passes.is_some())
                .collect();
            if points.len() < 2 {
                return None;
            }
            Some(Chart {
                caption: "社会工作者职业水平考试报名与通过情况".into(),
                categories: points
                    .iter()
                    .map(|p| words::period_name(p.period))
                    .collect(),
                bars: vec![
                    (
                        "报名人数".into(),
                        points
                            .iter()
                            .map(|p| p.registrants.unwrap_or(0.0))
                            .collect(),
                    ),
                    (
                        "通过人数".into(),
                        points.iter().map(|p| p.passes.unwrap_or(0.0)).collect(),
                    ),
                ],
                bar_unit: "人".into(),
                line: Some((
                    "通过率".into(),
                    points.iter().map(|p| p.pass_rate).collect(),
                )),
            })
        }
        ChartKind::Coverage => {
            let levels: Vec<_> = ind.coverage.iter().filter(|c| c.total.is_some()).collect();
            if levels.len() < 2 {
                return None;
            }
            // Shares, not counts: levels differ by an order of magnitude (40 townships,
            // 520 villages), and the reader wants to see how close each is to full coverage.
            Some(Chart {
                caption: "各级站点覆盖率".into(),
                categories: levels.iter().map(|c| c.level.clone()).collect(),
                bars: vec![(
                    "覆盖率".into(),
                    levels.iter().map(|c| c.percent.unwrap_or(0.0)).collect(),
                )],
                bar_unit: "%".into(),
                line: None,
            })
        }
        ChartKind::FundingChannels => {
            let channels: Vec<_> = ind.channels.iter().filter(|c| c.amount.is_some()).collect();
            if channels.len() < 2 {
                return None;
            }
            Some(Chart {
                caption: "资金来源构成".into(),
                categories: channels.iter().map(|c| c.name.clone()).collect(),
                bars: vec![(
                    "金额".into(),
                    channels
                        .iter()
                        .map(|c| c.amount.map(|a| a.value / 1e4).unwrap_or(0.0))
                        .collect(),
                )],
                bar_unit: "万元".into(),
                line: None,
            })
        }
    }
}
