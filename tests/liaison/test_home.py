"""The liaison officer's first screen: the firms and buildings assigned to them
now, with stage, last survey, open tickets and on-duty rate; another officer of
the same town sees only their own; an officer with none is told so."""
import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.liaison.models import Assignment
from lianfu.registry.models import OfficeBuilding
from lianfu.restart.models import Survey
from tests.conftest import TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
SINCE = dt.date(2026, 2, 20)


def rows(html: str, block_id: str) -> list[list[str]]:
    block = html.split(f'id="{block_id}"', 1)[1].split("</section>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", block, re.S) if "<td" in row]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def officers(db):
    with scopes_disabled():
        mine, theirs = (UserFactory(username=name, role=Role.LIAISON_OFFICER, division_id=TOWN_A)
                        for name in ("lo_mine", "lo_theirs"))
        big = EnterpriseFactory(name="甲电器有限公司", above_scale=True, employees=900)
        small = EnterpriseFactory(name="乙塑业有限公司", above_scale=True, employees=120)
        other = EnterpriseFactory(name="丙五金有限公司", above_scale=True, employees=300)
        tower = OfficeBuilding.objects.create(town_id=TOWN_A, name="财富中心", floor_area_m2=12000)
        Survey.objects.create(enterprise=small, surveyed_on=dt.date(2026, 2, 24), capacity_pct=50,
                              headcount_total=40, headcount_on_duty=30, headcount_away=10)
        for firm in (big, small):
            Assignment.objects.create(officer=mine, enterprise=firm, since=SINCE)
        Assignment.objects.create(officer=mine, building=tower, since=SINCE)
        Assignment.objects.create(officer=theirs, enterprise=other, since=SINCE)
        Assignment.objects.create(officer=mine, enterprise=other, since=dt.date(2026, 1, 5),
                                  until=dt.date(2026, 2, 20))   # ended: no longer theirs
    return mine, theirs


def test_an_officer_sees_the_firms_and_buildings_assigned_to_them(officers, login, english):
    mine, theirs = officers
    page = login(mine).get("/").content.decode()
    assert rows(page, "my-firms") == [
        ["甲电器有限公司", "浒山街道", "Not surveyed", "—", "0", "—", "—", "2026-02-20"],
        ["乙塑业有限公司", "浒山街道", "Not surveyed", "2026-02-24", "0", "—", "75.0", "2026-02-20"]]
    assert rows(page, "my-buildings") == [["财富中心", "浒山街道", "12,000", "2026-02-20"]]
    assert "丙五金有限公司" not in page and 'id="not-assigned"' not in page
    other = login(theirs).get("/").content.decode()
    assert [r[0] for r in rows(other, "my-firms")] == ["丙五金有限公司"] and 'id="my-buildings"' not in other


def test_an_officer_with_nothing_assigned_is_told_so(login, english):
    nobody = UserFactory(username="lo_new", role=Role.LIAISON_OFFICER, division_id=TOWN_A)
    page = login(nobody).get("/").content.decode()
    assert 'id="not-assigned"' in page and "No firm or building is assigned to you yet" in page
    assert 'id="my-firms"' not in page
