"""Importing a lead firm's supplier list from real files: links with exact
values, pending suppliers placed where they are, every bad row named, and a
re-run that changes nothing."""
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.chains.domain import ensure_chain
from lianfu.chains.enums import Essential, LinkSource
from lianfu.chains.importing import jobs
from lianfu.chains.importing.columns import LABELS
from lianfu.chains.importing.suppliers import import_suppliers
from lianfu.chains.models import Chain, ChainMember, SupplyLink
from lianfu.common.enums import JobStatus
from lianfu.common.models import ActivityLog, ImportJob
from lianfu.common.tabular import write_xlsx
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.enums import EnterpriseStatus
from lianfu.registry.models import Enterprise
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.chains import link
from tests.registry.test_import import write_csv as write_registry_csv

pytestmark = pytest.mark.django_db

HEADERS = ["配套企业统一社会信用代码", "配套企业名称", "供应产品", "年供货额（万元）", "是否关键", "库存天数", "供货给",
           "地址", "所在镇街"]
ENGLISH = ["supplier_credit_code", "supplier_name", "item", "annual_value", "essential", "stock_days", "supplies_to",
           "address", "town"]
A = uscc_from_number(101)             # registered in Cixi (330282)
S = uscc_from_number(102)
T = uscc_from_number(103, "330281")   # registered in Yuyao
CITY = uscc_from_number(104, "330200")  # registered by Ningbo city: the code names no county
YUYAO = "330281000000"


def tiers(firm_y) -> list[list]:
    """lead ← A ← S ← T, lead ← firm_y ← S."""
    return [
        [A, "甲铜业有限公司", "铜件", "300", "是", "3", "", "浙江省慈溪市浒山街道北三环东路1号", ""],
        [firm_y.uscc, "改名了的周盛汽配", "冲压件", "1,200.5", "否", "", "", "", ""],
        [S, "丁电镀有限公司", "镀件", "50", "", "", A, "慈溪市周巷镇兴业北路8号", ""],
        [S, "", "镀件", "20", "", "", firm_y.uscc, "", ""],
        [T, "戊钢材有限公司", "钢板", "10", "", "0", S, "", ""],
    ]


def write_csv(path: Path, rows, headers=HEADERS, encoding="utf-8") -> Path:
    return write_registry_csv(path, rows, headers, encoding)


def write_book(path: Path, rows, headers=HEADERS) -> Path:
    write_xlsx(path, headers, rows, sheet_name="配套企业")
    return path


def run(path: Path, lead, user=None):
    return import_suppliers(path, lead=lead, max_bytes=10 * 2**20, user=user)


def counts(result) -> tuple:
    return result.rows, result.created, result.updated, result.unchanged, result.rejected


def links() -> set[tuple]:
    with scopes_disabled():
        return {(li.supplier.uscc, li.buyer.uscc, li.item, li.annual_value, li.essential, li.stock_days, li.source)
                for li in SupplyLink.objects.select_related("supplier", "buyer")}


def firm(code: str) -> Enterprise:
    with scopes_disabled():
        return Enterprise.objects.get(uscc=code)


def members(lead) -> dict[str, tuple]:
    with scopes_disabled():
        return {m.enterprise.uscc: (m.tier, m.county_code, m.in_county)
                for m in ChainMember.objects.filter(chain__lead=lead).select_related("enterprise")}


def test_tiers_declared_with_supplies_to_become_exact_links(tmp_path, firm_x, firm_y):
    result = run(write_book(tmp_path / "suppliers.xlsx", tiers(firm_y)), firm_x)
    assert counts(result) == (5, 5, 0, 0, 0)
    lead = firm_x.uscc
    assert links() == {
        (A, lead, "铜件", Decimal("300.00"), Essential.YES, Decimal("3.0"), LinkSource.IMPORTED),
        (firm_y.uscc, lead, "冲压件", Decimal("1200.50"), Essential.NO, None, LinkSource.IMPORTED),
        (S, A, "镀件", Decimal("50.00"), Essential.UNKNOWN, None, LinkSource.IMPORTED),
        (S, firm_y.uscc, "镀件", Decimal("20.00"), Essential.UNKNOWN, None, LinkSource.IMPORTED),
        (T, S, "钢板", Decimal("10.00"), Essential.UNKNOWN, Decimal("0.0"), LinkSource.IMPORTED),
    }


