//! Every text the clerk reads from `form` and `import`, in Chinese, kept together so
//! that a message catalogue can take them over.

pub const FORM_COMMENT: &str =
    "sw-briefing 填报表：黄色单元格填写本期数字，灰色单元格为标题和上期参考，不能修改。";
pub const REQUIRED_MARK: &str = "【必填】";
pub const DV_ERROR_TITLE: &str = "输入有误";
pub const DV_QUALIFIER: &str = "修饰只能选“余”（多于）或“约”（大约）；数字精确时留空。";

pub fn form_title(name: &str, code: &str, period: &str) -> String {
    format!(
        "{name}（{code}）{} 社会工作统计填报表",
        period_words(period)
    )
}

pub fn sheet_title(sheet: &str, name: &str, code: &str, period: &str) -> String {
    format!("{sheet} — {name}（{code}）{}", period_words(period))
}

/// 2023 → 2023年, 2023-Q4 → 2023年第4季度, 2023-11 → 2023年11月.
pub fn period_words(period: &str) -> String {
    match period.split_once('-') {
        None => format!("{period}年"),
        Some((y, q)) if q.starts_with('Q') => format!("{y}年第{}季度", &q[1..]),
        Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
    }
}

pub fn dv_whole(label: &str) -> String {
    format!("“{label}”应填不小于 0 的整数，不写单位和千位分隔符。")
}
pub fn dv_percent(label: &str) -> String {
    format!("“{label}”应填 0 到 100 之间的数，不写 % 号。")
}
pub fn dv_date(label: &str) -> String {
    format!("“{label}”应填日期，如 2023-12-31。")
}
pub fn dv_choice(label: &str) -> String {
    format!("“{label}”请从下拉列表中选择。")
}
pub fn dv_code(label: &str) -> String {
    format!("“{label}”应为六位数字，如 430000。")
}

// Problems: (message, what to do).

pub const FIX_REGENERATE: &str =
    "不要增删行、改动灰色单元格或改工作表名；请用 sw-briefing form 重新生成填报表，再把数字填进去";

