"""The supplier-list import on files as lead firms really send them: titles and
notes around the table, two-row and merged headers, "supplies to" columns
under their common names (tiers 2–4), merged cells, formulas with and without
stored values, codes, numbers and yes/no typed every way, old town names and a
rejects report fixed and uploaded again.

Each test builds its file, then asserts every column's fate, every row's fate,
the links stored and, where tiers matter, the chain's members."""
import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.chains.enums import Essential
from lianfu.chains.importing.suppliers import import_suppliers
from lianfu.chains.models import ChainMember, SupplyLink
from lianfu.common.importing import write_rejects_report
from lianfu.common.importing.columns import IGNORE
from lianfu.common.tabular import TabularError
from lianfu.registry.enums import EnterpriseStatus
from lianfu.registry.models import Enterprise, TownAlias
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
YES, NO, UNKNOWN = Essential.YES, Essential.NO, Essential.UNKNOWN
CIXI, YUYAO = "330282000000", "330281000000"
SUPPLIER_CODE, NAME, VALUE, ESSENTIAL, STOCK, SUPPLIES_TO, TOWN = (
    "supplier credit code", "supplier name", "annual value (10k yuan)", "essential", "stock (days)", "supplies to",
    "supplier town")
MISSING_CODE = "the unified social credit code is missing"
NOT_LISTED = ("this firm is not in this list: write the credit code of a supplier listed in this file or the lead "
              "firm's own, or leave it blank for the lead firm")


def code(n: int, county: str = "330282") -> str:
    return credit_code(n, county, series="MA2K")





A, B, C, D, E = (code(n) for n in range(1, 6))
S = code(11)
T, U = code(21, "330281"), code(22, "330281")     # registered in Yuyao


def run(path, lead, **kwargs):
    with translation.override("en"):
        return import_suppliers(path, lead=lead, max_bytes=10 * MB, **kwargs)


def counts(result) -> tuple:
    return result.rows, result.created, result.updated, result.unchanged, result.rejected


def links() -> set[tuple]:
    """(supplier, buyer, item, annual value, essential, stock days) of every link."""
    with scopes_disabled():
        return {(li.supplier.uscc, li.buyer.uscc, li.item, li.annual_value, li.essential, li.stock_days)
                for li in SupplyLink.objects.select_related("supplier", "buyer")}


def pairs() -> set[tuple[str, str]]:
    return {(supplier, buyer) for supplier, buyer, *_rest in links()}


def members(lead) -> dict[str, tuple]:
    with scopes_disabled():
        return {m.enterprise.uscc: (m.tier, m.county_code, m.in_county)
                for m in ChainMember.objects.filter(chain__lead=lead).select_related("enterprise")}


def firms(*fields: str) -> dict[str, tuple]:
    fields = fields or ("name", "division_id", "status")
    with scopes_disabled():
        return {e.uscc: tuple(getattr(e, f) for f in fields) for e in Enterprise.objects.all()}


def add_alias(old_name="", old_code="") -> None:
    alias = TownAlias(county_id=COUNTY, old_name=old_name, old_code=old_code, division_id=TOWN_B,
                      changed_on=dt.date(2001, 9, 1), source="测试用例：虚构的区划调整文件")
    alias.full_clean()
    alias.save()


# --- 1. a lead firm's four-tier list, every header a variant ----------------------------