def test_new_suppliers_are_pending_and_placed_by_address_or_credit_code(tmp_path, firm_x, firm_y):
    run(write_book(tmp_path / "suppliers.xlsx", tiers(firm_y)), firm_x)
    a, s, t = firm(A), firm(S), firm(T)
    assert (a.name, a.status, a.division_id, a.address) == (
        "甲铜业有限公司", EnterpriseStatus.PENDING, TOWN_A, "浙江省慈溪市浒山街道北三环东路1号")
    assert (s.name, s.status, s.division_id) == ("丁电镀有限公司", EnterpriseStatus.PENDING, TOWN_B)
    assert (t.name, t.status, t.division_id) == ("戊钢材有限公司", EnterpriseStatus.PENDING, YUYAO)
    # A registered firm keeps its own name and town whatever the list says.
    y = firm(firm_y.uscc)
    assert (y.name, y.division_id, y.status) == ("慈溪市周盛汽配有限公司", TOWN_B, EnterpriseStatus.ACTIVE)


def test_a_code_naming_no_county_falls_back_on_the_address_then_the_declared_place(tmp_path, firm_x):
    other = uscc_from_number(105, "330200")
    rows = [
        [CITY, "己模具有限公司", "", "5", "", "", "", "浙江省余姚市阳明街道新建路2号", ""],
        [other, "庚五金有限公司", "", "6", "", "", "", "", "周巷镇"],
    ]
    assert counts(run(write_csv(tmp_path / "places.csv", rows), firm_x)) == (2, 2, 0, 0, 0)
    assert (firm(CITY).division_id, firm(other).division_id) == (YUYAO, TOWN_B)


def test_chain_members_follow_the_import_with_exact_tiers(tmp_path, firm_x, firm_y):
    run(write_book(tmp_path / "suppliers.xlsx", tiers(firm_y)), firm_x)
    assert members(firm_x) == {
        A: (1, "330282", True), firm_y.uscc: (1, "330282", True), S: (2, "330282", True), T: (3, "330281", False),
    }


def test_chains_that_reach_the_lead_are_refreshed_too(tmp_path, firm_x, firm_y):
    link(firm_x, firm_y, 80)
    ensure_chain(actor=None, lead=firm_y)
    assert members(firm_y) == {firm_x.uscc: (1, "330282", True)}
    rows = [[A, "甲铜业有限公司", "铜件", "300", "", "", "", "", ""]]
    run(write_csv(tmp_path / "suppliers.csv", rows), firm_x)
    assert members(firm_y) == {firm_x.uscc: (1, "330282", True), A: (2, "330282", True)}


