//! The one table that places every metrics field on the form: sheet, row, label,
//! unit and help. The writer draws the workbook from it and the reader finds the
//! cells by it, so the two cannot drift apart.
//!
//! Every sheet has the same shape: row 1 a title, then (when the sheet has single
//! fields) a header row `指标 单位 本期 修饰 上期 说明` and one row per field, then
//! each list as a block: a blank row, a title row, a header row and a fixed number
//! of numbered rows for entries.

/// What a cell holds and how it is written to YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count or amount: 值 plus a 修饰 column (余/约). Whole, at least 0.
    Figure,
    /// A percentage 0–100 (decimals allowed), with a 修饰 column.
    Percent,
    /// Free text.
    Text,
    /// A six-digit GB/T 2260 code, written quoted.
    Code,
    /// The period (2023, 2023-Q4, 2023-11), written quoted; filled in by the form.
    Period,
    /// One of a few choices, shown in Chinese: (YAML word, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// A calendar date.
    Date,
    /// 是/否: when 是, the word is added to the list at the field's path.
    Flag(&'static str),
    /// Several short texts in one cell, separated by 、 (李某、王某): a YAML list.
    Names,
}

impl Kind {
    /// Whether the value takes a second column for the qualifier (余/约).
    pub fn has_qualifier(self) -> bool {
        matches!(self, Kind::Figure | Kind::Percent)
    }
}

pub const DATA_STATUS: &[(&str, &str)] = &[("published", "公开发布"), ("illustrative", "示例数据")];
pub const LEVELS: &[(&str, &str)] = &[("province", "省级"), ("city", "市级"), ("county", "县级")];
/// The 修饰 column: the qualifier's Chinese word and its YAML word.
pub const QUALIFIERS: &[(&str, &str)] = &[("over", "余"), ("about", "约")];
pub const YES: &str = "是";
pub const NO: &str = "否";

/// A single field: one row.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Dotted path in the metrics YAML, e.g. `certification.registrants`.
    pub path: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Filled in by the form and locked (region code, period).
    pub fixed: bool,
    pub help: &'static str,
}

/// A column of a list.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The key inside one entry, e.g. `count`.
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// A list field (荣誉, 渠道, 站点层级, 县区…): a table with room for entries.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Path of the list in the YAML, e.g. `staffing.honours`.
    pub path: &'static str,
    pub title: &'static str,
    pub help: &'static str,
    pub columns: &'static [Column],
    /// Number of entry rows.
    pub capacity: u32,
}

/// What a sheet holds.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    pub tables: &'static [Table],
}

const fn field(
    path: &'static str,
    label: &'static str,
    unit: &'static str,
    kind: Kind,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        unit,
        kind,
        required: false,
        fixed: false,
        help,
    }
}

const fn required(f: Field) -> Field {
    Field {
        required: true,
        ..f
    }
}

const fn fixed(f: Field) -> Field {
    Field {
        required: true,
        fixed: true,
        ..f
    }
}

const fn col(key: &'static str, label: &'static str, unit: &'static str, kind: Kind) -> Column {
    Column {
        key,
        label,
        unit,
        kind,
        required: false,
    }
}

const fn req(c: Column) -> Column {
    Column {
        required: true,
        ..c
    }
}

