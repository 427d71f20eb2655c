"""One team's CP-SAT model (``TeamModel``) and how it is run (``run``).

CP-SAT uses up to 8 workers and a fixed seed: a team solved to optimality comes out the same on every run; one
stopped by its time limit may not.
"""

import os
from fractions import Fraction

from ortools.sat.python import cp_model

from lianfu.liaison.assign.measure import TeamPart
from lianfu.liaison.assign.problem import Assignment, Problem
from lianfu.liaison.assign.start import fresh_officers

SEED = 20240601


def run(team_model: "TeamModel", seconds: float, *, want_band: bool = False) -> tuple[Assignment, str] | None:
    """The model's best assignment and "optimal" | "feasible"; None when CP-SAT found nothing (or, with
    ``want_band``, nothing inside the band)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = min(8, os.cpu_count() or 1)
    solver.parameters.random_seed = SEED
    status = solver.solve(team_model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if want_band and not team_model.in_band(solver):
        return None
    return team_model.assignment(solver), "optimal" if status == cp_model.OPTIMAL else "feasible"


class TeamModel:
    """One team's CP-SAT model.

    A unit with one slot can go to any officer, and such units of equal weight are interchangeable once it is
    settled whether they stay with their current officer: keep[u, o] says whether a current pair stays, and
    pool[w, o] counts how many of the other one-slot units of weight w officer o takes. Units with two slots or
    more need distinct officers and get a boolean x[u, o] per officer. This keeps the model small and free of the
    symmetry between equal units.

    Modes: "strict" (every load in [low, high], den * high <= num * low, ratio = num / den being max_spread or a
    relaxed team's bound; minimise moves, then high - low),
    "soft" (the same with the loads' distance outside the band penalised above everything but empty slots) and
    "relaxed" (no ratio; minimise high - low, then moves). Empty slots (only with a capacity) come first in all."""

    def __init__(self, part: TeamPart, problem: Problem, hint: Assignment, *, ratio: Fraction | None, mode: str,
                 band: tuple[int, int] | None = None):
        self.part, self.mode = part, mode
        model = self.model = cp_model.CpModel()
        officers, capacity = part.officers, problem.capacity
        slots = {unit.key: part.slots(unit) for unit in part.units}
        top = sum(unit.weight * slots[unit.key] for unit in part.units)
        if capacity is not None:
            top = min(top, capacity)
        self.named = [unit for unit in part.units if slots[unit.key] >= 2]
        single = [unit for unit in part.units if slots[unit.key] == 1]
        self.single_by_weight: dict[int, list] = {}
        for unit in single:
            self.single_by_weight.setdefault(unit.weight, []).append(unit)

        self.x = {(unit.key, o): model.new_bool_var(f"x[{unit.key},{o}]") for unit in self.named for o in officers}
        self.keep = {(unit.key, o): model.new_bool_var(f"keep[{unit.key},{o}]")
                     for unit in single for o in officers if (unit.key, o) in part.kept}
        self.pool = {(w, o): model.new_int_var(0, len(units), f"pool[{w},{o}]")
                     for w, units in self.single_by_weight.items() for o in officers}
        self.empty = {}   # unit key (named units) or weight (one-slot units) -> empty slots; only with a capacity

        def fill(taken, key, size: int) -> None:
            if capacity is None:
                model.add(taken == size)
            else:
                empty = self.empty[key] = model.new_int_var(0, size, f"empty[{key}]")
                model.add(taken + empty == size)

        for unit in self.named:
            fill(cp_model.LinearExpr.sum([self.x[unit.key, o] for o in officers]), unit.key, slots[unit.key])
        keeps_of: dict[str, list] = {}
        for (unit_key, _), var in self.keep.items():
            keeps_of.setdefault(unit_key, []).append(var)
        for held in keeps_of.values():
            if len(held) > 1:   # a unit that now needs fewer officers than it has
                model.add(cp_model.LinearExpr.sum(held) <= 1)
        for w, units in self.single_by_weight.items():
            kept_here = [var for unit in units for var in keeps_of.get(unit.key, ())]
            fill(cp_model.LinearExpr.sum([self.pool[w, o] for o in officers] + kept_here), w, len(units))

        weight = {unit.key: unit.weight for unit in part.units}
        terms: dict[str, list] = {o: [] for o in officers}
        for (unit_key, o), var in [*self.x.items(), *self.keep.items()]:
            terms[o].append((var, weight[unit_key]))
        for (w, o), var in self.pool.items():
            terms[o].append((var, w))
        self.loads = {}
        for o in officers:
            load = self.loads[o] = model.new_int_var(0, top, f"load[{o}]")
            model.add(load == cp_model.LinearExpr.weighted_sum([v for v, _ in terms[o]], [c for _, c in terms[o]]))
        fresh = fresh_officers(part)
        for first, second in zip(fresh, fresh[1:]):
            model.add(self.loads[first] >= self.loads[second])

        self.low, self.high = model.new_int_var(0, top, "low"), model.new_int_var(0, top, "high")
        model.add(self.low <= self.high)
        if ratio is not None and mode != "relaxed":
            model.add(ratio.denominator * self.high <= ratio.numerator * self.low)
        self.off_band = {}
        for o, load in self.loads.items():
            if mode == "soft":
                # Penalised per officer rather than through max/min: a step that brings one officer into the
                # band pays off at once.
                under, over = model.new_int_var(0, top, f"under[{o}]"), model.new_int_var(0, top, f"over[{o}]")
                model.add(load + under >= self.low)
                model.add(load - over <= self.high)
                self.off_band[o] = (under, over)
            else:
                model.add(self.low <= load)
                model.add(load <= self.high)
        self._objective(top)
        self._hint(hint, band)

    def _objective(self, top: int) -> None:
        """Lexicographic, as one weighted sum: each weight exceeds the largest total of everything below it."""
        kept = cp_model.LinearExpr.sum([self.keep[p] if p in self.keep else self.x[p] for p in sorted(self.part.kept)])
        width = self.high - self.low        # 0..top
        moves = len(self.part.kept) - kept  # 0..len(kept)
        most_moves = len(self.part.kept)
        if self.mode == "relaxed":
            terms = [(width, top), (moves, most_moves)]
        else:
            terms = [(moves, most_moves), (width, top)]
        if self.mode == "soft":
            off_band = cp_model.LinearExpr.sum([v for pair in self.off_band.values() for v in pair])
            terms.insert(0, (off_band, 2 * len(self.part.officers) * top))
        terms.insert(0, (cp_model.LinearExpr.sum(list(self.empty.values())), sum(self.part.slots(u) for u in
                                                                                   self.part.units)))
        weight, objective = 1, 0
        for expression, largest in reversed(terms):
            objective += weight * expression
            weight *= largest + 1
        self.model.minimize(objective)

    def _hint(self, hint: Assignment, band: tuple[int, int] | None) -> None:
        """Hint every variable (CP-SAT has to complete a partial hint first, and may not in time); ``band``: the
        soft model's band, the loads' range otherwise."""
        load = dict.fromkeys(self.part.officers, 0)
        pool = dict.fromkeys(self.pool, 0)
        gaps: dict[str | int, int] = {}
        for unit in self.part.units:
            officers = hint.get(unit.key, ())
            for o in officers:
                load[o] += unit.weight
                if (unit.key, o) not in self.x and (unit.key, o) not in self.keep:
                    pool[unit.weight, o] += 1
            gap_key = unit.key if self.part.slots(unit) >= 2 else unit.weight
            gaps[gap_key] = gaps.get(gap_key, 0) + self.part.slots(unit) - len(officers)
        for pair, var in [*self.x.items(), *self.keep.items()]:
            self.model.add_hint(var, pair[1] in hint.get(pair[0], ()))
        for pair, var in self.pool.items():
            self.model.add_hint(var, pool[pair])
        for key, var in self.empty.items():
            self.model.add_hint(var, gaps[key])
        for o, var in self.loads.items():
            self.model.add_hint(var, load[o])
        low, high = band or (min(load.values()), max(load.values()))
        self.model.add_hint(self.low, low)
        self.model.add_hint(self.high, high)
        for o, (under, over) in self.off_band.items():
            self.model.add_hint(under, max(0, low - load[o]))
            self.model.add_hint(over, max(0, load[o] - high))

    def in_band(self, solver: cp_model.CpSolver) -> bool:
        return all(solver.value(under) == 0 and solver.value(over) == 0 for under, over in self.off_band.values())

    def assignment(self, solver: cp_model.CpSolver) -> Assignment:
        """The solution with the pooled slots handed to units: each officer takes its count of units of a weight,
        its own current units first (a pair kept, not a move), then in key order."""
        chosen: dict[str, list[str]] = {unit.key: [] for unit in self.part.units}
        holders: dict[str, list[str]] = {}
        for unit_key, o in sorted(self.part.kept):
            holders.setdefault(unit_key, []).append(o)
        for (unit_key, o), var in [*self.x.items(), *self.keep.items()]:
            if solver.boolean_value(var):
                chosen[unit_key].append(o)
        for w, units in self.single_by_weight.items():
            wanted = {o: solver.value(self.pool[w, o]) for o in self.part.officers}
            open_units = [unit.key for unit in units if not chosen[unit.key]]
            for unit_key in open_units:
                for o in holders.get(unit_key, ()):
                    if wanted[o] > 0:
                        chosen[unit_key].append(o)
                        wanted[o] -= 1
                        break
            still_open = iter([key for key in open_units if not chosen[key]])
            for o in self.part.officers:
                for _ in range(wanted[o]):
                    chosen[next(still_open)].append(o)
        return {key: tuple(sorted(officers)) for key, officers in chosen.items()}
