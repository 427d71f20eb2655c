"""A proposal from the solver, reviewed as a difference, applied; an officer
who leaves; a town with too few officers; a proposal overtaken by a change."""
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from lianfu.common.audit import ActivityLog
from lianfu.common.errors import Conflict, NotAllowed
from lianfu.common.roles import Role
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown
from lianfu.liaison.proposals import apply, difference, propose
from lianfu.registry.models import Division, OfficeBuilding
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(db):
    """Town A: officers o1, o2; firms f1, f2 (20 points), f3, f4 (10), a 5,000 m²
    building b5 (2 officers, 12 points). Town B: officer o3, firm g1 (10). Now:
    o1 has f1 and f3, o2 has f2."""
    with scopes_disabled():
        county = Division.objects.get(code=COUNTY)
        county_officer = UserFactory(username="p_county", role=Role.COUNTY_OFFICER, division_id=COUNTY)
        leader = UserFactory(username="p_town_a", role=Role.TOWN_OFFICER, division_id=TOWN_A)
        o = {n: UserFactory(username=f"o{n}", role=Role.LIAISON_OFFICER, division_id=town)
             for n, town in ((1, TOWN_A), (2, TOWN_A), (3, TOWN_B))}
        teams = {town: ServiceTeam.objects.create(county=county, name=name, leader=leader)
                 for town, name in ((TOWN_A, "浒山服务组"), (TOWN_B, "周巷服务组"))}
        for town, team in teams.items():
            TeamTown.objects.create(team=team, town_id=town)
        for n, town in ((1, TOWN_A), (2, TOWN_A), (3, TOWN_B)):
            TeamMember.objects.create(officer=o[n], team=teams[town])
        firms = {name: EnterpriseFactory(above_scale=True, industry_id="3854", employees=employees, division_id=town)
                 for name, employees, town in (("f1", 1000, TOWN_A), ("f2", 1000, TOWN_A), ("f3", 50, TOWN_A),
                                               ("f4", 50, TOWN_A), ("g1", 50, TOWN_B))}
        b5 = OfficeBuilding.objects.create(town_id=TOWN_A, name="财富中心", floor_area_m2=5000)
        for officer, firm in ((1, "f1"), (1, "f3"), (2, "f2")):
            Assignment.objects.create(officer=o[officer], enterprise=firms[firm], since=TODAY - dt.timedelta(30))
    key = {name: f"firm:{firm.pk}" for name, firm in firms.items()} | {"b5": f"building:{b5.pk}"}
    return {"county": county, "o": o, "key": key, "officer": county_officer}


def current(world) -> dict[str, list[str]]:
    names = {v: k for k, v in world["key"].items()}
    who = {u.pk: name for name, u in (("o1", world["o"][1]), ("o2", world["o"][2]), ("o3", world["o"][3]))}
    out: dict[str, list[str]] = {}
    with scopes_disabled():
        for a in Assignment.objects.filter(until__isnull=True).order_by("officer_id"):
            out.setdefault(names[a.unit_key], []).append(who[a.officer_id])
    return dict(sorted(out.items()))


def changes(items, world) -> list[tuple]:
    names = {v: k for k, v in world["key"].items()}
    who = {u.pk: f"o{n}" for n, u in world["o"].items()}
    return [(names[c.unit], [who[p] for p in c.before], [who[p] for p in c.after]) for c in items]