/// Every sheet of the form, in the order of the metrics format. One line per field:
/// read as a table, so rustfmt leaves it alone.
#[rustfmt::skip]
pub const SHEETS: &[SheetSpec] = &[
    SheetSpec {
        name: "基本信息",
        title: "基本信息",
        fields: &[
            required(field("data_status", "数据性质", "", Kind::Choice(DATA_STATUS), "公开发布：已公布的统计数字；示例数据：为演示编造的数字，简报会注明“示例数据”")),
            field("source", "数据来源", "", Kind::Text, "公开发布的数据从何而来，印在简报末尾的说明中"),
            required(field("region.name", "地区名称", "", Kind::Text, "如：湘潭市")),
            fixed(field("region.code", "行政区划代码", "", Kind::Code, "GB/T 2260 六位代码，由本表生成时填好，不能修改")),
            required(field("region.level", "行政级别", "", Kind::Choice(LEVELS), "从下拉列表选择：省级、市级或县级")),
            field("region.parent", "上级地区", "", Kind::Text, "如：湖南省"),
            field("region.parent_code", "上级行政区划代码", "", Kind::Code, "六位数字，如 430000；同一上级的地区之间排名"),
            field("region.population", "常住人口", "人", Kind::Figure, "填写整数，单位为人，如 2100000"),
            fixed(field("period", "报告期", "", Kind::Period, "由本表生成时填好，不能修改")),
        ],
        tables: &[],
    },
    SheetSpec {
        name: "队伍",
        title: "人才队伍",
        fields: &[
            field("staffing.posts", "社会工作岗位数（期末）", "个", Kind::Figure, "报告期末的岗位总数"),
            field("staffing.new_posts", "本期新开发岗位数", "个", Kind::Figure, "报告期内新开发的岗位；“200余个”填 200，修饰选“余”"),
            field("staffing.workers", "社会工作者人数（期末）", "人", Kind::Figure, "报告期末的社会工作者人数"),
        ],
        tables: &[
            Table {
                path: "staffing.new_posts_by_field",
                title: "新开发岗位（分领域）",
                help: "每个领域一行，如：乡镇禁毒 70",
                columns: &[req(col("field", "领域", "", Kind::Text)), req(col("count", "岗位数", "个", Kind::Figure))],
                capacity: 15,
            },
            Table {
                path: "staffing.honours",
                title: "荣誉",
                help: "每项荣誉一行，如：湘潭市优秀人才 15；姓名可不填，填时用“、”分隔（李某、王某），不要写进荣誉称号",
                columns: &[
                    req(col("title", "荣誉称号", "", Kind::Text)),
                    req(col("count", "人数", "人", Kind::Figure)),
                    col("names", "姓名", "", Kind::Names),
                ],
                capacity: 15,
            },
        ],
    },
    SheetSpec {
        name: "经费",
        title: "经费投入",
        fields: &[field("funding.total_yuan", "经费投入总额", "元", Kind::Figure, "单位为元，不是万元：1150余万元填 11500000，修饰选“余”")],
        tables: &[Table {
            path: "funding.channels",
            title: "渠道",
            help: "每个渠道一行；不知道分项金额时金额留空。金额都填且总额精确时，合计应等于总额",
            columns: &[req(col("name", "渠道名称", "", Kind::Text)), col("amount_yuan", "金额", "元", Kind::Figure)],
            capacity: 15,
        }],
    },
    SheetSpec {
        name: "考试",
        title: "职业资格考试",
        fields: &[
            field("certification.registrants", "报考人数", "人", Kind::Figure, "参加全国社会工作者职业资格考试的报名人数"),
            field("certification.passes", "通过人数", "人", Kind::Figure, "不能多于报考人数"),
            field("certification.record_highs", "报考人数创历史新高", "", Kind::Flag("registrants"), "来源明确说创历史新高时选“是”"),
            field("certification.record_highs", "通过人数创历史新高", "", Kind::Flag("passes"), "来源明确说创历史新高时选“是”"),
            field("certification.certified_share_percent", "持证率", "%", Kind::Percent, "0–100，不写%号；“超过50%”填 50，修饰选“余”"),
            field("certification.rank.rank", "排名（名次）", "名", Kind::Figure, "公布的名次，1 为第一；名次、排名依据、排名范围三项同时填写"),
            field("certification.rank.basis", "排名依据", "", Kind::Text, "如：考试通过人数占全市人口比例"),
            field("certification.rank.among", "排名范围", "", Kind::Text, "如：全省"),
        ],
        tables: &[Table {
            path: "certification.allowances",
            title: "职业资格补贴",
            help: "每个职称一行，如：助理社会工作师 100",
            columns: &[req(col("title", "职称", "", Kind::Text)), req(col("monthly_yuan", "每月补贴", "元/月", Kind::Figure))],
            capacity: 10,
        }],
    },
    SheetSpec {
        name: "培训",
        title: "教育培训",
        fields: &[
            field("training.person_times", "培训人次", "人次", Kind::Figure, "报告期内培训的人次"),
            field("training.pre_exam_months", "考前免费培训时长", "月", Kind::Figure, ""),
            field("training.central_training_days", "年度集中培训天数", "天", Kind::Figure, ""),
            field("training.training_hours_per_worker", "一线社工每年培训学时（不少于）", "小时", Kind::Figure, ""),
            field("training.supervision_hours_per_worker", "一线社工每年督导时长（不少于）", "小时", Kind::Figure, ""),
        ],
        tables: &[],
    },
    SheetSpec {
        name: "站点",
        title: "社会工作站（室）建设",
        fields: &[],
        tables: &[
            Table {
                path: "stations.levels",
                title: "站点层级",
                help: "每个层级一行，如：乡镇（街道）社会工作站 已建 70 应建 70；已建不能多于应建",
                columns: &[
                    req(col("level", "层级", "", Kind::Text)),
                    req(col("built", "已建", "个", Kind::Figure)),
                    col("total", "应建", "个", Kind::Figure),
                ],
                capacity: 10,
            },
            Table {
                path: "stations.targets",
                title: "建设目标",
                help: "每个目标一行；截止日期必填；“对应层级”须与上表的层级名称完全一致",
                columns: &[
                    req(col("description", "目标", "", Kind::Text)),
                    col("level", "对应层级", "", Kind::Text),
                    col("goal", "目标数", "个", Kind::Figure),
                    col("set_on", "设定日期", "", Kind::Date),
                    req(col("deadline", "截止日期", "", Kind::Date)),
                ],
                capacity: 10,
            },
        ],
    },
    SheetSpec {
        name: "县区",
        title: "分县（市、区）情况",
        fields: &[],
        tables: &[Table {
            path: "subregions",
            title: "县（市、区）",
            help: "每个县（市、区）一行；已建站不能多于应建站",
            columns: &[
                req(col("name", "县（市、区）", "", Kind::Text)),
                col("workers", "社会工作者", "人", Kind::Figure),
                col("stations_built", "乡镇（街道）站已建", "个", Kind::Figure),
                col("stations_total", "乡镇（街道）站应建", "个", Kind::Figure),
            ],
            capacity: 40,
        }],
    },
    SheetSpec {
        name: "要点",
        title: "工作要点",
        fields: &[],
        tables: &[
            Table {
                path: "highlights",
                title: "工作亮点",
                help: "每条一行，写入简报的总体情况（一是……二是……）",
                columns: &[req(col("", "内容", "", Kind::Text))],
                capacity: 10,
            },
            Table {
                path: "next_steps",
                title: "下一步工作",
                help: "每条一行",
                columns: &[req(col("", "内容", "", Kind::Text))],
                capacity: 10,
            },
        ],
    },
];