def test_bad_rows_are_rejected_with_row_column_value_and_reason(tmp_path, firm_x):
    unknown = uscc_from_number(200)
    bad_check = A[:-1] + ("0" if A[-1] != "0" else "1")
    x, neg, orphan = uscc_from_number(201), uscc_from_number(202), uscc_from_number(203)
    rows = [
        [A, "甲铜业有限公司", "铜件", "300", "", "", "", "", ""],          # 2 good
        [bad_check, "校验位错误", "", "10", "", "", "", "", ""],           # 3
        [S, "丁电镀有限公司", "", "10", "", "", unknown, "", ""],          # 4 target not in the list
        [firm_x.uscc, "", "", "10", "", "", "", "", ""],                   # 5 the lead supplying itself
        [x, "辛有限公司", "", "10", "", "", x, "", ""],                    # 6 self-link
        [neg, "壬有限公司", "", "-5", "", "", "", "", ""],                 # 7
        [neg, "壬有限公司", "", "0", "", "", "", "", ""],                  # 8
        [A, "", "铜件", "300", "", "", firm_x.uscc, "", ""],               # 9 same pair as row 2
        [uscc_from_number(204), "", "", "10", "", "", "", "", ""],         # 10 new firm without a name
        [uscc_from_number(205), "癸有限公司", "", "10", "", "-1", "", "", ""],  # 11
        [uscc_from_number(206), "子有限公司", "", "abc", "", "", "", "", ""],  # 12
        [orphan, "丑有限公司", "", "10", "", "", neg, "", ""],             # 13 its target's rows were rejected
        [uscc_from_number(207), "寅有限公司", "", "10", "", "", orphan, "", ""],  # 14 ...and so in turn
    ]
    with translation.override("en"):
        result = run(write_csv(tmp_path / "bad.csv", rows), firm_x)
        label = {field: str(text) for field, text in LABELS.items()}
    assert counts(result) == (13, 1, 0, 0, 12)
    assert [(r.row, r.field, r.value) for r in result.rejections] == [
        (3, label["supplier_credit_code"], bad_check),
        (4, label["supplies_to"], unknown),
        (5, label["supplier_credit_code"], firm_x.uscc),
        (6, label["supplies_to"], x),
        (7, label["annual_value"], "-5"),
        (8, label["annual_value"], "0"),
        (9, label["supplier_credit_code"], A),
        (10, label["supplier_name"], ""),
        (11, label["stock_days"], "-1"),
        (12, label["annual_value"], "abc"),
        (13, label["supplies_to"], neg),
        (14, label["supplies_to"], orphan),
    ]
    reasons = {r.row: r.reason for r in result.rejections}
    assert reasons[3].startswith("the check character (the last one) should be ")
    assert "not in this list" in reasons[4]
    assert "its own supplier" in reasons[5] and "its own supplier" in reasons[6]
    assert "greater than 0" in reasons[7] and "greater than 0" in reasons[8]
    assert reasons[12] == "「abc」 is not a number"
    assert "row 2" in reasons[9]
    assert "name is needed" in reasons[10]
    assert "0 or more" in reasons[11]
    assert "row 7, 8" in reasons[13] and "row 13" in reasons[14]
    assert links() == {(A, firm_x.uscc, "铜件", Decimal("300.00"), Essential.UNKNOWN, None, LinkSource.IMPORTED)}
    with scopes_disabled():
        assert set(Enterprise.objects.values_list("uscc", flat=True)) == {firm_x.uscc, A}


def test_supplies_to_may_name_a_supplier_listed_further_down(tmp_path, firm_x):
    rows = [[S, "丁电镀有限公司", "镀件", "50", "", "", A, "", ""],
            [A, "甲铜业有限公司", "铜件", "300", "", "", firm_x.uscc, "", ""]]
    assert counts(run(write_csv(tmp_path / "order.csv", rows), firm_x)) == (2, 2, 0, 0, 0)
    assert {(s, b) for s, b, *_rest in links()} == {(S, A), (A, firm_x.uscc)}


def test_gbk_csv_with_other_chinese_headers(tmp_path, firm_x):
    headers = ["供应商信用代码", "供应商名称", "配套产品", "年采购额", "关键物料", "库存(天)", "下游企业信用代码",
               "地址", "所在地"]
    rows = [[A, "慈溪市甲铜业有限公司", "紫铜管", "88.8", "否", "2.5", "", "", "浒山街道"]]
    result = run(write_csv(tmp_path / "gbk.csv", rows, headers, encoding="gbk"), firm_x)
    assert counts(result) == (1, 1, 0, 0, 0)
    assert links() == {(A, firm_x.uscc, "紫铜管", Decimal("88.80"), Essential.NO, Decimal("2.5"), LinkSource.IMPORTED)}
    assert (firm(A).name, firm(A).division_id) == ("慈溪市甲铜业有限公司", TOWN_A)


def test_english_headers_are_understood(tmp_path, firm_x, firm_y):
    result = run(write_csv(tmp_path / "en.csv", tiers(firm_y), ENGLISH), firm_x)
    assert counts(result) == (5, 5, 0, 0, 0)
    assert len(links()) == 5


