#!/usr/bin/env python3
"""Fills and breaks sw-briefing forms with openpyxl, a writer sw-briefing did not write.

    make_forms.py fill FORM.xlsx METRICS.yaml OUT.xlsx
        fills the 本期 cells of a form made by `sw-briefing form` from a metrics YAML
        file. The cells are found by their Chinese labels, as a clerk finds them; the
        field-to-label table below is this script's own, not the program's.
    make_forms.py break KIND FILLED.xlsx OUT
        writes a broken copy of a filled form; KIND is one of the names in BREAKS.

Needs openpyxl and PyYAML (encrypted: msoffcrypto-tool).
"""

import datetime
import sys

import openpyxl
import yaml

# (sheet, label in column A, path in the metrics YAML)
FIELDS = [
    ("基本信息", "数据性质", "data_status"),
    ("基本信息", "数据来源", "source"),
    ("基本信息", "地区名称", "region.name"),
    ("基本信息", "行政级别", "region.level"),
    ("基本信息", "上级地区", "region.parent"),
    ("基本信息", "上级行政区划代码", "region.parent_code"),
    ("基本信息", "常住人口", "region.population"),
    ("队伍", "社会工作岗位数（期末）", "staffing.posts"),
    ("队伍", "本期新开发岗位数", "staffing.new_posts"),
    ("队伍", "社会工作者人数（期末）", "staffing.workers"),
    ("经费", "经费投入总额", "funding.total_yuan"),
    ("考试", "报考人数", "certification.registrants"),
    ("考试", "通过人数", "certification.passes"),
    ("考试", "持证率", "certification.certified_share_percent"),
    ("考试", "排名（名次）", "certification.rank.rank"),
    ("考试", "排名依据", "certification.rank.basis"),
    ("考试", "排名范围", "certification.rank.among"),
    ("培训", "培训人次", "training.person_times"),
    ("培训", "考前免费培训时长", "training.pre_exam_months"),
    ("培训", "年度集中培训天数", "training.central_training_days"),
    ("培训", "一线社工每年培训学时（不少于）", "training.training_hours_per_worker"),
    ("培训", "一线社工每年督导时长（不少于）", "training.supervision_hours_per_worker"),
]
FLAGS = [
    ("考试", "报考人数创历史新高", "registrants"),
    ("考试", "通过人数创历史新高", "passes"),
]
# (sheet, table title, list path, [(key, header label)]); key None: the item itself
TABLES = [
    ("队伍", "新开发岗位（分领域）", "staffing.new_posts_by_field", [("field", "领域"), ("count", "岗位数（个）")]),
    ("队伍", "荣誉", "staffing.honours", [("title", "荣誉称号"), ("count", "人数（人）"), ("names", "姓名")]),
    ("经费", "渠道", "funding.channels", [("name", "渠道名称"), ("amount_yuan", "金额（元）")]),
    ("考试", "职业资格补贴", "certification.allowances", [("title", "职称"), ("monthly_yuan", "每月补贴（元/月）")]),
    ("站点", "站点层级", "stations.levels", [("level", "层级"), ("built", "已建（个）"), ("total", "应建（个）")]),
    ("站点", "建设目标", "stations.targets", [("description", "目标"), ("level", "对应层级"), ("goal", "目标数（个）"), ("set_on", "设定日期"), ("deadline", "截止日期")]),
    ("县区", "县（市、区）", "subregions", [("name", "县（市、区）"), ("workers", "社会工作者（人）"), ("stations_built", "乡镇（街道）站已建（个）"), ("stations_total", "乡镇（街道）站应建（个）")]),
    ("要点", "工作亮点", "highlights", [(None, "内容")]),
    ("要点", "下一步工作", "next_steps", [(None, "内容")]),
]
CHOICES = {"published": "公开发布", "illustrative": "示例数据", "province": "省级", "city": "市级", "county": "县级"}
QUALIFIERS = {"over": "余", "about": "约"}


def get(data, path):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def find_row(ws, label, column=1):
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, column).value == label:
            return row
    raise SystemExit(f"no row labelled {label} on sheet {ws.title}")