def test_four_tier_list_with_variant_headers_gives_exact_links_and_tiers(tmp_path, firm_x):
    rows = [
        ["序号", "配套企业名称", "统一社会信用代码", "主要配套产品", "年供货金额（万元）", "是否关键原料",
         "库存可用天数", "供货给（上级企业代码）", "所在镇街"],
        ["1", "慈溪市甲铜业有限公司", A, "铜管", "300", "是", "3", "", "浒山街道"],
        ["2", "慈溪市乙冲压有限公司", B.lower(), "冲压件", "1,200.5", "否", "", "", "周巷镇"],
        ["3", "慈溪市丁电镀有限公司", S, "镀件", "50", "√", "7.0", A.lower(), ""],
        ["4", "", S, "镀件", "20", "×", "", fullwidth(B), ""],
        ["5", "余姚市戊钢材有限公司", T, "钢板", "10", "1", "0", spaced(S), ""],
        ["6", "余姚市己矿业有限公司", U, "铁矿石", "5", "0", "", "'" + T, ""],
        ["7", "", B, "冲压件", "70", "", "", A, ""],
    ]
    result = run(csv_file(tmp_path / "配套清单.csv", rows, encoding="gbk"), firm_x)
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 配套企业名称 → supplier_name (synonym 1)",
        "C 统一社会信用代码 → supplier_credit_code (synonym 1)", "D 主要配套产品 → item (synonym 1)",
        "E 年供货金额（万元） → annual_value (synonym 1)", "F 是否关键原料 → essential (synonym 1)",
        "G 库存可用天数 → stock_days (synonym 1)", "H 供货给（上级企业代码） → supplies_to (synonym 0.95)",
        "I 所在镇街 → town (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2, 3, 4, 5, 6, 7, 8]}
    assert counts(result) == (7, 7, 0, 0, 0)
    lead = firm_x.uscc
    assert links() == {
        (A, lead, "铜管", Decimal("300.00"), YES, Decimal("3.0")),
        (B, lead, "冲压件", Decimal("1200.50"), NO, None),
        (S, A, "镀件", Decimal("50.00"), YES, Decimal("7.0")),
        (S, B, "镀件", Decimal("20.00"), NO, None),
        (T, S, "钢板", Decimal("10.00"), YES, Decimal("0.0")),
        (U, T, "铁矿石", Decimal("5.00"), NO, None),
        (B, A, "冲压件", Decimal("70.00"), UNKNOWN, None),
    }
    assert members(firm_x) == {
        A: (1, "330282", True), B: (1, "330282", True), S: (2, "330282", True), T: (3, "330281", False),
        U: (4, "330281", False)}
    pending = EnterpriseStatus.PENDING
    assert firms() == {
        lead: (firm_x.name, TOWN_A, EnterpriseStatus.ACTIVE),
        A: ("慈溪市甲铜业有限公司", TOWN_A, pending), B: ("慈溪市乙冲压有限公司", TOWN_B, pending),
        S: ("慈溪市丁电镀有限公司", CIXI, pending), T: ("余姚市戊钢材有限公司", YUYAO, pending),
        U: ("余姚市己矿业有限公司", YUYAO, pending)}


def test_a_buyer_name_column_next_to_the_buyer_code_does_not_block_the_import(tmp_path, firm_x):
    rows = [
        ["配套企业名称", "统一社会信用代码", "年供货金额（万元）", "供货给（上级企业代码）", "上级企业名称"],
        ["慈溪市甲铜业有限公司", A, "300", "", ""],
        ["慈溪市丁电镀有限公司", S, "50", A, "慈溪市甲铜业有限公司"],
    ]
    result = run(csv_file(tmp_path / "buyer-name.csv", rows), firm_x)
    assert column_fates(result.layout)[4] == (
        "E 上级企业名称 ✗ duplicate = A「配套企业名称」、D「供货给（上级企业代码）」")
    assert pairs() == {(A, firm_x.uscc), (S, A)}


def test_a_buyer_name_column_can_also_be_ignored_by_choice(tmp_path, firm_x):
    rows = [
        ["配套企业名称", "统一社会信用代码", "年供货金额（万元）", "供货给（上级企业代码）", "上级企业名称"],
        ["慈溪市甲铜业有限公司", A, "300", "", ""],
        ["慈溪市丁电镀有限公司", S, "50", A, "慈溪市甲铜业有限公司"],
    ]
    path = csv_file(tmp_path / "buyer-name.csv", rows)
    result = run(path, firm_x, choices={"上级企业名称": IGNORE})
    assert column_fates(result.layout) == [
        "A 配套企业名称 → supplier_name (synonym 1)", "B 统一社会信用代码 → supplier_credit_code (synonym 1)",
        "C 年供货金额（万元） → annual_value (synonym 1)", "D 供货给（上级企业代码） → supplies_to (synonym 0.95)",
        "E 上级企业名称 ✗ chosen"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2, 3]}
    assert pairs() == {(A, firm_x.uscc), (S, A)}
    assert members(firm_x) == {A: (1, "330282", True), S: (2, "330282", True)}


# --- 2. the GBK CSV the purchasing department sends -----------------------------------