pub fn empty_file() -> (String, &'static str) {
    ("文件是空的（0 字节）".into(), "请选择已填好并保存的填报表")
}
pub fn not_a_workbook(detail: &str) -> (String, &'static str) {
    (
        format!("不是 Excel、WPS 或 LibreOffice 工作簿，无法读取（{detail}）"),
        "请导入由 sw-briefing form 生成、填好后保存为 .xlsx、.xls 或 .ods 的文件",
    )
}
pub fn password_protected() -> (String, &'static str) {
    (
        "文件设置了打开密码，无法读取".into(),
        "请在 Excel/WPS 中打开，取消“用密码进行加密”后另存，再导入",
    )
}
pub fn too_large(size: u64, max: u64) -> (String, &'static str) {
    (
        format!("文件有 {size} 字节，超过上限 {max} 字节，不像是填报表"),
        "请检查是否选错了文件",
    )
}
pub fn cannot_read(e: &str) -> (String, &'static str) {
    (
        format!("无法读取文件：{e}"),
        "请检查路径是否正确、是否有读取权限",
    )
}
pub fn missing_sheet(name: &str, present: &[String]) -> (String, &'static str) {
    (
        format!(
            "找不到工作表“{name}”（现有工作表：{}）",
            present
                .iter()
                .map(|s| format!("“{s}”"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        "工作表可能被改名或删除：请把它改回原名，或重新生成填报表",
    )
}
pub fn unreadable_sheet(name: &str, e: &str) -> (String, &'static str) {
    (format!("工作表“{name}”无法读取：{e}"), FIX_REGENERATE)
}
pub fn moved(expected: &str, found: &str) -> (String, &'static str) {
    let found = if found.is_empty() {
        "空白".to_string()
    } else {
        format!("“{found}”")
    };
    (
        format!("这里应是“{expected}”，现在是{found}：表格的行或列被删除、插入或移动过，无法确定各数字属于哪个指标"),
        FIX_REGENERATE,
    )
}
pub fn merged() -> (String, &'static str) {
    (
        "这些格子被合并了：合并后只有左上角的值保留，其余格子的内容会丢失".into(),
        "请取消合并（开始 → 合并居中 → 取消合并单元格），每个格子各填一个值",
    )
}
pub fn formula_without_value(formula: &str) -> (String, &'static str) {
    (
        format!("单元格含公式“={formula}”，但文件里没有保存计算结果"),
        "请在 Excel/WPS 中打开后保存一次（会保存计算结果），或直接填写数字",
    )
}
pub fn formula_error(error: &str) -> (String, &'static str) {
    (
        format!("单元格的公式出错（{error}）"),
        "请改正公式，或直接填写数字",
    )
}
pub fn full_width(text: &str, half: &str) -> (String, String) {
    (
        format!("“{text}”含全角数字，不是数值"),
        format!("请用半角数字填写：{half}"),
    )
}
pub fn not_a_number(text: &str, fix: Option<String>) -> (String, String) {
    (
        format!("“{text}”是文字，不是数字"),
        fix.unwrap_or_else(|| {
            "只填阿拉伯数字，如 1705；“1150余万元”填 11500000，修饰选“余”".into()
        }),
    )
}
pub fn with_separators(text: &str, plain: &str) -> (String, String) {
    (
        format!("“{text}”含千位分隔符或单位，不是数值"),
        format!("请只填数字：{plain}"),
    )
}
pub fn negative(v: &str) -> (String, &'static str) {
    (
        format!("填的是 {v}，数量和金额不能为负"),
        "没有可填 0，不知道就留空",
    )
}
pub fn not_whole(v: &str) -> (String, &'static str) {
    (
        format!("填的是 {v}，应为整数"),
        "人数、个数和以元为单位的金额都是整数；金额请换算成元",
    )
}
pub fn percent_range(v: &str) -> (String, &'static str) {
    (
        format!("填的是 {v}，比例应在 0 到 100 之间"),
        "不写 % 号，50% 填 50",
    )
}
pub fn wrong_kind(found: &str, expected: &str) -> (String, String) {
    (
        format!("填的是{found}，这里应填{expected}"),
        format!("请填{expected}"),
    )
}
pub fn bad_qualifier(text: &str) -> (String, &'static str) {
    (
        format!("修饰“{text}”无法识别"),
        "“余”表示多于（1150余万元），“约”表示大约；数字精确时留空",
    )
}
pub fn qualifier_without_value() -> (String, &'static str) {
    (
        "填了修饰却没有填数字".into(),
        "请在左边一格填数字，或删去修饰",
    )
}
pub fn bad_choice(text: &str, choices: &[&str]) -> (String, String) {
    (
        format!("“{text}”不是可选的值"),
        format!("请从下拉列表中选择：{}", choices.join("、")),
    )
}
pub fn bad_date(text: &str) -> (String, &'static str) {
    (
        format!("“{text}”不是日期"),
        "请按 2023-12-31 的格式填写日期",
    )
}
pub fn bad_code(text: &str) -> (String, &'static str) {
    (
        format!("“{text}”不是六位行政区划代码"),
        "请填六位数字，如 430000",
    )
}
pub fn bad_period(text: &str) -> (String, &'static str) {
    (format!("报告期“{text}”无法识别"), FIX_REGENERATE)
}
pub fn required_missing() -> (String, &'static str) {
    ("必填项没有填写".into(), "请填写这一格")
}
pub fn row_required_missing(column: &str) -> (String, String) {
    (
        format!("这一行填了内容，但“{column}”没有填写"),
        format!("请填写“{column}”，或清空整行"),
    )
}
pub fn rank_incomplete() -> (String, &'static str) {
    (
        "排名的名次、排名依据、排名范围要同时填写".into(),
        "请补全三项，或三项都留空",
    )
}
pub fn region_renamed(code: &str, here: &str, on_file: &str, file: &str) -> (String, String) {
    (
        format!("地区 {code} 在这里叫“{here}”，已存档的 {file} 里叫“{on_file}”"),
        "一个代码只对应一个地区：请改正地区名称".into(),
    )
}
pub fn exists_different(path: &str) -> (String, &'static str) {
    (
        format!("{path} 已存在，且内容与本表不同"),
        "确认要用本表替换时，加 --replace 再导入（原文件的 SHA-256 会记入日志）",
    )
}
pub fn same_target(path: &str, other: &str) -> (String, String) {
    (
        format!("与 {other} 是同一地区同一报告期，都要写入 {path}"),
        "每个地区每个报告期只导入一张表".into(),
    )
}
pub fn bad_period_argument(text: &str) -> String {
    format!("“{text}”不是报告期：应为年（2023）、季度（2023-Q4）或月（2023-11）")
}
pub fn cannot_make_form(e: &str) -> String {
    format!("无法生成填报表：{e}")
}
pub fn form_exists(path: &str) -> (String, &'static str) {
    (
        format!("{path} 已存在，可能是已填写的填报表，未覆盖"),
        "请用 --output 指定另一个文件名，或先移走原文件",
    )
}
pub fn cannot_write(path: &str, e: &str) -> (String, &'static str) {
    (
        format!("无法写入 {path}：{e}"),
        "请检查目录是否存在、是否有写入权限",
    )
}

/// A problem the metrics loader found, said in Chinese when it is one of its known
/// rules; otherwise the loader's own words.
pub fn loader_rule(message: &str) -> (String, &'static str) {
    let known: &[(&[&str], &str)] = &[
        (
            &["certification.passes", "registrants"],
            "通过人数多于报考人数",
        ),
        (&["channels add up to"], "各渠道金额之和不等于经费投入总额"),
        (&["built, more than the total"], "已建数多于应建数"),
        (&["stations built, more than the total"], "已建站多于应建站"),
        (
            &["which stations.levels does not list"],
            "目标的“对应层级”不在“站点层级”表中，名称须完全一致",
        ),
        (&["is after the deadline"], "设定日期晚于截止日期"),
        (
            &["is not a region that contains"],
            "上级行政区划代码不包含本地区的代码（上级代码是本地区代码后两位或后四位改为0）",
        ),
        (&["is not a six-digit"], "行政区划代码应为六位数字"),
        (
            &["is not a place name"],
            "地区名称不是地名（不能为空，不能含斜杠）",
        ),
        (&["must be 1 or more"], "名次应为 1 或更大"),
        (
            &["a share lies between 0 and 100"],
            "比例应在 0 到 100 之间",
        ),
        (&["cannot be negative"], "数量和金额不能为负"),
        (&["expected a whole number"], "应为整数"),
    ];
    let text = known
        .iter()
        .find(|(needles, _)| needles.iter().all(|n| message.contains(n)))
        .map(|(_, chinese)| chinese.to_string())
        .unwrap_or_else(|| format!("数据校验未通过：{message}"));
    (
        text,
        "请核对这一格和与它相关的数字（如通过人数与报考人数、已建与应建、各渠道与总额）",
    )
}

pub fn imported(path: &str) -> String {
    format!("已导入：{path}")
}
pub fn unchanged(path: &str) -> String {
    format!("内容相同，未改动：{path}")
}
pub fn replaced(path: &str, sha256: &str) -> String {
    format!("已替换：{path}（原文件 SHA-256: {sha256}）")
}
pub fn dry_run_ok(path: &str) -> String {
    format!("检查通过（--dry-run，未写入）：{path}")
}
pub fn summary(problems: usize, files: usize) -> String {
    format!("共发现 {problems} 个问题（{files} 个文件）；没有写入任何文件")
}
pub fn form_written(path: &str) -> String {
    format!("已生成填报表：{path}")
}
pub const PLACE_SHEET: &str = "表";
pub const HINT: &str = "处理";
pub const ERROR: &str = "错误";
