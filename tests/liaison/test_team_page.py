"""The service teams' pages: a hand-built county of two teams, the first
serving two towns (宗汉街道 and 浒山街道) and led by an officer of one of them.
Exact figures (stages, overdue tickets, load, last visits, spread, chains),
who may see which team, and a page whose number of queries does not grow
with the team."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain
from lianfu.common.roles import Role
from lianfu.helpdesk.enums import Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown, Visit
from lianfu.liaison.team import team_page
from lianfu.registry.models import EnterpriseStage, OfficeBuilding
from lianfu.registry.stages import Stage
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
TOWN_C = "330282002000"          # 宗汉街道: the first team's second town
OTHER_COUNTY = "330281000000"    # 余姚市
NOW = dt.datetime(2026, 3, 12, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))   # Thursday
TODAY = NOW.date()
SINCE = dt.date(2026, 2, 1)


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def rows(html: str, block_id: str) -> list[list[str]]:
    block = html.split(f'id="{block_id}"', 1)[1].split("</section>", 1)[0]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S) if "<td" in row]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def officer(username: str, town: str, team: ServiceTeam, name: str):
    user = UserFactory(username=username, role=Role.LIAISON_OFFICER, division_id=town, first_name=name)
    TeamMember.objects.create(officer=user, team=team)
    return user


def ticket(firm, status: str, due: dt.datetime | None) -> Ticket:
    return Ticket.objects.create(enterprise=firm, town_id=firm.division_id, submitter=Submitter.ENTERPRISE,
                                 channel=Channel.WEB, text="原料断供", category=Category.SUPPLY, confidence=0.9,
                                 status=status, due_at=due,
                                 routed_at=None if due is None else due - dt.timedelta(days=1))


@pytest.fixture
def county(db):
    """Team 北片 (浒山街道 + 宗汉街道, led by a 浒山 town officer): officers 甲 (three units, 75 points),
    乙 (two, 28 points), 丙 (one, 16 points), and 丁 who left; team 周巷 (周巷镇) with one officer."""
    with scopes_disabled():
        leader = UserFactory(username="leader_north", role=Role.TOWN_OFFICER, division_id=TOWN_A, first_name="北组长")
        leader_b = UserFactory(username="leader_zhou", role=Role.TOWN_OFFICER, division_id=TOWN_B,
                               first_name="周组长")
        north = ServiceTeam.objects.create(county_id=COUNTY, name="北片服务组", leader=leader)
        zhou = ServiceTeam.objects.create(county_id=COUNTY, name="周巷服务组", leader=leader_b)
        for team, town in ((north, TOWN_A), (north, TOWN_C), (zhou, TOWN_B)):
            TeamTown.objects.create(team=team, town_id=town)
        jia, yi, bing = (officer("lo_jia", TOWN_A, north, "甲"), officer("lo_yi", TOWN_C, north, "乙"),
                         officer("lo_bing", TOWN_A, north, "丙"))
        ding = officer("lo_ding", TOWN_A, north, "丁")
        ding.is_active = False
        ding.save()
        zhou_officer = officer("lo_zhou", TOWN_B, zhou, "周")
        firms = {
            "f1": EnterpriseFactory(name="甲电器有限公司", division_id=TOWN_A, employees=900),     # 19 points
            "f2": EnterpriseFactory(name="乙塑业有限公司", division_id=TOWN_C, employees=250),     # 12
            "f3": EnterpriseFactory(name="丙汽配有限公司", short_name="丙汽配", division_id=TOWN_C,
                                    employees=4000),    # 40 (capped)
            "f5": EnterpriseFactory(name="戊五金有限公司", division_id=TOWN_A, employees=600),     # 16
            "f6": EnterpriseFactory(name="己纺织有限公司", division_id=TOWN_A, employees=100),     # only 丁's
            "f4": EnterpriseFactory(name="周盛轴承有限公司", division_id=TOWN_B, employees=300),   # team 周巷
        }
        tower = OfficeBuilding.objects.create(town_id=TOWN_A, name="财富中心", floor_area_m2=12000)   # 16
        for who, unit in ((jia, "f1"), (jia, "f3"), (yi, "f2"), (bing, "f5"), (ding, "f6"), (zhou_officer, "f4")):
            Assignment.objects.create(officer=who, enterprise=firms[unit], since=SINCE)
        for who in (jia, yi):
            Assignment.objects.create(officer=who, building=tower, since=SINCE)
        Assignment.objects.create(officer=bing, enterprise=firms["f1"], since=dt.date(2026, 1, 5),
                                  until=SINCE)   # ended: neither load nor 丙's firm
        EnterpriseStage.objects.create(enterprise=firms["f2"], stage=Stage.SURVEYED, since=NOW)
        EnterpriseStage.objects.create(enterprise=firms["f3"], stage=Stage.RESTARTED, since=NOW)
        for who, firm, days_ago in ((jia, "f1", 2), (jia, "f3", 10), (yi, "f2", 6), (yi, "f2", 7),
                                    (zhou_officer, "f4", 1)):
            Visit.objects.create(officer=who, enterprise=firms[firm], town_id=firms[firm].division_id,
                                 visited_on=day(days_ago))
        Visit.objects.create(officer=yi, building=tower, town_id=TOWN_A, visited_on=day(3))
        late = ticket(firms["f2"], Status.ROUTED, NOW - dt.timedelta(hours=2))
        ticket(firms["f1"], Status.ACCEPTED, NOW + dt.timedelta(days=1))     # running, not late
        ticket(firms["f3"], Status.RESOLVED, NOW - dt.timedelta(days=3))     # done
        ticket(firms["f5"], Status.NEW, None)                                # waiting for dispatch
        ticket(firms["f4"], Status.ROUTED, NOW - dt.timedelta(days=1))       # the other team's
        ticket(firms["f6"], Status.REOPENED, NOW - dt.timedelta(days=1))     # a firm nobody in the team has now
        Chain.objects.create(lead=firms["f3"])
        Chain.objects.create(lead=firms["f4"])
    return {"north": north, "zhou": zhou, "leader": leader, "leader_b": leader_b, "jia": jia, "yi": yi,
            "late": late, "firms": firms}


def test_the_team_page_shows_stages_overdue_tickets_loads_and_chains(county, login, english):
    html = login(county["leader"]).get(f"/liaison/teams/{county['north'].pk}/").content.decode()
    assert re.sub(r"<[^>]+>", "", html.split('id="team-towns">', 1)[1].split("</dd>", 1)[0]) == "宗汉街道、浒山街道"
    assert rows(html, "team-stages") == [["Not surveyed", "2"], ["Surveyed", "1"], ["Filed", "0"], ["Approved", "0"],
                                         ["Prevention passed", "0"], ["Restarted", "1"]]
    assert rows(html, "team-overdue") == [[f"#{county['late'].pk} Raw materials and supply chain", "乙塑业有限公司",
                                           "Town triage", "2026-03-12 13:00", "Overdue by 2 h 0 min"]]
    # By load: 甲 19 + 40 + 16, 乙 12 + 16, 丙 16; spread 75 / 16. 丁 left: not an officer of the team any more.
    assert rows(html, "team-loads") == [["甲", "75", "3", "2026-03-10", "1"], ["乙", "28", "2", "2026-03-09", "2"],
                                        ["丙", "16", "1", "—", "0"]]
    assert re.sub(r"<[^>]+>|\s+", " ", html.split('id="team-spread">', 1)[1].split("</p>", 1)[0]).split() == [
        "Spread", "(highest", "/", "lowest", "load):", "4.69", "(75", "/", "16)"]
    assert rows(html, "team-chains") == [["丙汽配有限公司", "丙汽配's chain", "甲"]]
    assert [re.sub(r"<[^>]+>", "", html.split(f'id="kpi-{k}">', 1)[1].split("</span>", 1)[0])
            for k in ("firms", "officers", "overdue", "chains")] == ["4", "3", "1", "1"]
    assert 'id="team-firms"' not in html


def test_the_figures_read_by_the_page(county):
    page = team_page(county["north"], NOW, TODAY)
    assert [(load.officer.username, load.points, load.units, load.last_visit, load.visits_this_week)
            for load in page.loads] == [("lo_jia", 75, 3, day(2), 1), ("lo_yi", 28, 2, day(3), 2),
                                        ("lo_bing", 16, 1, None, 0)]
    assert (page.spread.high, page.spread.low, page.spread.ratio) == (75, 16, 75 / 16)
    assert [t.pk for t in page.overdue] == [county["late"].pk]
    assert {s.stage: s.firms for s in page.stages} == {"not_surveyed": 2, "surveyed": 1, "filed": 0, "approved": 0,
                                                        "prevention_passed": 0, "restarted": 1}


def test_the_stage_links_list_the_teams_firms_of_both_towns(county, login, english):
    leader = login(county["leader"])
    html = leader.get(f"/liaison/teams/{county['north'].pk}/?stage=restarted").content.decode()
    assert 'href="?stage=restarted#team-firms"' in html
    # 宗汉街道 is not the leader's own town: listed, without a link to a page that would not open for them.
    assert rows(html, "team-firms") == [["丙汽配有限公司", "宗汉街道", "4000", "甲"]]
    assert "/enterprises/" not in html.split('id="team-firms"', 1)[1].split("</section>", 1)[0]
    html = leader.get(f"/liaison/teams/{county['north'].pk}/?stage=not_surveyed").content.decode()
    assert rows(html, "team-firms") == [["戊五金有限公司", "浒山街道", "600", "丙"],
                                        ["甲电器有限公司", "浒山街道", "900", "甲"]]
    assert html.split('id="team-firms"', 1)[1].split("</section>", 1)[0].count('href="/enterprises/') == 2
    html = leader.get(f"/liaison/teams/{county['north'].pk}/?stage=bogus").content.decode()
    assert 'id="team-firms"' not in html


def test_the_list_of_teams(county, login, english):
    county_officer = UserFactory(username="p_county", role=Role.COUNTY_OFFICER, division_id=COUNTY)
    html = login(county_officer).get("/liaison/teams/").content.decode()
    assert rows(html, "team-list") == [["北片服务组", "宗汉街道、浒山街道", "北组长", "3", "5", "4.69 (75 / 16)"],
                                       ["周巷服务组", "周巷镇", "周组长", "1", "1", "1.00 (13 / 13)"]]
    html = login(county["leader"]).get("/liaison/teams/").content.decode()
    assert [r[0] for r in rows(html, "team-list")] == ["北片服务组"]
    html = login(county["leader_b"]).get("/liaison/teams/").content.decode()
    assert [r[0] for r in rows(html, "team-list")] == ["周巷服务组"]
    outsider = UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=OTHER_COUNTY)
    assert rows(login(outsider).get("/liaison/teams/").content.decode(), "team-list") == [
        ["No service team yet."]]


def test_who_may_see_a_team(county, login):
    url = f"/liaison/teams/{county['north'].pk}/"
    assert login(county["leader"]).get(url).status_code == 200
    assert login(UserFactory(username="p_county", role=Role.COUNTY_OFFICER, division_id=COUNTY)).get(url)\
        .status_code == 200
    # The leader of the other team, an officer of a sibling town, the team's own officer: not theirs to read.
    assert login(county["leader_b"]).get(url).status_code == 403
    assert login(UserFactory(username="p_town_b", role=Role.TOWN_OFFICER, division_id=TOWN_B)).get(url)\
        .status_code == 403
    assert login(county["jia"]).get(url).status_code == 403
    assert login(county["jia"]).get("/liaison/teams/").status_code == 403
    # Another county's officer: the team does not exist for them; nor does a team that does not exist.
    assert login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=OTHER_COUNTY)).get(url)\
        .status_code == 404
    assert login(county["leader"]).get("/liaison/teams/999999/").status_code == 404
    assert login(county["leader_b"]).get(f"/liaison/teams/{county['zhou'].pk}/").status_code == 200


def _grow(team: ServiceTeam, firms: int) -> None:
    """More officers, firms, visits, overdue tickets and chains for the team."""
    with scopes_disabled():
        for n in range(firms):
            who = officer(f"lo_more{n}", TOWN_C, team, f"增{n}")
            firm = EnterpriseFactory(name=f"增{n}有限公司", division_id=TOWN_C, employees=100 * n)
            Assignment.objects.create(officer=who, enterprise=firm, since=SINCE)
            EnterpriseStage.objects.create(enterprise=firm, stage=list(Stage)[n % 6], since=NOW)
            Visit.objects.create(officer=who, enterprise=firm, town_id=TOWN_C, visited_on=day(n % 9))
            ticket(firm, Status.ROUTED, NOW - dt.timedelta(hours=n + 1))
            if n % 2:
                Chain.objects.create(lead=firm)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_team(county, login, django_assert_num_queries):
    client = login(county["leader"])
    url, teams = f"/liaison/teams/{county['north'].pk}/", "/liaison/teams/"
    for warm_up in (url, teams):
        client.get(warm_up)
    small = (_queries(client, url), _queries(client, url + "?stage=surveyed"), _queries(client, teams))
    with django_assert_num_queries(7):
        team_page(county["north"], timezone.now(), TODAY)
    _grow(county["north"], 12)
    assert (_queries(client, url), _queries(client, url + "?stage=surveyed"), _queries(client, teams)) == small
    with django_assert_num_queries(7):
        page = team_page(county["north"], timezone.now(), TODAY)
    assert (len(page.loads), len(page.firms), len(page.overdue), len(page.chains)) == (15, 16, 13, 7)
