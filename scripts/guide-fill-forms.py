#!/usr/bin/env python3
"""Fill the 湘潭市 2024 form for the user guide (docs/用户手册.md) and break copies of it.

Usage: scripts/guide-fill-forms.py BLANK_FORM.xlsx OUTDIR

BLANK_FORM is what `sw-briefing form --region 430300 --period 2024` wrote. The 2024
figures are INVENTED for the guide (marked 示例数据 in the form); they are not
figures published by 湘潭市. Writes into OUTDIR:

  湘潭市-2024-填报表.xlsx         the filled form
  湘潭市-2024-填报表-更正.xlsx    the same with one figure corrected (for --replace)
  错误-数字.xlsx                  full-width digits, a unit, text in number cells
  错误-关系.xlsx                  passes above registrants; a target's level not in the levels table
  错误-删行改名.xlsx              a row deleted, a sheet renamed
  错误-合并公式.xlsx              merged cells; a formula without a saved value
  错误-范围.xlsx                  a negative count, a share of 150
  统计表.xlsx                     a CSV file named .xlsx (not a workbook)
  空文件.xlsx                     an empty file (0 bytes)

Needs openpyxl (pip install openpyxl).
"""
import os
import sys

import openpyxl


def fill(wb):
    """The invented 2024 figures (示例数据)."""
    s = wb["基本信息"]
    s["C3"] = "示例数据"
    s["C4"] = None  # no source: the figures are invented
    s["C10"] = 2726000  # 常住人口

    s = wb["队伍"]
    s["C3"] = 2380  # 社会工作岗位数（期末）
    s["C4"] = 120  # 本期新开发岗位数
    s["C5"] = 3050  # 社会工作者人数（期末）
    for row, (field, count) in enumerate([("乡镇禁毒", 70), ("社区矫正", 30), ("儿童福利", 20)], start=9):
        s[f"B{row}"], s[f"C{row}"] = field, count
    for row, (title, count) in enumerate([("湘潭市优秀人才", 18), ("湘潭市专业技术骨干人才", 3)], start=27):
        s[f"B{row}"], s[f"C{row}"] = title, count

    s = wb["经费"]
    s["C3"] = 12800000  # 经费投入总额
    for row, (channel, amount) in enumerate(
        [("市级福利彩票公益金", 5600000), ("县（市、区）财政", 4800000), ("乡镇（街道）配套", 2400000)], start=7
    ):
        s[f"B{row}"], s[f"C{row}"] = channel, amount

    s = wb["考试"]
    s["C3"] = 1860  # 报考人数
    s["C4"] = 471  # 通过人数
    s["C5"] = "是"
    s["C6"] = "是"
    s["C7"], s["D7"] = 55, "余"  # 持证率 超过55%
    s["C8"], s["C9"], s["C10"] = 2, "考试通过人数占全市人口比例", "全省"
    for row, (title, yuan) in enumerate([("助理社会工作师", 100), ("社会工作师", 200), ("高级社会工作师", 400)], start=14):
        s[f"B{row}"], s[f"C{row}"] = title, yuan

    s = wb["培训"]
    s["C3"], s["D3"] = 2300, "余"  # 培训人次
    s["C4"], s["C5"], s["C6"], s["C7"] = 2, 2, 40, 24

    s = wb["站点"]
    s["B5"], s["C5"], s["E5"] = "乡镇（街道）社会工作站", 70, 70
    s["B6"], s["C6"], s["E6"] = "村（社区）社会工作室", 1260, 2100
    s["B18"], s["C18"], s["D18"] = "村（社区）社会工作室全覆盖", "村（社区）社会工作室", 2100
    s["F18"], s["G18"] = "2024-01-01", "2026-12-31"

    s = wb["县区"]
    counties = [
        ("雨湖区", 620, 14, 14),
        ("岳塘区", 580, 12, 12),
        ("湘潭县", 820, 17, 17),
        ("湘乡市", 760, 19, 19),
        ("韶山市", 270, 8, 8),
    ]
    for row, (name, workers, built, total) in enumerate(counties, start=5):
        s[f"B{row}"], s[f"C{row}"], s[f"E{row}"], s[f"G{row}"] = name, workers, built, total

    s = wb["要点"]
    s["B5"] = "新开发乡镇禁毒、社区矫正、儿童福利等社会工作岗位120个，岗位总数达到2380个"
    s["B6"] = "村（社区）社会工作室建成1260个，覆盖率达到60%"
    s["B18"] = "推进村（社区）社会工作室全覆盖，2026年底前建成2100个"
    s["B19"] = "继续做好考前免费培训和全员集中培训，提升社会工作者专业能力"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blank, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)

    def filled():
        wb = openpyxl.load_workbook(blank)
        fill(wb)
        return wb

    def save(wb, name):
        wb.save(os.path.join(outdir, name))

    save(filled(), "湘潭市-2024-填报表.xlsx")

    wb = filled()  # a corrected figure: 培训人次 2300余 → 2450
    wb["培训"]["C3"], wb["培训"]["D3"] = 2450, None
    save(wb, "湘潭市-2024-填报表-更正.xlsx")

    wb = filled()  # cells that are not numbers
    wb["队伍"]["C5"] = "３０５０"
    wb["经费"]["C3"] = "1280万元"
    wb["培训"]["C3"], wb["培训"]["D3"] = "很多", None
    save(wb, "错误-数字.xlsx")

    wb = filled()  # numbers that disagree
    wb["考试"]["C4"] = 1900
    wb["站点"]["C18"] = "村社会工作室"
    save(wb, "错误-关系.xlsx")

    wb = filled()  # a row deleted, a sheet renamed
    wb["考试"].delete_rows(3)
    wb["培训"].title = "培训情况"
    save(wb, "错误-删行改名.xlsx")

    wb = filled()  # merged cells, a formula openpyxl saves without its value
    wb["队伍"].merge_cells("C3:D3")
    wb["考试"]["C3"] = "=1800+60"
    save(wb, "错误-合并公式.xlsx")

    wb = filled()  # out of range
    wb["队伍"]["C3"] = -5
    wb["考试"]["C7"], wb["考试"]["D7"] = 150, None
    save(wb, "错误-范围.xlsx")

    with open(os.path.join(outdir, "统计表.xlsx"), "w", encoding="utf-8") as f:
        f.write("指标,本期\n报考人数,1860\n通过人数,471\n")
    open(os.path.join(outdir, "空文件.xlsx"), "wb").close()


if __name__ == "__main__":
    main()
