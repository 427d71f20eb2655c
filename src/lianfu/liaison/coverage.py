"""Coverage of the county's liaison assignment (docs/liaison.md, "Coverage"):
firms and buildings with fewer officers than the rules ask for, officers over
their load, firms no officer has visited lately, firms whose above-scale
status changed since the last applied assignment; and the assignment page's
figures. A county officer reads the county, a team leader their teams' towns.

An officer who left (account inactive) looks after nobody: their assignments
stay until the next one ends them, but they fill no place here."""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.liaison.assign.measure import team_spread
from lianfu.liaison.demand import INDUSTRIAL_DIVISIONS, Need, building_points, firm_points, needs_of
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Proposal, ServiceTeam, Visit
from lianfu.liaison.proposals import current_pairs, officer_pk, spread_text
from lianfu.liaison.reach import teams_led
from lianfu.liaison.team import current_units, loads_of, officers_of
from lianfu.registry.divisions import county_of_user
from lianfu.registry.models import Division, Enterprise, OfficeBuilding

MEAN_SLACK = 1.2   # without a team maximum, an officer is over at 1.2 × the team's mean (the solver's spread)


@dataclass
class Reach:
    county: Division
    teams: list[ServiceTeam]
    towns: frozenset[str] | None = None     # None: the whole county

    def has(self, town: str) -> bool:
        return self.towns is None or town in self.towns


@dataclass
class UnitInfo:
    key: str
    name: str
    town: str
    town_name: str
    points: int
    uscc: str = ""          # firms: the page links to the firm
    above_scale: bool = False
    industrial: bool = False


@dataclass
class Snapshot:
    """What a page reads once: the needs and current holders inside the reach."""
    reach: Reach
    needs: dict[str, Need]
    held: dict[str, list[int]]              # unit key -> officer pks of its current assignments
    active: set[int]                        # officers among them still in service
    units: dict[str, UnitInfo] = field(default_factory=dict)

    def filled(self, key: str) -> int:
        return sum(1 for pk in self.held.get(key, ()) if pk in self.active)



def reach_of(user) -> Reach | None:
    county = county_of_user(user)
    with scopes_disabled():
        if county is not None:
            return Reach(county, list(ServiceTeam.objects.filter(county=county).order_by("name")))
        led = teams_led(user)
        if not led:
            return None
        teams = [team for team in led if team.county_id == led[0].county_id]
        towns = frozenset(town for team in teams for town in team.town_links.values_list("town_id", flat=True))
        return Reach(teams[0].county, teams, towns)


def units_named(keys) -> dict[str, UnitInfo]:
    """Name, town and load points of firms and buildings by key (two queries)."""
    firms = [int(k.split(":")[1]) for k in keys if k.startswith("firm:")]
    buildings = [int(k.split(":")[1]) for k in keys if k.startswith("building:")]
    out = {}
    with scopes_disabled():
        for pk, name, town, town_name, employees, uscc, above, industry in Enterprise.objects.filter(
                pk__in=firms).values_list("pk", "name", "division_id", "division__name", "employees", "uscc",
                                          "above_scale", "industry_id"):
            out[f"firm:{pk}"] = UnitInfo(f"firm:{pk}", name, town or "", town_name or "", firm_points(employees),
                                         uscc, above, (industry or "")[:2] in INDUSTRIAL_DIVISIONS)
        for pk, name, town, town_name, area in OfficeBuilding.objects.filter(pk__in=buildings).values_list(
                "pk", "name", "town_id", "town__name", "floor_area_m2"):
            out[f"building:{pk}"] = UnitInfo(f"building:{pk}", name, town, town_name, building_points(area))
    return out


def officer_names(pks) -> dict[int, tuple[str, bool]]:
    """pk -> (name, still in service)."""
    with scopes_disabled():
        return {pk: (first or username, active) for pk, first, username, active in User.objects.filter(
            pk__in=set(pks)).values_list("pk", "first_name", "username", "is_active")}


def snapshot(reach: Reach, today: dt.date | None = None) -> Snapshot:
    needs = {n.key: n for n in needs_of(reach.county, today) if reach.has(n.town)}
    pairs = current_pairs(reach.county)
    units = units_named(needs.keys() | pairs.keys())
    held = {key: sorted(officer_pk(o) for o in officers) for key, officers in pairs.items()
            if key in units and reach.has(units[key].town)}
    with scopes_disabled():
        active = set(User.objects.filter(pk__in={pk for pks in held.values() for pk in pks}, is_active=True)
                     .values_list("pk", flat=True))
    return Snapshot(reach, needs, held, active, units)


def short_of_officers(snap: Snapshot) -> list[dict]:
    """(a) Units the rules name that have fewer officers in service than they need."""
    rows = [{"unit": snap.units[key], "needs": need.officers, "has": snap.filled(key),
             "missing": need.officers - snap.filled(key), "reasons": need.reasons}
            for key, need in snap.needs.items() if snap.filled(key) < need.officers]
    return sorted(rows, key=lambda r: (r["unit"].town, -r["missing"], r["unit"].name, r["unit"].key))


