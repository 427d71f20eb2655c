"""Plan one unit: a greedy start, vehicles dropped by flow, then CP-SAT search.

A unit of a few vehicles is repacked whole, so CP-SAT can prove it optimal.
A larger one is improved by large-neighbourhood search: free the loads of a few
related vehicles (sharing an origin, a city, or at least close), repack them
optimally, keep the result when it is no worse, repeat. Neighbourhoods are drawn
from a seeded random generator and every repack is deterministic, so the same
input gives the same plan unless the wall-clock deadline cuts the search short.
Without a drop-off limit all this runs per origin, and towns are shared out last.
"""
import random
import time
from dataclasses import dataclass

from .eliminate import drop_vehicles
from .exact import repack
from .greedy import pack_greedily
from .towns import assign_towns
from .unit import Load, Unit, cost

WHOLE_UNIT_VEHICLES = 12  # up to this many vehicles, CP-SAT takes the whole unit at once
WHOLE_UNIT_ITEMS = 150
NEIGHBOURHOOD_SIZES = (3, 4, 6, 10)  # grown when a size stops paying off
STALL_PER_SIZE = (8, 40)             # fruitless repacks before the next size: half the vehicles, within these
REPACK_WORK = 0.02                   # deterministic-time limit of one neighbourhood repack
# What a repack costs beyond CP-SAT's deterministic time (loading the model, building it,
# choosing the neighbourhood), in the same unit; counted so the budget tracks the clock.
REPACK_OVERHEAD_WORK = 0.003
TOWNS_SHARE = 0.1                    # of a unit's budget, for sharing out towns


@dataclass(frozen=True)
class UnitPlan:
    packing: list[Load]
    vehicles_proven: bool  # no valid packing of this unit uses fewer vehicles


def solve_unit(unit: Unit, work_budget: float, deadline: float, seed: int) -> UnitPlan:
    """The best packing of the unit found within `work_budget` (deterministic time) and `deadline`."""
    planned = unit.by_origin() if unit.max_dropoffs is None else unit
    packing = drop_vehicles(planned, pack_greedily(planned), deadline)
    search_budget = work_budget * (1 - TOWNS_SHARE) if planned is not unit else work_budget
    packing, proven = _improve(planned, packing, search_budget, deadline, seed)
    if planned is not unit:  # the greedy share-out always runs; CP-SAT polishes it if time is left
        packing = assign_towns(unit, packing, work_budget * TOWNS_SHARE, deadline - time.perf_counter(), seed)
    return UnitPlan(packing, proven or len(packing) == unit.floor[0])


def _improve(unit: Unit, packing: list[Load], work_budget: float, deadline: float,
             seed: int) -> tuple[list[Load], bool]:
    if cost(packing) == unit.floor:
        return packing, True
    if time.perf_counter() >= deadline:
        return packing, False
    if len(packing) <= WHOLE_UNIT_VEHICLES and len(unit.items) <= WHOLE_UNIT_ITEMS:
        result = repack(unit, packing, work_budget, deadline - time.perf_counter(), seed)
        if cost(result.packing) <= cost(packing):
            return result.packing, result.optimal
        return packing, False
    return _neighbourhood_search(unit, packing, work_budget, deadline, random.Random(seed)), False


def _neighbourhood_search(unit: Unit, packing: list[Load], work_budget: float, deadline: float,
                          rng: random.Random) -> list[Load]:
    spent = 0.0
    patience = min(max(len(packing) // 2, STALL_PER_SIZE[0]), STALL_PER_SIZE[1])
    for size in NEIGHBOURHOOD_SIZES:
        stall = 0
        while stall < patience and spent < work_budget and cost(packing) > unit.floor:
            seconds_left = deadline - time.perf_counter()
            if seconds_left <= 0:
                return packing
            chosen = _neighbourhood(unit, packing, size, rng)
            before = [packing[i] for i in chosen]
            work = min(REPACK_WORK, work_budget - spent)
            result = repack(unit, before, work, seconds_left, rng.randrange(1 << 30), presolve=False)
            spent += result.work + REPACK_OVERHEAD_WORK
            after_cost, before_cost = cost(result.packing), cost(before)
            if after_cost <= before_cost:
                # Equal repacks are kept too: they move the search to new neighbourhoods.
                freed = set(chosen)
                packing = [load for i, load in enumerate(packing) if i not in freed] + result.packing
            stall = 0 if after_cost < before_cost else stall + 1
    return packing


def _neighbourhood(unit: Unit, packing: list[Load], size: int, rng: random.Random) -> list[int]:
    """A seed vehicle that could do better, and the vehicles most related to it."""
    origins = [{o for o, _ in load} for load in packing]
    cities = [{unit.city_of[o] for o in load_origins} for load_origins in origins]
    not_full = [sum(load.values()) < unit.capacity for load in packing]
    short_of_vehicles = len(packing) > unit.floor[0]
    if short_of_vehicles:
        pool = [i for i, flag in enumerate(not_full) if flag]
    else:
        pool = [i for i, load in enumerate(packing) if len(origins[i]) > 1 or len({d for _, d in load}) > 1]
    chosen = [rng.choice(pool or range(len(packing)))]
    chosen_origins, chosen_cities = set(origins[chosen[0]]), set(cities[chosen[0]])

    def relatedness(j: int) -> int:
        # Sharing an origin matters most (a split to mend), then a city, then mere closeness.
        score = 4 * len(origins[j] & chosen_origins) + 2 * len(cities[j] & chosen_cities)
        if not score and any(unit.closeness.close(a, b) for a in cities[j] for b in chosen_cities):
            score = 1
        if score and short_of_vehicles and not_full[j]:
            score += 3  # free seats are what a vehicle fewer needs
        return score

    rest = [i for i in range(len(packing)) if i != chosen[0]]
    while len(chosen) < size and rest:
        scores = {j: (relatedness(j), rng.random()) for j in rest}
        best = max(rest, key=scores.__getitem__)
        if scores[best][0] == 0:
            break
        chosen.append(best)
        chosen_origins |= origins[best]
        chosen_cities |= cities[best]
        rest.remove(best)
    return chosen
