"""The enterprise import on files as officials really send them: titles, info
and blank rows above a one- or two-row header, merged cells, formulas with and
without stored values, totals and notes below, codes and numbers typed every
way, old town names, and a rejects report fixed and uploaded again.

Each test builds its file, then asserts every column's fate, every row's fate
(header / skipped and why / rejected and why / landed) and what was stored."""
import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.importing import read_for_import, values, write_rejects_report
from lianfu.common.importing.columns import IGNORE
from lianfu.common.tabular import TabularError
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.importing import parsing
from lianfu.registry.importing.enterprises import import_enterprises
from lianfu.registry.models import Division, Enterprise, TownAlias
from tests.common.messy_files import (
    Formula,
    column_fates,
    credit_code,
    csv_file,
    fates_by_kind,
    fullwidth,
    openpyxl_book,
    rejections,
    row_fates,
    spaced,
    wrong_check,
    xlsxwriter_book,
)
from tests.conftest import COUNTY, TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db

MB = 2**20
FORMULA_REASON = ("the cell holds a formula with no stored value (%s): open the file in Excel or WPS, save it, "
                  "and upload it again")


def code(n: int, county: str = "330282") -> str:
    return credit_code(n, county, series="MA2H")





def county() -> Division:
    return Division.objects.get(code=COUNTY)


def run(path, within="county", **kwargs):
    with translation.override("en"):
        return import_enterprises(path, within=county() if within == "county" else within,
                                  max_bytes=10 * MB, **kwargs)


def counts(result) -> tuple:
    return result.rows, result.created, result.updated, result.unchanged, result.rejected


def firms(*fields: str) -> dict[str, tuple]:
    fields = fields or ("name", "division_id", "employees", "above_scale")
    with scopes_disabled():
        return {e.uscc: tuple(getattr(e, f) for f in fields) for e in Enterprise.objects.all()}


# --- 1. the bureau's GBK CSV -------------------------------------------------------

def test_gbk_csv_with_title_info_blank_totals_and_notes_and_codes_typed_every_way(tmp_path):
    rows = [
        ["2024年慈溪市规模以上工业企业名单"],                                                           # 1
        ["填报单位：慈溪市经信局（盖章）", "", "", "", "", "填报日期：2024年3月6日"],                          # 2
        [],                                                                                           # 3
        ["序号", "统一社会信用代码", "企业名称", "所属镇街", "行业代码", "是否规上", "从业人员数", "联系电话"],  # 4
        ["1", code(1), "慈溪市甬达电器有限公司", "浒山街道", "3857", "是", "320", "13812345678"],
        ["2", code(2).lower(), "慈溪市周盛汽配有限公司", "周巷镇", "C3670", "否", "1,200", "0574-63012345"],
        ["3", "'" + code(3), "慈溪市宗汉塑业有限公司", "浒山街道", "2929", "Y", "45.0", ""],
        ["4", fullwidth(code(4)), "慈溪市坎墩五金厂", "周巷镇", "3389", "N", "１２０", "１３８１２３４５６７８"],
        ["5", spaced(code(5)), "慈溪市逍林纺织有限公司", "浒山街道", "1751", "√", "86", ""],
        [],                                                                                           # 10
        ["合计", "", "", "", "", "", "1,771", ""],                                                    # 11
        ["注：1.从业人员为2023年末数；2.行业代码按GB/T 4754-2017填写。"],                                  # 12
        ["填报人：张三", "", "审核人：李四", "", "", "联系电话：0574-63012345"],                            # 13
    ]
    result = run(csv_file(tmp_path / "规上企业名单.csv", rows, encoding="gbk"))
    assert (result.layout["header_rows"], result.layout["encoding"]) == ([4], "gb18030")
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 所属镇街 → town (synonym 1)", "E 行业代码 → industry (synonym 1)", "F 是否规上 → above_scale (synonym 1)",
        "G 从业人员数 → employees (synonym 1)", "H 联系电话 → contact_phone (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "skipped:title": [1], "skipped:info": [2], "header": [4], "landed": [5, 6, 7, 8, 9],
        "skipped:totals": [11], "skipped:note": [12, 13]}
    assert counts(result) == (5, 5, 0, 0, 0)
    assert firms("name", "division_id", "industry_id", "above_scale", "employees", "contact_phone") == {
        code(1): ("慈溪市甬达电器有限公司", TOWN_A, "3857", True, 320, "13812345678"),
        code(2): ("慈溪市周盛汽配有限公司", TOWN_B, "3670", False, 1200, "0574-63012345"),
        code(3): ("慈溪市宗汉塑业有限公司", TOWN_A, "2929", True, 45, ""),
        code(4): ("慈溪市坎墩五金厂", TOWN_B, "3389", False, 120, "13812345678"),
        code(5): ("慈溪市逍林纺织有限公司", TOWN_A, "1751", True, 86, ""),
    }