def put(ws, row, col, value):
    """Writes a value; a figure as 值 + the 修饰 cell to its right."""
    if isinstance(value, dict) and "value" in value:
        ws.cell(row, col).value = value["value"]
        q = value.get("qualifier", "exact")
        if q in QUALIFIERS:
            ws.cell(row, col + 1).value = QUALIFIERS[q]
    elif isinstance(value, str) and value in CHOICES:
        ws.cell(row, col).value = CHOICES[value]
    elif isinstance(value, list):
        ws.cell(row, col).value = "、".join(value)
    elif isinstance(value, datetime.date):
        ws.cell(row, col).value = value
        ws.cell(row, col).number_format = "yyyy-mm-dd"
    else:
        ws.cell(row, col).value = value


def fill(form, metrics, out):
    with open(metrics, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    wb = openpyxl.load_workbook(form)
    for sheet, label, path in FIELDS:
        value = get(data, path)
        ws = wb[sheet]
        row = find_row(ws, label)
        ws.cell(row, 3).value = None
        if value is not None:
            put(ws, row, 3, value)
    highs = get(data, "certification.record_highs") or []
    for sheet, label, word in FLAGS:
        ws = wb[sheet]
        ws.cell(find_row(ws, label), 3).value = "是" if word in highs else "否"
    for sheet, title, path, columns in TABLES:
        ws = wb[sheet]
        header = find_row(ws, title) + 1
        where = {}
        for key, label in columns:
            for col in range(1, ws.max_column + 1):
                if ws.cell(header, col).value == label:
                    where[key] = col
            if key not in where:
                raise SystemExit(f"no column {label} in {title}")
        for i, item in enumerate(get(data, path) or []):
            row = header + 1 + i
            assert ws.cell(row, 1).value == i + 1, (title, row)
            for key, col in where.items():
                value = item if key is None else item.get(key)
                if value is not None:
                    put(ws, row, col, value)
    wb.save(out)


def breaks():
    def text_in_number(wb):
        ws = wb["考试"]
        ws.cell(find_row(ws, "报考人数"), 3).value = "很多"

    def full_width(wb):
        ws = wb["考试"]
        ws.cell(find_row(ws, "通过人数"), 3).value = "４２６"

    def merged(wb):
        ws = wb["考试"]
        row = find_row(ws, "报考人数")
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)

    def deleted_row(wb):
        ws = wb["考试"]
        ws.delete_rows(find_row(ws, "通过人数"))

    def deleted_list_row(wb):
        ws = wb["队伍"]
        ws.delete_rows(find_row(ws, "荣誉") + 3)

    def unknown_target_level(wb):
        ws = wb["站点"]
        header = find_row(ws, "建设目标") + 1
        for col in range(1, ws.max_column + 1):
            if ws.cell(header, col).value == "对应层级":
                ws.cell(header + 1, col).value = "不存在的层级"

    def renamed_region(wb):
        ws = wb["基本信息"]
        ws.cell(find_row(ws, "地区名称"), 3).value = "湘潭县市"

    def renamed_sheet(wb):
        wb["考试"].title = "考试情况"

    def formula(wb):
        ws = wb["考试"]
        ws.cell(find_row(ws, "报考人数"), 3).value = "=1000+705"

    def passes_above_registrants(wb):
        ws = wb["考试"]
        ws.cell(find_row(ws, "通过人数"), 3).value = 5000

    def negative_and_fraction(wb):
        ws = wb["培训"]
        ws.cell(find_row(ws, "培训人次"), 3).value = -5
        ws.cell(find_row(ws, "考前免费培训时长"), 3).value = 2.5

    return {f.__name__: f for f in [text_in_number, full_width, merged, deleted_row, deleted_list_row, unknown_target_level, renamed_region, renamed_sheet, formula, passes_above_registrants, negative_and_fraction]}


BREAKS = breaks()


def main(argv):
    if argv[1] == "fill":
        fill(argv[2], argv[3], argv[4])
    elif argv[1] == "break":
        kind, filled, out = argv[2], argv[3], argv[4]
        if kind == "encrypted":
            import msoffcrypto.format.ooxml as ooxml

            with open(filled, "rb") as f, open(out, "wb") as o:
                ooxml.OOXMLFile(f).encrypt("secret", o)
            return
        wb = openpyxl.load_workbook(filled)
        BREAKS[kind](wb)
        wb.save(out)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