/// Columns (0-based) of a field row.
pub const COL_LABEL: u16 = 0;
pub const COL_UNIT: u16 = 1;
pub const COL_VALUE: u16 = 2;
pub const COL_QUALIFIER: u16 = 3;
pub const COL_PREVIOUS: u16 = 4;
pub const COL_HELP: u16 = 5;
/// The header of the field rows.
pub const FIELD_HEADER: [&str; 6] = ["指标", "单位", "本期", "修饰", "上期（参考）", "说明"];
/// The first column of a list's header: the row numbers.
pub const ROW_NUMBER: &str = "序号";
/// The last column of a list's header: last period's entries, for reference.
pub const TABLE_PREVIOUS: &str = "上期（参考）";

/// Where a sheet's parts are (0-based rows).
#[derive(Debug, Clone)]
pub struct Placed {
    pub spec: &'static SheetSpec,
    /// Row of the field header, when the sheet has fields; the fields follow.
    pub field_header: Option<u32>,
    pub tables: Vec<PlacedTable>,
}

#[derive(Debug, Clone)]
pub struct PlacedTable {
    pub table: &'static Table,
    pub title_row: u32,
    pub header_row: u32,
    /// (0-based column of the value, of the qualifier when the kind has one) per column.
    pub columns: Vec<(u16, Option<u16>)>,
    /// One past the last used column: the reference column.
    pub previous_col: u16,
}

impl PlacedTable {
    pub fn first_row(&self) -> u32 {
        self.header_row + 1
    }
    pub fn rows(&self) -> std::ops::Range<u32> {
        self.first_row()..self.first_row() + self.table.capacity
    }
    /// The header labels, left to right, as the writer writes them.
    pub fn header(&self) -> Vec<(u16, String)> {
        let mut out = vec![(0, ROW_NUMBER.to_string())];
        for (c, (value, qualifier)) in self.table.columns.iter().zip(&self.columns) {
            let label = if c.unit.is_empty() {
                c.label.to_string()
            } else {
                format!("{}（{}）", c.label, c.unit)
            };
            out.push((*value, label));
            if let Some(q) = qualifier {
                out.push((*q, "修饰".to_string()));
            }
        }
        out.push((self.previous_col, TABLE_PREVIOUS.to_string()));
        out
    }
}

impl Placed {
    pub fn field_row(&self, index: usize) -> u32 {
        self.field_header.map_or(0, |h| h + 1 + index as u32)
    }
}

/// Every sheet with its rows worked out.
pub fn placed() -> Vec<Placed> {
    SHEETS
        .iter()
        .map(|spec| {
            // Row 0: the title.
            let mut next = 1;
            let field_header = if spec.fields.is_empty() {
                None
            } else {
                let header = next;
                next += 1 + spec.fields.len() as u32;
                Some(header)
            };
            let mut tables = Vec::new();
            for table in spec.tables {
                let title_row = next + 1;
                let header_row = title_row + 1;
                let mut column = 1u16;
                let mut columns = Vec::new();
                for c in table.columns {
                    let value = column;
                    column += 1;
                    let qualifier = c.kind.has_qualifier().then(|| {
                        column += 1;
                        column - 1
                    });
                    columns.push((value, qualifier));
                }
                tables.push(PlacedTable {
                    table,
                    title_row,
                    header_row,
                    columns,
                    previous_col: column,
                });
                next = header_row + 1 + table.capacity;
            }
            Placed {
                spec,
                field_header,
                tables,
            }
        })
        .collect()
}

/// A cell's name as a spreadsheet shows it: column letters and 1-based row (`C5`).
pub fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
    }

    #[test]
    fn sheet_names_are_unique_and_short() {
        let mut names: Vec<_> = SHEETS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SHEETS.len());
        assert!(SHEETS.iter().all(|s| s.name.chars().count() <= 31));
    }

    #[test]
    fn blocks_do_not_overlap() {
        for sheet in placed() {
            let mut end = sheet
                .field_header
                .map_or(1, |h| h + 1 + sheet.spec.fields.len() as u32);
            for t in &sheet.tables {
                assert!(t.title_row > end, "{}", t.table.title);
                end = t.rows().end;
            }
        }
    }
}
