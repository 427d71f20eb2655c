"""Origin risk levels: which entry decides (county over city over province, the
latest start among equals, last days included), the county's list page (who may
keep it, every change logged), and importing a notice's list."""
import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog, ImportJob
from lianfu.registry.models import Division
from lianfu.workforce import areas
from lianfu.workforce.enums import RiskLevel
from lianfu.workforce.importing.risk_columns import LABELS
from lianfu.workforce.importing.risks import import_risks
from lianfu.workforce.models import OriginRisk
from lianfu.workforce.risk import RiskBook, chain_of, risk_on
from tests.conftest import COUNTY
from tests.workforce.origins_world import (  # noqa: F401  (labour, labour_yuyao: fixtures)
    ANHUI,
    BAZHONG,
    FEIDONG,
    FUYANG,
    HEFEI,
    HUBEI,
    JIESHOU,
    LINQUAN,
    PINGCHANG,
    YUYAO_COUNTY,
    cells,
    day,
    labour,
    labour_yuyao,
    risk,
    write_sheet,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db
LOW, MEDIUM, HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH


# -- which entry decides -------------------------------------------------------------------------------------

def test_a_code_is_decided_by_its_county_then_its_city_then_its_province():
    assert chain_of(LINQUAN) == [LINQUAN, FUYANG, ANHUI]
    assert chain_of("341221") == [LINQUAN, FUYANG, ANHUI]
    assert chain_of(FUYANG) == [FUYANG, ANHUI]
    assert chain_of("34") == [ANHUI]
    assert chain_of("341221100000") == [LINQUAN, FUYANG, ANHUI]      # a town stands for its county
    assert chain_of("12345") == chain_of("") == chain_of("34a") == []


def test_the_most_specific_entry_in_force_wins():
    risk(ANHUI, HIGH, "2020-02-01")
    risk(FUYANG, MEDIUM, "2020-02-10")
    risk(LINQUAN, LOW, "2020-02-15")
    on_20 = RiskBook(COUNTY, day("2020-02-20"))
    assert [on_20.level(code) for code in (LINQUAN, JIESHOU, FUYANG, HEFEI, FEIDONG, ANHUI, HUBEI)] == [
        LOW, MEDIUM, MEDIUM, HIGH, HIGH, HIGH, None]
    on_12 = RiskBook(COUNTY, day("2020-02-12"))       # the county's own entry starts on the 15th
    assert [on_12.level(code) for code in (LINQUAN, JIESHOU, HEFEI)] == [MEDIUM, MEDIUM, HIGH]
    on_05 = RiskBook(COUNTY, day("2020-02-05"))       # only the province's
    assert [on_05.level(code) for code in (LINQUAN, FUYANG, ANHUI)] == [HIGH, HIGH, HIGH]
    assert RiskBook(COUNTY, day("2020-01-31")).level(LINQUAN) is None


def test_the_last_day_is_included_and_the_next_day_falls_back():
    risk(ANHUI, LOW, "2020-01-20")
    risk(FUYANG, HIGH, "2020-02-01", "2020-02-10")
    assert risk_on(FUYANG, day("2020-01-31"), COUNTY) == LOW
    assert risk_on(FUYANG, day("2020-02-01"), COUNTY) == HIGH
    assert risk_on(LINQUAN, day("2020-02-10"), COUNTY) == HIGH
    assert risk_on(LINQUAN, day("2020-02-11"), COUNTY) == LOW


def test_among_entries_for_one_area_the_latest_start_wins():
    risk(FUYANG, HIGH, "2020-02-01")
    risk(FUYANG, LOW, "2020-02-15", "2020-02-20")
    assert risk_on(FUYANG, day("2020-02-14"), COUNTY) == HIGH
    assert risk_on(FUYANG, day("2020-02-15"), COUNTY) == LOW
    assert risk_on(FUYANG, day("2020-02-20"), COUNTY) == LOW
    assert risk_on(FUYANG, day("2020-02-21"), COUNTY) == HIGH     # the later one ended: the earlier still runs


def test_each_county_reads_its_own_list_only():
    risk(FUYANG, HIGH, "2020-02-01", county=YUYAO_COUNTY)
    assert risk_on(FUYANG, day("2020-02-02"), COUNTY) is None
    assert risk_on(FUYANG, day("2020-02-02"), YUYAO_COUNTY) == HIGH
    assert risk_on(FUYANG, day("2020-02-02"), Division.objects.get(code=YUYAO_COUNTY)) == HIGH
    assert risk_on("not a code", day("2020-02-02"), YUYAO_COUNTY) is None


def test_the_book_reads_the_list_once_whatever_it_is_asked(django_assert_num_queries):
    risk(ANHUI, HIGH, "2020-02-01")
    risk(LINQUAN, LOW, "2020-02-01")
    with django_assert_num_queries(1):
        book = RiskBook(COUNTY, day("2020-02-02"))
        levels = [book.level(code) for code in (LINQUAN, JIESHOU, FUYANG, HEFEI) * 500]
    assert levels[:4] == [LOW, HIGH, HIGH, HIGH]
    assert book.entry(JIESHOU).division_id == ANHUI


@pytest.mark.parametrize(("text", "code"), [
    ("安徽省阜阳市", FUYANG), ("安徽省阜阳市临泉县", LINQUAN), ("安徽阜阳临泉", LINQUAN), ("阜阳市临泉县", LINQUAN),
    ("临泉县", LINQUAN), ("341221", LINQUAN), ("3412", FUYANG), ("34", ANHUI), (FUYANG, FUYANG),
    ("北京市朝阳区", "110105000000"), ("湖北省仙桃市", "429004000000"), ("四川 巴中 平昌县", PINGCHANG),
    ("朝阳区", None), ("不存在省", None), ("330282004000", None), ("", None),
])
def test_areas_are_read_by_name_or_code_never_guessed(text, code):
    found = areas.resolve(text)
    assert (found.code if found else None) == code


# -- the county's list page ----------------------------------------------------------------------------------

def test_the_labour_officer_adds_edits_and_ends_entries_and_each_change_is_logged(login, personas, labour,
                                                                                 labour_yuyao):
    assert login(personas["town_a"]).post(reverse("workforce:risk_levels"), {
        "area": "安徽省阜阳市", "level": HIGH, "effective_from": "2020-02-01"}).status_code == 403
    client = login(labour)
    url = reverse("workforce:risk_levels")
    added = client.post(url, {"area": "安徽省阜阳市", "level": HIGH, "effective_from": "2020-02-01",
                              "source": "国务院联防联控机制 2020-02-24"})
    assert added.status_code == 302
    with scopes_disabled():
        entry = OriginRisk.objects.get()
    assert (entry.county_id, entry.division_id, entry.level, entry.effective_from, entry.effective_to,
            entry.created_by) == (COUNTY, FUYANG, HIGH, day("2020-02-01"), None, labour)
    page = client.get(url)
    assert page.status_code == 200 and "安徽省阜阳市" in page.content.decode()
    assert login(labour_yuyao).post(reverse("workforce:risk_edit", args=[entry.pk]), {
        "area": "341200", "level": LOW, "effective_from": "2020-02-01"}).status_code == 404
    edited = client.post(reverse("workforce:risk_edit", args=[entry.pk]), {
        "area": "341200", "level": MEDIUM, "effective_from": "2020-02-01", "source": entry.source})
    assert edited.status_code == 302
    ended = client.post(reverse("workforce:risk_end", args=[entry.pk]), {"day": "2020-02-29"})
    assert ended.status_code == 302
    entry.refresh_from_db()
    assert (entry.level, entry.effective_to) == (MEDIUM, day("2020-02-29"))
    log = list(ActivityLog.objects.order_by("id").values_list("action", "division_code", "subject_id"))
    assert log == [("origin_risk.added", COUNTY, str(entry.pk)), ("origin_risk.changed", COUNTY, str(entry.pk)),
                   ("origin_risk.ended", COUNTY, str(entry.pk))]
    changed = ActivityLog.objects.get(action="origin_risk.changed")
    assert changed.data["fields"] == ["level"] and changed.data["before"]["level"] == HIGH
    with translation.override("en"):
        from lianfu.common.activity_words import describe
        sentences = describe(ActivityLog.objects.order_by("id").select_related("actor"))
    assert sentences[0] == "p_labour listed 阜阳市 as High risk from 2020-02-01"
    assert sentences[2] == "p_labour ended the risk entry for 阜阳市 on 2020-02-29"


def test_the_form_says_what_is_wrong_next_to_the_field_and_keeps_what_was_typed(login, personas, labour):
    assert login(personas["county"]).post(reverse("workforce:risk_levels"), {
        "area": "不存在的地方", "level": HIGH, "effective_from": "2020-02-01"}).status_code == 403
    client = login(labour)
    url = reverse("workforce:risk_levels")
    unknown = client.post(url, {"area": "不存在的地方", "level": HIGH, "effective_from": "2020-02-01"})
    assert unknown.status_code == 400
    assert unknown.context["form"].errors["area"] and 'value="不存在的地方"' in unknown.content.decode()
    backwards = client.post(url, {"area": "临泉县", "level": LOW, "effective_from": "2020-02-10",
                                  "effective_to": "2020-02-01"})
    assert list(backwards.context["form"].errors) == ["effective_to"]
    client.post(url, {"area": "临泉县", "level": LOW, "effective_from": "2020-02-10"})
    twice = client.post(url, {"area": "341221", "level": HIGH, "effective_from": "2020-02-10"})
    assert list(twice.context["form"].errors) == ["effective_from"]
    with scopes_disabled():
        entry = OriginRisk.objects.get()
    early = client.post(reverse("workforce:risk_end", args=[entry.pk]), {"day": "2020-02-09"}, follow=True)
    assert early.status_code == 200
    entry.refresh_from_db()
    assert entry.effective_to is None
    assert ActivityLog.objects.filter(action__startswith="origin_risk.").count() == 1


def test_only_the_labour_bureau_keeps_the_list_and_each_county_its_own(login, personas, labour, labour_yuyao):
    ours = risk(FUYANG, HIGH, "2020-02-01")
    theirs = risk(LINQUAN, LOW, "2020-02-01", county=YUYAO_COUNTY)
    pages = [reverse("workforce:risk_levels"), reverse("workforce:risk_import"),
             reverse("workforce:risk_edit", args=[ours.pk])]
    for name in ("county", "town_a", "town_b", "liaison_a", "firm_x", "firm_y"):
        client = login(personas[name])
        assert [client.get(url).status_code for url in pages] == [403, 403, 403], name
        assert client.post(reverse("workforce:risk_end", args=[ours.pk]), {"day": "2020-03-01"}).status_code == 403
    yuyao = login(labour_yuyao)
    listed = yuyao.get(reverse("workforce:risk_levels"))
    assert [e.pk for e in listed.context["current"] + listed.context["others"]] == [theirs.pk]
    assert yuyao.get(reverse("workforce:risk_edit", args=[ours.pk])).status_code == 404
    assert yuyao.post(reverse("workforce:risk_end", args=[ours.pk]), {"day": "2020-03-01"}).status_code == 404
    assert login(labour).get(reverse("workforce:risk_edit", args=[theirs.pk])).status_code == 404
    # The administrator keeps the home county's list.
    admin = login(personas["admin"]).get(reverse("workforce:risk_levels"))
    assert [e.pk for e in admin.context["current"] + admin.context["others"]] == [ours.pk]
    ours.refresh_from_db()
    assert ours.effective_to is None


def test_the_list_exports_with_its_areas_and_days(login, personas, labour, labour_yuyao):
    risk(FUYANG, HIGH, "2020-02-01", source='=HYPERLINK("x")')
    assert login(personas["firm_x"]).get(reverse("workforce:risk_levels") + "?export=xlsx").status_code == 403
    assert len(xlsx_rows(login(labour_yuyao).get(reverse("workforce:risk_levels") + "?export=xlsx"))) == 1
    rows = xlsx_rows(login(labour).get(reverse("workforce:risk_levels") + "?export=xlsx"))
    with translation.override("zh-hans"):
        high = str(RiskLevel.HIGH.label)
    assert len(rows) == 2 and rows[1][:3] == ["安徽省阜阳市", FUYANG, high]
    assert rows[1][6] == '=HYPERLINK("x")'          # kept as text, never a formula


# -- importing a notice's list -------------------------------------------------------------------------------

NOTICE = "关于调整部分地区疫情风险等级的通知（2020年2月24日）"
HEADERS = ["序号", "地区", "风险等级", "生效日期", "截止日期", "来源"]
ROWS = [
    ["1", "安徽省阜阳市", "高风险", "2020-02-24", "", "国务院联防联控机制"],
    ["2", "阜阳市临泉县", "中", "2020/2/24", "2020年3月1日", ""],
    ["3", "湖北省", "high", "20200224", "", ""],
    ["4", "不存在市", "低", "2020-02-24", "", ""],
    ["5", "安徽省合肥市", "极高", "2020-02-24", "", ""],
    ["6", "安徽省阜阳市", "低风险", "2020-02-24", "", ""],
    ["7", "四川省巴中市平昌县", "低风险地区", "2020-03-01", "2020-02-01", ""],
    ["8", "湖北省", "low", "2020-03-10", "", ""],
    ["注：以上等级以各省发布为准", "", "", "", "", ""],
]


def label(field: str) -> str:
    return str(LABELS[field])


def stored() -> list[tuple]:
    with scopes_disabled():
        return list(OriginRisk.objects.order_by("division_id", "effective_from").values_list(
            "county_id", "division_id", "level", "effective_from", "effective_to", "source"))


def test_a_notice_list_lands_with_its_title_note_and_variants_and_rejects_the_bad_rows(tmp_path):
    path = write_sheet(tmp_path / "风险等级.xlsx", [HEADERS, *ROWS], title=NOTICE)
    county = Division.objects.get(code=COUNTY)
    result = import_risks(path, county=county, max_bytes=2**20, before_commit=None)
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (8, 4, 0, 0, 4)
    assert [s["why"] for s in result.layout["skipped"]] == ["title", "note"]
    assert stored() == [
        (COUNTY, FUYANG, HIGH, day("2020-02-24"), None, "国务院联防联控机制"),
        (COUNTY, LINQUAN, MEDIUM, day("2020-02-24"), day("2020-03-01"), ""),
        (COUNTY, HUBEI, HIGH, day("2020-02-24"), None, ""),
        (COUNTY, HUBEI, LOW, day("2020-03-10"), None, ""),
    ]
    rejected = {(r.row, r.field) for r in result.rejections}
    assert rejected == {(6, label("area")), (7, label("level")), (8, label("area")), (9, label("effective_to"))}
    again = import_risks(path, county=county, max_bytes=2**20)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 4)
    assert len(stored()) == 4


