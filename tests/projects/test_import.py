"""Importing a project list as counties keep them: a title and an info row, a
two-row header with merged group cells, Chinese headers, a town merged down its
projects, a totals row and a note, bad rows rejected with their reasons; every
row and column accounted for. The code is the key: the same file again changes
nothing, a later list moves stages forward (never back)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog, ImportJob
from lianfu.projects.importing.columns import LABELS
from lianfu.projects.importing.projects import import_projects
from lianfu.projects.models import Project, ProjectFirm, ProjectUpdate
from tests.common.messy_files import column_fates, fates_by_kind, rejections, row_fates, skipped_rows, xlsxwriter_book
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db

HEADER = [
    ["序号", "项目编号", "项目名称", "所在镇街", "投资（万元）", "", "责任领导", "责任人", "当前阶段", "计划时间", "",
     "建设单位", "备注"],
    ["", "", "", "", "总投资", "年度投资", "", "", "", "开工日期", "竣工日期", "", ""],
]
MERGES = ["A1:M1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4", "I3:I4", "J3:K3", "L3:L4",
          "M3:M4", "D5:D7"]


def rows(firm_uscc: str) -> list[list]:
    return [
        ["2020年慈溪市重大项目库（第一批）"],
        ["填报单位：慈溪市发改局", "", "", "", "", "", "", "", "", "", "", "", "2020-03-06"],
        *HEADER,
        [1, "ZD2020001", "铝基复合新材料项目", "浒山街道", 53000, 20000, "张伟（副市长）", "p_town_a", "已签约",
         dt.date(2020, 4, 1), dt.date(2021, 12, 31), firm_uscc, "省重点"],
        [2, "ZD2020002", "医疗设备连接器项目", "", "26,000", "8000", "李强 常务副市长", "", "在建", "2020/3/1", "", "",
         ""],
        [3, "zd2020003", "健身体育用品项目", "", 12500, 5000, "", "p_liaison_a", "已供地", "", "", "", ""],
        [4, "ZD2020004", "汽车行李架项目", "周巷镇", 9800, "", "孙海涛", "", "审批中", "", "", "", ""],
        [5, "ZD2020005", "冲浪板项目", "不存在镇", "约5000", "", "", "", "", "", "", "", ""],
        ["合计", "", "", "", 106300, 33000, "", "", "", "", "", "", ""],
        ["注：投资单位为万元", "", "", "", "", "", "", "", "", "", "", "", ""],
        [6, "ZD2020001", "铝基复合新材料项目（重复）", "浒山街道", 1, "", "", "", "", "", "", "", ""],
    ]


def label(field: str) -> str:
    with translation.override("en"):
        return str(LABELS[field])


def stored() -> list[tuple]:
    with scopes_disabled():
        return list(Project.objects.order_by("code").values_list(
            "code", "name", "town_id", "total_investment", "investment_this_year", "leader_name", "leader_post",
            "officer__username", "stage", "planned_started", "planned_completed"))


@pytest.fixture
def messy(tmp_path, firm_x):
    content = rows(firm_x.uscc)
    return xlsxwriter_book(tmp_path / "重大项目库.xlsx", content, MERGES), content


def test_a_messy_list_lands_with_every_row_and_column_accounted_for(messy, county, personas, firm_x):
    path, content = messy
    with translation.override("en"):
        result = import_projects(path, county=county, max_bytes=2**20, user=personas["county"])
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (6, 3, 0, 0, 3)
    assert column_fates(result.layout) == [
        "A 序号 ✗ not_needed", "B 项目编号 → code (synonym 1)", "C 项目名称 → name (synonym 1)",
        "D 所在镇街 → town (synonym 1)", "E 投资（万元）/总投资 → total_investment (synonym 1)",
        "F 投资（万元）/年度投资 → investment_this_year (synonym 1)", "G 责任领导 → leader (synonym 1)",
        "H 责任人 → officer (synonym 1)", "I 当前阶段 → stage (synonym 1)",
        "J 计划时间/开工日期 → planned_started (synonym 1)", "K 计划时间/竣工日期 → planned_completed (synonym 1)",
        "L 建设单位 → builder (synonym 1)", "M 备注 ✗ not_needed"]
    assert skipped_rows(result.layout) == [(1, "title"), (2, "info"), (10, "totals"), (11, "note")]
    assert fates_by_kind(row_fates(content, result)) == {
        "header": [3, 4], "landed": [5, 6, 7], "rejected": [8, 9, 12], "skipped:info": [2], "skipped:note": [11],
        "skipped:title": [1], "skipped:totals": [10]}
    assert rejections(result) == [
        (8, label("stage"), "审批中", "「审批中」 is a stage under way: write the last one reached (已供地)"),
        (9, label("total_investment"), "约5000", "「约5000」 is an approximate number: write the exact number"),
        (9, label("town"), "不存在镇", "no town of this name or like it in your jurisdiction; if it is an old name, "
                                    "a county officer can add it under Old town names"),
        (12, label("code"), "ZD2020001", "the same project code as row 5"),
    ]
    assert stored() == [
        ("ZD2020001", "铝基复合新材料项目", TOWN_A, Decimal("53000.00"), Decimal("20000.00"), "张伟", "副市长",
         "p_town_a", "signed", dt.date(2020, 4, 1), dt.date(2021, 12, 31)),
        ("ZD2020002", "医疗设备连接器项目", TOWN_A, Decimal("26000.00"), Decimal("8000.00"), "李强", "常务副市长",
         None, "started", dt.date(2020, 3, 1), None),
        ("ZD2020003", "健身体育用品项目", TOWN_A, Decimal("12500.00"), Decimal("5000.00"), "", "", "p_liaison_a",
         "land", None, None),
    ]
    with scopes_disabled():
        assert list(ProjectFirm.objects.values_list("project__code", "enterprise_id", "role")) == [
            ("ZD2020001", firm_x.pk, "builder")]
        assert ProjectUpdate.objects.count() == 0


def test_the_same_file_again_changes_nothing(messy, county, personas):
    path, _content = messy
    import_projects(path, county=county, max_bytes=2**20, user=personas["county"])
    before = stored()
    again = import_projects(path, county=county, max_bytes=2**20, user=personas["county"])
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 3)
    assert stored() == before
    with scopes_disabled():
        assert Project.objects.filter(version=0).count() == 3


def test_a_later_list_updates_by_code_moves_stages_forward_and_refuses_a_move_back(messy, county, personas,
                                                                                     tmp_path, firm_x, firm_y):
    import_projects(messy[0], county=county, max_bytes=2**20, user=personas["county"])
    later = xlsxwriter_book(tmp_path / "第二批.xlsx", [
        ["项目编号", "项目名称", "所在镇街", "总投资", "年度投资", "当前阶段", "竣工日期", "投资方"],
        ["ZD2020001", "铝基复合新材料项目", "浒山街道", 53000, "", "已开工", "2022-06-30", firm_y.name],
        ["ZD2020003", "健身体育用品项目", "浒山街道", 12500, "", "在谈", "", ""],
        ["ZD2020002", "医疗设备连接器项目", "浒山街道", 26000, 30000, "", "", ""],
        ["ZD2020009", "光伏组件项目", "周巷镇", 61000, "", "", "", ""],
    ])
    with translation.override("en"):
        result = import_projects(later, county=county, max_bytes=2**20, user=personas["county"],
                                 file_name="第二批.xlsx", today=dt.date(2020, 3, 20))
    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 1, 0, 2)
    assert rejections(result) == [
        (3, label("stage"), "在谈", "the project has reached “Land supplied”: moving it back to “Not signed yet” "
                                  "needs a reason, recorded on the project's page"),
        (4, label("investment_this_year"), "30000", "more than the total investment (26,000.00)"),
    ]
    with scopes_disabled():
        first = Project.objects.get(code="ZD2020001")
        update = ProjectUpdate.objects.get()
        firms = list(ProjectFirm.objects.filter(project=first).values_list("enterprise_id", "role"))
    # Blank cells kept what was stored; the stage moved on the day of the import, recorded as an update.
    assert (first.stage, first.reached_started, first.investment_this_year, first.planned_started,
            first.planned_completed, first.leader_name, first.version) == (
        "started", dt.date(2020, 3, 20), Decimal("20000.00"), dt.date(2020, 4, 1), dt.date(2022, 6, 30), "张伟", 1)
    assert (update.on, update.stage_before, update.stage, update.note, update.recorded_by) == (
        dt.date(2020, 3, 20), "signed", "started", "From the imported file 第二批.xlsx", personas["county"])
    assert sorted(firms) == sorted([(firm_x.pk, "builder"), (firm_y.pk, "investor")])
    assert [row[0] for row in stored()] == ["ZD2020001", "ZD2020002", "ZD2020003", "ZD2020009"]
    assert stored()[-1][2] == TOWN_B


def test_lianfu_import_projects_goes_into_the_officers_county(messy, capsys, personas, tmp_path):
    path, _content = messy
    report = tmp_path / "rejects.xlsx"
    call_command("import_data", "projects", str(path), "--as", personas["county"].username, "--report", str(report))
    out = capsys.readouterr().out
    assert "6 rows: 3 created, 0 updated, 0 unchanged, 3 rejected" in out
    assert "E「投资（万元）/总投资」 → " in out and "4 rows skipped:" in out
    book = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert [int(float(row[0])) for row in book[1:]] == [8, 9, 12]
    job = ImportJob.objects.get(kind="projects")
    assert job.options["division_code"] == "330282000000"
    assert ActivityLog.objects.filter(action="import.projects.done", division_code="330282000000").count() == 1
    with pytest.raises(CommandError, match="may not import projects"):
        call_command("import_data", "projects", str(path), "--as", personas["town_a"].username)
    with pytest.raises(CommandError, match="keeps the library of"):
        call_command("import_data", "projects", str(path), "--as", personas["county"].username, "--county", "330281")


def test_a_county_officer_uploads_a_list_and_confirms_the_columns(login, personas, messy):
    path, _content = messy
    client = login(personas["county"])
    assert login(personas["town_a"]).get(reverse("projects:import")).status_code == 403
    with path.open("rb") as upload:
        response = client.post(reverse("projects:import"), {"file": upload})
    job = ImportJob.objects.get(kind="projects")
    assert response.status_code == 302 and response["Location"] == reverse("projects:import_job", args=[job.pk])
    page = client.get(reverse("projects:import_job", args=[job.pk]))
    guessed = {row.letter: row.chosen for row in page.context["mapping"]}
    assert guessed == {"A": "", "B": "code", "C": "name", "D": "town", "E": "total_investment",
                       "F": "investment_this_year", "G": "leader", "H": "officer", "I": "stage",
                       "J": "planned_started", "K": "planned_completed", "L": "builder", "M": ""}
    client.post(reverse("projects:import_job", args=[job.pk]), guessed)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == ("done", 3, 3)
    assert client.get(reverse("projects:import_report", args=[job.pk])).status_code == 200
    assert len(stored()) == 3
    assert login(personas["admin"]).get(reverse("projects:import_job", args=[job.pk])).status_code == 404