def test_gbk_csv_with_title_info_blank_totals_and_notes(tmp_path, firm_x, firm_y):
    rows = [
        ["慈溪市甬达电器有限公司配套企业清单"],                                                      # 1
        ["填报单位：慈溪市甬达电器有限公司（采购部）", "", "", "", "填报时间：2024年3月6日"],              # 2
        [],                                                                                      # 3
        ["序号", "配套企业统一社会信用代码", "配套企业名称", "供应产品", "年供货额（万元）", "是否关键", "库存天数",
         "供货给", "地址", "所在镇街"],                                                           # 4
        ["1", A, "慈溪市甲铜业有限公司", "铜件", "300", "是", "3", "", "浙江省慈溪市浒山街道北三环东路1号", ""],
        ["2", firm_y.uscc, "周盛汽配", "冲压件", "1,200.5", "否", "", "", "", ""],
        ["3", S, "慈溪市丁电镀有限公司", "镀件", "50", "", "", A, "慈溪市周巷镇兴业北路8号", ""],
        [],                                                                                      # 8
        ["合计", "", "", "", "1,550.5", "", "", "", "", ""],                                     # 9
        ["注：年供货额按2023年实际发生额填写。"],                                                    # 10
        ["联系人：张三", "", "联系电话：13812345678"],                                               # 11
    ]
    result = run(csv_file(tmp_path / "清单.csv", rows, encoding="gbk"), firm_x)
    assert (result.layout["header_rows"], result.layout["encoding"]) == ([4], "gb18030")
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 配套企业统一社会信用代码 → supplier_credit_code (synonym 1)",
        "C 配套企业名称 → supplier_name (synonym 1)", "D 供应产品 → item (synonym 1)",
        "E 年供货额（万元） → annual_value (synonym 1)", "F 是否关键 → essential (synonym 1)",
        "G 库存天数 → stock_days (synonym 1)", "H 供货给 → supplies_to (synonym 1)", "I 地址 → address (synonym 1)",
        "J 所在镇街 → town (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "skipped:title": [1], "skipped:info": [2], "header": [4], "landed": [5, 6, 7], "skipped:totals": [9],
        "skipped:note": [10, 11]}
    assert counts(result) == (3, 3, 0, 0, 0)
    lead = firm_x.uscc
    assert links() == {
        (A, lead, "铜件", Decimal("300.00"), YES, Decimal("3.0")),
        (firm_y.uscc, lead, "冲压件", Decimal("1200.50"), NO, None),
        (S, A, "镀件", Decimal("50.00"), UNKNOWN, None),
    }
    assert firms("name", "division_id")[firm_y.uscc] == ("慈溪市周盛汽配有限公司", TOWN_B)   # registered: kept
    assert (firms()[A][1], firms()[S][1]) == (TOWN_A, TOWN_B)                              # placed by address


# --- 3. a UTF-8 CSV with a two-row header ------------------------------------------------

def test_utf8_csv_with_a_two_row_header(tmp_path, firm_x):
    rows = [
        ["序号", "供应商信用代码", "供应商名称", "供货情况", "", "", "供货给"],
        ["", "", "", "年供货额（万元）", "是否关键", "库存天数", ""],
        ["1", A, "慈溪市甲铜业有限公司", "300", "是", "3", ""],
        ["2", S, "慈溪市丁电镀有限公司", "50", "否", "1.5", A],
    ]
    result = run(csv_file(tmp_path / "two-row.csv", rows, encoding="utf-8"), firm_x)
    assert (result.layout["header_rows"], result.layout["encoding"]) == ([1, 2], "utf-8")
    assert result.layout["headers"] == ["序号", "供应商信用代码", "供应商名称", "供货情况/年供货额（万元）",
                                        "供货情况/是否关键", "供货情况/库存天数", "供货给"]
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 供应商信用代码 → supplier_credit_code (synonym 1)",
        "C 供应商名称 → supplier_name (synonym 1)", "D 供货情况/年供货额（万元） → annual_value (synonym 1)",
        "E 供货情况/是否关键 → essential (synonym 1)", "F 供货情况/库存天数 → stock_days (synonym 1)",
        "G 供货给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1, 2], "landed": [3, 4]}
    assert links() == {(A, firm_x.uscc, "", Decimal("300.00"), YES, Decimal("3.0")),
                       (S, A, "", Decimal("50.00"), NO, Decimal("1.5"))}