def test_a_second_list_updates_what_it_names_and_blank_cells_keep_what_is_stored(tmp_path):
    county = Division.objects.get(code=COUNTY)
    ended = risk(FUYANG, HIGH, "2020-02-24", "2020-02-28", source="第一批")
    path = write_sheet(tmp_path / "第二批.xlsx", [
        ["行政区划代码", "风险等级", "生效日期", "截止日期", "来源"],
        ["341200", "中风险", "2020-02-24", "", ""],            # same area and day: level changes, end and source kept
        ["341221000000", "低", "2020-03-02", "", "第二批"],
    ])
    result = import_risks(path, county=county, max_bytes=2**20)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 1, 0, 0)
    ended.refresh_from_db()
    assert (ended.level, ended.effective_to, ended.source) == (MEDIUM, day("2020-02-28"), "第一批")
    assert risk_on(LINQUAN, day("2020-03-02"), COUNTY) == LOW


def test_a_csv_by_code_and_name_must_agree_and_a_file_without_an_area_column_is_refused(tmp_path):
    county = Division.objects.get(code=COUNTY)
    path = tmp_path / "list.csv"
    with path.open("w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["地区名称", "区划代码", "等级", "开始日期"])
        writer.writerow(["安徽省阜阳市", "341200", "高", "2020-02-24"])
        writer.writerow(["安徽省合肥市", "341200", "高", "2020-02-24"])
        writer.writerow(["", "999999", "高", "2020-02-24"])
    result = import_risks(path, county=county, max_bytes=2**20)
    assert (result.created, result.rejected) == (1, 2)
    assert [(r.row, r.field) for r in result.rejections] == [(3, label("code")), (4, label("code"))]
    bare = write_sheet(tmp_path / "bare.xlsx", [["风险等级", "生效日期"], ["高", "2020-02-24"]])
    from lianfu.common.tabular import TabularError
    with pytest.raises(TabularError) as refused:
        import_risks(bare, county=county, max_bytes=2**20)
    assert refused.value.code == "missing_columns"


def test_lianfu_import_risks_goes_into_the_officers_county_and_refuses_others(tmp_path, capsys, personas, labour,
                                                                            labour_yuyao):
    path = write_sheet(tmp_path / "风险等级.xlsx", [HEADERS, *ROWS], title=NOTICE)
    report = tmp_path / "rejects.xlsx"
    call_command("import_data", "risks", str(path), "--as", labour.username, "--report", str(report))
    out = capsys.readouterr().out
    assert "8 rows: 4 created, 0 updated, 0 unchanged, 4 rejected" in out
    assert {row[0] for row in stored()} == {COUNTY}
    book = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert [int(float(row[0])) for row in book[1:]] == [6, 7, 8, 9]
    job = ImportJob.objects.get(kind="risks")
    assert job.options["division_code"] == COUNTY
    assert ActivityLog.objects.filter(action="import.risks.done", division_code=COUNTY).count() == 1
    call_command("import_data", "risks", str(path), "--as", labour_yuyao.username)
    assert {row[0] for row in stored()} == {COUNTY, YUYAO_COUNTY}
    with pytest.raises(CommandError, match="keeps the list of"):
        call_command("import_data", "risks", str(path), "--as", labour_yuyao.username, "--county", "330282")
    with pytest.raises(CommandError, match="may not import risk lists"):
        call_command("import_data", "risks", str(path), "--as", personas["county"].username)


def test_a_labour_officer_uploads_a_list_and_confirms_the_columns(login, personas, labour, labour_yuyao, tmp_path):
    path = write_sheet(tmp_path / "风险等级.xlsx", [HEADERS, *ROWS], title=NOTICE)
    client = login(labour)
    with path.open("rb") as upload:
        response = client.post(reverse("workforce:risk_import"), {"file": upload})
    job = ImportJob.objects.get(kind="risks")
    assert response.status_code == 302 and response["Location"] == reverse("workforce:risk_import_job",
                                                                             args=[job.pk])
    job.refresh_from_db()
    assert job.status == "mapping"
    page = client.get(reverse("workforce:risk_import_job", args=[job.pk]))
    guessed = {row.letter: row.chosen for row in page.context["mapping"]}
    assert guessed == {"A": "", "B": "area", "C": "level", "D": "effective_from", "E": "effective_to", "F": "source"}
    client.post(reverse("workforce:risk_import_job", args=[job.pk]), guessed)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == ("done", 4, 4)
    report = client.get(reverse("workforce:risk_import_report", args=[job.pk]))
    assert report.status_code == 200
    assert len(stored()) == 4
    # Another officer's job is not theirs to see; nor is the import anyone else's.
    assert login(labour_yuyao).get(reverse("workforce:risk_import_job", args=[job.pk])).status_code == 404
    assert login(labour_yuyao).get(reverse("workforce:risk_import_report", args=[job.pk])).status_code == 404
    assert login(personas["town_a"]).get(reverse("workforce:risk_import_job", args=[job.pk])).status_code == 403