# --- 2. a UTF-8 CSV with a two-row header and yes/no typed every way ---------------

YES_NO = [("是", True), ("否", False), ("Y", True), ("N", False), ("1", True), ("0", False), ("√", True),
          ("×", False), ("有", True), ("无", False), ("规上", True), ("规下", False)]


def test_utf8_csv_two_row_header_and_every_yes_and_no(tmp_path):
    rows = [
        ["序号", "统一社会信用代码", "企业名称", "从业人员", "", "是否规上"],
        ["", "", "", "人数", "其中外地", ""],
        *[[str(i), code(100 + i), f"慈溪市测试{i}号有限公司", str(10 + i), "1", text]
          for i, (text, _flag) in enumerate(YES_NO, 1)],
        ["13", code(113), "慈溪市可能有限公司", "23", "1", "可能"],            # row 15
        ["14", code(114), "慈溪市是的有限公司", "24", "1", "是的"],            # row 16
    ]
    result = run(csv_file(tmp_path / "two-row.csv", rows, encoding="utf-8"))
    assert (result.layout["header_rows"], result.layout["encoding"]) == ([1, 2], "utf-8")
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 从业人员/人数 → employees (synonym 1)", "E 从业人员/其中外地 ✗ unknown [employees]",
        "F 是否规上 → above_scale (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1, 2], "landed": list(range(3, 15)), "rejected": [15, 16]}
    reason = "「%s」 is not yes or no: write 是 or 否 (also Y/N, 1/0, √/×, 有/无)"
    assert rejections(result) == [(15, "above-scale", "可能", reason % "可能"),
                                  (16, "above-scale", "是的", reason % "是的")]
    assert counts(result) == (14, 12, 0, 0, 2)
    assert firms("above_scale", "employees") == {
        code(100 + i): (flag, 10 + i) for i, (_text, flag) in enumerate(YES_NO, 1)}


# --- 3. a script's export: merged title, merged two-row header, merged towns, formulas without values --

def merged_export_rows():
    return [
        ["慈溪市重点企业复工名单"],                                                          # 1 merged A1:H1
        ["统计时间：2024-03-06"],                                                            # 2
        ["序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员", None, "是否规上", "联系人"],  # 3
        [None, None, None, None, "人数", "其中外地", None, None],                               # 4
        [1, code(11), "慈溪市甲电器有限公司", "浒山街道", 100, 20, "是", "王五"],                 # 5 town merged D5:D7
        [2, code(12), "慈溪市乙电器有限公司", None, Formula("=E5+10"), 5, "否", "赵六"],          # 6
        [3, code(13), "慈溪市丙电器有限公司", None, 50, 5, "是", None],                          # 7
        [4, code(14), "慈溪市丁电器有限公司", "周巷镇", 30, 3, "否", None],                       # 8 town merged D8:D9
        [5, code(15), "慈溪市戊电器有限公司", None, 20, 2, "规下", None],                         # 9
        ["合计", None, None, None, Formula("=SUM(E5:E9)"), Formula("=SUM(F5:F9)"), None, None],  # 10
    ]