# --- 4. a script's export: merged header, a buyer merged over its suppliers, formulas without values ---

def test_merged_header_merged_buyer_cells_and_formulas_without_stored_values(tmp_path, firm_x):
    rows = [
        ["配套企业明细表"],                                                              # 1 merged A1:G1
        ["序号", "供应商名称", "供应商信用代码", "供货情况", None, None, "供货给"],             # 2
        [None, None, None, "年供货额（万元）", "是否关键", "库存天数", None],                   # 3
        [1, "慈溪市甲铜业有限公司", A, 300, "是", 3, None],                                 # 4
        [2, "慈溪市乙冲压有限公司", B, Formula("=100*2"), "否", None, None],                 # 5
        [3, "慈溪市丙轴承有限公司", C, 50, None, None, A],                                  # 6 buyer merged G6:G8
        [4, "慈溪市丁五金有限公司", D, 40, "有", None, None],                               # 7
        [5, "慈溪市戊塑料有限公司", E, 30, "无", 2.5, None],                                # 8
        ["合计", None, None, Formula("=SUM(D4:D8)"), None, None, None],                   # 9
    ]
    merges = ["A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3", "G6:G8"]
    result = run(openpyxl_book(tmp_path / "明细表.xlsx", rows, merges), firm_x)
    assert (result.layout["header_rows"], result.layout["uncached_formulas"]) == ([2, 3], 2)
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 供应商名称 → supplier_name (synonym 1)",
        "C 供应商信用代码 → supplier_credit_code (synonym 1)", "D 供货情况/年供货额（万元） → annual_value (synonym 1)",
        "E 供货情况/是否关键 → essential (synonym 1)", "F 供货情况/库存天数 → stock_days (synonym 1)",
        "G 供货给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "skipped:title": [1], "header": [2, 3], "landed": [4, 6, 7, 8], "rejected": [5], "skipped:totals": [9]}
    assert rejections(result) == [(5, VALUE, "=100*2", (
        "the cell holds a formula with no stored value (=100*2): open the file in Excel or WPS, save it, "
        "and upload it again"))]
    lead = firm_x.uscc
    assert links() == {
        (A, lead, "", Decimal("300.00"), YES, Decimal("3.0")),
        (C, A, "", Decimal("50.00"), UNKNOWN, None),
        (D, A, "", Decimal("40.00"), YES, None),          # buyer filled down from the merged G6
        (E, A, "", Decimal("30.00"), NO, Decimal("2.5")),
    }
    assert members(firm_x) == {A: (1, "330282", True), C: (2, "330282", True), D: (2, "330282", True),
                               E: (2, "330282", True)}


# --- 5. what Excel saves: formulas with stored values, dates, a wordless total ----------------

