"""plan_trips: the whole solve, from groups to a Plan beside its lower bound.

High-risk groups are set aside; the rest splits into units no vehicle can mix
(see bound.py); units are solved on two threads, the largest first, and every
CP-SAT model they build runs on one of two shared lanes, one core each (a lone
large unit keeps both busy, many small ones share them); the plans are joined
and compared with the lower bound that bound.py computes on its own.
"""
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from .bound import bound_classes, lower_bound, pickup_lower_bound
from .closeness import CityCloseness, LonLat
from .intake import split_high_risk
from .model import Group, Plan, PlanStatus, Rules, Vehicle
from .search import LANES, UnitPlan, solve_unit
from .unit import Load, Unit, make_units

SEED = 2020              # fixed: the same input gives the same plan
WORK_PER_SECOND = 0.15   # deterministic time budgeted per second of time limit and lane
WALL_MARGIN_S = 0.05     # left for joining the units' plans after the deadline


def plan_trips(groups: Iterable[Group], rules: Rules, centroids: Mapping[str, LonLat] | None = None) -> Plan:
    """Vehicles that bring every worker of every non-high-risk group home with the
    fewest vehicles, then the fewest pick-ups, then the fewest drop-offs."""
    started = time.perf_counter()
    deadline = started + max(rules.time_limit_s - WALL_MARGIN_S, rules.time_limit_s / 2)
    groups = list(groups)
    centroids = centroids or {}
    planned, excluded = split_high_risk(groups)
    bound, pickup_bound = lower_bound(groups, rules, centroids), pickup_lower_bound(groups, rules, centroids)
    closeness = CityCloseness({g.city for g in planned}, centroids, rules.max_distance_km)
    units = make_units(bound_classes(planned, rules, centroids), rules, closeness)
    budgets = _work_budgets(units, rules.work_limit_s or rules.time_limit_s)
    # CP-SAT releases the GIL, so the lanes' models run on separate cores.
    with ThreadPoolExecutor(max_workers=LANES) as lanes, ThreadPoolExecutor(max_workers=LANES) as pool:
        futures = [pool.submit(solve_unit, unit, budgets[unit.index], deadline, SEED + unit.index, lanes)
                   for unit in sorted(units, key=lambda u: (-_weight(u), u.index))]
        outcomes: list[UnitPlan] = [future.result() for future in futures]
    vehicles = _vehicles([load for outcome in outcomes for load in outcome.packing])
    proven = len(vehicles) == bound or all(outcome.vehicles_proven for outcome in outcomes)
    return Plan(
        vehicles=vehicles,
        lower_bound=bound,
        status=PlanStatus.OPTIMAL if proven else PlanStatus.FEASIBLE,
        solve_seconds=time.perf_counter() - started,
        excluded=tuple(excluded),
        pickup_lower_bound=pickup_bound,
        timed_out=any(outcome.timed_out for outcome in outcomes),
    )


def _weight(unit: Unit) -> int:
    """How much search a unit deserves: its items times the vehicles it needs."""
    return len(unit.items) * max(1, unit.floor[0])


def _work_budgets(units: list[Unit], time_limit_s: float) -> dict[int, float]:
    """Split the lanes' time across units by weight."""
    total = sum(_weight(unit) for unit in units) or 1
    return {unit.index: LANES * WORK_PER_SECOND * time_limit_s * _weight(unit) / total for unit in units}


def _vehicles(packing: list[Load]) -> tuple[Vehicle, ...]:
    vehicles = [Vehicle(load) for load in packing]
    return tuple(sorted(vehicles, key=lambda v: (v.pickups, v.dropoffs, -v.seats_used, tuple(v.loads.items()))))
