"""CP-SAT: repack the loads of a few vehicles (or a whole small unit) optimally.

Per candidate vehicle k: an integer load x[item, k], pick-up flags y[origin, k],
drop-off flags z[destination, k], city flags w[city, k] (only for cities with
a city too far away in the set), and used[k]. Lexicographic objective by weights:
vehicles, then pick-ups, then drop-offs. The given vehicles are the hint and
the number of candidates, so the answer is never worse than what went in.

One CP-SAT worker per model with a fixed seed and a deterministic time limit:
the result is then a function of the input, and the solver runs two such
models at once (one per core) instead of one model on two racing workers.
"""
from dataclasses import dataclass
from itertools import combinations

from ortools.sat.python import cp_model

from .unit import Load, Unit


@dataclass(frozen=True)
class Repacked:
    packing: list[Load]
    optimal: bool  # CP-SAT proved no packing of these loads into these vehicles does better
    work: float    # CP-SAT's deterministic time: what the search budget is counted in


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class _Model:
    def __init__(self, unit: Unit, vehicles: list[Load]):
        self.unit = unit
        self.model = cp_model.CpModel()
        self.items: dict[tuple[str, str], int] = {}
        for load in vehicles:
            for key, seats in load.items():
                self.items[key] = self.items.get(key, 0) + seats
        self.slots = range(len(vehicles))
        self.origins = sorted({o for o, _ in self.items})
        self.destinations = sorted({d for _, d in self.items})
        cities = sorted({unit.city_of[o] for o in self.origins})
        self.far = [(a, b) for a, b in combinations(cities, 2) if not unit.closeness.close(a, b)]
        self.contested = sorted({c for pair in self.far for c in pair})
        self._variables()
        self._constraints()
        self._objective()

    def _variables(self) -> None:
        m, capacity = self.model, self.unit.capacity
        self.x = {(key, k): m.new_int_var(0, min(n, capacity), "") for key, n in self.items.items() for k in self.slots}
        self.y = {(o, k): m.new_bool_var("") for o in self.origins for k in self.slots}
        self.z = {(d, k): m.new_bool_var("") for d in self.destinations for k in self.slots}
        self.w = {(c, k): m.new_bool_var("") for c in self.contested for k in self.slots}
        self.used = [m.new_bool_var("") for _ in self.slots]
        self.load = [sum(self.x[key, k] for key in self.items) for k in self.slots]

    def _constraints(self) -> None:
        m, unit, capacity = self.model, self.unit, self.unit.capacity
        for key, n in self.items.items():
            m.add(sum(self.x[key, k] for k in self.slots) == n)
        for k in self.slots:
            for (origin, destination), n in self.items.items():
                m.add(self.x[(origin, destination), k] <= min(n, capacity) * self.y[origin, k])
                m.add(self.x[(origin, destination), k] <= min(n, capacity) * self.z[destination, k])
            m.add(self.load[k] <= capacity * self.used[k])
            for origin in self.origins:
                m.add_implication(self.y[origin, k], self.used[k])
                if (unit.city_of[origin], k) in self.w:
                    m.add_implication(self.y[origin, k], self.w[unit.city_of[origin], k])
            for a, b in self.far:
                m.add_at_most_one(self.w[a, k], self.w[b, k])
            if unit.max_dropoffs is not None:
                m.add(sum(self.z[d, k] for d in self.destinations) <= unit.max_dropoffs)
            if k:  # vehicles are interchangeable: only the fullest-first order is searched
                m.add_implication(self.used[k], self.used[k - 1])
                m.add(self.load[k - 1] >= self.load[k])
        self._bounds()

    def _bounds(self) -> None:
        """Redundant bounds that let CP-SAT prove optimality sooner."""
        m, capacity = self.model, self.unit.capacity
        per_origin: dict[str, int] = {}
        per_destination: dict[str, int] = {}
        for (origin, destination), n in self.items.items():
            per_origin[origin] = per_origin.get(origin, 0) + n
            per_destination[destination] = per_destination.get(destination, 0) + n
        least = _ceil_div(sum(self.items.values()), capacity)
        if self.unit.max_dropoffs is not None:
            least = max(least, _ceil_div(len(self.destinations), self.unit.max_dropoffs))
        m.add(sum(self.used) >= least)
        for origin, n in per_origin.items():
            m.add(sum(self.y[origin, k] for k in self.slots) >= _ceil_div(n, capacity))
        for destination, n in per_destination.items():
            m.add(sum(self.z[destination, k] for k in self.slots) >= _ceil_div(n, capacity))

    def _objective(self) -> None:
        slots = len(self.slots)
        dropoff_weight = 1
        pickup_weight = len(self.destinations) * slots + 1  # more than any drop-off total
        vehicle_weight = pickup_weight * len(self.origins) * slots + pickup_weight  # more than any pick-up term
        self.model.minimize(vehicle_weight * sum(self.used)
                            + pickup_weight * sum(self.y.values())
                            + dropoff_weight * sum(self.z.values()))

    def hint(self, vehicles: list[Load]) -> None:
        for k, load in enumerate(sorted(vehicles, key=lambda v: -sum(v.values()))):
            origins = {o for o, _ in load}
            destinations = {d for _, d in load}
            cities = {self.unit.city_of[o] for o in origins}
            self.model.add_hint(self.used[k], True)
            for key in self.items:
                self.model.add_hint(self.x[key, k], load.get(key, 0))
            for origin in self.origins:
                self.model.add_hint(self.y[origin, k], origin in origins)
            for destination in self.destinations:
                self.model.add_hint(self.z[destination, k], destination in destinations)
            for city in self.contested:
                self.model.add_hint(self.w[city, k], city in cities)

    def read(self, solver: cp_model.CpSolver) -> list[Load]:
        packing = []
        for k in self.slots:
            load = {key: value for key in self.items if (value := solver.value(self.x[key, k])) > 0}
            if load:
                packing.append(load)
        return packing


def repack(unit: Unit, vehicles: list[Load], work_limit: float, seconds_limit: float, seed: int,
           presolve: bool = True) -> Repacked:
    """The best packing CP-SAT finds of these vehicles' loads into at most as many vehicles.

    presolve=False suits the many small repacks of a neighbourhood search: there
    presolve costs more wall-clock time than it saves (and its time is not counted
    in CP-SAT's deterministic time)."""
    model = _Model(unit, vehicles)
    model.hint(vehicles)
    solver = cp_model.CpSolver()
    solver.parameters.cp_model_presolve = presolve
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = max(work_limit, 1e-3)
    solver.parameters.max_time_in_seconds = max(seconds_limit, 1e-3)
    status = solver.solve(model.model)
    work = solver.response_proto.deterministic_time
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Repacked(model.read(solver), status == cp_model.OPTIMAL, work)
    return Repacked(vehicles, False, work)
