"""How an assignment is measured, the same way for the CP-SAT solver and the greedy baseline.

- An officer is eligible for a unit when the officer's team covers the unit's town.
- A unit asks for ``min(needs, officers of its team)`` officers: the solvers never fill more slots than the team has
  officers; the rest shows in ``unfilled`` and as a "too_few_officers" shortfall.
- ``moves``: (unit, officer) pairs of ``problem.current`` whose unit is still in ``problem.units`` and that the new
  assignment does not keep. A pair whose officer left or is no longer eligible counts too (somebody new must take
  over); new units and new officers add none.
- ``spread``: per team with at least one unit and one officer, max load / min load of its officers (1.0 when all are
  0, ``inf`` when one is 0 and another is not); the solution's spread is the maximum over those teams, None when
  there is none.
- ``unfilled``: officer slots the rules ask for (``needs`` of every unit) that nobody fills.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from lianfu.liaison.assign.problem import Assignment, Problem, Shortfall, Solution, Team, Unit


@dataclass
class TeamPart:
    """One team's independent share of the problem."""

    team: Team
    officers: list[str]                  # officer keys, sorted
    units: list[Unit]                    # units of the team's towns, sorted by key
    kept: set[tuple[str, str]]           # current (unit, officer) pairs the team could keep

    def slots(self, unit: Unit) -> int:
        return min(unit.needs, len(self.officers))

    @property
    def size(self) -> int:
        """How big the team's model is (its share of the solving time grows with it)."""
        return len(self.units) * len(self.officers)


def team_parts(problem: Problem) -> list[TeamPart]:
    """The problem split by team, in team-key order (teams share no town and no officer)."""
    team_of_town = {town: team.key for team in problem.teams for town in team.towns}
    officers: dict[str, list[str]] = defaultdict(list)
    for officer in problem.officers:
        officers[officer.team].append(officer.key)
    units: dict[str, list[Unit]] = defaultdict(list)
    for unit in problem.units:
        if unit.town in team_of_town:
            units[team_of_town[unit.town]].append(unit)
    parts = []
    for team in sorted(problem.teams, key=lambda t: t.key):
        members = sorted(officers[team.key])
        member_set = set(members)
        team_units = sorted(units[team.key], key=lambda u: u.key)
        kept = {(unit.key, officer) for unit in team_units
                for officer in problem.current.get(unit.key, ()) if officer in member_set}
        parts.append(TeamPart(team, members, team_units, kept))
    return parts


@dataclass(frozen=True, order=True)
class TeamFigures:
    """One team's assignment measured as the solution would measure it; ordered as the solver prefers them."""

    unfilled: int
    spread: Fraction | float   # exact max / min load; 1 when every load is 0, inf when only some are
    moves: int                 # the team's units' current pairs not kept
    width: int = field(default=0, compare=False)   # max - min load

    def dominates(self, other: "TeamFigures") -> bool:
        """No worse in unfilled slots, spread and moves, and better in one of them."""
        return (self.unfilled <= other.unfilled and self.spread <= other.spread and self.moves <= other.moves
                and self != other)


def team_figures(part: TeamPart, current: dict[str, frozenset[str]], assigned: Assignment) -> TeamFigures:
    load = dict.fromkeys(part.officers, 0)
    for unit in part.units:
        for officer in assigned.get(unit.key, ()):
            load[officer] += unit.weight
    high, low = max(load.values()), min(load.values())
    ratio = Fraction(1) if high == 0 else (math.inf if low == 0 else Fraction(high, low))
    held = {unit.key: set(assigned.get(unit.key, ())) for unit in part.units}
    lost = sum(1 for key in held for officer in current.get(key, ()) if officer not in held[key])
    empty = sum(part.slots(unit) - len(held[unit.key]) for unit in part.units)
    return TeamFigures(empty, ratio, lost, high - low)


