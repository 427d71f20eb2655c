"""Plan one unit: a greedy start, vehicles dropped by flow, then CP-SAT search.

A unit of a few vehicles is repacked whole, so CP-SAT can prove it optimal.
A larger one is improved by large-neighbourhood search: free the loads of a few
related vehicles (sharing an origin, a city, or at least close), repack them
optimally, keep the result when it is no worse, repeat. Each round repacks two
disjoint neighbourhoods at once on the shared CP-SAT lanes (one per core).
Neighbourhoods are drawn from a seeded random generator, every repack is
deterministic and results are applied in a fixed order, so the same input gives
the same plan unless the wall-clock deadline cuts the search short.
Without a drop-off limit all this runs per origin, and towns are shared out last.
"""
import random
import time
from concurrent.futures import Executor
from dataclasses import dataclass

from .eliminate import drop_vehicles
from .exact import repack
from .greedy import pack_greedily
from .towns import assign_towns
from .unit import Load, Unit, cost

LANES = 2                 # CP-SAT models solved at once (one core each); a unit's budget counts all lanes
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
    timed_out: bool        # the deadline, not the work budget, ended the search


def solve_unit(unit: Unit, work_budget: float, deadline: float, seed: int, lanes: Executor) -> UnitPlan:
    """The best packing of the unit found within `work_budget` (deterministic time) and
    `deadline`; CP-SAT repacks run on `lanes`."""
    planned = unit.by_origin() if unit.max_dropoffs is None else unit
    packing = drop_vehicles(planned, pack_greedily(planned), deadline)
    search_budget = work_budget * (1 - TOWNS_SHARE) if planned is not unit else work_budget
    packing, proven = _improve(planned, packing, search_budget, deadline, seed, lanes)
    if planned is not unit:  # the greedy share-out always runs; CP-SAT polishes it if time is left
        packing = assign_towns(unit, packing, work_budget * TOWNS_SHARE, deadline - time.perf_counter(), seed)
    return UnitPlan(packing, proven or len(packing) == unit.floor[0], time.perf_counter() >= deadline)


def _improve(unit: Unit, packing: list[Load], work_budget: float, deadline: float, seed: int,
             lanes: Executor) -> tuple[list[Load], bool]:
    if cost(packing) == unit.floor:
        return packing, True
    if time.perf_counter() >= deadline:
        return packing, False
    if len(packing) <= WHOLE_UNIT_VEHICLES and len(unit.items) <= WHOLE_UNIT_ITEMS:
        # One model runs on one lane: it gets that lane's part of the budget.
        work = work_budget / LANES
        result = lanes.submit(repack, unit, packing, work, deadline - time.perf_counter(), seed).result()
        if cost(result.packing) <= cost(packing):
            return result.packing, result.optimal
        return packing, False
    return _neighbourhood_search(unit, packing, work_budget, deadline, random.Random(seed), lanes), False


def _neighbourhood_search(unit: Unit, packing: list[Load], work_budget: float, deadline: float,
                          rng: random.Random, lanes: Executor) -> list[Load]:
    spent = 0.0
    patience = min(max(len(packing) // 2, STALL_PER_SIZE[0]), STALL_PER_SIZE[1])
    for size in NEIGHBOURHOOD_SIZES:
        stall = 0
        while stall < patience and spent < work_budget and cost(packing) > unit.floor:
            seconds_left = deadline - time.perf_counter()
            if seconds_left <= 0:
                return packing
            rounds = _disjoint_neighbourhoods(unit, packing, size, rng)
            work = min(REPACK_WORK, (work_budget - spent) / len(rounds))
            futures = [lanes.submit(repack, unit, [packing[i] for i in chosen], work, seconds_left,
                                    rng.randrange(1 << 30), presolve=False) for chosen in rounds]
            freed, kept_results = set(), []
            for chosen, future in zip(rounds, futures):
                result = future.result()
                spent += result.work + REPACK_OVERHEAD_WORK
                after_cost, before_cost = cost(result.packing), cost([packing[i] for i in chosen])
                if after_cost <= before_cost:
                    # Equal repacks are kept too: they move the search to new neighbourhoods.
                    freed |= set(chosen)
                    kept_results += result.packing
                stall = 0 if after_cost < before_cost else stall + 1
            packing = [load for i, load in enumerate(packing) if i not in freed] + kept_results
    return packing


def _disjoint_neighbourhoods(unit: Unit, packing: list[Load], size: int, rng: random.Random) -> list[list[int]]:
    """One neighbourhood per CP-SAT lane, no vehicle in two (so every result applies)."""
    rounds: list[list[int]] = []
    taken: set[int] = set()
    for _ in range(LANES):
        chosen = _neighbourhood(unit, packing, size, rng, taken)
        if not chosen:
            break
        rounds.append(chosen)
        taken |= set(chosen)
    return rounds


def _neighbourhood(unit: Unit, packing: list[Load], size: int, rng: random.Random, taken: set[int]) -> list[int]:
    """A seed vehicle that could do better, and the vehicles most related to it (none of `taken`)."""
    origins = [{o for o, _ in load} for load in packing]
    cities = [{unit.city_of[o] for o in load_origins} for load_origins in origins]
    not_full = [sum(load.values()) < unit.capacity for load in packing]
    short_of_vehicles = len(packing) > unit.floor[0]
    free = [i for i in range(len(packing)) if i not in taken]
    if not free:
        return []
    if short_of_vehicles:
        pool = [i for i in free if not_full[i]]
    else:
        pool = [i for i in free if len(origins[i]) > 1 or len({d for _, d in packing[i]}) > 1]
    chosen = [rng.choice(pool or free)]
    chosen_origins, chosen_cities = set(origins[chosen[0]]), set(cities[chosen[0]])

    def relatedness(j: int) -> int:
        # Sharing an origin matters most (a split to mend), then a city, then mere closeness.
        score = 4 * len(origins[j] & chosen_origins) + 2 * len(cities[j] & chosen_cities)
        if not score and any(unit.closeness.close(a, b) for a in cities[j] for b in chosen_cities):
            score = 1
        if score and short_of_vehicles and not_full[j]:
            score += 3  # free seats are what a vehicle fewer needs
        return score

    rest = [i for i in free if i != chosen[0]]
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
