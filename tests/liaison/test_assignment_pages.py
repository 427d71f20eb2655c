"""The county's assignment page: the figures of the current assignment,
proposing in the background (the task runs at once in tests) with its
progress, a proposal's summary, shortfall and difference tables on a
hand-built county, its Excel export, applying it, and a stale proposal
refused; who may see it (a county's own proposals only)."""
import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.liaison import tasks
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Assignment, Proposal, ServiceTeam, TeamMember, TeamTown
from lianfu.registry.models import Division, OfficeBuilding
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
OTHER_COUNTY = "330281000000"   # 余姚市


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world(db):
    """浒山街道 (team 浒山服务组): officers 王一, 王二 and 王三 (left: account closed);
    firms 甲 (1,000 employees: 20 points), 乙 (20), 丙 (10), 丁 (no longer
    above-scale); buildings of 4,999 (东方大厦), 5,000 (中环大厦) and 5,001 m²
    (西城大厦). 周巷镇 (team 周巷服务组): one officer 李一, firm 戊 (10), a 5,000 m²
    building 北岸大厦 that needs two officers. Now: 王一 has 甲 and 东方大厦, 王二
    has 丁 and 中环大厦, 王三 (left) has 乙, 李一 has 戊."""
    with scopes_disabled():
        county = Division.objects.get(code=COUNTY)
        people = {
            "county": UserFactory(username="p_county", role=Role.COUNTY_OFFICER, division_id=COUNTY),
            "leader_a": UserFactory(username="leader_a", first_name="赵组长", role=Role.TOWN_OFFICER,
                                    division_id=TOWN_A),
            "leader_b": UserFactory(username="leader_b", first_name="钱组长", role=Role.TOWN_OFFICER,
                                    division_id=TOWN_B),
        }
        teams = {TOWN_A: ServiceTeam.objects.create(county=county, name="浒山服务组", leader=people["leader_a"]),
                 TOWN_B: ServiceTeam.objects.create(county=county, name="周巷服务组", leader=people["leader_b"])}
        for town, team in teams.items():
            TeamTown.objects.create(team=team, town_id=town)
        for key, name, town in (("o1", "王一", TOWN_A), ("o2", "王二", TOWN_A), ("o3", "王三", TOWN_A),
                                ("p1", "李一", TOWN_B)):
            people[key] = UserFactory(username=key, first_name=name, role=Role.LIAISON_OFFICER, division_id=town)
            TeamMember.objects.create(officer=people[key], team=teams[town])
        people["o3"].is_active = False
        people["o3"].save(update_fields=["is_active"])
        units = {key: EnterpriseFactory(name=name, above_scale=True, industry_id="3854", employees=employees,
                                        division_id=town)
                 for key, name, employees, town in (
                     ("甲", "甲电器有限公司", 1000, TOWN_A), ("乙", "乙模具有限公司", 1000, TOWN_A),
                     ("丙", "丙五金有限公司", 50, TOWN_A), ("丁", "丁塑业有限公司", 50, TOWN_A),
                     ("戊", "戊汽配有限公司", 50, TOWN_B))}
        units["丁"].above_scale = False          # lost its status: no rule names it any more
        units["丁"].save()
        for key, name, area, town in (("东", "东方大厦", 4999, TOWN_A), ("中", "中环大厦", 5000, TOWN_A),
                                      ("西", "西城大厦", 5001, TOWN_A), ("北", "北岸大厦", 5000, TOWN_B)):
            units[key] = OfficeBuilding.objects.create(town_id=town, name=name, floor_area_m2=area)
        since = timezone.localdate() - dt.timedelta(days=30)
        for officer, unit in (("o1", "甲"), ("o1", "东"), ("o2", "丁"), ("o2", "中"), ("o3", "乙"), ("p1", "戊")):
            field = "building" if isinstance(units[unit], OfficeBuilding) else "enterprise"
            Assignment.objects.create(officer=people[officer], since=since, **{field: units[unit]})
    return {"county": county, "people": people, "teams": teams, "units": units}


def rows(html: str, block_id: str) -> list[list[str]]:
    block = html.split(f'id="{block_id}"', 1)[1].split("</section>", 1)[0]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>",
                                                                                       row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S) if "<td" in row]


def sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def current(world) -> dict[str, list[str]]:
    name = {f"{'building' if hasattr(u, 'floor_area_m2') else 'firm'}:{u.pk}": key
            for key, u in world["units"].items()}
    who = {u.pk: u.first_name for u in world["people"].values()}
    out: dict[str, list[str]] = {}
    with scopes_disabled():
        for a in Assignment.objects.filter(until__isnull=True).order_by("officer__username"):
            out.setdefault(name[a.unit_key], []).append(who[a.officer_id])
    return dict(sorted(out.items()))


def propose_on_page(client) -> Proposal:
    assert client.post("/liaison/assignment/").status_code == 302
    with scopes_disabled():
        return Proposal.objects.get(state=ProposalState.PROPOSED)


def test_the_page_shows_the_current_assignment(world, login, english):
    page = login(world["people"]["county"]).get("/liaison/assignment/").content.decode()
    figures = {name: re.search(rf'id="kpi-{name}">([^<]*)<', page).group(1)
               for name in ("units", "places", "officers", "covered", "short", "nobody")}
    # 8 units, 11 places; 甲, 东方大厦 and 戊 covered; 中环大厦 has 1 of 2;
    # nobody for 乙 (王三 left), 丙, 西城大厦, 北岸大厦.
    assert figures == {"units": "8", "places": "11", "officers": "3", "covered": "3", "short": "1", "nobody": "4"}
    assert rows(page, "team-loads") == [["周巷服务组", "1", "10", "10", "10.0", "1.00", "—"],
                                        ["浒山服务组", "2", "22", "32", "27.0", "1.45", "—"]]
    assert rows(page, "proposals") == [["No proposal yet."]]
    assert 'id="propose-button"' in page


def test_proposing_runs_in_the_background_and_reports_its_progress(world, login, english):
    client = login(world["people"]["county"])
    proposal = propose_on_page(client)
    assert (proposal.created_by, proposal.summary["moves"], proposal.summary["unfilled"]) == (
        world["people"]["county"], 1, 1)
    assert client.get("/liaison/assignment/progress/").json() == {
        "status": "done", "ready": True, "teams_done": 2, "teams": 2, "percent": 100, "seconds_left": None,
        "proposal": proposal.pk, "proposal_url": f"/liaison/assignment/{proposal.pk}/"}
    polled = client.get("/liaison/assignment/progress/", headers={"HX-Request": "true"})
    assert (polled.status_code, polled["HX-Redirect"]) == (204, f"/liaison/assignment/{proposal.pk}/")
    page = client.get("/liaison/assignment/").content.decode()
    assert f'review proposal No. {proposal.pk}' in page
    assert rows(page, "proposals") == [[str(proposal.pk), timezone.localtime(proposal.created_at).strftime(
        "%Y-%m-%d %H:%M"), "p_county", "Proposed", "1", "1.04", "1", "1"]]


def test_the_task_records_each_team_solved(world, monkeypatch):
    seen = []
    update = tasks._update

    def recording(code, **changes):
        job = update(code, **changes)
        seen.append((job["status"], job["teams_done"], job["teams"]))
        return job

    monkeypatch.setattr(tasks, "_update", recording)
    assert tasks.start(world["county"], world["people"]["county"]) is True
    # The solver tells of each team as it is solved: none, one, then both.
    assert seen == [("running", 0, 0), ("running", 0, 2), ("running", 1, 2), ("running", 2, 2), ("done", 2, 2)]


def test_time_left_is_the_solver_budget_or_the_pace_of_the_teams_solved():
    job = {"status": "running", "solving_since": 100.0, "seconds": 8.0, "teams_done": 0, "teams": 4}
    # Nothing solved yet: the time limit bounds what is left, the bar follows the time used.
    assert (tasks.seconds_left(job, now=102.0), tasks.percent(job, now=102.0)) == (6, 25)
    assert (tasks.seconds_left(job, now=120.0), tasks.percent(job, now=120.0)) == (0, 99)
    job["teams_done"] = 1
    assert (tasks.seconds_left(job, now=103.0), tasks.percent(job, now=103.0)) == (5, 37)   # budget 5 s, pace 9 s
    job["teams_done"] = 3
    assert (tasks.seconds_left(job, now=101.0), tasks.percent(job, now=101.0)) == (1, 75)   # pace 1/3 s
    assert tasks.seconds_left({"status": "running", "teams_done": 0}) is None     # still reading the records
    assert tasks.percent({"status": "done", "teams_done": 0, "teams": 0}) == 100


