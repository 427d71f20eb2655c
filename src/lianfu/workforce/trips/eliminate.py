"""Drop whole vehicles by moving workers along chains of vehicles that share a city.

A vehicle's pick-ups are a clique of close cities. Widen each vehicle's cities
to a larger clique (greedily, nearest cities first, but the vehicles of one
set of cities take turns at which neighbour comes first, so that together they
reach in every direction) and, when drop-offs are
limited, its towns up to the limit (the towns most wanted in those cities), and
let it take any worker of those cities for those towns: it stays valid
whatever it takes. Assigning all workers to the vehicles is then
a transportation problem, solved exactly by min-cost flow: if the workers of one
vehicle fit in the others this way, possibly by displacing others down a long
chain of vehicles, that vehicle is dropped. This reaches across a whole
component, where a neighbourhood repack sees only a few vehicles; the flow's
costs keep workers where they are when they can stay.
"""
import time
from collections import defaultdict

from ortools.graph.python import min_cost_flow

from .unit import Load, Unit

# Cost per worker of where the flow puts it: where it is, in a vehicle that already
# stops at its origin (a new drop-off at most), at a new stop of a visited city, in a new city.
STAY, NEW_DROPOFF, NEW_PICKUP, NEW_CITY = 0, 1, 2, 3
VICTIMS = 12  # the emptiest vehicles tried for dropping, each one min-cost flow


def drop_vehicles(unit: Unit, packing: list[Load], deadline: float) -> list[Load]:
    """The packing with as many vehicles emptied into the others as this move finds by `deadline`."""
    while len(packing) > unit.floor[0]:
        widened = _Widening(unit)
        victims = sorted(range(len(packing)), key=lambda i: (sum(packing[i].values()), i))[:VICTIMS]
        for victim in victims:
            if time.perf_counter() >= deadline:
                return packing
            reassigned = _reassign(unit, [load for i, load in enumerate(packing) if i != victim], widened)
            if reassigned is not None:
                packing = reassigned
                break
        else:
            return packing
    return packing


class _Widening:
    """A vehicle's cities, widened to a maximal clique of the unit's cities; its
    towns, widened up to the drop-off limit."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.cities = sorted(set(unit.city_of.values()))
        self.wanted: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # city -> town -> workers
        for (origin, town), workers in unit.items.items():
            self.wanted[unit.city_of[origin]][town] += workers
        self._candidates: dict[frozenset[str], list[str]] = {}

    def cities_of(self, cities: frozenset[str], turn: int) -> set[str]:
        """The `turn`-th widening of this set of cities: its turn-th nearest candidate first."""
        if cities not in self._candidates:
            closeness = self.unit.closeness
            candidates = [c for c in self.cities if c not in cities and all(closeness.close(c, m) for m in cities)]
            candidates.sort(key=lambda c: (max(closeness.distance_km(c, m) or 0.0 for m in cities), c))
            self._candidates[cities] = candidates
        candidates = self._candidates[cities]
        members = set(cities)
        if candidates:
            turn %= len(candidates)
            for city in candidates[turn:] + candidates[:turn]:
                if all(self.unit.closeness.close(city, m) for m in members):
                    members.add(city)
        return members

    def towns_of(self, towns: set[str], cities: set[str]) -> set[str] | None:
        """None: any town (no limit)."""
        limit = self.unit.max_dropoffs
        if limit is None:
            return None
        volume: dict[str, int] = defaultdict(int)
        for city in cities:
            for town, workers in self.wanted[city].items():
                if town not in towns:
                    volume[town] += workers
        extra = sorted(volume, key=lambda t: (-volume[t], t))[:max(0, limit - len(towns))]
        return towns | set(extra)


def _reassign(unit: Unit, vehicles: list[Load], widened: _Widening) -> list[Load] | None:
    """All the unit's workers in these vehicles, each taking only workers of its widened
    cities (and towns, when limited); None when they do not fit."""
    items = list(unit.items.items())
    by_city: dict[str, list[int]] = defaultdict(list)
    origins, cities, towns = [], [], []
    turns: dict[frozenset[str], int] = defaultdict(int)
    for k, load in enumerate(vehicles):
        origins.append({o for o, _ in load})
        cities.append({unit.city_of[o] for o in origins[k]})
        key = frozenset(cities[k])
        wider = widened.cities_of(key, turns[key])
        turns[key] += 1
        towns.append(widened.towns_of({d for _, d in load}, wider))
        for city in wider:
            by_city[city].append(k)
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = len(items) + len(vehicles)
    arcs = []  # (item index, vehicle index) of each item arc, in arc order
    for i, ((origin, destination), workers) in enumerate(items):
        flow.set_node_supply(i, workers)
        for k in by_city[unit.city_of[origin]]:
            if towns[k] is not None and destination not in towns[k]:
                continue
            if (origin, destination) in vehicles[k]:
                unit_cost = STAY
            elif origin in origins[k]:
                unit_cost = NEW_DROPOFF
            else:
                unit_cost = NEW_PICKUP if unit.city_of[origin] in cities[k] else NEW_CITY
            flow.add_arc_with_capacity_and_unit_cost(i, len(items) + k, min(workers, unit.capacity), unit_cost)
            arcs.append((i, k))
    for k in range(len(vehicles)):
        flow.add_arc_with_capacity_and_unit_cost(len(items) + k, sink, unit.capacity, 0)
    flow.set_node_supply(sink, -unit.workers)
    if flow.solve() != flow.OPTIMAL:
        return None
    loads: list[Load] = [{} for _ in vehicles]
    for arc, (i, k) in enumerate(arcs):
        if seats := flow.flow(arc):
            loads[k][items[i][0]] = seats
    return [load for load in loads if load]