def test_rerunning_the_same_file_changes_nothing(tmp_path, firm_x, firm_y, personas):
    path = write_book(tmp_path / "suppliers.xlsx", tiers(firm_y))
    run(path, firm_x, personas["firm_x"])
    before = (SupplyLink.history.count(), Enterprise.history.count(), links(), members(firm_x))
    with scopes_disabled():
        member_ids = set(ChainMember.objects.values_list("pk", flat=True))
    result = run(path, firm_x, personas["firm_x"])
    assert counts(result) == (5, 0, 0, 5, 0)
    assert (SupplyLink.history.count(), Enterprise.history.count(), links(), members(firm_x)) == before
    with scopes_disabled():
        assert set(ChainMember.objects.values_list("pk", flat=True)) == member_ids
        assert Chain.objects.count() == 1


def test_a_changed_value_updates_the_link_and_adds_one_history_row(tmp_path, firm_x, firm_y, personas):
    user = personas["firm_x"]
    link(firm_y, firm_x, 100, item="冲压件", essential=Essential.YES, source=LinkSource.BUYER)
    rows = [[A, "甲铜业有限公司", "铜件", "300", "是", "3", "", "", ""],
            [firm_y.uscc, "", "", "100", "", "", "", "", ""]]
    run(write_csv(tmp_path / "first.csv", rows), firm_x, user)
    rows[0][2:6] = ["", "350", "", ""]   # blank item, essential and stock days keep the stored ones
    result = run(write_csv(tmp_path / "second.csv", rows), firm_x, user)
    assert counts(result) == (2, 0, 1, 1, 0)
    assert links() == {
        (A, firm_x.uscc, "铜件", Decimal("350.00"), Essential.YES, Decimal("3.0"), LinkSource.IMPORTED),
        (firm_y.uscc, firm_x.uscc, "冲压件", Decimal("100.00"), Essential.YES, None, LinkSource.BUYER),
    }
    with scopes_disabled():
        history = SupplyLink.history.filter(supplier__uscc=A).order_by("history_id")
        assert [(h.history_type, h.history_user, h.annual_value) for h in history] == [
            ("+", user, Decimal("300.00")), ("~", user, Decimal("350.00"))]
        assert Enterprise.history.filter(uscc=A).get().history_user == user


def test_cli_imports_for_a_lead_and_writes_the_report(tmp_path, firm_x, firm_y, personas, capsys):
    rows = [*tiers(firm_y), ["123", "坏代码", "", "10", "", "", "", "", ""]]
    report = tmp_path / "rejects.xlsx"
    call_command("import_data", "suppliers", "--lead", firm_x.uscc, str(write_csv(tmp_path / "cli.csv", rows)),
                 "--report", str(report), "--as", "p_town_a")
    assert "6 rows: 5 created, 0 updated, 0 unchanged, 1 rejected" in capsys.readouterr().out
    rejected = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()[1:]
    assert [(int(r[0]), r[1], r[2]) for r in rejected] == [(7, "123", "坏代码")]
    assert len(links()) == 5
    job = ImportJob.objects.get()
    assert (job.kind, job.options["lead"], job.created_by) == ("suppliers", firm_x.pk, personas["town_a"])
    assert ActivityLog.objects.filter(action="import.suppliers.done", division_code=TOWN_A).count() == 1


def test_cli_needs_a_registered_lead(tmp_path, firm_x):
    with pytest.raises(CommandError, match="no enterprise has this credit code"):
        call_command("import_data", "suppliers", "--lead", A, str(write_csv(tmp_path / "x.csv", [])))


@pytest.mark.parametrize("username", ["p_firm_y", "p_town_b", "p_liaison_a"])
def test_cli_as_a_user_without_the_right_is_refused(tmp_path, firm_x, firm_y, personas, username):
    path = write_csv(tmp_path / "x.csv", tiers(firm_y))
    with pytest.raises(CommandError, match="may not import the suppliers"):
        call_command("import_data", "suppliers", "--lead", firm_x.uscc, str(path), "--as", username)
    assert links() == set()


def test_a_job_whose_lead_is_gone_fails_cleanly(tmp_path):
    path = write_csv(tmp_path / "x.csv", [])
    job = jobs.run_job(ImportJob.objects.create(kind="suppliers", original_name="x.csv", stored_path=str(path),
                                                options={"lead": 987654}))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None and job.error