def test_a_job_whose_worker_died_lets_the_county_propose_again(world, login, english):
    tasks._put(COUNTY, {"status": "running", "teams_done": 1, "teams": 2,
                                            "news_at": timezone.now().timestamp() - tasks.STALE_SECONDS - 1})
    client = login(world["people"]["county"])
    page = client.get("/liaison/assignment/").content.decode()
    assert 'id="job-failed"' in page and 'id="propose-button"' in page
    assert client.get("/liaison/assignment/progress/").json()["status"] == "failed"
    proposal = propose_on_page(client)
    assert tasks.job_of(COUNTY)["proposal"] == proposal.pk


def test_a_proposal_that_fails_says_so_and_is_logged(world, login, english, monkeypatch):
    def broken(county, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(tasks, "propose", broken)
    client = login(world["people"]["county"])
    page = client.post("/liaison/assignment/", follow=True).content.decode()
    assert 'id="job-failed"' in page and 'id="propose-button"' in page
    assert client.get("/liaison/assignment/progress/").json()["status"] == "failed"
    assert list(ActivityLog.objects.filter(action__startswith="liaison.").values_list(
        "action", "actor__username", "subject_id")) == [("liaison.proposal_failed", "p_county", COUNTY)]
    with scopes_disabled():
        assert not Proposal.objects.exists()


def test_a_live_job_is_not_started_twice(world, login, english):
    tasks._put(COUNTY, {"status": "running", "teams_done": 1, "teams": 2, "seconds": 8.0,
                                            "solving_since": timezone.now().timestamp(),
                                            "news_at": timezone.now().timestamp()})
    client = login(world["people"]["county"])
    page = client.post("/liaison/assignment/", follow=True).content.decode()
    assert "A proposal is already being computed" in page and 'id="propose-button"' not in page
    assert re.search(r'id="job-teams">1 of 2 teams solved<', page)
    with scopes_disabled():
        assert not Proposal.objects.exists()
    bar = client.get("/liaison/assignment/progress/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in bar and 'value="50"' in bar


def test_the_proposal_page_names_every_change_and_the_shortfall(world, login, english):
    client = login(world["people"]["county"])
    proposal = propose_on_page(client)
    page = client.get(f"/liaison/assignment/{proposal.pk}/").content.decode()
    summary = rows(page, "summary")
    assert [r for r in summary if r[0] != "Seconds"] == [
        ["Moves from the current assignment", "1", "1"], ["Load spread (highest / lowest)", "1.04", "1.04"],
        ["Lowest – highest load", "22–56", "22–56"], ["Places unfilled", "1", "1"],
        ["Status", "best possible", "greedy"]]
    assert rows(page, "shortfalls") == [
        ["周巷镇", "周巷服务组", "1", "1", "Firms or buildings here need more officers than the team has."]]
    assert "1 change officers, 1 only gain one, 3 nobody looked after before, 1 no rule names any more, " \
           "3 kept as they are." in page
    assert rows(page, "diff-moved") == [["乙模具有限公司", "浒山街道", "王三 (left)", "王二", "—"]]
    assert rows(page, "diff-added") == [["中环大厦 building", "浒山街道", "王二", "王一"]]
    assert rows(page, "diff-new") == [["丙五金有限公司", "浒山街道", "王二"],
                                      ["西城大厦 building", "浒山街道", "王一、王二"],
                                      ["北岸大厦 building", "周巷镇", "李一"]]
    assert rows(page, "diff-ended") == [["丁塑业有限公司", "浒山街道", "王二"]]
    assert sheet(client.get(f"/liaison/assignment/{proposal.pk}/?export=xlsx")) == [
        ["Change", "Kind", "Firm or building", "Town", "Officers now", "Officers proposed", "Leaving", "Joining"],
        ["Officers change", "Firm", "乙模具有限公司", "浒山街道", "王三 (left)", "王二", "王三 (left)", "王二"],
        ["Gains an officer", "Building", "中环大厦", "浒山街道", "王二", "王一、王二", "", "王一"],
        ["Nobody looked after it", "Firm", "丙五金有限公司", "浒山街道", "", "王二", "", "王二"],
        ["Nobody looked after it", "Building", "西城大厦", "浒山街道", "", "王一、王二", "", "王一、王二"],
        ["Nobody looked after it", "Building", "北岸大厦", "周巷镇", "", "李一", "", "李一"],
        ["No rule names it any more", "Firm", "丁塑业有限公司", "浒山街道", "王二", "", "王二", ""]]


def test_applying_makes_it_the_assignment_and_is_audited(world, login, english):
    client = login(world["people"]["county"])
    proposal = propose_on_page(client)
    unconfirmed = client.post(f"/liaison/assignment/{proposal.pk}/", follow=True).content.decode()
    assert "Tick the box to confirm" in unconfirmed and current(world)["乙"] == ["王三"]
    done = client.post(f"/liaison/assignment/{proposal.pk}/", {"confirm": "yes"}, follow=True)
    assert done.redirect_chain == [("/liaison/assignment/", 302)]
    assert "Applied: 1 changed officer, 1 gained one, 3 newly looked after, 1 ended, 3 kept." in done.content.decode()
    assert current(world) == {"东": ["王一"], "中": ["王一", "王二"], "乙": ["王二"], "丙": ["王二"], "北": ["李一"],
                              "戊": ["李一"], "甲": ["王一"], "西": ["王一", "王二"]}
    logged = ActivityLog.objects.filter(action__startswith="liaison.").order_by("id")
    assert list(logged.values_list("action", "actor__username", "data")) == [
        ("liaison.proposed", "p_county", {"moves": 1, "spread": 56 / 54, "unfilled": 1}),
        ("liaison.applied", "p_county", {"moved": 1, "new": 3, "ended": 1, "kept": 3})]
    assert 'id="job-done"' not in client.get("/liaison/assignment/").content.decode()   # nothing left to review
    page = client.get(f"/liaison/assignment/{proposal.pk}/").content.decode()
    assert 'id="proposal-state">Applied<' in page and 'id="applied-note"' in page and 'id="apply-button"' not in page
    again = client.post(f"/liaison/assignment/{proposal.pk}/", {"confirm": "yes"}, follow=True).content.decode()
    assert "This proposal can no longer be applied" in again


def test_a_proposal_overtaken_by_a_change_is_refused(world, login, english):
    client = login(world["people"]["county"])
    proposal = propose_on_page(client)
    with scopes_disabled():
        Assignment.objects.filter(officer=world["people"]["o1"], enterprise__isnull=False).update(
            until=timezone.localdate())
    page = client.post(f"/liaison/assignment/{proposal.pk}/", {"confirm": "yes"}, follow=True).content.decode()
    assert "The assignment changed since this proposal was made: propose again." in page
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED and "乙" in current(world)
    assert not ActivityLog.objects.filter(action="liaison.applied").exists()


def test_a_superseded_proposal_cannot_be_applied(world, login, english):
    client = login(world["people"]["county"])
    first = propose_on_page(client)
    second = propose_on_page(client)
    first.refresh_from_db()
    assert (first.state, second.state) == (ProposalState.SUPERSEDED, ProposalState.PROPOSED)
    page = client.get(f"/liaison/assignment/{first.pk}/").content.decode()
    assert 'id="superseded-note"' in page and 'id="apply-button"' not in page
    refused = client.post(f"/liaison/assignment/{first.pk}/", {"confirm": "yes"}, follow=True).content.decode()
    assert "This proposal can no longer be applied" in refused and current(world)["乙"] == ["王三"]


def test_only_the_county_manages_its_assignment(world, login):
    client = login(world["people"]["county"])
    proposal = propose_on_page(client)
    urls = ["/liaison/assignment/", "/liaison/assignment/progress/", f"/liaison/assignment/{proposal.pk}/",
            "/liaison/rules/"]
    town_b = UserFactory(username="p_town_b", role=Role.TOWN_OFFICER, division_id=TOWN_B)
    for user in (world["people"]["o1"], world["people"]["p1"], world["people"]["leader_a"], town_b):
        other = login(user)
        assert [other.get(url).status_code for url in urls] == [403] * 4, user.username
        assert other.post(f"/liaison/assignment/{proposal.pk}/", {"confirm": "yes"}).status_code == 403
        assert other.post("/liaison/assignment/").status_code == 403
    # Another county's officer: their own (empty) page, and this county's proposal is not found.
    yuyao = login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id=OTHER_COUNTY))
    assert yuyao.get("/liaison/assignment/").status_code == 200
    assert yuyao.get(f"/liaison/assignment/{proposal.pk}/").status_code == 404
    assert yuyao.post(f"/liaison/assignment/{proposal.pk}/", {"confirm": "yes"}).status_code == 404
    assert yuyao.get("/liaison/assignment/progress/").json() == {"status": "none"}
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PROPOSED
    admin = login(UserFactory(username="p_admin", role=Role.ADMINISTRATOR, division_id=None, is_superuser=True))
    assert admin.get(f"/liaison/assignment/{proposal.pk}/").status_code == 200
