"""Coverage on the hand-built county (test_assignment_pages.world): firms and
buildings short of officers (an officer who left fills no place), officers
over their team's maximum or over 1.2 × the team's mean, firms not visited in
N days (bounded 1–365), firms that lost or gained above-scale status (from
the firms' history, since the last applied assignment); each section's Excel;
a team leader reads their team's towns only, officers and town officers not at all."""
import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Assignment, Proposal, Visit
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.liaison.test_assignment_pages import english, rows, sheet, world  # noqa: F401

pytestmark = pytest.mark.django_db
LARGE = "Office building at or over the floor area"


@pytest.fixture
def covered(world):
    """王一 also has 丙 (load 20 + 12 + 10 = 42 against 王二's 22: over 1.2 × 32); 周巷服务组 may carry 5
    points an officer (李一 has 10). Visits: 甲 3 days ago, 丙 13, 丁 14, 戊 20; 乙 never."""
    people, units, today = world["people"], world["units"], timezone.localdate()
    with scopes_disabled():
        Assignment.objects.create(officer=people["o1"], enterprise=units["丙"], since=today - dt.timedelta(days=30))
        world["teams"][TOWN_B].max_load = 5
        world["teams"][TOWN_B].save()
        for officer, firm, days in (("o1", "甲", 3), ("o1", "丙", 13), ("o2", "丁", 14), ("p1", "戊", 20)):
            Visit.objects.create(officer=people[officer], enterprise=units[firm], town_id=units[firm].division_id,
                                 visited_on=today - dt.timedelta(days=days))
    return world


def ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def test_the_county_sees_every_section(covered, login, english):
    page = login(covered["people"]["county"]).get("/liaison/coverage/").content.decode()
    assert rows(page, "short") == [
        ["西城大厦 building", "浒山街道", "2", "0", "2", LARGE],
        ["中环大厦 building", "浒山街道", "2", "1", "1", LARGE],
        ["乙模具有限公司", "浒山街道", "1", "0", "1", "Above-scale industrial firm"],   # 王三 left
        ["北岸大厦 building", "周巷镇", "2", "0", "2", LARGE]]
    assert rows(page, "over") == [["李一", "周巷服务组", "10", "5.0", "the team's maximum", "1"],
                                  ["王一", "浒山服务组", "42", "38.4", "1.2 × the team's mean load (32.0)", "3"]]
    assert rows(page, "unvisited") == [["乙模具有限公司", "浒山街道", "—", "never", "—"],
                                       ["戊汽配有限公司", "周巷镇", "李一", ago(20), "20"],
                                       ["丁塑业有限公司", "浒山街道", "王二", ago(14), "14"]]
    assert f"Firms looked after now with no visit since {ago(13)}." in page
    today = timezone.localdate().isoformat()
    assert rows(page.replace("</table>", "</section>"), "status-lost") == [["丁塑业有限公司", "浒山街道", today]]
    assert rows(page.replace("</table>", "</section>"), "status-gained") == [["None."]]
    assert "No assignment has been applied here yet" in page
    counts = {name: page.split(f'id="count-{name}">', 1)[1].split("<", 1)[0]
              for name in ("short", "over", "unvisited", "status")}
    assert counts == {"short": "4", "over": "2", "unvisited": "3", "status": "1"}


@pytest.mark.parametrize("asked, listed", [
    ("20", ["乙模具有限公司", "戊汽配有限公司"]),          # 20 days ago is before the last 20 days
    ("21", ["乙模具有限公司"]),
    ("0", ["乙模具有限公司", "戊汽配有限公司", "丁塑业有限公司", "丙五金有限公司", "甲电器有限公司"]),   # at least 1
    ("999", ["乙模具有限公司"]),                          # at most 365
    ("soon", ["乙模具有限公司", "戊汽配有限公司", "丁塑业有限公司"]),     # not a number: 14
])
def test_the_days_without_a_visit_are_bounded(covered, login, english, asked, listed):
    page = login(covered["people"]["county"]).get(f"/liaison/coverage/?days={asked}").content.decode()
    assert [r[0] for r in rows(page, "unvisited")] == listed


