"""plan_trips: the whole solve, from groups to a Plan beside its lower bound.

High-risk groups are set aside; the rest splits into units no vehicle can mix
(see bound.py); units are solved on two threads, each CP-SAT model on one core,
the largest units first; the plans are joined and compared with the lower bound
that bound.py computes on its own.
"""
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from .bound import bound_classes, lower_bound, pickup_lower_bound
from .closeness import CityCloseness, LonLat
from .intake import split_high_risk
from .model import Group, Plan, PlanStatus, Rules, Vehicle
from .search import UnitPlan, solve_unit
from .unit import Load, Unit, make_units

THREADS = 2           # CP-SAT releases the GIL: two models run on two cores
SEED = 2020           # fixed: the same input gives the same plan
WORK_PER_SECOND = 0.25  # deterministic time budgeted per second of time limit and thread
WALL_MARGIN_S = 0.05  # left for joining the units' plans after the deadline


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
    budgets = _work_budgets(units, rules.time_limit_s)
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(solve_unit, unit, budgets[unit.index], deadline, SEED + unit.index)
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
    )


def _weight(unit: Unit) -> int:
    """How much search a unit deserves: its items times the vehicles it needs."""
    return len(unit.items) * max(1, unit.floor[0])


def _work_budgets(units: list[Unit], time_limit_s: float) -> dict[int, float]:
    """Split the time limit across units by weight; no unit gets more than one thread's share."""
    total = sum(_weight(unit) for unit in units) or 1
    per_thread = WORK_PER_SECOND * time_limit_s
    return {unit.index: min(per_thread, THREADS * per_thread * _weight(unit) / total) for unit in units}


def _vehicles(packing: list[Load]) -> tuple[Vehicle, ...]:
    vehicles = [Vehicle(load) for load in packing]
    return tuple(sorted(vehicles, key=lambda v: (v.pickups, v.dropoffs, -v.seats_used, tuple(v.loads.items()))))
