"""What a service team's leader and the county read about a team
(docs/liaison.md, "Team page"): its towns, its firms by four-sync stage, the
overdue tickets of those firms, its officers' load and last visits, and the
chains whose lead firms its officers look after; and the county's list of
teams with their size and spread.

**The team's officers** are its active liaison officers (as the solver counts
them, liaison/proposals.problem_of). **The team's firms** are the firms of the
team's towns that one of them looks after now. **Load** is the officer's load
points (liaison/demand.py) summed over every unit assigned to them now; the
**spread** is the highest load over the lowest (liaison/assign/measure.py, the
figure the assignment keeps to). A ticket is **overdue** as the helpdesk says
(helpdesk/queries.overdue_filter: a running ticket from its deadline on).

Everything is read unscoped but filtered to the team's towns: a leader is often
a town officer of one town while the team serves several. Each read is one
query whatever the team's size (aggregates and IN-subqueries, no per-row reads)."""
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.chains.models import Chain
from lianfu.common.roles import Role
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.queries import overdue_filter
from lianfu.liaison.assign.measure import team_spread
from lianfu.liaison.demand import building_points, firm_points
from lianfu.liaison.models import Assignment, ServiceTeam, TeamMember, TeamTown, Visit
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import Stage

# "Visits in the last 7 days": today and the six days before.
WEEK_DAYS = 7


@dataclass
class OfficerLoad:
    officer: User
    points: int = 0
    units: int = 0
    last_visit: dt.date | None = None
    visits_this_week: int = 0


@dataclass
class Spread:
    """The highest and lowest load of a team's officers and their ratio
    (``None`` without officers; infinite when someone has nothing and another has)."""
    high: int
    low: int
    ratio: float

    @property
    def unbounded(self) -> bool:
        return math.isinf(self.ratio)


def spread_of(points: list[int]) -> Spread | None:
    return Spread(max(points), min(points), team_spread(points)) if points else None


@dataclass
class TeamFirm:
    firm: Enterprise
    stage: str
    officers: list[User] = field(default_factory=list)


@dataclass
class StageCount:
    stage: str
    label: str
    firms: int


def officers_of(teams) -> dict[int, list[User]]:
    """team id -> its active liaison officers, by name; one query."""
    out: dict[int, list[User]] = defaultdict(list)
    for member in (TeamMember.objects.filter(team__in=teams, officer__is_active=True,
                                             officer__role=Role.LIAISON_OFFICER)
                   .select_related("officer").order_by("officer__first_name", "officer__username")):
        out[member.team_id].append(member.officer)
    return out


def current_units(officer_ids) -> list[tuple]:
    """(officer id, firm id, building id, firm's town, load points) of every
    unit assigned to those officers now; one query."""
    rows = (Assignment.objects.filter(officer_id__in=officer_ids, until__isnull=True)
            .order_by("officer_id", "enterprise_id", "building_id")
            .values_list("officer_id", "enterprise_id", "building_id", "enterprise__division_id",
                         "enterprise__employees", "building__floor_area_m2"))
    return [(officer, firm, building, town, firm_points(employees) if firm else building_points(area or 0))
            for officer, firm, building, town, employees, area in rows]


def loads_of(officers: list[User], units: list[tuple]) -> dict[int, OfficerLoad]:
    loads = {officer.pk: OfficerLoad(officer) for officer in officers}
    for officer, _firm, _building, _town, points in units:
        loads[officer].points += points
        loads[officer].units += 1
    return loads


def towns_of(teams) -> dict[int, list]:
    """team id -> its towns (Division), in code order; one query."""
    out: dict[int, list] = defaultdict(list)
    for link in TeamTown.objects.filter(team__in=teams).select_related("town").order_by("town_id"):
        out[link.team_id].append(link.town)
    return out


@dataclass
class TeamRow:
    """A line of the list of teams."""
    team: ServiceTeam
    towns: list
    officers: int
    units: int
    spread: Spread | None