MERGED_EXPORT = ["A1:H1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4", "D5:D7", "D8:D9"]


def test_merged_header_merged_towns_and_formulas_without_stored_values(tmp_path):
    rows = merged_export_rows()
    path = openpyxl_book(tmp_path / "复工名单.xlsx", rows, MERGED_EXPORT)
    result = run(path)
    assert result.layout["header_rows"] == [3, 4]
    assert result.layout["uncached_formulas"] == 3
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 所属镇街 → town (synonym 1)", "E 从业人员/人数 → employees (synonym 1)",
        "F 从业人员/其中外地 ✗ unknown [employees]", "G 是否规上 → above_scale (synonym 1)",
        "H 联系人 → contact_name (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "skipped:title": [1], "skipped:info": [2], "header": [3, 4], "landed": [5, 7, 8, 9], "rejected": [6],
        "skipped:totals": [10]}
    assert rejections(result) == [(6, "employees", "=E5+10", FORMULA_REASON % "=E5+10")]
    assert result.rejections[0].cells == (
        "2", code(12), "慈溪市乙电器有限公司", "浒山街道", "=E5+10", "5", "否", "赵六")
    assert counts(result) == (5, 4, 0, 0, 1)
    assert firms("name", "division_id", "employees", "above_scale", "contact_name") == {
        code(11): ("慈溪市甲电器有限公司", TOWN_A, 100, True, "王五"),
        code(13): ("慈溪市丙电器有限公司", TOWN_A, 50, True, ""),      # town filled down from D5
        code(14): ("慈溪市丁电器有限公司", TOWN_B, 30, False, ""),
        code(15): ("慈溪市戊电器有限公司", TOWN_B, 20, False, ""),     # town filled down from D8
    }
    # The same file again changes nothing, and says the same.
    history = Enterprise.history.count()
    again = run(path)
    assert counts(again) == (5, 0, 0, 4, 1)
    assert rejections(again) == rejections(result)
    assert Enterprise.history.count() == history


# --- 4. what Excel saves: formulas with stored values, a totals row without a word, dates ----------

def test_formulas_with_stored_values_a_wordless_total_and_date_cells(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "所属镇街", "从业人数", "成立日期", "是否规上"],
        [code(21), "慈溪市甲模具有限公司", "浒山街道", Formula("=200+20", 220), dt.date(2020, 3, 6), "是"],
        [code(22), "慈溪市乙模具有限公司", "周巷镇", 80, dt.datetime(2020, 3, 6, 8, 30), "否"],
        [code(23), "慈溪市丙模具有限公司", TOWN_A[:9], Formula("=ROUND(45.4,0)", 45), 43896, "1"],
        [code(24), "慈溪市丁模具有限公司", TOWN_B, 5, "2020年3月6日", "0"],
        [code(25), "慈溪市戊模具有限公司", "浒山街道", 7, "2020/3/6", "×"],
        [code(26), "慈溪市己模具有限公司", "浒山街道", 3, "20200306", "无"],
        [None, None, None, Formula("=SUM(D2:D7)", 360), None, None],
    ]
    path = xlsxwriter_book(tmp_path / "excel.xlsx", rows)
    result = run(path)
    assert (result.layout["header_rows"], result.layout["uncached_formulas"]) == ([1], 0)
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 所属镇街 → town (synonym 1)",
        "D 从业人数 → employees (synonym 1)", "E 成立日期 ✗ unknown", "F 是否规上 → above_scale (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "landed": [2, 3, 4, 5, 6, 7], "skipped:totals": [8]}
    assert counts(result) == (6, 6, 0, 0, 0)
    assert firms("division_id", "employees", "above_scale") == {
        code(21): (TOWN_A, 220, True), code(22): (TOWN_B, 80, False), code(23): (TOWN_A, 45, True),
        code(24): (TOWN_B, 5, False), code(25): (TOWN_A, 7, False), code(26): (TOWN_A, 3, False)}
    # No importer stores a date yet; the same cells read as dates all give 2020-03-06.
    table = read_for_import(path, parsing.vocabulary(), max_bytes=MB)
    cells = [row[4] for _n, row in table.rows]
    assert cells == ["2020-03-06", "2020-03-06 08:30:00", "43896", "2020年3月6日", "2020/3/6", "20200306"]
    assert {values.parse_date(cell, "founded") for cell in cells} == {dt.date(2020, 3, 6)}


