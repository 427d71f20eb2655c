"""Workforce pages: who sees which workers (and who sees none), masking on every
page and export, the logged reveal, the officer's decisions, the web import."""
import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.urls import reverse
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog, ImportJob
from lianfu.common.roles import Role
from lianfu.workforce import roster_days
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.models import Worker
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
X_ID, Y_ID, YUYAO_ID = id_number(sequence=1), id_number(sequence=2), id_number(sequence=3)
PHONE = "13912345678"


@pytest.fixture
def people(personas, firm_x, firm_y):
    today = dt.date.today()
    with scopes_disabled():
        yuyao_firm = EnterpriseFactory(division_id="330281001000")
    return {
        "x": make_worker(firm_x, "张伟", number=X_ID, phone=PHONE, history=[(today, WorkerState.AWAY)]),
        "y": make_worker(firm_y, "李娜", number=Y_ID, phone=PHONE, history=[(today, WorkerState.AT_WORK)]),
        "yuyao": make_worker(yuyao_firm, "王强", number=YUYAO_ID, history=[(today, WorkerState.AT_WORK)]),
        "labour": UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY),
        "labour_yuyao": UserFactory(username="p_labour_yy", role=Role.LABOUR_OFFICER, division_id="330281000000"),
    }


def listed(client) -> list[str]:
    page = client.get(reverse("workforce:worker_list"))
    assert page.status_code == 200
    return sorted(w.name for w in page.context["page"].object_list)


def test_the_labour_bureau_sees_its_county_an_enterprise_its_own_nobody_else_any(login, personas, people):
    assert listed(login(people["labour"])) == ["张伟", "李娜"]
    assert listed(login(people["labour_yuyao"])) == ["王强"]
    assert listed(login(personas["firm_x"])) == ["张伟"]
    for name in ("county", "town_a", "liaison_a"):     # officers reach the firms, not the people who work there
        assert login(personas[name]).get(reverse("workforce:worker_list")).status_code == 403
    x = people["x"]
    assert login(personas["firm_x"]).get(reverse("workforce:worker_detail", args=[x.pk])).status_code == 200
    assert login(personas["firm_y"]).get(reverse("workforce:worker_detail", args=[x.pk])).status_code == 404
    assert login(people["labour_yuyao"]).get(reverse("workforce:worker_detail", args=[x.pk])).status_code == 404
    assert login(personas["town_a"]).get(reverse("workforce:worker_detail", args=[x.pk])).status_code == 403


def test_pages_and_exports_show_ids_and_phones_masked(login, people):
    client = login(people["labour"])
    x = people["x"]
    for url in (reverse("workforce:worker_list"), reverse("workforce:worker_detail", args=[x.pk])):
        html = client.get(url).content.decode()
        assert X_ID[:6] + "********" + X_ID[-4:] in html and "139****5678" in html
        assert X_ID not in html and PHONE not in html
    export = client.get(reverse("workforce:worker_list") + "?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(
        0).to_python()
    cells = {str(c) for row in rows for c in row}
    assert X_ID[:6] + "********" + X_ID[-4:] in cells and "139****5678" in cells
    assert X_ID not in cells and PHONE not in cells


def test_a_reveal_shows_the_clear_values_and_is_logged_each_time(login, personas, people):
    x, url = people["x"], reverse("workforce:reveal", args=[people["x"].pk])
    page = login(people["labour"]).post(url)
    assert page.status_code == 200
    assert X_ID in page.content.decode() and PHONE in page.content.decode()
    login(people["labour"]).post(url)
    assert list(ActivityLog.objects.filter(action="workforce.reveal").values_list(
        "actor__username", "subject_id", "data")) == [("p_labour", str(x.pk), {"worker": x.id_masked})] * 2
    assert login(personas["firm_x"]).post(url).status_code == 403             # the employer may not
    assert login(people["labour_yuyao"]).post(url).status_code == 404         # nor another county
    assert ActivityLog.objects.filter(action="workforce.reveal").count() == 2


def test_the_officer_keeps_a_missing_worker_or_sets_a_state(login, personas, people):
    x = people["x"]
    with scopes_disabled():
        Worker.objects.filter(pk=x.pk).update(missing_since=dt.date.today())
    client = login(people["labour"])
    url = reverse("workforce:change", args=[x.pk])
    client.post(url, {"version": 1, "action": "keep"})
    client.post(url, {"version": 2, "state": WorkerState.BACK})
    stale = client.post(url, {"version": 2, "state": WorkerState.AT_WORK}, follow=True)
    assert "该记录在您打开后已被他人修改，请刷新后重试。" in stale.content.decode()
    with scopes_disabled():
        x.refresh_from_db()
        assert (x.missing_since, x.state, x.version) == (None, WorkerState.BACK, 3)
        assert list(x.changes.values_list("state", "source")) == [(WorkerState.AWAY, "import"),
                                                                  (WorkerState.BACK, "officer")]
    assert roster_days.differences() == (0, [])     # the roster by day kept with the change
    assert login(personas["firm_x"]).post(url, {"version": 3, "state": WorkerState.LEFT}).status_code == 403