def test_status_changes_since_the_last_applied_assignment(covered, login, english):
    with scopes_disabled():
        gained = EnterpriseFactory(name="己精密有限公司", above_scale=False, industry_id="3854", division_id=TOWN_A)
        gained.above_scale = True
        gained.save()
        # Above-scale from the start: no change to report.
        EnterpriseFactory(name="庚机械有限公司", above_scale=True, industry_id="3854", division_id=TOWN_A)
    client = login(covered["people"]["county"])
    page = client.get("/liaison/coverage/").content.decode().replace("</table>", "</section>")
    today = timezone.localdate().isoformat()
    assert rows(page, "status-gained") == [["己精密有限公司", "浒山街道", today]]
    assert rows(page, "status-lost") == [["丁塑业有限公司", "浒山街道", today]]
    assert sheet(client.get("/liaison/coverage/?export=status")) == [
        ["Change", "Firm", "Unified social credit code", "Town", "Changed on"],
        ["Lost above-scale status", "丁塑业有限公司", covered["units"]["丁"].uscc, "浒山街道", today],
        ["Became above-scale", "己精密有限公司", gained.uscc, "浒山街道", today]]
    # Applied after 己 became above-scale: that change is older than the assignment.
    with scopes_disabled():
        applied = Proposal.objects.create(county=covered["county"], state=ProposalState.APPLIED,
                                          applied_at=timezone.now())
    page = client.get("/liaison/coverage/").content.decode().replace("</table>", "</section>")
    assert rows(page, "status-gained") == [["None."]]
    assert rows(page, "status-lost") == [["丁塑业有限公司", "浒山街道", today]]
    assert f"since proposal No. {applied.pk} was applied" in page


def test_each_section_exports_every_row(covered, login, english):
    client = login(covered["people"]["county"])
    assert sheet(client.get("/liaison/coverage/?export=short")) == [
        ["Firm or building", "Town", "Officers needed", "Officers now", "Missing", "Rules"],
        ["西城大厦", "浒山街道", 2, 0, 2, LARGE], ["中环大厦", "浒山街道", 2, 1, 1, LARGE],
        ["乙模具有限公司", "浒山街道", 1, 0, 1, "Above-scale industrial firm"], ["北岸大厦", "周巷镇", 2, 0, 2, LARGE]]
    assert sheet(client.get("/liaison/coverage/?export=load")) == [
        ["Officer", "Team", "Load (points)", "Limit (points)", "Limit set by", "Firms and buildings"],
        ["李一", "周巷服务组", 10, 5, "the team's maximum", 1],
        ["王一", "浒山服务组", 42, 38.4, "1.2 × the team's mean load", 3]]
    firm = covered["units"]
    assert sheet(client.get("/liaison/coverage/?export=unvisited")) == [
        ["Firm", "Unified social credit code", "Town", "Officers", "Last visit", "Days since"],
        ["乙模具有限公司", firm["乙"].uscc, "浒山街道", "", "never", ""],
        ["戊汽配有限公司", firm["戊"].uscc, "周巷镇", "李一", ago(20), 20],
        ["丁塑业有限公司", firm["丁"].uscc, "浒山街道", "王二", ago(14), 14]]


def test_a_team_leader_reads_their_team_s_towns_only(covered, login, english):
    page = login(covered["people"]["leader_a"]).get("/liaison/coverage/").content.decode()
    assert "Your teams' towns: 浒山街道" in page
    assert [r[0] for r in rows(page, "short")] == ["西城大厦 building", "中环大厦 building", "乙模具有限公司"]
    assert [r[0] for r in rows(page, "over")] == ["王一"]
    assert [r[0] for r in rows(page, "unvisited")] == ["乙模具有限公司", "丁塑业有限公司"]
    assert "周巷" not in page and "李一" not in page and "北岸大厦" not in page
    other = login(covered["people"]["leader_b"]).get("/liaison/coverage/?export=short")
    assert [r[0] for r in sheet(other)[1:]] == ["北岸大厦"]


def test_officers_and_other_counties_do_not_read_this_county(covered, login, english):
    for user in (covered["people"]["o1"], covered["people"]["p1"],
                 UserFactory(username="p_town_b", role=Role.TOWN_OFFICER, division_id=TOWN_B)):
        client = login(user)
        assert client.get("/liaison/coverage/").status_code == 403
        assert client.get("/liaison/coverage/?export=short").status_code == 403
    yuyao = login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000"))
    page = yuyao.get("/liaison/coverage/").content.decode()
    assert "余姚市" in page and "浒山" not in page and "乙模具有限公司" not in page
    assert sheet(yuyao.get("/liaison/coverage/?export=unvisited"))[1:] == []