# --- 5. header variants for every column --------------------------------------------

def test_header_variants_for_every_column(tmp_path):
    headers = ["序", "统一代码", "单位详细名称", "企业简称", "镇(街道)", "注册地址", "国民经济行业代码", "规模以上",
               "从业人员数（人）", "联系人姓名", "联系人手机", "纬度", "经度", "备注"]
    rows = [
        headers,
        ["1", code(31), "慈溪市甬新电器（集团）有限公司", "甬新电器", "浒山街道", "浒山街道北三环东路1号", "3857", "是",
         "1,024", "陈一", "13912345678", "30.17", "121.27", "重点企业"],
        ["2", code(32), "慈溪市周巷轴承有限公司", "周巷轴承", "周巷镇", "周巷镇兴业北路8号", "3311", "规下", "66",
         "陈二", "0574 6301 2345", "30.21", "121.15", ""],
    ]
    result = run(csv_file(tmp_path / "variants.csv", rows, encoding="utf-8-sig"))
    assert result.layout["encoding"] == "utf-8-sig"
    assert column_fates(result.layout) == [
        "A 序 ✗ not_needed", "B 统一代码 → uscc (synonym 1)", "C 单位详细名称 → name (synonym 1)",
        "D 企业简称 → short_name (synonym 1)", "E 镇(街道) → town (synonym 1)", "F 注册地址 → address (synonym 1)",
        "G 国民经济行业代码 → industry (synonym 1)", "H 规模以上 → above_scale (synonym 1)",
        "I 从业人员数（人） → employees (synonym 1)", "J 联系人姓名 → contact_name (synonym 1)",
        "K 联系人手机 → contact_phone (synonym 1)", "L 纬度 → latitude (synonym 1)", "M 经度 → longitude (synonym 1)",
        "N 备注 ✗ not_needed"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2, 3]}
    assert counts(result) == (2, 2, 0, 0, 0)
    fields = ("name", "short_name", "division_id", "address", "industry_id", "above_scale", "employees",
              "contact_name", "contact_phone", "latitude", "longitude")
    assert firms(*fields) == {
        code(31): ("慈溪市甬新电器（集团）有限公司", "甬新电器", TOWN_A, "浒山街道北三环东路1号", "3857", True, 1024,
                   "陈一", "13912345678", Decimal("30.170000"), Decimal("121.270000")),
        code(32): ("慈溪市周巷轴承有限公司", "周巷轴承", TOWN_B, "周巷镇兴业北路8号", "3311", False, 66,
                   "陈二", "057463012345", Decimal("30.210000"), Decimal("121.150000")),
    }


# --- 6. head counts as people type them ---------------------------------------------