def test_a_labour_officer_imports_from_the_web(login, people, firm_x, tmp_path):
    path = tmp_path / "名册.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate([["姓名", "身份证号码", "单位统一社会信用代码"],
                             ["赵敏", id_number(sequence=9), firm_x.uscc]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    client = login(people["labour"])
    with open(path, "rb") as upload:
        response = client.post(reverse("workforce:import"), {"file": upload, "full": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.options == {"full": True, "personal_data": True}
    assert Path(job.stored_path).exists()
    job.refresh_from_db()
    assert job.status == "mapping"
    client.post(reverse("workforce:import_job", args=[job.pk]), {})      # the guesses, confirmed as they stand
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == ("done", 1, 0)
    assert not Path(job.stored_path).exists()     # the roster in clear is not kept once it is saved
    assert listed(client) == ["张伟", "李娜", "赵敏"]
    assert login(people["labour"]).get(reverse("workforce:import")).status_code == 200
    # Another user cannot open the job (its file names workers).
    assert login(people["labour_yuyao"]).get(reverse("workforce:import_job", args=[job.pk])).status_code == 404


def test_the_labour_home_shows_the_on_duty_rate(login, people):
    page = login(people["labour"]).get("/")
    assert page.status_code == 200
    workforce = page.context["workforce"]
    # 张伟 away, 李娜 at work: 1 of 2 on duty in the county; 余姚's worker is not the county's.
    assert (workforce["today"].on_duty, workforce["today"].headcount, workforce["today"].rate) == (1, 2, 50.0)
    assert workforce["counts"]["away"] == 1


def _texts(response) -> str:
    """What a response shows: an xlsx's cells, or the page's text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        rows = CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_index(0).to_python()
        return "\n".join(str(c) for row in rows for c in row)
    return body.decode()


def test_no_page_or_export_shows_a_whole_id_number_or_phone(login, people, personas, firm_x, tmp_path):
    """Every workforce page and export a labour officer or the firm opens, with the worker
    on a trip and in a rejected import row: masked everywhere (the reveal alone shows them)."""
    from lianfu.registry.models import Division
    from lianfu.workforce import trip_planning

    with scopes_disabled():
        Worker.objects.filter(pk=people["x"].pk).update(wants_return=True)
    county = Division.objects.get(code=COUNTY)
    plan = trip_planning.pack(trip_planning.start_plan(
        actor=people["labour"], county=county, name="返岗", vehicle="bus", capacity=53, max_distance_km=0,
        max_dropoffs=None, time_limit_s=5, departs_on=dt.date.today()), lambda code: False)
    with scopes_disabled():
        trip = plan.trips.get()
    path = tmp_path / "名册.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    rejected_id = id_number(sequence=77)
    for r, row in enumerate([["姓名", "身份证号码", "单位统一社会信用代码", "手机号码"],
                             ["钱七", rejected_id, "91330282XXXXXXXXXX", "13700001111"]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    labour = login(people["labour"])
    with open(path, "rb") as upload:
        labour.post(reverse("workforce:import"), {"file": upload})
    job = ImportJob.objects.get()
    labour.post(reverse("workforce:import_job", args=[job.pk]), {})
    job.refresh_from_db()
    assert (job.status, job.rejected) == ("done", 1)

    x = people["x"]
    secrets = {X_ID, PHONE, rejected_id, "13700001111"}
    pages = {
        labour: ["/", reverse("workforce:worker_list"), reverse("workforce:worker_list") + "?export=xlsx",
                 reverse("workforce:worker_detail", args=[x.pk]), reverse("workforce:origin_map"),
                 reverse("workforce:origin_map") + "?export=xlsx", reverse("workforce:origin_figures"),
                 reverse("workforce:positions"), reverse("trips:plans"), reverse("trips:plan", args=[plan.pk]),
                 reverse("trips:manifest", args=[trip.pk]), reverse("workforce:import_job", args=[job.pk]),
                 reverse("workforce:import_report", args=[job.pk])],
        login(personas["firm_x"]): ["/", reverse("workforce:worker_list"),
                                    reverse("workforce:worker_list") + "?export=xlsx",
                                    reverse("workforce:worker_detail", args=[x.pk]), reverse("trips:ours"),
                                    reverse("workforce:my_positions")],
    }
    masked = X_ID[:6] + "********" + X_ID[-4:]
    seen_masked = 0
    for client, urls in pages.items():
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            text = _texts(response)
            assert not {s for s in secrets if s in text}, url
            seen_masked += masked in text
    assert seen_masked >= 8          # the worker is on those pages, masked (not merely absent)
    report = _texts(labour.get(reverse("workforce:import_report", args=[job.pk])))
    assert rejected_id[:6] + "********" + rejected_id[-4:] in report and "137****1111" in report
