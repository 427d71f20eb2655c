"""The liaison officer's first screen: the firms and buildings assigned to them
now, as cards: stage, last visit, last survey, open tickets and on-duty rate,
and one tap each to record a visit, a survey or a need; another officer of the
same town sees only their own; an officer with none is told so."""
import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.liaison.models import Assignment, Visit
from lianfu.registry.models import OfficeBuilding
from lianfu.restart.models import Survey
from tests.conftest import TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
SINCE = dt.date(2026, 2, 20)


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def rows(html: str, block_id: str) -> list[list[str]]:
    """Each card: its name, its stage (firms), then each fact in order."""
    block = html.split(f'id="{block_id}"', 1)[1].split("</section>", 1)[0]
    return [[text(c) for c in re.findall(r'class="unit-name"[^>]*>(.*?)</', card, re.S)
             + re.findall(r'<span class="stage-mark[^"]*">(.*?)</span>\s*</div>', card, re.S)
             + re.findall(r"<dd>(.*?)</dd>", card, re.S)]
            for card in re.findall(r'<li class="unit-card"[^>]*>(.*?)</li>', block, re.S)]


def taps(html: str, card_id: str) -> list[tuple[str, str]]:
    card = html.split(f'id="{card_id}"', 1)[1].split("</li>", 1)[0]
    return [(href, text(label)) for href, label in re.findall(r'<a class="button tap[^"]*" href="([^"]+)">(.*?)</a>',
                                                              card, re.S)]


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
        # The last visit by anyone (the colleague's later one counts), a building's too.
        Visit.objects.create(officer=mine, enterprise=small, town_id=TOWN_A, visited_on=dt.date(2026, 2, 22))
        Visit.objects.create(officer=theirs, enterprise=small, town_id=TOWN_A, visited_on=dt.date(2026, 2, 26))
        Visit.objects.create(officer=mine, building=tower, town_id=TOWN_A, visited_on=dt.date(2026, 2, 23))
    return mine, theirs, small


def test_an_officer_sees_the_firms_and_buildings_assigned_to_them(officers, login, english):
    mine, theirs, _small = officers
    page = login(mine).get("/").content.decode()
    assert rows(page, "my-firms") == [
        ["甲电器有限公司", "Not surveyed", "浒山街道", "—", "—", "0", "—", "2026-02-20"],
        ["乙塑业有限公司", "Not surveyed", "浒山街道", "2026-02-26", "2026-02-24", "0", "75.0", "2026-02-20"]]
    assert rows(page, "my-buildings") == [["财富中心", "浒山街道", "12,000", "2026-02-23", "2026-02-20"]]
    small = officers[2]
    assert taps(page, f"firm-{small.uscc}") == [
        (f"/liaison/visits/new/firm/{small.uscc}/", "Record a visit"),
        (f"/liaison/visits/new/firm/{small.uscc}/?with=survey", "Record a survey"),
        (f"/liaison/visits/new/firm/{small.uscc}/?with=need", "Record a need")]
    with scopes_disabled():
        tower = OfficeBuilding.objects.get(name="财富中心")
    assert taps(page, f"building-{tower.pk}") == [(f"/liaison/visits/new/building/{tower.pk}/", "Record a visit")]
    assert "丙五金有限公司" not in page and 'id="not-assigned"' not in page
    other = login(theirs).get("/").content.decode()
    assert [r[0] for r in rows(other, "my-firms")] == ["丙五金有限公司"] and 'id="my-buildings"' not in other


def test_an_officer_with_nothing_assigned_is_told_so(login, english):
    nobody = UserFactory(username="lo_new", role=Role.LIAISON_OFFICER, division_id=TOWN_A)
    page = login(nobody).get("/").content.decode()
    assert 'id="not-assigned"' in page and "No firm or building is assigned to you yet" in page
    assert 'id="my-firms"' not in page