def loads(problem: Problem, assigned: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Load points of every officer of the problem (0 included)."""
    weight = {unit.key: unit.weight for unit in problem.units}
    out = {officer.key: 0 for officer in problem.officers}
    for unit_key, officers in assigned.items():
        for officer in officers:
            out[officer] += weight[unit_key]
    return out


def team_spread(team_loads: list[int]) -> float:
    high, low = max(team_loads), min(team_loads)
    if high == 0:
        return 1.0
    return math.inf if low == 0 else high / low


def spread(problem: Problem, officer_loads: dict[str, int]) -> float | None:
    spreads = [team_spread([officer_loads[key] for key in part.officers])
               for part in team_parts(problem) if part.units and part.officers]
    return max(spreads, default=None)


def moves(problem: Problem, assigned: dict[str, tuple[str, ...]]) -> int:
    still = {unit.key for unit in problem.units}
    return sum(1 for unit_key, officers in problem.current.items() if unit_key in still
               for officer in officers if officer not in assigned.get(unit_key, ()))


def unfilled(problem: Problem, assigned: dict[str, tuple[str, ...]]) -> int:
    return sum(max(0, unit.needs - len(assigned.get(unit.key, ()))) for unit in problem.units)


def shortfalls(problem: Problem) -> list[Shortfall]:
    """What the rules ask for and the teams cannot give, known before solving; sorted by (town, reason).

    - "no_team": a town with units that no team covers. ``units``: all its units; ``officers_short``: the officers
      it would take, max(needs) of its units, or with a capacity max(max(needs), ceil(sum(weight * needs) /
      capacity)).
    - "too_few_officers": per town, the units needing more officers than the team has. ``units``: those units;
      ``officers_short``: max(needs) of them - officers of the team.
    - "over_capacity" (capacity set): a team whose demand sum(weight * needs) exceeds officers * capacity.
      ``officers_short`` = ceil(excess / capacity). One shortfall per team, reported on its town with the largest
      demand (ties: the lowest town code). ``units``: the fewest units that must go (partly) without officers,
      i.e. the smallest k whose k largest weight * needs add up to the excess.

    officers_short of different reasons are not additive: each says how many more officers that reason alone asks
    for, so a team needs the largest of them. Packing (units too heavy to share out within the capacity even though
    the total fits) is not foreseen here; it shows in ``Solution.unfilled``.
    """
    capacity = problem.capacity
    team_of_town = {town: team.key for team in problem.teams for town in team.towns}
    officer_count: dict[str, int] = defaultdict(int)
    for officer in problem.officers:
        officer_count[officer.team] += 1
    by_town: dict[str, list[Unit]] = defaultdict(list)
    for unit in problem.units:
        by_town[unit.town].append(unit)

    out = []
    for town, units in by_town.items():
        team = team_of_town.get(town)
        most_needed = max(unit.needs for unit in units)
        if team is None:
            short = most_needed
            if capacity is not None:
                short = max(short, math.ceil(_demand(units) / capacity))
            out.append(Shortfall(town, None, len(units), short, "no_team"))
            continue
        lacking = [unit for unit in units if unit.needs > officer_count[team]]
        if lacking:
            short = max(unit.needs for unit in lacking) - officer_count[team]
            out.append(Shortfall(town, team, len(lacking), short, "too_few_officers"))

    if capacity is not None:
        for part in team_parts(problem):
            excess = _demand(part.units) - len(part.officers) * capacity
            if excess > 0:
                town_demand = {town: _demand(by_town[town]) for town in part.team.towns if by_town[town]}
                town = min(town_demand, key=lambda t: (-town_demand[t], t))
                units = _fewest_covering(sorted((u.weight * u.needs for u in part.units), reverse=True), excess)
                out.append(Shortfall(town, part.team.key, units, math.ceil(excess / capacity), "over_capacity"))
    return sorted(out, key=lambda s: (s.town, s.reason))


def _demand(units: list[Unit]) -> int:
    return sum(unit.weight * unit.needs for unit in units)


def _fewest_covering(descending: list[int], amount: int) -> int:
    total = 0
    for count, value in enumerate(descending, start=1):
        total += value
        if total >= amount:
            return count
    return len(descending)


def measured(problem: Problem, assigned: dict[str, tuple[str, ...]], *, seconds: float, status: str,
             team_status: dict[str, str] | None = None) -> Solution:
    """A Solution with every figure computed here; ``assigned`` lists every unit (() when nobody takes it)."""
    assigned = {unit.key: tuple(sorted(assigned.get(unit.key, ()))) for unit in problem.units}
    officer_loads = loads(problem, assigned)
    return Solution(assigned=assigned, loads=officer_loads, moves=moves(problem, assigned),
                    spread=spread(problem, officer_loads), shortfalls=shortfalls(problem),
                    unfilled=unfilled(problem, assigned), seconds=seconds, status=status,
                    team_status=dict(team_status or {}))


def spread_floor(part: TeamPart) -> Fraction | None:
    """A lower bound on the spread of any assignment of a team with fewer than two slots per officer, or None.

    At least k = 2n - slots officers hold a single slot, so the smallest load is at most w[k], the k-th heaviest
    slot. With j >= k such officers, the other n - j carry at least the points left after the j heaviest slots,
    and their average (T - w[1] - ... - w[j]) / (n - j) does not fall as j grows once w[k+1] is below it. So the
    largest load is at least (T - w[1] - ... - w[k]) / (n - k), and the spread at least that over w[k]."""
    weights = sorted((u.weight for u in part.units for _ in range(part.slots(u))), reverse=True)
    officers = len(part.officers)
    singles = 2 * officers - len(weights)
    if not 0 < singles < officers:
        return None
    rest = Fraction(sum(weights) - sum(weights[:singles]), officers - singles)
    return rest / weights[singles - 1] if weights[singles] <= rest else None


def relaxed_teams(problem: Problem, solution: Solution) -> list[str]:
    """A line for each team whose spread could not be met: its size, the spread
    reached and, where one is known, the lower bound no assignment can beat."""
    lines = []
    for part in team_parts(problem):
        if not solution.team_status.get(part.team.key, "").startswith("relaxed"):
            continue
        reached = team_spread([solution.loads[o] for o in part.officers])
        floor = spread_floor(part)
        if floor is None:
            proof = "no bound known"
        else:
            proof = f"lower bound {float(floor):.3f}" + (f": {problem.max_spread} is out of reach"
                                                  if floor > problem.max_spread else "")
        lines.append(f"  {part.team.key}: {len(part.officers)} officers, {sum(map(part.slots, part.units))} slots, "
                     f"spread {reached:.3f} ({proof})")
    return lines
