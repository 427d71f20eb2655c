"""The shared import machinery without a database: values as officials type
them (values.py), header keys (headers.py), every column's fate (columns.py),
and finding the table in a messy sheet (layout.py, skipping.py, reading.py)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from lianfu.chains.importing import columns as supplier_columns
from lianfu.common.importing import RowError, match_columns, read_for_import, values
from lianfu.common.importing.columns import IGNORE, Column, Vocabulary
from lianfu.common.importing.headers import column_letter, header_key, outside_brackets_key
from lianfu.common.importing.result import ImportResult
from lianfu.common.tabular import TabularError
from lianfu.registry.importing import parsing
from tests.common.messy_files import (
    Formula,
    column_fates,
    csv_file,
    openpyxl_book,
    skipped_rows,
    xlsxwriter_book,
)

MB = 2**20
CODE_1 = "91330282MA2H00001X"   # shapes only: nothing here validates codes


def enterprises():
    return parsing.vocabulary()


def suppliers():
    return supplier_columns.vocabulary()


def refused(parse, text, *args, **kwargs) -> tuple[str, str]:
    with translation.override("en"):
        with pytest.raises(RowError) as caught:
            parse(text, *args, **kwargs)
        return caught.value.field, str(caught.value.reason)


def table_of(path, vocabulary, **kwargs):
    table = read_for_import(path, vocabulary, max_bytes=10 * MB, **kwargs)
    rows = list(table.rows)
    return table, rows, table.summary()


# --- values.py ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "43896", "2020/3/6", "2020/03/06", "2020-03-06", "2020-3-6", "2020.3.6", "2020年3月6日", "2020年3月6",
    "2020 年 3 月 6 日", "20200306", "２０２０年３月６日", "２０２００３０６", "2020-03-06 08:30:00",
    "2020/3/6 8:30", " 2020-03-06 ",
])
def test_parse_date_reads_every_way_officials_write_a_date(text):
    assert values.parse_date(text, "founded") == dt.date(2020, 3, 6)


@pytest.mark.parametrize("text", ["2020-02-30", "3/6/2020", "06.03.2020", "12345", "99999", "2020年3月",
                                  "二〇二〇年三月六日", "2020-03-06T08:30:00Z"])
def test_parse_date_refuses_what_it_cannot_read_for_sure(text):
    assert refused(values.parse_date, text, "founded") == (
        "founded", f"「{text}」 is not a date: write it as 2020-03-06 (2020/3/6 and 2020年3月6日 also work)")


def test_excel_serial_dates_are_counted_from_excels_epoch():
    assert values.parse_date("20000", "d") == dt.date(1954, 10, 3)
    assert values.parse_date("44927", "d") == dt.date(2023, 1, 1)
    assert refused(values.parse_date, "60", "d")[0] == "d"          # not 5 digits: not a serial


@pytest.mark.parametrize("text, expected", [
    ("85", (Decimal(85), "percent")),
    ("85%", (Decimal(85), "percent_sign")),
    ("85％", (Decimal(85), "percent_sign")),
    ("0.85", (Decimal(85), "fraction")),
    ("85.5", (Decimal("85.5"), "percent")),
    ("85.5%", (Decimal("85.5"), "percent_sign")),
    ("0.855", (Decimal("85.5"), "fraction")),
    ("1.5", (Decimal("1.5"), "percent")),       # above 1: per cent, whatever the point
    ("1", (Decimal(1), "percent")),         # no point, no sign: one per cent
    ("1.0", (Decimal(100), "fraction")),    # a point and at most 1: a fraction
    ("0", (Decimal(0), "percent")),
    ("100", (Decimal(100), "percent")),
    ("０.８５", (Decimal(85), "fraction")),
])
def test_parse_percent_returns_the_number_and_the_assumption_it_made(text, expected):
    number, how = values.parse_percent(text, "share")
    assert (number, how) == expected
    assert str(number) == str(expected[0])


@pytest.mark.parametrize("text", ["150", "-5", "101%", "100.5"])
def test_parse_percent_refuses_what_is_not_between_0_and_100(text):
    assert refused(values.parse_percent, text, "share") == (
        "share", f"「{text}」 is not a percentage between 0 and 100")


def test_parse_percent_refuses_approximations_and_words():
    assert refused(values.parse_percent, "约85%", "share") == (
        "share", "「约85」 is an approximate number: write the exact number")
    assert refused(values.parse_percent, "八成", "share") == ("share", "「八成」 is not a number")


@pytest.mark.parametrize("text, expected", [
    ("300", 300), ("1,200", 1200), ("1，200", 1200), ("１２００", 1200), ("１，２００", 1200), ("300.0", 300),
    ("300.00", 300), (" 300 ", 300), ("12,345,678", 12345678), ("0", 0), ("+5", 5),
])
def test_parse_count_reads_separators_full_width_digits_and_trailing_zeros(text, expected):
    assert values.parse_count(text, "employees") == expected


@pytest.mark.parametrize("text, reason", [
    ("300人", "「300人」 carries a unit (人): write the number only, such as 300"),
    ("1,200人", "「1,200人」 carries a unit (人): write the number only, such as 1,200"),
    ("300 名", "「300 名」 carries a unit (名): write the number only, such as 300"),
    ("约300", "「约300」 is an approximate number: write the exact number"),
    ("300余", "「300余」 is an approximate number: write the exact number"),
    ("300多", "「300多」 is an approximate number: write the exact number"),
    ("300左右", "「300左右」 is an approximate number: write the exact number"),
    ("近300", "「近300」 is an approximate number: write the exact number"),
    ("300+", "「300+」 is an approximate number: write the exact number"),
    ("3.5", "「3.5」 is not a whole number"),
    ("-3", "cannot be negative"),
    ("1,20", "「1,20」 is not a number"),
    ("12,34,567", "「12,34,567」 is not a number"),
    ("三百", "「三百」 is not a number"),
    ("=B2*2", "the cell holds a formula with no stored value (=B2*2): open the file in Excel or WPS, save it, "
              "and upload it again"),
    ("3000000000", "at most 2,147,483,647"),
])
def test_parse_count_refuses_with_the_reason(text, reason):
    assert refused(values.parse_count, text, "employees") == ("employees", reason)


def test_parse_decimal_rounds_to_the_places_asked():
    assert values.parse_decimal("1,200.456", "v", places=2) == Decimal("1200.46")
    assert values.parse_decimal("７.５", "v", places=1) == Decimal("7.5")
    assert values.parse_decimal(".5", "v") == Decimal("0.5")
    assert refused(values.parse_decimal, "300万元", "v") == (
        "v", "「300万元」 carries a unit (万元): write the number only, such as 300")


@pytest.mark.parametrize("text", ["是", "Y", "y", "yes", "YES", "1", "√", "✓", "有", "规上", "true", " 是 ", "Ｙ"])
def test_parse_bool_yes(text):
    assert values.parse_bool(text, "above_scale") is True


@pytest.mark.parametrize("text", ["否", "N", "n", "no", "0", "×", "无", "规下", "false", "没有", "Ｎ"])
def test_parse_bool_no(text):
    assert values.parse_bool(text, "above_scale") is False


@pytest.mark.parametrize("text", ["可能", "是的吧", "2", "√?"])
def test_parse_bool_refuses_anything_else(text):
    assert refused(values.parse_bool, text, "above_scale") == (
        "above_scale", f"「{text}」 is not yes or no: write 是 or 否 (also Y/N, 1/0, √/×, 有/无)")


@pytest.mark.parametrize("text", [
    CODE_1, CODE_1.lower(), f" {CODE_1} ", "9133 0282 MA2H 0000 1X", "'" + CODE_1, "‘" + CODE_1,
    "９１３３０２８２ＭＡ２Ｈ００００１Ｘ", "９１３３０２８２ｍａ２ｈ００００１ｘ",
    CODE_1 + "\u200b", "\ufeff" + CODE_1,
    "9133\u30000282MA2H00001X",
])
def test_clean_code_undoes_how_codes_are_typed(text):
    assert values.clean_code(text) == CODE_1


def test_clean_code_keeps_what_is_not_formatting():
    assert values.clean_code("91330282-MA2H00001X") == "91330282-MA2H00001X"
    assert values.clean_code("") == ""


def test_parse_text_keeps_full_width_brackets_and_limits_length():
    assert values.parse_text(" 慈溪市甬达电器（集团）有限公司 ", "name", 200) == "慈溪市甬达电器（集团）有限公司"
    assert refused(values.parse_text, "长" * 6, "name", 5) == ("name", "at most 5 characters")


# --- headers.py --------------------------------------------------------------

@pytest.mark.parametrize("header, key", [
    ("统一社会信用代码", "统一社会信用代码"),
    (" 统一社会信用代码 ", "统一社会信用代码"),
    ("统一社会\n信用代码", "统一社会信用代码"),
    ("从业人员数（人）", "从业人员数"),
    ("从业人员数(人)", "从业人员数"),
    ("年供货金额（万元）", "年供货金额"),
    ("年供货金额【单位：万元】", "年供货金额"),
    ("库存可用天数（天）", "库存可用天数"),
    ("是否关键原料", "关键原料"),
    ("是否规上", "规上"),
    ("是否", "是否"),                         # the prefix alone is kept
    ("有无库存", "库存"),
    ("供货给（上级企业代码）", "供货给上级企业代码"),
    ("ＵＳＣＣ", "uscc"),
    ("Credit Code", "creditcode"),
    ("credit_code", "creditcode"),
    ("*企业名称", "企业名称"),
    ("联系电话/手机", "联系电话手机"),
    ("", ""),
    ("  ", ""),
])
def test_header_key(header, key):
    assert header_key(header) == key


def test_outside_brackets_key_keeps_only_what_stands_outside():
    assert outside_brackets_key("供货给（上级企业代码）") == "供货给"
    assert outside_brackets_key("供应商（配套企业）名称") == "供应商名称"
    assert outside_brackets_key("年供货金额（万元）") == "年供货金额"


@pytest.mark.parametrize("index, letter", [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"),
                                           (701, "ZZ"), (702, "AAA")])
def test_column_letter(index, letter):
    assert column_letter(index) == letter


# --- columns.py: every column's fate -----------------------------------------

def fates(headers, vocabulary, **kwargs) -> list[str]:
    return column_fates({"columns": match_columns(headers, vocabulary, **kwargs).summary()})


def test_synonyms_brackets_and_fuzzy_matches_carry_their_score():
    headers = ["序号", "统一社会信用代码（18位）", "单位详细名称", "企业名", "镇(街道)", "从业人员数", "职工人数(人)",
               "是否规模以上企业", "联系人及电话", "注册资本（万元）", "成立日期", "", "备注"]
    assert fates(headers, enterprises()) == [
        "A 序号 ✗ not_needed",
        "B 统一社会信用代码（18位） → uscc (synonym 0.95)",
        "C 单位详细名称 → name (synonym 1)",
        "D 企业名 ✗ duplicate = C「单位详细名称」",
        "E 镇(街道) → town (synonym 1)",
        "F 从业人员数 ? [employees] = G「职工人数(人)」",
        "G 职工人数(人) ? [employees] = F「从业人员数」",
        "H 是否规模以上企业 → above_scale (fuzzy 0.8)",
        "I 联系人及电话 → contact_phone (fuzzy 0.91)",
        "J 注册资本（万元） ✗ unknown [address]",
        "K 成立日期 ✗ unknown",
        "L  ✗ blank",
        "M 备注 ✗ not_needed",
    ]


def test_the_supplier_list_header_variants_of_the_issue():
    headers = ["供应商统一社会信用代码（18位）", "供应商（配套企业）名称", "主要供应产品", "年供货金额（万元）",
               "是否关键原料", "库存可用天数", "供货给（上级企业代码）", "所在镇街/地区代码"]
    assert fates(headers, suppliers()) == [
        "A 供应商统一社会信用代码（18位） → supplier_credit_code (synonym 0.95)",
        "B 供应商（配套企业）名称 → supplier_name (synonym 0.95)",
        "C 主要供应产品 → item (fuzzy 0.8)",
        "D 年供货金额（万元） → annual_value (synonym 1)",
        "E 是否关键原料 → essential (synonym 1)",
        "F 库存可用天数 → stock_days (synonym 1)",
        "G 供货给（上级企业代码） → supplies_to (synonym 0.95)",
        "H 所在镇街/地区代码 → town (fuzzy 0.86)",
    ]


def test_a_header_two_fields_fit_equally_is_ambiguous_never_a_guess():
    assert fates(["配套企业信用代码", "上级企业名称", "年供货额"], suppliers()) == [
        "A 配套企业信用代码 → supplier_credit_code (synonym 1)",
        "B 上级企业名称 ? [supplier_name, supplies_to]",
        "C 年供货额 → annual_value (synonym 1)",
    ]


def test_a_clearly_better_column_keeps_the_field_and_the_other_is_a_duplicate():
    # Two synonyms tie: neither is taken. A synonym beats a fuzzy match.
    assert fates(["电话", "手机", "统一社会信用代码", "企业统一社会信用代码"], enterprises()) == [
        "A 电话 ? [contact_phone] = B「手机」",
        "B 手机 ? [contact_phone] = A「电话」",
        "C 统一社会信用代码 → uscc (synonym 1)",
        "D 企业统一社会信用代码 ✗ duplicate = C「统一社会信用代码」",
    ]


def test_choices_by_letter_position_header_or_key_and_ignore():
    headers = ["代码", "企业", "电话", "手机", "人员"]
    choices = {"A": "uscc", "#2": "name", "手机": IGNORE, "人员": "employees", "C": "contact_phone"}
    assert fates(headers, enterprises(), choices=choices) == [
        "A 代码 → uscc (chosen 1)",
        "B 企业 → name (chosen 1)",
        "C 电话 → contact_phone (chosen 1)",
        "D 手机 ✗ chosen",
        "E 人员 → employees (chosen 1)",
    ]
    # A header typed with other spaces or brackets still finds its choice (its key).
    assert fates(["统一代码", "从业人员（人）"], enterprises(), choices={"从业人员": IGNORE}) == [
        "A 统一代码 → uscc (synonym 1)", "B 从业人员（人） ✗ chosen"]


def test_a_choice_for_a_field_the_importer_lacks_is_not_taken():
    assert fates(["代码", "统一社会信用代码"], enterprises(), choices={"A": "no_such_field"}) == [
        "A 代码 ✗ unknown [industry, uscc]", "B 统一社会信用代码 → uscc (synonym 1)"]


def test_a_choice_beats_a_synonym_for_the_same_field():
    assert fates(["统一社会信用代码", "新代码"], enterprises(), choices={"B": "uscc"}) == [
        "A 统一社会信用代码 ✗ duplicate = B「新代码」", "B 新代码 → uscc (chosen 1)"]


def test_a_saved_mapping_applies_by_header_key_and_a_choice_overrides_it():
    saved = {header_key("纳税人识别号"): "uscc", header_key("企业"): "name"}
    assert fates(["纳税人识别号", "企业（全称）", "企业"], enterprises(), saved=saved, choices={"B": "name"}) == [
        "A 纳税人识别号 → uscc (saved 1)",
        "B 企业（全称） → name (chosen 1)",
        "C 企业 ✗ duplicate = B「企业（全称）」",
    ]


def test_plan_check_refuses_ambiguous_columns_naming_them_and_the_way_out():
    plan = match_columns(["统一社会信用代码", "电话", "手机"], enterprises())
    with translation.override("en"), pytest.raises(TabularError) as caught:
        plan.check()
    assert caught.value.code == "ambiguous_columns"
    with translation.override("en"):
        assert str(caught.value) == (
            "Some columns could stand for more than one field, or several columns for the same field: "
            "B「电话」 = C「手机」 → contact phone；C「手机」 = B「电话」 → contact phone. "
            "Choose in the mapping step (web) or with --map \"header=field\" (command line).")


def test_plan_check_names_the_missing_columns_and_the_closest_headers():
    plan = match_columns(["供应商代码", "企业名称", "年度金额"], suppliers())
    with translation.override("en"), pytest.raises(TabularError) as caught:
        plan.check()
    assert caught.value.code == "missing_columns"
    with translation.override("en"):
        assert str(caught.value) == (
            "The file has no column for: annual value (10k yuan). Headers found: 供应商代码、企业名称、年度金额. "
            "Closest: annual value (10k yuan): 「年度金额」(0.67).")


def test_a_tiny_vocabulary_shows_the_rules_plainly():
    vocabulary = Vocabulary([Column("code", "code", ("代码",), required=True, key=True),
                             Column("qty", "qty", ("数量", "件数"), numeric=True)])
    assert fates(["代码", "数量（件）", "件数", "数 量", "备注"], vocabulary) == [
        "A 代码 → code (synonym 1)",
        "B 数量（件） ? [qty] = C「件数」、D「数 量」",
        "C 件数 ? [qty] = B「数量（件）」、D「数 量」",
        "D 数 量 ? [qty] = B「数量（件）」、C「件数」",
        "E 备注 ✗ not_needed",
    ]


# --- layout.py / skipping.py / reading.py: the table in a messy sheet ---------

def test_gbk_csv_with_title_info_blank_rows_totals_and_notes(tmp_path):
    rows = [
        ["2024年慈溪市规模以上工业企业名单"],
        ["填报单位：慈溪市经信局", "", "", "填报日期：2024年3月6日"],
        [],
        ["序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员数"],
        ["1", CODE_1, "慈溪市甲电器有限公司", "浒山街道", "120"],
        ["2", "91330282MA2H00002X", "慈溪市乙塑业有限公司", "周巷镇", "1,200"],
        [],
        ["合计", "", "", "", "1,320"],
        ["注：从业人员为年末数。"],
        ["填报人：张三", "", "联系电话：0574-63012345"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "名单.csv", rows, encoding="gbk"), enterprises())
    assert [n for n, _cells in data] == [5, 6]
    assert data[1][1] == ["2", "91330282MA2H00002X", "慈溪市乙塑业有限公司", "周巷镇", "1,200"]
    assert (summary["header_rows"], summary["format"], summary["encoding"]) == ([4], "csv", "gb18030")
    assert skipped_rows(summary) == [(1, "title"), (2, "info"), (8, "totals"), (9, "note"), (10, "note")]
    assert [s["text"] for s in summary["skipped"]] == [
        "2024年慈溪市规模以上工业企业名单", "填报单位：慈溪市经信局 | 填报日期：2024年3月6日", "合计 | 1,320",
        "注：从业人员为年末数。", "填报人：张三 | 联系电话：0574-63012345"]
    assert column_fates(summary) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 所属镇街 → town (synonym 1)", "E 从业人员数 → employees (synonym 1)"]


def test_utf8_csv_two_row_header_without_merges(tmp_path):
    rows = [
        ["序号", "统一社会信用代码", "企业名称", "从业人员", "", "是否规上"],
        ["", "", "", "人数", "其中外地", ""],
        ["1", CODE_1, "甲", "120", "30", "是"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "two.csv", rows, encoding="utf-8"), enterprises())
    assert (summary["header_rows"], summary["encoding"]) == ([1, 2], "utf-8")
    assert summary["headers"] == ["序号", "统一社会信用代码", "企业名称", "从业人员/人数", "从业人员/其中外地",
                                  "是否规上"]
    assert column_fates(summary) == [
        "A 序号 ✗ not_needed", "B 统一社会信用代码 → uscc (synonym 1)", "C 企业名称 → name (synonym 1)",
        "D 从业人员/人数 → employees (synonym 1)", "E 从业人员/其中外地 ✗ unknown [employees]",
        "F 是否规上 → above_scale (synonym 1)"]
    assert data == [(3, ["1", CODE_1, "甲", "120", "30", "是"])]
    assert skipped_rows(summary) == []


def test_merged_two_row_header_under_a_merged_title_and_merged_town_cells(tmp_path):
    rows = [
        ["慈溪市企业名单（2024年）"],
        ["序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员", None, "是否规上"],
        [None, None, None, None, "人数", "其中外地", None],
        [1, CODE_1, "甲", "浒山街道", 10, 2, "是"],
        [2, "91330282MA2H00002X", "乙", None, Formula("=E4+1"), 3, "否"],
        [3, "91330282MA2H00003X", "丙", None, 30, 4, "是"],
        [4, "91330282MA2H00004X", "丁", "周巷镇", 40, 5, "是"],
        ["合计", None, None, None, Formula("=SUM(E4:E7)"), Formula("=SUM(F4:F7)"), None],
    ]
    merges = ["A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3", "D4:D6"]
    table, data, summary = table_of(openpyxl_book(tmp_path / "merged.xlsx", rows, merges), enterprises())
    assert summary["header_rows"] == [2, 3]
    assert summary["headers"] == ["序号", "统一社会信用代码", "企业名称", "所属镇街", "从业人员/人数",
                                  "从业人员/其中外地", "是否规上"]
    assert data == [
        (4, ["1", CODE_1, "甲", "浒山街道", "10", "2", "是"]),
        (5, ["2", "91330282MA2H00002X", "乙", "浒山街道", "=E4+1", "3", "否"]),
        (6, ["3", "91330282MA2H00003X", "丙", "浒山街道", "30", "4", "是"]),
        (7, ["4", "91330282MA2H00004X", "丁", "周巷镇", "40", "5", "是"]),
    ]
    assert skipped_rows(summary) == [(1, "title"), (8, "totals")]
    assert (summary["format"], summary["uncached_formulas"]) == ("xlsx", 3)


def test_group_header_above_the_best_row(tmp_path):
    rows = [
        ["企业基本情况", None, None, "从业人员", None],
        ["统一社会信用代码", "企业名称", "所属镇街", "人数", "其中外地"],
        [CODE_1, "甲", "浒山街道", 10, 2],
    ]
    path = xlsxwriter_book(tmp_path / "group.xlsx", rows, ["A1:C1", "D1:E1"])
    table, data, summary = table_of(path, enterprises())
    assert summary["header_rows"] == [1, 2]
    assert column_fates(summary) == [
        "A 企业基本情况/统一社会信用代码 → uscc (synonym 1)",
        "B 企业基本情况/企业名称 → name (synonym 1)",
        "C 企业基本情况/所属镇街 → town (synonym 1)",
        "D 从业人员/人数 → employees (synonym 1)",
        "E 从业人员/其中外地 ✗ unknown [employees]",
    ]
    assert data == [(3, [CODE_1, "甲", "浒山街道", "10", "2"])]


def test_cached_formulas_read_as_their_values_and_a_totals_row_without_a_word(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员数"],
        [CODE_1, "甲", Formula("=100+20", 120)],
        ["91330282MA2H00002X", "乙", 80],
        [None, None, Formula("=SUM(C2:C3)", 200)],
    ]
    table, data, summary = table_of(xlsxwriter_book(tmp_path / "cached.xlsx", rows), enterprises())
    assert data == [(2, [CODE_1, "甲", "120"]), (3, ["91330282MA2H00002X", "乙", "80"])]
    assert skipped_rows(summary) == [(4, "totals")]
    assert summary["uncached_formulas"] == 0


def test_sections_subtotals_and_a_grand_total(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员数"],
        ["一、浒山街道"],
        [CODE_1, "甲", 10],
        ["91330282MA2H00002X", "乙", 20],
        ["浒山街道小计", None, 30],
        ["二、周巷镇"],
        ["91330282MA2H00003X", "丙", 5],
        [None, None, 5],                       # a subtotal without a word: the section's sum
        ["总计", None, 35],
        ["91330282MA2H00004X", "丁", 35],     # a firm whose number happens to equal the total
    ]
    path = xlsxwriter_book(tmp_path / "sections.xlsx", rows, ["A2:C2", "A6:C6"])
    table, data, summary = table_of(path, enterprises())
    assert [n for n, _c in data] == [3, 4, 7, 10]
    assert skipped_rows(summary) == [(2, "section"), (5, "totals"), (6, "section"), (8, "totals"), (9, "totals")]
    assert summary["skipped"][0]["text"] == "一、浒山街道"


def test_a_repeated_header_row_is_skipped_not_rejected(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员数"],
        [CODE_1, "甲", "10"],
        ["统一社会信用代码", "企业名称", "从业人员数"],
        ["91330282MA2H00002X", "乙", "20"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "pages.csv", rows), enterprises())
    assert [n for n, _c in data] == [2, 4]
    assert skipped_rows(summary) == [(3, "repeated_header")]


def test_a_firm_whose_code_is_missing_is_data_even_if_its_numbers_match_a_sum(tmp_path):
    # 30 = 10 + 20, but a row naming a firm is that firm with its code missing
    # (rejected with the reason), never a totals row dropped in silence.
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员数"],
        [CODE_1, "甲", "10"],
        ["91330282MA2H00002X", "乙", "20"],
        ["", "丙", "30"],
        ["", "", "60"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "missing.csv", rows), enterprises())
    assert [n for n, _c in data] == [2, 3, 4]
    assert skipped_rows(summary) == [(5, "totals")]


def test_the_header_is_the_row_naming_the_most_fields(tmp_path):
    rows = [
        ["企业名称：慈溪市经信局汇总"],            # info, though it names a field
        ["企业名单"],
        ["名称", "备注"],                         # one field: not the header
        [],
        ["序号", "统一社会信用代码", "企业名称", "从业人数"],
        ["1", CODE_1, "甲", "5"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "best.csv", rows), enterprises())
    assert summary["header_rows"] == [5]
    assert skipped_rows(summary) == [(1, "info"), (2, "title"), (3, "above_header")]
    assert data == [(6, ["1", CODE_1, "甲", "5"])]


def test_no_header_in_the_first_twenty_rows_is_refused_with_examples(tmp_path):
    rows = [[f"说明第{i}行"] for i in range(1, 22)] + [["统一社会信用代码", "企业名称"], [CODE_1, "甲"]]
    with translation.override("en"), pytest.raises(TabularError) as caught:
        read_for_import(csv_file(tmp_path / "deep.csv", rows), enterprises(), max_bytes=MB)
    assert caught.value.code == "no_header"
    with translation.override("en"):
        assert str(caught.value) == (
            "No header row was found in the first 20 rows: none of them names a column we know "
            "(for example 统一社会信用代码、企业名称、企业简称、所属镇街).")


def test_import_result_counts_skipped_rows_from_its_layout():
    result = ImportResult(layout={"skipped": [{"row": 1, "why": "title", "text": "x"}]})
    assert (result.skipped, result.rejected) == (1, 0)


def test_a_repeated_header_with_a_serial_column_and_one_in_the_key_column_only(tmp_path):
    rows = [
        ["序号", "统一社会信用代码", "企业名称", "从业人数"],
        ["1", CODE_1, "甲", "10"],
        ["序号", "统一社会信用代码", "企业名称", "从业人数"],   # the whole header again
        ["", "统一社会信用代码", "", ""],                     # its key cell only (a pasted fragment)
        ["2", "91330282MA2H00002X", "乙", "20"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "again.csv", rows), enterprises())
    assert [n for n, _c in data] == [2, 5]
    assert skipped_rows(summary) == [(3, "repeated_header"), (4, "repeated_header")]


def test_a_repeated_merged_two_row_header_is_skipped_whole(tmp_path):
    # Its key cell is merged down both rows: filled down, both rows hold the key header.
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员", None],
        [None, None, "人数", "其中外地"],
        [CODE_1, "甲", 10, 2],
        ["统一社会信用代码", "企业名称", "从业人员", None],
        [None, None, "人数", "其中外地"],
        ["91330282MA2H00002X", "乙", 20, 3],
    ]
    merges = ["A1:A2", "B1:B2", "C1:D1", "A4:A5", "B4:B5", "C4:D4"]
    table, data, summary = table_of(openpyxl_book(tmp_path / "again2.xlsx", rows, merges), enterprises())
    assert summary["header_rows"] == [1, 2]
    assert [n for n, _c in data] == [3, 6]
    assert skipped_rows(summary) == [(4, "repeated_header"), (5, "repeated_header")]


def test_a_repeated_two_row_header_in_a_csv_is_skipped_whole(tmp_path):
    rows = [
        ["统一社会信用代码", "企业名称", "从业人员", ""],
        ["", "", "人数", "其中外地"],
        [CODE_1, "甲", "10", "2"],
        ["统一社会信用代码", "企业名称", "从业人员", ""],
        ["", "", "人数", "其中外地"],
        ["91330282MA2H00002X", "乙", "20", "3"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "again2.csv", rows), enterprises())
    assert summary["header_rows"] == [1, 2]
    assert [n for n, _c in data] == [3, 6]
    assert skipped_rows(summary) == [(4, "repeated_header"), (5, "repeated_header")]


def test_a_title_split_over_two_cells_is_not_a_group_header(tmp_path):
    rows = [
        ["慈溪市规上工业企业名单", "", "", "2024年度"],
        ["统一社会信用代码", "企业名称", "所属镇街", "从业人数"],
        [CODE_1, "甲", "浒山街道", "10"],
    ]
    table, data, summary = table_of(csv_file(tmp_path / "split-title.csv", rows), enterprises())
    assert summary["header_rows"] == [2]
    assert summary["headers"] == ["统一社会信用代码", "企业名称", "所属镇街", "从业人数"]
    assert skipped_rows(summary) == [(1, "above_header")]


def test_a_fuzzy_match_also_reads_the_header_outside_its_brackets():
    # 企业统一社会信用代码 is 0.89 like 统一社会信用代码; the bracket would drag it under 0.8.
    assert fates(["企业统一社会信用代码（18位）", "企业名称"], enterprises()) == [
        "A 企业统一社会信用代码（18位） → uscc (fuzzy 0.84)", "B 企业名称 → name (synonym 1)"]


@pytest.mark.parametrize("merged", [True, False])
def test_a_section_title_right_under_the_header_is_not_a_lower_header_row(tmp_path, merged):
    rows = [
        ["序号", "统一社会信用代码", "企业名称", "从业人数"],
        ["一、浒山街道"],
        ["1", CODE_1, "甲", "10"],
    ]
    path = (xlsxwriter_book(tmp_path / "s.xlsx", rows, ["A2:D2"]) if merged
            else csv_file(tmp_path / "s.csv", rows))
    table, data, summary = table_of(path, enterprises())
    assert (summary["header_rows"], summary["headers"]) == ([1], rows[0])
    if merged:
        assert (skipped_rows(summary), [n for n, _c in data]) == ([(2, "section")], [3])
    else:   # no merge to tell a section by: a row with its key missing, which the importer rejects
        assert (skipped_rows(summary), [n for n, _c in data]) == ([], [2, 3])


def test_a_table_that_starts_in_column_b(tmp_path):
    # calamine drops the empty column A: merges and formula cells must follow.
    rows = [
        [None, "名单"],
        [None, "统一社会信用代码", "企业名称", "所属镇街", "从业人数"],
        [None, CODE_1, "甲", "浒山街道", 10],
        [None, "91330282MA2H00002X", "乙", None, Formula("=E3*2")],
        [None, "合计", None, None, Formula("=SUM(E3:E4)")],
    ]
    path = openpyxl_book(tmp_path / "shifted.xlsx", rows, ["B1:E1", "D3:D4"])
    table, data, summary = table_of(path, enterprises())
    assert summary["header_rows"] == [2]
    assert data == [(3, [CODE_1, "甲", "浒山街道", "10"]), (4, ["91330282MA2H00002X", "乙", "浒山街道", "=E3*2"])]
    assert skipped_rows(summary) == [(1, "title"), (5, "totals")]
    assert column_fates(summary)[0] == "A 统一社会信用代码 → uscc (synonym 1)"