def team_rows(teams) -> list[TeamRow]:
    """The teams' towns, officers, units and spread: four queries for any number of teams."""
    with scopes_disabled():
        teams = list(teams.select_related("leader"))
        towns, officers = towns_of(teams), officers_of(teams)
        units = current_units([o.pk for members in officers.values() for o in members])
    team_of = {o.pk: team_id for team_id, members in officers.items() for o in members}
    loads = loads_of([o for members in officers.values() for o in members], units)
    unit_keys: dict[int, set] = defaultdict(set)
    for officer, firm, building, _town, _points in units:
        unit_keys[team_of[officer]].add((firm, building))
    return [TeamRow(team, towns[team.pk], len(officers[team.pk]), len(unit_keys[team.pk]),
                    spread_of([loads[o.pk].points for o in officers[team.pk]])) for team in teams]


@dataclass
class TeamPage:
    team: ServiceTeam
    towns: list
    firms: list[TeamFirm]
    stages: list[StageCount]
    overdue: list[Ticket]
    loads: list[OfficerLoad]
    spread: Spread | None
    chains: list[tuple[Chain, list[User]]]

    def firms_at(self, stage: str) -> list[TeamFirm]:
        return [row for row in self.firms if row.stage == stage]


def team_page(team: ServiceTeam, now: dt.datetime, today: dt.date) -> TeamPage:
    """Seven queries whatever the team's size."""
    with scopes_disabled():
        towns = towns_of([team])[team.pk]
        officers = officers_of([team])[team.pk]
        by_pk = {o.pk: o for o in officers}
        units = current_units(list(by_pk))
        town_ids = {town.code for town in towns}
        looked_after: dict[int, list[User]] = defaultdict(list)
        for officer, firm, _building, town, _points in units:
            if firm and town in town_ids:
                looked_after[firm].append(by_pk[officer])
        firms = _firms(looked_after)
        overdue = _overdue(list(looked_after), now)
        loads = loads_of(officers, units)
        _add_visits(loads, today)
        chains = [(chain, looked_after[chain.lead_id]) for chain in Chain.objects.filter(
            lead_id__in=list(looked_after)).select_related("lead").order_by("lead__name")]
    stage_counts = defaultdict(int)
    for row in firms:
        stage_counts[row.stage] += 1
    stages = [StageCount(stage.value, str(stage.label), stage_counts[stage.value]) for stage in Stage]
    ordered = sorted(loads.values(), key=lambda load: (-load.points, -load.units, load.officer.display_name))
    return TeamPage(team, towns, firms, stages, overdue, ordered, spread_of([load.points for load in ordered]),
                    chains)


def _firms(looked_after: dict[int, list[User]]) -> list[TeamFirm]:
    firms = Enterprise.objects.filter(pk__in=list(looked_after)).select_related("division", "stage_record")
    return [TeamFirm(firm, getattr(getattr(firm, "stage_record", None), "stage", Stage.NOT_SURVEYED.value),
                     looked_after[firm.pk]) for firm in firms.order_by("name", "pk")]


def _overdue(firm_ids: list[int], now: dt.datetime) -> list[Ticket]:
    """The firms' overdue tickets (the helpdesk's definition), the longest late first."""
    late = (Ticket.objects.filter(overdue_filter(now), enterprise_id__in=firm_ids)
            .select_related("enterprise", "department", "town").order_by("due_at", "pk"))
    return with_countdowns(late, now)


def _add_visits(loads: dict[int, OfficerLoad], today: dt.date) -> None:
    since = today - dt.timedelta(days=WEEK_DAYS - 1)
    for row in (Visit.objects.filter(officer_id__in=list(loads)).values("officer_id")
                .annotate(last=Max("visited_on"), week=Count("id", filter=Q(visited_on__gte=since,
                                                                          visited_on__lte=today)))):
        loads[row["officer_id"]].last_visit = row["last"]
        loads[row["officer_id"]].visits_this_week = row["week"]