def test_the_proposal_keeps_what_works_fills_the_gaps_and_is_applied(world):
    proposal = propose(world["county"], actor=world["officer"], today=TODAY)
    s = proposal.summary
    assert (s["moves"], s["spread"], s["unfilled"], s["shortfalls"], s["units"], s["officers"], s["teams"]) == (
        0, 1.0, 0, [], 6, 3, 2)
    assert (s["min_load"], s["max_load"]) == (10, 42)    # town B's one officer has one firm
    assert set(s["greedy"]) >= {"moves", "spread", "seconds", "status"}
    change = difference(proposal)
    assert (change.moved, change.added, change.ended, change.kept) == ([], [], [], 3)
    assert sorted(changes(change.new, world)) == [("b5", [], ["o1", "o2"]), ("f4", [], ["o2"]), ("g1", [], ["o3"])]
    apply(proposal, actor=world["officer"], today=TODAY)
    assert current(world) == {"b5": ["o1", "o2"], "f1": ["o1"], "f2": ["o2"], "f3": ["o1"], "f4": ["o2"],
                              "g1": ["o3"]}
    logged = ActivityLog.objects.filter(action__startswith="liaison.").order_by("id")
    assert list(logged.values_list("action", "data")) == [
        ("liaison.proposed", {"moves": 0, "spread": 1.0, "unfilled": 0}),
        ("liaison.applied", {"moved": 0, "new": 3, "ended": 0, "kept": 3})]
    with pytest.raises(NotAllowed):
        apply(proposal, actor=world["officer"], today=TODAY)


def test_an_officer_who_leaves_hands_over_and_the_town_is_short_of_one(world):
    apply(propose(world["county"], today=TODAY), actor=world["officer"], today=TODAY)
    with scopes_disabled():
        TeamMember.objects.filter(officer=world["o"][1]).delete()
    proposal = propose(world["county"], today=TODAY + dt.timedelta(1))
    s = proposal.summary
    assert (s["moves"], s["unfilled"]) == (3, 1)          # o1's f1, f3 and half of b5
    assert s["shortfalls"] == [{"town": TOWN_A, "team": s["shortfalls"][0]["team"], "units": 1,
                                "officers_short": 1, "reason": "too_few_officers"}]
    assert sorted(changes(difference(proposal).moved, world)) == [
        ("b5", ["o1", "o2"], ["o2"]), ("f1", ["o1"], ["o2"]), ("f3", ["o1"], ["o2"])]
    apply(proposal, actor=world["officer"], today=TODAY + dt.timedelta(1))
    assert current(world) == {"b5": ["o2"], "f1": ["o2"], "f2": ["o2"], "f3": ["o2"], "f4": ["o2"], "g1": ["o3"]}
    with scopes_disabled():
        assert sorted(Assignment.objects.filter(officer=world["o"][1]).values_list("until", flat=True)) == [
            TODAY + dt.timedelta(1)] * 3    # ended, kept: who looked after whom


def test_a_proposal_overtaken_by_a_change_is_refused(world):
    proposal = propose(world["county"], today=TODAY)
    with scopes_disabled():
        Assignment.objects.filter(officer=world["o"][2]).update(until=TODAY)
    with pytest.raises(Conflict, match="propose again"):
        apply(proposal, actor=world["officer"], today=TODAY)


def test_a_town_no_team_serves_is_named(world):
    EnterpriseFactory(above_scale=True, industry_id="3854", division_id="330282107000")   # 观海卫镇: no team
    s = propose(world["county"], today=TODAY).summary
    assert [(x["town"], x["team"], x["units"], x["officers_short"], x["reason"]) for x in s["shortfalls"]] == [
        ("330282107000", None, 1, 1, "no_team")]


def test_the_command_proposes_and_applies(world):
    out = io.StringIO()
    call_command("liaison", "assign", "--county", "330282", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "liaison assign: 慈溪市 (330282): 6 firms and buildings need officers, 3 officers in 2 teams"
    assert lines[1].startswith("  solver: ") and "spread 1.00 (load 10–42), 0 moves, 0 places unfilled" in lines[1]
    assert lines[2].startswith("  greedy: ")
    assert lines[3].endswith(": 0 change officer, 0 gain one, 3 new, 0 end, 3 kept; "
                             "`lianfu liaison assign --apply` applies it")
    out = io.StringIO()
    call_command("liaison", "assign", "--apply", stdout=out)
    assert out.getvalue().endswith("applied: 0 changed officer, 3 new, 0 ended, 3 kept\n")
    assert current(world)["b5"] == ["o1", "o2"]
