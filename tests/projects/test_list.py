"""The list's filters (town, industry, stage, overdue only), sort, pages and
its Excel export (the same rows, opened with python-calamine; a cell that
looks like a formula stays text)."""
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from lianfu.projects.views import export_headers
from tests.conftest import TOWN_B
from tests.projects.conftest import days, make_project

pytestmark = pytest.mark.django_db
URL = reverse("projects:list")


def codes(response) -> list[str]:
    return re.findall(r'<tr id="project-\d+"[^>]*>\s*<td><a href="[^"]+">([^<]+)</a>', response.content.decode())


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()


@pytest.fixture
def projects(personas):
    return [
        make_project("P-01", industry_id="3854", stage="signed", planned_land=days(-1), total=30000,
                     investment_this_year=8000),                        # land overdue since yesterday
        make_project("P-02", industry_id="3857", stage="land", planned_approvals=days(0), total=12000),   # due today
        make_project("P-03", town=TOWN_B, industry_id="3670", stage="started", planned_completed=days(-20),
                     total=9800, leader_name="孙海涛", leader_post="副市长"),                   # completion overdue
        make_project("P-04", town=TOWN_B, stage="", planned_signed=days(3), total=50000, name="=HYPERLINK(\"x\")"),
        make_project("P-05", industry_id="38", stage="completed", planned_completed=days(-90), total=7000),
    ]


def test_each_filter_narrows_the_list(login, personas, projects):
    client = login(personas["county"])
    assert codes(client.get(URL)) == ["P-01", "P-02", "P-03", "P-04", "P-05"]
    assert codes(client.get(URL, {"town": TOWN_B})) == ["P-03", "P-04"]
    assert codes(client.get(URL, {"industry": "38"})) == ["P-01", "P-02", "P-05"]   # the division and its classes
    assert codes(client.get(URL, {"stage": "started"})) == ["P-03"]
    assert codes(client.get(URL, {"stage": "none"})) == ["P-04"]
    assert codes(client.get(URL, {"overdue": "on"})) == ["P-01", "P-03"]
    assert codes(client.get(URL, {"overdue": "on", "town": TOWN_B})) == ["P-03"]
    assert codes(client.get(URL, {"q": "孙海涛"})) == ["P-03"]


def test_the_list_sorts_and_marks_the_late_rows_in_words(login, personas, projects):
    client = login(personas["county"])
    assert codes(client.get(URL, {"sort": "-total_investment"})) == ["P-04", "P-01", "P-02", "P-03", "P-05"]
    assert codes(client.get(URL, {"sort": "-stage"})) == ["P-05", "P-03", "P-02", "P-01", "P-04"]
    page = client.get(URL).content.decode()
    late = re.findall(r'<tr id="project-\d+" class="overdue">\s*<td><a href="[^"]+">([^<]+)</a>', page)
    assert late == ["P-01", "P-03"]
    assert "Overdue: Land supplied, 1 days late" in page and "Overdue: Completed, 20 days late" in page


def test_the_list_pages_by_fifty_and_keeps_its_filters(login, personas):
    for n in range(53):
        make_project(f"Q-{n:03d}", town=TOWN_B)
    client = login(personas["county"])
    first = client.get(URL, {"town": TOWN_B})
    assert len(codes(first)) == 50 and 'page=2' in first.content.decode()
    second = client.get(URL, {"town": TOWN_B, "page": 2})
    assert codes(second) == ["Q-050", "Q-051", "Q-052"]
    assert f"town={TOWN_B}&amp;page=1" in second.content.decode()


def test_the_export_has_the_filtered_rows_with_the_lists_columns(login, personas, projects):
    rows = xlsx_rows(login(personas["county"]).get(URL, {"overdue": "on", "export": "xlsx"}))
    title, headers, *data = rows
    assert title[0] == f"Major projects on {days(0).isoformat()}"
    with translation.override("en"):
        assert headers == export_headers()
    assert [row[0] for row in data] == ["P-01", "P-03"]
    p03 = data[1]
    assert p03[1:11] == ["项目P-03", "周巷镇", "3670 Manufacture of motor vehicle parts and accessories", 9800.0, "",
                         "Construction started",
                         f"Completed overdue by 20 days (planned {days(-20).isoformat()})", "孙海涛", "副市长", ""]
    planned_completed = headers.index("Planned: Completed")
    assert len(p03) == len(headers) == 23
    assert p03[planned_completed] == days(-20)


def test_a_cell_that_looks_like_a_formula_is_exported_as_text(login, personas, projects):
    rows = xlsx_rows(login(personas["town_b"]).get(URL, {"export": "xlsx"}))
    assert [row[0] for row in rows[2:]] == ["P-03", "P-04"]          # the town's rows only
    assert rows[3][1] == '=HYPERLINK("x")'