def test_head_counts_typed_every_way(tmp_path):
    typed = ["1,200", "１２００", "300.0", 300, "1，024", " 88 ", "300人",
             "约300", "300余", "3.5", "-5", "三百", "1,20"]
    rows = [["统一社会信用代码", "企业名称", "从业人员数"],
            *[[code(40 + i), f"慈溪市人数{i}号有限公司", text] for i, text in enumerate(typed)]]
    result = run(xlsxwriter_book(tmp_path / "counts.xlsx", rows))
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)",
        "C 从业人员数 → employees (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "landed": [2, 3, 4, 5, 6, 7], "rejected": [8, 9, 10, 11, 12, 13, 14]}
    assert rejections(result) == [
        (8, "employees", "300人", "「300人」 carries a unit (人): write the number only, such as 300"),
        (9, "employees", "约300", "「约300」 is an approximate number: write the exact number"),
        (10, "employees", "300余", "「300余」 is an approximate number: write the exact number"),
        (11, "employees", "3.5", "「3.5」 is not a whole number"),
        (12, "employees", "-5", "cannot be negative"),
        (13, "employees", "三百", "「三百」 is not a number"),
        (14, "employees", "1,20", "「1,20」 is not a number"),
    ]
    assert counts(result) == (13, 6, 0, 0, 7)
    assert firms("employees") == {code(40): (1200,), code(41): (1200,), code(42): (300,), code(43): (300,),
                                  code(44): (1024,), code(45): (88,)}


# --- 7. credit codes: typed every way, missing, wrong ---------------------------------

def test_credit_codes_typed_every_way_missing_or_wrong(tmp_path):
    short = code(57)[:17]
    rows = [
        ["统一社会信用代码", "企业名称", "所属镇街"],
        [code(51).lower(), "慈溪市小写有限公司", "浒山街道"],                         # 2
        [f"  {spaced(code(52))}  ", "慈溪市空格有限公司", "浒山街道"],                 # 3
        [fullwidth(code(53)), "慈溪市全角有限公司", "浒山街道"],                       # 4
        ["'" + code(54), "慈溪市撇号有限公司", "浒山街道"],                           # 5
        ["", "慈溪市无代码有限公司", "浒山街道"],                                     # 6
        [wrong_check(code(55)), "慈溪市校验位有限公司", "浒山街道"],                   # 7
        [short, "慈溪市短代码有限公司", "浒山街道"],                                  # 8
        [code(51), "慈溪市重复有限公司", "周巷镇"],                                   # 9: row 2's code
        [code(56).replace("0", "O"), "慈溪市字母O有限公司", "浒山街道"],               # 10
        [code(58), "", "浒山街道"],                                                  # 11
        ["", "", "浒山街道"],                                                        # 12
    ]
    result = run(csv_file(tmp_path / "codes.csv", rows, encoding="gbk"))
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 所属镇街 → town (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "landed": [2, 3, 4, 5], "rejected": [6, 7, 8, 9, 10, 11, 12]}
    expected_check = code(55)[-1]
    assert rejections(result) == [
        (6, "credit code", "", "the unified social credit code is missing"),
        (7, "credit code", wrong_check(code(55)),
         f"the check character (the last one) should be {expected_check}, not {wrong_check(code(55))[-1]}: "
         "a typing error?"),
        (8, "credit code", short, f"a credit code has 18 characters; 「{short}」 has 17"),
        (9, "credit code", code(51), "the same credit code as row 2"),
        (10, "credit code", code(56).replace("0", "O"),
         f"「{code(56).replace('0', 'O')}」: a credit code has 8 digits then letters/digits without I, O, S, V, Z"),
        (11, "name", "", "the enterprise name is missing"),
        (12, "credit code", "", "the unified social credit code is missing"),
        (12, "name", "", "the enterprise name is missing"),
    ]
    assert counts(result) == (11, 4, 0, 0, 7)
    assert firms("name") == {code(51): ("慈溪市小写有限公司",), code(52): ("慈溪市空格有限公司",),
                             code(53): ("慈溪市全角有限公司",), code(54): ("慈溪市撇号有限公司",)}


def test_a_missing_credit_code_is_said_in_chinese(tmp_path):
    rows = [["统一社会信用代码", "企业名称"], ["", "慈溪市无代码有限公司"]]
    with translation.override("zh-hans"):
        result = import_enterprises(csv_file(tmp_path / "zh.csv", rows), within=None, max_bytes=MB)
    assert rejections(result) == [(2, "统一社会信用代码", "", "缺少统一社会信用代码")]