@dataclass
class TeamLoad:
    team: ServiceTeam
    loads: dict[int, int]       # officer pk -> load points (active members, 0 included)
    units: dict[int, int]       # officer pk -> units held

    @property
    def low(self) -> int:
        return min(self.loads.values(), default=0)

    @property
    def high(self) -> int:
        return max(self.loads.values(), default=0)

    @property
    def mean(self) -> float:
        return sum(self.loads.values()) / len(self.loads) if self.loads else 0.0

    @property
    def limit(self) -> float:
        return self.team.max_load if self.team.max_load else MEAN_SLACK * self.mean

    @property
    def spread_text(self) -> str:
        return spread_text(self.spread)

    @property
    def spread(self) -> float | None:
        return team_spread(list(self.loads.values())) if self.loads else None


def team_loads(reach: Reach) -> list[TeamLoad]:
    """Each team's officers in service and the load points of their current
    units, read as the team page reads them (liaison/team.py)."""
    with scopes_disabled():
        officers = officers_of(reach.teams)
        units = current_units([o.pk for members in officers.values() for o in members])
    loads = loads_of([o for members in officers.values() for o in members], units)
    return [TeamLoad(team, {o.pk: loads[o.pk].points for o in officers[team.pk]},
                     {o.pk: loads[o.pk].units for o in officers[team.pk]}) for team in reach.teams]


def over_load(loads: list[TeamLoad]) -> list[dict]:
    """(b) Officers above their team's maximum load, or without one above 1.2 × the team's mean."""
    names = officer_names(pk for team in loads for pk in team.loads)
    rows = [{"officer": names[pk][0], "team": team.team, "load": load, "units": team.units[pk],
             "limit": team.limit, "by_max": bool(team.team.max_load), "mean": team.mean}
            for team in loads for pk, load in team.loads.items() if load > team.limit]
    return sorted(rows, key=lambda r: (r["team"].name, -r["load"], r["officer"]))


def unvisited(snap: Snapshot, days: int, today: dt.date) -> list[dict]:
    """(c) Firms looked after now that no officer has visited in the last ``days`` days."""
    firms = {int(key.split(":")[1]): key for key in snap.held if key.startswith("firm:")}
    with scopes_disabled():
        last = dict(Visit.objects.filter(enterprise_id__in=firms).values("enterprise_id")
                    .annotate(last=Max("visited_on")).values_list("enterprise_id", "last"))
    since = today - dt.timedelta(days=days)
    names = officer_names(pk for key in firms.values() for pk in snap.held[key])
    rows = [{"unit": snap.units[key], "last": last.get(pk), "days": (today - last[pk]).days if pk in last else None,
             "officers": [names[o][0] for o in snap.held[key] if o in snap.active]}
            for pk, key in firms.items() if last.get(pk) is None or last[pk] <= since]
    return sorted(rows, key=lambda r: (r["last"] is not None, r["last"] or today, r["unit"].town, r["unit"].name))


def last_applied(county: Division) -> Proposal | None:
    with scopes_disabled():
        return (Proposal.objects.filter(county=county, state=ProposalState.APPLIED)
                .order_by("-applied_at", "-id").first())


def status_changes(snap: Snapshot) -> dict:
    """(d) From the firms' history: firms looked after now that lost
    above-scale status (industrial, no rule names them any more), and
    above-scale industrial firms nobody is assigned to that gained it after
    the last applied assignment (at any time when none was applied here)."""
    applied = last_applied(snap.reach.county)
    after = applied.applied_at if applied else None
    lost = [u for key, u in snap.units.items() if key in snap.held and key.startswith("firm:")
            and key not in snap.needs and u.industrial and not u.above_scale]
    fresh = [u for key, u in snap.units.items() if key in snap.needs and key not in snap.held
             and "above_scale" in snap.needs[key].reasons]
    changed = _status_changed_on([u.key for u in lost + fresh])

    def rows(units, above: bool, since=None) -> list[dict]:
        found = [{"unit": u, "on": changed[u.key][1]} for u in units
                 if changed.get(u.key, (None,))[0] is above and (since is None or changed[u.key][1] > since)]
        return sorted(found, key=lambda r: (r["unit"].town, r["unit"].name, r["unit"].key))

    return {"applied": applied, "lost": rows(lost, False), "gained": rows(fresh, True, after)}


def figures(snap: Snapshot, loads: list[TeamLoad]) -> dict:
    """The assignment page's headline: what the rules ask for and how much of it is filled now."""
    filled = {key: snap.filled(key) for key in snap.needs}
    return {"units": len(snap.needs), "places": sum(n.officers for n in snap.needs.values()),
            "officers": sum(len(team.loads) for team in loads),
            "covered": sum(1 for k, n in snap.needs.items() if filled[k] >= n.officers),
            "short": sum(1 for k, n in snap.needs.items() if 0 < filled[k] < n.officers),
            "nobody": sum(1 for k in snap.needs if filled[k] == 0)}


def _status_changed_on(keys: list[str]) -> dict[str, tuple[bool, dt.datetime]]:
    """firm key -> (above scale after its latest change, when), from the firm's history."""
    pks = [int(key.split(":")[1]) for key in keys]
    out, before = {}, {}
    rows = Enterprise.history.filter(id__in=pks).order_by("id", "history_date", "history_id")
    for pk, above, at in rows.values_list("id", "above_scale", "history_date"):
        if pk in before and before[pk] != above:
            out[f"firm:{pk}"] = (above, at)
        before[pk] = above
    return out
