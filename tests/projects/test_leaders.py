"""The leaders' page: projects by stage (count, total and this year's
investment) equal to a count made here from the rows, the chart fed the same
figures, the overdue ones listed longest late first; a town officer reads the
town's, a firm nothing."""
import io
import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.projects.models import Project
from tests.conftest import TOWN_A, TOWN_B
from tests.projects.conftest import days, make_project

pytestmark = pytest.mark.django_db
URL = reverse("projects:leaders")
ORDER = ["", "signed", "land", "approvals", "started", "completed"]


@pytest.fixture
def spread(personas):
    """Projects at every stage in two towns; three late (by 2, 30 and 9 days)."""
    rows = [
        ("S-01", TOWN_A, "", 800, None, {"planned_signed": days(-2)}),
        ("S-02", TOWN_A, "signed", 12000, 3000, {"planned_land": days(4)}),
        ("S-03", TOWN_B, "signed", 5400.5, 1000, {}),
        ("S-04", TOWN_A, "land", 26000, 9000, {"planned_approvals": days(-30), "planned_started": days(-1)}),
        ("S-05", TOWN_A, "started", 53000, 20000, {"planned_completed": days(300)}),
        ("S-06", TOWN_B, "started", 9800, None, {"planned_completed": days(-9)}),
        ("S-07", TOWN_B, "started", 61000, 25000, {"planned_completed": days(0)}),
        ("S-08", TOWN_A, "completed", 7000, 7000, {"planned_completed": days(-60)}),
    ]
    for code, town, stage, total, year, planned in rows:
        make_project(code, town=town, stage=stage, total=total, leader_name=f"领导{code}",
                     investment_this_year=None if year is None else Decimal(year), **planned)


def independent_count(town_prefix: str = "") -> dict[str, tuple[int, Decimal, Decimal]]:
    """Per stage, counted here from the stored rows one by one."""
    out = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    with scopes_disabled():
        for p in Project.objects.filter(town__code__startswith=town_prefix):
            out[p.stage][0] += 1
            out[p.stage][1] += p.total_investment
            out[p.stage][2] += p.investment_this_year or 0
    return {stage: tuple(v) for stage, v in out.items()}


def table(page: str) -> dict[str, tuple[int, Decimal, Decimal]]:
    out = {}
    for stage, cells in re.findall(r'<tr id="figures-(\w+)">(.*?)</tr>', page, re.S):
        if stage == "total":
            continue
        numbers = [re.sub(r"<[^>]+>|,", "", c).strip() for c in re.findall(r'<td class="num">(.*?)</td>', cells, re.S)]
        out["" if stage == "none" else stage] = (int(numbers[0]), Decimal(numbers[1]), Decimal(numbers[2]))
    return out


def test_the_figures_by_stage_are_the_rows_counted_one_by_one(login, personas, spread):
    page = login(personas["county"]).get(URL).content.decode()
    counted = independent_count()
    shown = table(page)
    assert list(shown) == ORDER
    assert {stage: figures for stage, figures in shown.items() if figures[0]} == counted
    assert shown["land"] == (1, Decimal("26000.00"), Decimal("9000.00"))
    assert shown["signed"] == (2, Decimal("17400.50"), Decimal("4000.00"))
    chart = json.loads(re.search(r'<script id="stage-data" type="application/json">(.*?)</script>', page).group(1))
    none = (0, Decimal(0), Decimal(0))
    assert chart["projects"] == [counted.get(s, none)[0] for s in ORDER] == [1, 2, 1, 0, 3, 1]
    assert chart["investment"] == [float(round(counted.get(s, none)[1] / 10000, 2)) for s in ORDER]
    assert re.search(r'id="kpi-projects">8<', page) and re.search(r'id="kpi-started">4<', page)
    assert re.search(r'id="figures-total">.*?<th class="num">8</th>\s*<th class="num">175,000\.50</th>', page, re.S)


def test_the_overdue_projects_are_listed_longest_late_first(login, personas, spread):
    page = login(personas["county"]).get(URL).content.decode()
    late = re.findall(r'<tr id="overdue-\d+" class="overdue"><td><a href="[^"]+">[^<]+</a> <small class="muted">'
                      r'([^<]+)</small>.*?<td class="num bad">(\d+)</td>', page, re.S)
    assert late == [("S-04", "30"), ("S-06", "9"), ("S-01", "2")]
    assert re.search(r'id="kpi-overdue">3<', page)


def test_a_town_officer_reads_the_towns_figures_and_a_firm_nothing(login, personas, spread):
    page = login(personas["town_b"]).get(URL).content.decode()
    shown = table(page)
    assert {stage: f for stage, f in shown.items() if f[0]} == independent_count(TOWN_B[:9])
    assert list(shown) == ORDER[1:]            # no project of the town waits to be signed: no such row
    assert login(personas["firm_x"]).get(URL).status_code == 403
    assert login(personas["liaison_a"]).get(URL).status_code == 403


def test_both_tables_export(login, personas, spread):
    client = login(personas["county"])

    def rows(kind: str) -> list[list]:
        response = client.get(URL, {"export": kind})
        book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        return book.get_sheet_by_index(0).to_python()[2:]

    stages = rows("xlsx")
    assert [(r[0], r[1], r[2]) for r in stages] == [
        ("Not signed yet", 1, 800.0), ("Signed", 2, 17400.5), ("Land supplied", 1, 26000.0),
        ("Approvals obtained", 0, 0.0), ("Construction started", 3, 123800.0), ("Completed", 1, 7000.0),
        ("Total", 8, 175000.5)]
    assert [(r[0], r[3], r[5]) for r in rows("overdue")] == [
        ("S-04", "Approvals obtained", 30.0), ("S-06", "Completed", 9.0), ("S-01", "Signed", 2.0)]
