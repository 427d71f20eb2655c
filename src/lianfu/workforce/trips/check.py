"""check_plan: every rule of a plan, checked from scratch (it trusts nothing the solver says)."""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

from .bound import lower_bound
from .closeness import CityCloseness, LonLat
from .intake import split_high_risk
from .model import Group, Plan, Rules


class PlanError(ValueError):
    """A plan breaks a rule; the message names the vehicle (1-based) or group."""


def check_plan(groups: Iterable[Group], rules: Rules, centroids: Mapping[str, LonLat] | None, plan: Plan) -> None:
    """Raise PlanError on the first broken rule."""
    groups = list(groups)
    planned, excluded = split_high_risk(groups)
    city_of = {g.origin: g.city for g in groups}
    high_risk = {g.origin for g in excluded}
    closeness = CityCloseness(set(city_of.values()), centroids or {}, rules.max_distance_km)
    carried: dict[tuple[str, str], int] = defaultdict(int)
    for number, vehicle in enumerate(plan.vehicles, start=1):
        _check_vehicle(number, vehicle.loads, rules, city_of, high_risk, closeness)
        for key, seats in vehicle.loads.items():
            carried[key] += seats
    wanted = {g.key: g.workers for g in planned}
    for key in sorted(set(wanted) | set(carried)):
        if carried.get(key, 0) != wanted.get(key, 0):
            raise PlanError(f"{key[0]} -> {key[1]}: {carried.get(key, 0)} workers planned, {wanted.get(key, 0)} wanted")
    if sorted(plan.excluded, key=lambda g: g.key) != sorted(excluded, key=lambda g: g.key):
        raise PlanError("excluded groups are not exactly the high-risk groups")
    bound = lower_bound(groups, rules, centroids)
    if plan.lower_bound != bound:
        raise PlanError(f"plan states lower bound {plan.lower_bound}, the groups give {bound}")
    if len(plan.vehicles) < bound:
        raise PlanError(f"{len(plan.vehicles)} vehicles is below the lower bound {bound}: the bound is wrong")


def _check_vehicle(number: int, loads: Mapping[tuple[str, str], int], rules: Rules, city_of: dict[str, str],
                   high_risk: set[str], closeness: CityCloseness) -> None:
    if not loads:
        raise PlanError(f"vehicle {number} is empty")
    for (origin, destination), seats in loads.items():
        if origin not in city_of:
            raise PlanError(f"vehicle {number} picks up at {origin}, which has no group")
        if origin in high_risk:
            raise PlanError(f"vehicle {number} picks up at high-risk origin {origin}")
        if not isinstance(seats, int) or seats <= 0:
            raise PlanError(f"vehicle {number} has load {seats!r} for {origin} -> {destination}")
    seats_used = sum(loads.values())
    if seats_used > rules.capacity:
        raise PlanError(f"vehicle {number} carries {seats_used} workers, over capacity {rules.capacity}")
    for a, b in combinations(sorted({origin for origin, _ in loads}), 2):
        if not closeness.close(city_of[a], city_of[b]):
            raise PlanError(f"vehicle {number} picks up at {a} and {b}, which are not close")
    dropoffs = len({destination for _, destination in loads})
    if rules.max_dropoffs is not None and dropoffs > rules.max_dropoffs:
        raise PlanError(f"vehicle {number} serves {dropoffs} destinations, over max_dropoffs {rules.max_dropoffs}")