# --- 8. an old town name, before and after the county records it ----------------------

def test_an_old_town_name_is_refused_until_the_county_adds_the_alias(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "所属镇街", "从业人数"],
        [code(61), "慈溪市天元五金厂", "天元镇", "12"],
        [code(62), "慈溪市天元电器厂", "330282101", "8"],
        [code(63), "慈溪市浒山电器厂", "浒山街道", "30"],
        [code(64), "慈溪市天元塑料厂", "天元", "5"],
    ]
    path = csv_file(tmp_path / "old-names.csv", rows, encoding="gbk")
    before = run(path)
    assert column_fates(before.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 所属镇街 → town (synonym 1)",
        "D 从业人数 → employees (synonym 1)"]
    assert fates_by_kind(row_fates(rows, before)) == {"header": [1], "landed": [4], "rejected": [2, 3, 5]}
    unknown = ("no town of this name or like it in your jurisdiction; if it is an old name, "
               "a county officer can add it under Old town names")
    assert rejections(before) == [(2, "town", "天元镇", unknown), (3, "town", "330282101", "no town has this code"),
                                  (5, "town", "天元", unknown)]
    assert counts(before) == (4, 1, 0, 0, 3)

    for old_name, old_code in (("天元镇", ""), ("", "330282101")):
        alias = TownAlias(county_id=COUNTY, old_name=old_name, old_code=old_code, division_id=TOWN_B,
                          changed_on=dt.date(2001, 9, 1), source="测试用例：虚构的区划调整文件")
        alias.full_clean()
        alias.save()
    after = run(path)
    assert fates_by_kind(row_fates(rows, after)) == {"header": [1], "landed": [2, 3, 4, 5]}
    assert rejections(after) == []
    assert counts(after) == (4, 3, 0, 1, 0)
    assert firms("division_id", "employees") == {
        code(61): (TOWN_B, 12), code(62): (TOWN_B, 8), code(63): (TOWN_A, 30), code(64): (TOWN_B, 5)}


# --- 9. pages pasted together: sections, subtotals, a repeated header, a grand total -------

def test_sections_subtotals_repeated_header_and_grand_total(tmp_path):
    header = ["序号", "统一社会信用代码", "企业名称", "从业人数"]
    rows = [
        header,                                                             # 1
        ["一、浒山街道（2家）"],                                              # 2 section, merged A:D
        [1, code(71), "慈溪市浒山一厂", 10],                                  # 3
        [2, code(72), "慈溪市浒山二厂", 20],                                  # 4
        ["浒山街道小计", None, None, 30],                                     # 5
        header,                                                             # 6 pasted from the next page
        ["二、周巷镇（2家）"],                                                # 7 section
        [1, code(73), "慈溪市周巷一厂", 7],                                   # 8
        [2, None, "慈溪市周巷二厂", 37],                                      # 9 code missing: 37 = 30 + 7
        [None, None, None, 44],                                             # 10 a subtotal without a word (7 + 37)
        ["总计", None, None, 74],                                            # 11
        ["说明：本表由各镇街汇总。"],                                          # 12
    ]
    result = run(xlsxwriter_book(tmp_path / "pages.xlsx", rows, ["A2:D2", "A7:D7"]))
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 从业人数 → employees (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "skipped:section": [2, 7], "landed": [3, 4, 8], "skipped:totals": [5, 10, 11],
        "skipped:repeated_header": [6], "rejected": [9], "skipped:note": [12]}
    assert rejections(result) == [(9, "credit code", "", "the unified social credit code is missing")]
    assert counts(result) == (4, 3, 0, 0, 1)
    assert firms("employees") == {code(71): (10,), code(72): (20,), code(73): (7,)}


# --- 10. two columns for one field: refused, then chosen as with --map ------------------