def test_formulas_with_stored_values_date_cells_and_a_wordless_total(tmp_path, firm_x):
    rows = [
        ["供应商信用代码", "供应商名称", "年采购金额", "库存(天)", "合同签订日期", "供应给"],
        [A, "慈溪市甲铜业有限公司", Formula("=12*25", 300), Formula("=ROUND(2.46,1)", 2.5), dt.date(2020, 3, 6), None],
        [B, "慈溪市乙冲压有限公司", 100, 0, dt.datetime(2020, 3, 6, 9, 0), None],
        [S, "慈溪市丁电镀有限公司", Formula("=B9", 50), None, 43896, A],
        [None, None, Formula("=SUM(C2:C4)", 450), Formula("=SUM(D2:D4)", 2.5), None, None],
    ]
    result = run(xlsxwriter_book(tmp_path / "excel.xlsx", rows), firm_x)
    assert result.layout["uncached_formulas"] == 0
    assert column_fates(result.layout) == [
        "A 供应商信用代码 → supplier_credit_code (synonym 1)", "B 供应商名称 → supplier_name (synonym 1)",
        "C 年采购金额 → annual_value (synonym 1)", "D 库存(天) → stock_days (synonym 1)", "E 合同签订日期 ✗ unknown",
        "F 供应给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2, 3, 4], "skipped:totals": [5]}
    lead = firm_x.uscc
    assert links() == {(A, lead, "", Decimal("300.00"), UNKNOWN, Decimal("2.5")),
                       (B, lead, "", Decimal("100.00"), UNKNOWN, Decimal("0.0")),
                       (S, A, "", Decimal("50.00"), UNKNOWN, None)}


# --- 6. "essential" typed every way --------------------------------------------------------

def test_essential_typed_every_way(tmp_path, firm_x):
    typed = [("是", YES), ("否", NO), ("Y", YES), ("N", NO), ("1", YES), ("0", NO), ("√", YES), ("×", NO),
             ("有", YES), ("无", NO), ("", UNKNOWN)]
    rows = [["供应商信用代码", "供应商名称", "年供货额", "是否关键原料"],
            *[[code(100 + i), f"慈溪市关键{i}号有限公司", "10", text] for i, (text, _e) in enumerate(typed)],
            [code(150), "慈溪市关键未知有限公司", "10", "关键"],
            [code(151), "慈溪市关键大概有限公司", "10", "可能"]]
    result = run(csv_file(tmp_path / "essential.csv", rows), firm_x)
    assert column_fates(result.layout) == [
        "A 供应商信用代码 → supplier_credit_code (synonym 1)", "B 供应商名称 → supplier_name (synonym 1)",
        "C 年供货额 → annual_value (synonym 1)", "D 是否关键原料 → essential (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": list(range(2, 13)), "rejected": [13, 14]}
    reason = "「%s」 is not yes or no: write 是 or 否 (also Y/N, 1/0, √/×, 有/无)"
    assert rejections(result) == [(13, ESSENTIAL, "关键", reason % "关键"), (14, ESSENTIAL, "可能", reason % "可能")]
    assert {(s, e) for s, _b, _i, _v, e, _d in links()} == {(code(100 + i), e) for i, (_t, e) in enumerate(typed)}


# --- 7. values and stock days typed every way -------------------------------------------------

def test_values_and_stock_days_typed_every_way(tmp_path, firm_x):
    typed = [  # (annual value, stock days)
        ("1,200.5", "7"), ("１２０", "７"), ("300.0", "7.0"), (88.8, 2.55), ("1，000", ""), ("0.01", "0"),
        ("300万元", ""), ("约300", ""), ("0", ""), ("-5", ""), ("", ""), ("10", "7天"), ("10", "约7"), ("10", "-1"),
    ]
    rows = [["配套企业信用代码", "配套企业名称", "年配套额（万元）", "库存天数"],
            *[[code(200 + i), f"慈溪市数值{i}号有限公司", value, days] for i, (value, days) in enumerate(typed)]]
    result = run(xlsxwriter_book(tmp_path / "values.xlsx", rows), firm_x)
    assert column_fates(result.layout) == [
        "A 配套企业信用代码 → supplier_credit_code (synonym 1)", "B 配套企业名称 → supplier_name (synonym 1)",
        "C 年配套额（万元） → annual_value (synonym 1)", "D 库存天数 → stock_days (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "landed": [2, 3, 4, 5, 6, 7], "rejected": list(range(8, 16))}
    positive = "a number of 10k yuan (万元) greater than 0 is expected, such as 1,200.5"
    assert rejections(result) == [
        (8, VALUE, "300万元", "「300万元」 carries a unit (万元): write the number only, such as 300"),
        (9, VALUE, "约300", "「约300」 is an approximate number: write the exact number"),
        (10, VALUE, "0", positive),
        (11, VALUE, "-5", positive),
        (12, VALUE, "", "the annual value (10k yuan) is missing"),
        (13, STOCK, "7天", "「7天」 carries a unit (天): write the number only, such as 7"),
        (14, STOCK, "约7", "「约7」 is an approximate number: write the exact number"),
        (15, STOCK, "-1", "a number of days, 0 or more, is expected"),
    ]
    lead = firm_x.uscc
    assert {(s, v, d) for s, b, _i, v, _e, d in links() if b == lead} == {
        (code(200), Decimal("1200.50"), Decimal("7.0")), (code(201), Decimal("120.00"), Decimal("7.0")),
        (code(202), Decimal("300.00"), Decimal("7.0")), (code(203), Decimal("88.80"), Decimal("2.6")),
        (code(204), Decimal("1000.00"), None), (code(205), Decimal("0.01"), Decimal("0.0"))}
    assert len(links()) == 6


# --- 8. credit codes typed every way, in both code columns ------------------------------------

def test_codes_typed_every_way_in_the_supplier_and_supplies_to_columns(tmp_path, firm_x):
    lead = firm_x.uscc
    rows = [
        ["供应商统一社会信用代码", "供应商名称", "年供货额（万元）", "上级企业信用代码"],
        [A.lower(), "慈溪市甲铜业有限公司", "100", ""],                       # 2
        [fullwidth(B), "慈溪市乙冲压有限公司", "100", fullwidth(lead)],         # 3 the lead, full-width
        [f" {spaced(C)} ", "慈溪市丙轴承有限公司", "100", "'" + A],             # 4
        ["'" + D, "慈溪市丁五金有限公司", "100", B.lower()],                    # 5
        ["", "慈溪市无代码有限公司", "100", ""],                                # 6
        [wrong_check(E), "慈溪市校验位有限公司", "100", ""],                    # 7
        [S, "慈溪市丁电镀有限公司", "100", wrong_check(A)],                      # 8
        [T, "余姚市戊钢材有限公司", "100", code(99)],                           # 9 a firm not in the list
        [U, "余姚市己矿业有限公司", "100", U.lower()],                          # 10 itself
        [lead, "", "100", ""],                                                # 11 the lead itself
    ]
    result = run(csv_file(tmp_path / "codes.csv", rows, encoding="gbk"), firm_x)
    assert column_fates(result.layout) == [
        "A 供应商统一社会信用代码 → supplier_credit_code (synonym 1)", "B 供应商名称 → supplier_name (synonym 1)",
        "C 年供货额（万元） → annual_value (synonym 1)", "D 上级企业信用代码 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "landed": [2, 3, 4, 5], "rejected": [6, 7, 8, 9, 10, 11]}
    assert rejections(result) == [
        (6, SUPPLIER_CODE, "", MISSING_CODE),
        (7, SUPPLIER_CODE, wrong_check(E),
         f"the check character (the last one) should be {E[-1]}, not {wrong_check(E)[-1]}: a typing error?"),
        (8, SUPPLIES_TO, wrong_check(A),
         f"the check character (the last one) should be {A[-1]}, not {wrong_check(A)[-1]}: a typing error?"),
        (9, SUPPLIES_TO, code(99), NOT_LISTED),
        (10, SUPPLIES_TO, U.lower(), "a firm cannot be its own supplier"),
        (11, SUPPLIER_CODE, lead, "a firm cannot be its own supplier"),
    ]
    assert pairs() == {(A, lead), (B, lead), (C, A), (D, B)}
    assert members(firm_x) == {A: (1, "330282", True), B: (1, "330282", True), C: (2, "330282", True),
                               D: (2, "330282", True)}


# --- 9. an old town name, before and after the county records it ------------------------------

def test_an_old_town_name_is_refused_until_the_county_adds_the_alias(tmp_path, firm_x):
    city = [code(n, "330200") for n in (31, 32, 33)]     # registered by the city: the code names no county
    rows = [
        ["供应商信用代码", "供应商名称", "年供货额", "所在镇街"],
        [city[0], "宁波天元五金厂", "10", "天元镇"],
        [city[1], "宁波天元电器厂", "20", "330282101"],
        [city[2], "宁波浒山电器厂", "30", "浒山街道"],
    ]
    path = csv_file(tmp_path / "old-towns.csv", rows)
    before = run(path, firm_x)
    assert column_fates(before.layout) == [
        "A 供应商信用代码 → supplier_credit_code (synonym 1)", "B 供应商名称 → supplier_name (synonym 1)",
        "C 年供货额 → annual_value (synonym 1)", "D 所在镇街 → town (synonym 1)"]
    assert fates_by_kind(row_fates(rows, before)) == {"header": [1], "landed": [4], "rejected": [2, 3]}
    assert rejections(before) == [
        (2, TOWN, "天元镇", "no town of this name or like it in this county; if it is an old name, the county can add "
                           "it under Old town names; outside the county, write the division code"),
        (3, TOWN, "330282101", "no county or town has this code (6, 9 or 12 digits)")]
    assert counts(before) == (3, 1, 0, 0, 2)

    add_alias(old_name="天元镇")
    add_alias(old_code="330282101")
    after = run(path, firm_x)
    assert fates_by_kind(row_fates(rows, after)) == {"header": [1], "landed": [2, 3, 4]}
    assert counts(after) == (3, 2, 0, 1, 0)
    assert {c: firms("division_id")[c] for c in city} == {city[0]: (TOWN_B,), city[1]: (TOWN_B,),
                                                          city[2]: (TOWN_A,)}


# --- 10. pages pasted together: sections by tier, subtotals, a repeated header -------------------

def test_sections_subtotals_repeated_header_and_grand_total(tmp_path, firm_x):
    header = ["序号", "供应商信用代码", "供应商名称", "年供货额（万元）", "供货给"]
    rows = [
        header,                                                    # 1
        ["一、一级供应商"],                                          # 2 section, merged A:E
        [1, A, "慈溪市甲铜业有限公司", 300, None],                     # 3
        [2, B, "慈溪市乙冲压有限公司", 100, None],                     # 4
        ["小计", None, None, 400, None],                            # 5
        header,                                                    # 6
        ["二、二级供应商"],                                          # 7 section
        [1, S, "慈溪市丁电镀有限公司", 50, A],                          # 8
        [2, None, "慈溪市无代码有限公司", 50, B],                       # 9 its value equals the sum so far
        [None, None, None, 100, None],                             # 10 a subtotal without a word
        ["总计", None, None, 500, None],                            # 11
        ["制表：采购部  2024年3月"],                                  # 12
    ]
    result = run(xlsxwriter_book(tmp_path / "pages.xlsx", rows, ["A2:E2", "A7:E7"]), firm_x)
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 供应商信用代码 → supplier_credit_code (synonym 1)",
        "C 供应商名称 → supplier_name (synonym 1)", "D 年供货额（万元） → annual_value (synonym 1)",
        "E 供货给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {
        "header": [1], "skipped:section": [2, 7], "landed": [3, 4, 8], "skipped:totals": [5, 10, 11],
        "skipped:repeated_header": [6], "rejected": [9], "skipped:note": [12]}
    assert rejections(result) == [(9, SUPPLIER_CODE, "", MISSING_CODE)]
    assert pairs() == {(A, firm_x.uscc), (B, firm_x.uscc), (S, A)}


# --- 11. no column for the value: refused, then mapped by letter --------------------------------

def test_a_missing_value_column_is_refused_then_mapped_by_letter(tmp_path, firm_x):
    rows = [
        ["供应商信用代码", "供应商名称", "本年度采购额（含税）", "供货给"],
        [A, "慈溪市甲铜业有限公司", "300", ""],
        [S, "慈溪市丁电镀有限公司", "50", A],
    ]
    path = csv_file(tmp_path / "unmapped.csv", rows)
    with translation.override("en"), pytest.raises(TabularError) as caught:
        run(path, firm_x)
    assert caught.value.code == "missing_columns"
    with translation.override("en"):
        assert str(caught.value) == (
            "The file has no column for: annual value (10k yuan). Headers found: 供应商信用代码、供应商名称、"
            "本年度采购额（含税）、供货给. Closest: annual value (10k yuan): 「本年度采购额（含税）」(0.76).")
    assert links() == set()
    result = run(path, firm_x, choices={"C": "annual_value"})
    assert column_fates(result.layout) == [
        "A 供应商信用代码 → supplier_credit_code (synonym 1)", "B 供应商名称 → supplier_name (synonym 1)",
        "C 本年度采购额（含税） → annual_value (chosen 1)", "D 供货给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, result)) == {"header": [1], "landed": [2, 3]}
    assert pairs() == {(A, firm_x.uscc), (S, A)}


# --- 12. the rejects report, fixed in Excel and uploaded again ----------------------------------

def test_rejects_report_fixed_and_uploaded_again_lands_the_fixed_rows_and_their_dependants(tmp_path, firm_x):
    F = code(6)
    rows = [
        ["配套企业名单"],                                                   # 1
        ["供应商名称", "供应商信用代码", "年采购额（万元）", "供货给"],             # 2
        ["慈溪市甲铜业有限公司", A, "300", ""],                               # 3 good
        ["慈溪市乙冲压有限公司", wrong_check(B), "100", ""],                   # 4 check character
        ["慈溪市丙轴承有限公司", C, "50", B],                                  # 5 names row 4's firm
        ["慈溪市丁五金有限公司", D, "约80", A],                                # 6 approximate
        ["慈溪市戊塑料有限公司", E, "20", A],                                  # 7 good
        ["", F, "10", ""],                                                  # 8 a new firm without a name
    ]
    first = run(csv_file(tmp_path / "名单.csv", rows, encoding="gbk"), firm_x)
    assert column_fates(first.layout) == [
        "A 供应商名称 → supplier_name (synonym 1)", "B 供应商信用代码 → supplier_credit_code (synonym 1)",
        "C 年采购额（万元） → annual_value (synonym 1)", "D 供货给 → supplies_to (synonym 1)"]
    assert fates_by_kind(row_fates(rows, first)) == {
        "skipped:title": [1], "header": [2], "landed": [3, 7], "rejected": [4, 5, 6, 8]}
    check = f"the check character (the last one) should be {B[-1]}, not {wrong_check(B)[-1]}: a typing error?"
    approximate = "「约80」 is an approximate number: write the exact number"
    unnamed = "this supplier is not registered yet: its name is needed (on this or another row)"
    assert rejections(first) == [(4, SUPPLIER_CODE, wrong_check(B), check), (5, SUPPLIES_TO, B, NOT_LISTED),
                                 (6, VALUE, "约80", approximate), (8, NAME, "", unnamed)]
    assert counts(first) == (6, 2, 0, 0, 4)
    assert pairs() == {(A, firm_x.uscc), (E, A)}

    report = tmp_path / "rejects.xlsx"
    with translation.override("en"):
        write_rejects_report(report, first.rejections, first.layout["headers"])
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert sheet == [
        ["Original row", "供应商名称", "供应商信用代码", "年采购额（万元）", "供货给", "Rejection reason"],
        [4.0, "慈溪市乙冲压有限公司", wrong_check(B), "100", "", f"{SUPPLIER_CODE}：{check}"],
        [5.0, "慈溪市丙轴承有限公司", C, "50", B, f"{SUPPLIES_TO}：{NOT_LISTED}"],
        [6.0, "慈溪市丁五金有限公司", D, "约80", A, f"{VALUE}：{approximate}"],
        [8.0, "", F, "10", "", f"{NAME}：{unnamed}"],
    ]

    # The official corrects B's code and D's value, and leaves F without a name.
    book = openpyxl.load_workbook(report)
    book.active["C2"] = B
    book.active["D4"] = "80"
    book.save(report)
    links_before, firms_before = SupplyLink.history.count(), Enterprise.history.count()
    second = run(report, firm_x)
    assert column_fates(second.layout) == [
        "A Original row ✗ not_needed", "B 供应商名称 → supplier_name (synonym 1)",
        "C 供应商信用代码 → supplier_credit_code (synonym 1)", "D 年采购额（万元） → annual_value (synonym 1)",
        "E 供货给 → supplies_to (synonym 1)", "F Rejection reason ✗ not_needed"]
    # Row 3 names B, fixed on row 2; row 4 names A, which landed with the first upload.
    assert fates_by_kind(row_fates(sheet, second)) == {"header": [1], "landed": [2, 3, 4], "rejected": [5]}
    assert rejections(second) == [(5, NAME, "", unnamed)]
    assert counts(second) == (4, 3, 0, 0, 1)
    assert (SupplyLink.history.count(), Enterprise.history.count()) == (links_before + 3, firms_before + 3)
    lead = firm_x.uscc
    assert links() == {(A, lead, "", Decimal("300.00"), UNKNOWN, None), (E, A, "", Decimal("20.00"), UNKNOWN, None),
                       (B, lead, "", Decimal("100.00"), UNKNOWN, None), (C, B, "", Decimal("50.00"), UNKNOWN, None),
                       (D, A, "", Decimal("80.00"), UNKNOWN, None)}
    assert members(firm_x) == {A: (1, "330282", True), B: (1, "330282", True), E: (2, "330282", True),
                               C: (2, "330282", True), D: (2, "330282", True)}
    assert F not in firms()
