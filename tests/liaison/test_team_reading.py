"""A liaison officer reads their service team's towns (docs/liaison.md,
"Reach"): when 浒山街道's team also serves 周巷镇, its officers open 周巷镇's
firms, progress and tickets read-only (acting stays with the firm's own
officer: 403), a town outside the team stays unfound (404), and the reading
ends when the team gives the town up. Every scoped manager filters with
``__under`` (common.lookups), which these tests also pin on the database."""
import pytest
from django_scopes import scope, scopes_disabled

from lianfu.common.scoping import Prefixes, covers, scope_for
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import TeamTown
from lianfu.registry.models import Enterprise
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory
from tests.helpdesk.tickets_fixtures import COPPER, clock, departments  # noqa: F401 (fixtures)
from tests.liaison.test_reach import NOT_FOUND, REFUSED, act, made, read
from tests.liaison.test_visits import world  # noqa: F401 (world)

pytestmark = pytest.mark.django_db

TOWN_C = "330282002000"   # 宗汉街道: no team of these tests serves it
FIRM_B, FIRM_C = "慈溪市周巷五金有限公司", "慈溪市宗汉塑业有限公司"


@pytest.fixture
def two_towns(world, login):  # noqa: F811
    """The team takes on 周巷镇; a firm there with a ticket its town officer
    filed, and a firm in 宗汉街道."""
    with scopes_disabled():
        team = TeamTown.objects.get(town_id=TOWN_A).team
        TeamTown.objects.create(team=team, town_id=TOWN_B)
        firm_b = EnterpriseFactory(name=FIRM_B, division_id=TOWN_B, above_scale=True)
        firm_c = EnterpriseFactory(name=FIRM_C, division_id=TOWN_C, above_scale=True)
    assert login(world["town_b"]).post(f"/helpdesk/report/{firm_b.uscc}/", {"text": COPPER}).status_code == 302
    with scopes_disabled():
        ticket = Ticket.objects.get(enterprise=firm_b)
    return {**world, "team": team, "firm_b": firm_b, "firm_c": firm_c, "ticket": ticket}


def test_the_under_lookup_matches_one_prefix_or_any_of_several():
    with scopes_disabled():
        for town, name in ((TOWN_A, "甲"), (TOWN_B, "乙"), (TOWN_C, "丙")):
            EnterpriseFactory(name=name, division_id=town)

        def names(prefix) -> list[str]:
            return sorted(Enterprise.objects.filter(division__code__under=prefix).values_list("name", flat=True))

        assert names("330282004") == ["甲"]
        assert names(Prefixes({"330282004", "330282121"})) == ["乙", "甲"]
        assert names(Prefixes({"330282"})) == ["丙", "乙", "甲"]
        assert names(Prefixes()) == []
        assert names("3302820_4") == [] and names("33028%") == []     # LIKE's wildcards are escaped
    assert (covers(None, TOWN_C), covers("330282004", TOWN_A), covers("330282004", TOWN_B),
            covers(Prefixes({"330282004", "330282121"}), TOWN_B), covers("", TOWN_A)) == (
        True, True, False, True, False)


def test_a_team_member_reads_the_teams_other_town(two_towns, login):
    officer = two_towns["officer"]
    assert scope_for(officer)["division"] == Prefixes({"330282004", "330282121"})
    client, firm_b = login(officer), two_towns["firm_b"]
    assert read(client, firm_b.uscc) == {"firm page": 200, "progress": 200}
    assert client.get(f"/helpdesk/tickets/{two_towns['ticket'].pk}/").status_code == 200
    listed = client.get("/enterprises/").content.decode()
    assert (FIRM_B in listed, FIRM_C in listed) == (True, False)
    page = client.get(f"/enterprises/{firm_b.uscc}/").content.decode()
    assert [m for m in ('id="record-visit"', 'id="record-survey"', 'id="report-for"') if m in page] == []
    # Reading is not acting: the firm is not theirs to look after.
    assert act(client, firm_b.uscc) == REFUSED and made() == (0, 0, 1)


def test_a_town_outside_the_team_stays_unfound(two_towns, login):
    client, firm_c = login(two_towns["officer"]), two_towns["firm_c"]
    assert read(client, firm_c.uscc) == {"firm page": 404, "progress": 404}
    assert act(client, firm_c.uscc) == NOT_FOUND and made() == (0, 0, 1)


def test_an_officer_outside_the_team_does_not_read_its_towns(two_towns, login):
    """周巷镇's own liaison officer is on no team here: the team's reach is not
    theirs, so 浒山街道's firm stays unfound while 周巷镇's opens."""
    client = login(two_towns["sibling"])
    assert read(client, two_towns["firm"].uscc) == {"firm page": 404, "progress": 404}
    assert read(client, two_towns["firm_b"].uscc) == {"firm page": 200, "progress": 200}


def test_the_reading_ends_when_the_team_gives_the_town_up(two_towns, login):
    with scopes_disabled():
        TeamTown.objects.filter(town_id=TOWN_B).delete()
    client, firm_b = login(two_towns["officer"]), two_towns["firm_b"]
    assert read(client, firm_b.uscc) == {"firm page": 404, "progress": 404}
    assert client.get(f"/helpdesk/tickets/{two_towns['ticket'].pk}/").status_code == 404
    assert read(client, two_towns["firm"].uscc) == {"firm page": 200, "progress": 200}


def test_the_scope_lists_the_team_towns_in_a_query(two_towns):
    """What every page of the member reads, as one scoped query."""
    with scopes_disabled():
        officer = type(two_towns["officer"]).objects.get(pk=two_towns["officer"].pk)
    with scope(**scope_for(officer)):
        assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(
            [two_towns["firm"].name, FIRM_B])