def test_two_phone_columns_are_refused_until_the_user_chooses(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "电话", "手机", "从业人数", "成立年份"],
        [code(81), "慈溪市双电话有限公司", "0574-63012345", "13812345678", "9", "2001"],
    ]
    path = csv_file(tmp_path / "two-phones.csv", rows)
    with pytest.raises(TabularError) as caught:
        run(path)
    assert caught.value.code == "ambiguous_columns"
    assert firms() == {}
    assert column_fates(read_for_import(path, parsing.vocabulary(), max_bytes=MB).summary()) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)",
        "C 电话 ? [contact_phone] = D「手机」", "D 手机 ? [contact_phone] = C「电话」",
        "E 从业人数 → employees (synonym 1)", "F 成立年份 ✗ unknown"]

    result = run(path, choices={"C": IGNORE, "手机": "contact_phone"})
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 电话 ✗ chosen",
        "D 手机 → contact_phone (chosen 1)", "E 从业人数 → employees (synonym 1)", "F 成立年份 ✗ unknown"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2]}
    assert firms("contact_phone", "employees") == {code(81): ("13812345678", 9)}


# --- 11. the rejects report, fixed in Excel and uploaded again --------------------------

def test_rejects_report_fixed_and_uploaded_again_lands_only_the_fixed_rows(tmp_path):
    rows = [
        ["慈溪市企业信息采集表"],                                                    # 1 merged A1:F1
        ["序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员", None],            # 2
        [None, None, None, None, "人数", "其中外地"],                                   # 3
        [1, code(91), "慈溪市报告一厂", "浒山街道", 10, 1],                              # 4 good
        [2, wrong_check(code(92)), "慈溪市报告二厂", "浒山街道", 20, 2],                 # 5 check character
        [3, code(93), "慈溪市报告三厂", "火星镇", 30, 3],                                # 6 unknown town
        [4, code(94), "慈溪市报告四厂", "周巷镇", "300人", 4],                           # 7 unit
        [5, code(95), "慈溪市报告五厂", "周巷镇", 50, 5],                                # 8 good
        ["合计", None, None, None, 410, 15],                                           # 9 totals by word
    ]
    merges = ["A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"]
    first = run(openpyxl_book(tmp_path / "采集表.xlsx", rows, merges))
    assert column_fates(first.layout) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 所属镇街 → town (synonym 1)", "E 从业人员/人数 → employees (synonym 1)",
        "F 从业人员/其中外地 ✗ unknown [employees]"]
    assert fates_by_kind(row_fates(rows, first)) == {
        "skipped:title": [1], "header": [2, 3], "landed": [4, 8], "rejected": [5, 6, 7], "skipped:totals": [9]}
    expected_check = code(92)[-1]
    check_reason = (f"the check character (the last one) should be {expected_check}, not "
                    f"{wrong_check(code(92))[-1]}: a typing error?")
    unknown_town = "no town of this name or like it in your jurisdiction; if it is an old name, " \
                   "a county officer can add it under Old town names"
    unit = "「300人」 carries a unit (人): write the number only, such as 300"
    assert rejections(first) == [(5, "credit code", wrong_check(code(92)), check_reason),
                                 (6, "town", "火星镇", unknown_town), (7, "employees", "300人", unit)]
    assert counts(first) == (5, 2, 0, 0, 3)

    report = tmp_path / "rejects.xlsx"
    with translation.override("en"):
        write_rejects_report(report, first.rejections, first.layout["headers"])
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert sheet == [
        ["Original row", "序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员/人数", "从业人员/其中外地",
         "Rejection reason"],
        [5.0, "2", wrong_check(code(92)), "慈溪市报告二厂", "浒山街道", "20", "2", f"credit code：{check_reason}"],
        [6.0, "3", code(93), "慈溪市报告三厂", "火星镇", "30", "3", f"town：{unknown_town}"],
        [7.0, "4", code(94), "慈溪市报告四厂", "周巷镇", "300人", "4", f"employees：{unit}"],
    ]

    # The official fixes two rows in Excel and leaves the third as it was.
    book = openpyxl.load_workbook(report)
    ws = book.active
    ws["C2"] = code(92)
    ws["F4"] = "300"
    book.save(report)
    history = Enterprise.history.count()
    second = run(report)
    assert second.layout["header_rows"] == [1]
    assert column_fates(second.layout) == [
        "A Original row ✗ not_needed", "B 序号 ✗ not_needed", "C 统一社会信用代码 → uscc (synonym 1)",
        "D 企业名称 → name (synonym 1)", "E 所属镇街 → town (synonym 1)", "F 从业人员/人数 → employees (synonym 1)",
        "G 从业人员/其中外地 ✗ unknown [employees]", "H Rejection reason ✗ not_needed"]
    assert fates_by_kind(row_fates(sheet, second)) == {"header": [1], "landed": [2, 4], "rejected": [3]}
    assert rejections(second) == [(3, "town", "火星镇", unknown_town)]
    assert counts(second) == (3, 2, 0, 0, 1)
    assert Enterprise.history.count() == history + 2
    assert firms("name", "division_id", "employees") == {
        code(91): ("慈溪市报告一厂", TOWN_A, 10), code(95): ("慈溪市报告五厂", TOWN_B, 50),
        code(92): ("慈溪市报告二厂", TOWN_A, 20), code(94): ("慈溪市报告四厂", TOWN_B, 300)}


