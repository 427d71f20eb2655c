"""Share each origin's workers out by town among the vehicles that stop there.

Used when drop-offs are unlimited: vehicles and pick-ups are planned per origin
first (Unit.by_origin), and towns only decide the third objective, the number
of drop-offs. An origin served by one vehicle sends all its towns there; the
towns of an origin split over several vehicles are placed greedily (a town
already served by the vehicle first, whole towns first), then CP-SAT polishes
that placement, keeping every vehicle's load from every origin as planned.
Drop-offs are thus the fewest for the pick-up plan chosen, not over every plan
with as few pick-ups: the price of planning pick-ups on a far smaller model.
"""
from collections import defaultdict

from ortools.sat.python import cp_model

from .unit import Load, Unit

Stops = dict[str, list[tuple[int, int]]]  # origin -> [(vehicle index, seats for that origin)]


def assign_towns(unit: Unit, packing: list[Load], work_limit: float, seconds_limit: float, seed: int) -> list[Load]:
    """The packing (keyed by (origin, ANY_TOWN)) with each origin's seats split by town."""
    towns: dict[str, dict[str, int]] = defaultdict(dict)
    for (origin, town), workers in unit.items.items():
        towns[origin][town] = workers
    stops: Stops = defaultdict(list)
    for k, load in enumerate(packing):
        for (origin, _), seats in load.items():
            stops[origin].append((k, seats))
    loads = _greedy(stops, towns, len(packing))
    split = sorted(o for o, where in stops.items() if len(where) > 1)
    if split and seconds_limit > 0:
        polished = _polish(loads, stops, towns, split, work_limit, seconds_limit, seed)
        if _dropoffs(polished) < _dropoffs(loads):
            loads = polished
    return loads


def _dropoffs(loads: list[Load]) -> int:
    return sum(len({town for _, town in load}) for load in loads)


def _greedy(stops: Stops, towns: dict[str, dict[str, int]], count: int) -> list[Load]:
    loads: list[Load] = [{} for _ in range(count)]
    served: list[set[str]] = [set() for _ in range(count)]
    # Origins on one vehicle have no choice; placing them first shows the others
    # which towns each vehicle serves already.
    for origin in sorted(stops, key=lambda o: (len(stops[o]) > 1, o)):
        room = dict(stops[origin])
        for town, workers in sorted(towns[origin].items(), key=lambda item: (-item[1], item[0])):
            while workers:
                k = min((k for k in room if room[k]),
                        key=lambda k: (town not in served[k], room[k] < workers, -room[k], k))
                seats = min(room[k], workers)
                loads[k][(origin, town)] = seats
                served[k].add(town)
                room[k] -= seats
                workers -= seats
    return loads


def _polish(loads: list[Load], stops: Stops, towns: dict[str, dict[str, int]], split: list[str],
            work_limit: float, seconds_limit: float, seed: int) -> list[Load]:
    model = cp_model.CpModel()
    split_set = set(split)
    # Drop-offs made by origins on one vehicle are fixed; only the rest is searched.
    fixed = {(town, k) for k, load in enumerate(loads) for (origin, town) in load if origin not in split_set}
    x, z = {}, {}
    for origin in split:
        for k, seats in stops[origin]:
            for town, workers in towns[origin].items():
                x[origin, town, k] = model.new_int_var(0, min(seats, workers), "")
                if (town, k) not in fixed and (town, k) not in z:
                    z[town, k] = model.new_bool_var("")
                if (town, k) in z:
                    model.add(x[origin, town, k] <= min(seats, workers) * z[town, k])
                model.add_hint(x[origin, town, k], loads[k].get((origin, town), 0))
            model.add(sum(x[origin, town, k] for town in towns[origin]) == seats)
        for town, workers in towns[origin].items():
            model.add(sum(x[origin, town, k] for k, _ in stops[origin]) == workers)
    for (town, k), flag in z.items():
        model.add_hint(flag, any(t == town for _, t in loads[k]))
    model.minimize(sum(z.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = max(work_limit, 1e-3)
    solver.parameters.max_time_in_seconds = max(seconds_limit, 1e-3)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return loads
    polished: list[Load] = [{key: n for key, n in load.items() if key[0] not in split_set} for load in loads]
    for (origin, town, k), variable in x.items():
        if seats := solver.value(variable):
            polished[k][(origin, town)] = seats
    return polished