# --- 12. Excel's "Unicode text": UTF-16, tab-separated, updating the register ---------------

def test_utf16_tab_separated_export_updates_and_leaves_the_rest(tmp_path, firm_x, firm_y):
    rows = [
        ["企业名单（导出）", "", "", ""],
        ["统一社会信用代码", "企业名称", "镇街", "职工人数"],
        [firm_x.uscc, firm_x.name, "浒山街道", "350"],             # 320 stored: updated
        [firm_y.uscc.lower(), firm_y.name, "周巷镇", ""],          # blank keeps the stored 50: unchanged
        [code(121), "慈溪市新登记有限公司", "周巷镇", "２５"],        # new
    ]
    result = run(csv_file(tmp_path / "unicode.txt", rows, encoding="utf-16", delimiter="\t"))
    assert (result.layout["format"], result.layout["encoding"], result.layout["header_rows"]) == ("csv", "utf-16", [2])
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 镇街 → town (synonym 1)",
        "D 职工人数 → employees (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"skipped:title": [1], "header": [2], "landed": [3, 4, 5]}
    assert counts(result) == (3, 1, 1, 1, 0)
    assert firms("division_id", "employees") == {
        firm_x.uscc: (TOWN_A, 350), firm_y.uscc: (TOWN_B, 50), code(121): (TOWN_B, 25)}


# --- 13. typed in Excel: a digits-only code Excel turned into a number ----------------------

def test_a_digits_only_code_excel_stored_as_a_number_is_refused_and_its_text_twin_lands(tmp_path):
    digits = uscc_from_number(6)           # 913302829174002920: Excel keeps 15 significant digits
    assert digits.isdigit()
    rows = [
        ["统一社会信用代码", "企业名称", "所属镇街"],
        [int(digits), "慈溪市数字代码有限公司", "浒山街道"],     # typed without the apostrophe
        [digits, "慈溪市文本代码有限公司", "浒山街道"],          # the column formatted as text first
    ]
    result = run(xlsxwriter_book(tmp_path / "typed.xlsx", rows))
    assert column_fates(result.layout) == [
        "A 统一社会信用代码 → uscc (synonym 1)", "B 企业名称 → name (synonym 1)", "C 所属镇街 → town (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [3], "rejected": [2]}
    assert rejections(result) == [(2, "credit code", "9.13302829174003e+17",
                                   "Excel stored this code as a number (「9.13302829174003E+17」) and lost its last "
                                   "digits: format the column as text and type the code again")]
    assert firms("name") == {digits: ("慈溪市文本代码有限公司",)}
