"""The assignment by CP-SAT, one team at a time (teams share no town and no officer).

Per team:

1. Start: every current pair the team can keep, the gaps (officers who left, new units) filled heaviest unit first
   by the least-loaded officers.
2. Local search (``Rebalancer``) from there into a band [low, high] with high / low <= ``max_spread``, each step
   the one that costs the fewest moves, then giving units back to their current officers where the band allows.
   CP-SAT alone is poor at this packing (its first balanced assignment of a 100-officer team can take longer than
   the whole time limit); the search takes milliseconds and CP-SAT starts from its result.
3. CP-SAT, strict model: each unit gets min(needs, officers) distinct officers (with a capacity a slot may stay
   empty, which costs more than anything else); every load within [low, high] with den * high <= num * low where
   max_spread = num / den (1.2 = 6/5); minimise moves, then high - low (= max_load - min_load at the optimum).
   If the search did not reach a band, CP-SAT first gets half the team's time with the band as a penalty.
4. If the spread is still not met (or cannot be: ``highest_min_load``), the relaxed model drops it and minimises
   (max_load - min_load) * BIG + moves, from the search's assignment in the narrowest band it reached. The team's
   status says so ("relaxed_optimal" | "relaxed_feasible").

Time: ``time_limit_s`` is shared out over the teams in proportion to their size (units x officers, at least
``MIN_SHARE`` each while the limit lasts); time a team does not use passes to the teams after it; within a team the
local search may use half, and no CP-SAT run goes past the team's deadline by more than ``LAST_CALL`` (the whole
stays within the limit plus the last team's model building). CP-SAT uses up to 8 workers and a fixed seed; the
local search is deterministic. A team CP-SAT solves to optimality comes out the same on every run; one stopped by
its time limit may not.
"""

import math
import os
import time
from fractions import Fraction

from ortools.sat.python import cp_model

from lianfu.liaison.assign.measure import TeamPart, measured, team_parts
from lianfu.liaison.assign.problem import Problem, Solution

MIN_SHARE = 0.2   # seconds: below this CP-SAT rarely gets past its presolve
LAST_CALL = 0.05  # seconds a CP-SAT run still gets once its team's deadline has passed (it returns its hint)
SEED = 20240601
SEVERITY = ["optimal", "feasible", "relaxed"]   # the overall status is the worst of the teams'

Assignment = dict[str, tuple[str, ...]]   # unit key -> officer keys


def solve(problem: Problem, time_limit_s: float = 8.0) -> Solution:
    started = time.perf_counter()
    parts = [part for part in team_parts(problem) if part.officers and part.units]
    size_left = sum(part.size for part in parts)
    assigned: Assignment = {}
    team_status: dict[str, str] = {}
    for part in parts:
        time_left = time_limit_s - (time.perf_counter() - started)
        share = max(min(MIN_SHARE, max(time_left, LAST_CALL)), time_left * part.size / size_left)
        size_left -= part.size
        team_assigned, team_status[part.team.key] = solve_team(part, problem, share)
        assigned.update(team_assigned)
    worst = max((SEVERITY.index(status.split("_")[0]) for status in team_status.values()), default=0)
    return measured(problem, assigned, seconds=time.perf_counter() - started, status=SEVERITY[worst],
                    team_status=team_status)


def solve_team(part: TeamPart, problem: Problem, seconds: float) -> tuple[Assignment, str]:
    """One team's assignment and how it was found: "optimal" | "feasible" (spread met) | "relaxed_optimal" |
    "relaxed_feasible" (spread not met). The local search may use half the time, CP-SAT the rest."""
    deadline = time.perf_counter() + seconds

    def left(part_of_it: float = 1.0) -> float:
        return max(LAST_CALL, (deadline - time.perf_counter()) * part_of_it)

    ratio = spread_ratio(problem.max_spread)
    start = continuity_start(part, problem.current, problem.capacity)
    search = Rebalancer(part, start, problem.capacity, deadline=time.perf_counter() + seconds / 2)
    if ratio is None or search.fit_ratio(ratio):
        hint = order_fresh(part, search.assignment())
        return run(TeamModel(part, problem, hint, ratio=ratio, mode="strict"), left()) or (hint, "feasible")

    if not search.impossible:   # the search got stuck: CP-SAT may still find a way
        hint = order_fresh(part, search.assignment())
        soft = TeamModel(part, problem, hint, ratio=ratio, mode="soft", band=(search.low, search.high))
        found = run(soft, left(0.5), want_band=True)
        if found is not None:
            return found
    search.deadline = time.perf_counter() + left(0.5)
    search.fit_narrowest()
    hint = order_fresh(part, search.assignment())
    if ratio.denominator * search.high <= ratio.numerator * search.low:   # a narrower band worked after all
        return run(TeamModel(part, problem, hint, ratio=ratio, mode="strict"), left()) or (hint, "feasible")
    assigned, status = run(TeamModel(part, problem, hint, ratio=ratio, mode="relaxed"), left()) or (hint, "feasible")
    if meets(ratio, part, assigned):   # the narrowest loads met the ratio: fine, though moves were not first
        return assigned, "feasible"
    return assigned, f"relaxed_{status}"


def meets(ratio: Fraction, part: TeamPart, assigned: Assignment) -> bool:
    load = dict.fromkeys(part.officers, 0)
    for unit in part.units:
        for officer in assigned[unit.key]:
            load[officer] += unit.weight
    return ratio.denominator * max(load.values()) <= ratio.numerator * min(load.values())


def spread_ratio(max_spread: float) -> Fraction | None:
    """max_spread as the nearest fraction with a denominator up to 1000 (1.2 = 6/5); None: no limit."""
    return Fraction(max_spread).limit_denominator(1000) if math.isfinite(max_spread) else None


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


# --- Where the search starts ----------------------------------------------------------------------------------

def continuity_start(part: TeamPart, current: dict[str, frozenset[str]], capacity: int | None) -> Assignment:
    """Every current pair the team can keep, the gaps filled heaviest unit first by the least-loaded officers
    (ties by key); no officer over the capacity."""
    load = dict.fromkeys(part.officers, 0)
    assigned: dict[str, list[str]] = {}
    for unit in part.units:
        assigned[unit.key] = []
        for officer in sorted(current.get(unit.key, ())):
            if ((unit.key, officer) in part.kept and len(assigned[unit.key]) < part.slots(unit)
                    and (capacity is None or load[officer] + unit.weight <= capacity)):
                assigned[unit.key].append(officer)
                load[officer] += unit.weight
    for unit in sorted(part.units, key=lambda u: (-u.weight, u.key)):
        chosen = assigned[unit.key]
        for officer in sorted(load, key=lambda o: (load[o], o)):
            if len(chosen) == part.slots(unit):
                break
            if officer not in chosen and (capacity is None or load[officer] + unit.weight <= capacity):
                chosen.append(officer)
                load[officer] += unit.weight
    return {key: tuple(officers) for key, officers in assigned.items()}


def fresh_officers(part: TeamPart) -> list[str]:
    """Officers who keep nothing from the current assignment: interchangeable, so the model orders their loads."""
    holding = {officer for _, officer in part.kept}
    return [officer for officer in part.officers if officer not in holding]


def order_fresh(part: TeamPart, assigned: Assignment) -> Assignment:
    """The same assignment with the fresh officers' workloads handed out heaviest first in key order, as the
    model's symmetry breaking asks (a hint that breaks a constraint is of no use)."""
    weight = {unit.key: unit.weight for unit in part.units}
    fresh = fresh_officers(part)
    work: dict[str, list[str]] = {officer: [] for officer in fresh}
    for unit_key, officers in assigned.items():
        for officer in officers:
            if officer in work:
                work[officer].append(unit_key)
    heaviest_first = sorted(work.values(), key=lambda units: -sum(weight[u] for u in units))
    renamed = {unit_key: [o for o in officers if o not in work] for unit_key, officers in assigned.items()}
    for officer, units in zip(fresh, heaviest_first):
        for unit_key in units:
            renamed[unit_key].append(officer)
    return {key: tuple(sorted(officers)) for key, officers in renamed.items()}


def bands(loads: list[int], high_of, max_low: int | None = None) -> list[tuple[int, int]]:
    """The bands [low, high_of(low)] that can hold the loads' average, low at most ``max_low``: nearest the loads
    first (total distance outside the band), then the lower."""
    mean = sum(loads) / len(loads)
    top_low = math.floor(mean) if max_low is None else min(math.floor(mean), max_low)
    span = high_of(top_low) - top_low + 1
    candidates = [low for low in range(max(0, top_low - span), top_low + 1) if high_of(low) >= mean]
    by_distance = sorted((sum(max(0, low - load, load - high_of(low)) for load in loads), low) for low in candidates)
    return [(low, high_of(low)) for _, low in by_distance]


def highest_min_load(part: TeamPart) -> int | None:
    """An upper bound on the smallest load: with fewer slots than officers somebody is idle (0); with fewer than
    two slots per officer, at least k = 2 * officers - slots officers hold a single slot, so the smallest load is
    at most the k-th heaviest slot's weight. None when there is no such bound."""
    weights = sorted((unit.weight for unit in part.units for _ in range(part.slots(unit))), reverse=True)
    singles = 2 * len(part.officers) - len(weights)
    if singles <= 0:
        return None
    return weights[singles - 1] if singles <= len(weights) else 0


# --- Local search ---------------------------------------------------------------------------------------------

class Rebalancer:
    """Local search that brings every load into a band while minding continuity. A step hands one slot to
    another officer or swaps two slots between officers. First it lowers the total distance outside the band, each
    time by the step that costs the fewest moves; once inside, it gives units back to their current officers
    wherever that keeps every load inside. It stops at ``deadline`` (time.perf_counter()) if that comes first."""

    def __init__(self, part: TeamPart, start: Assignment, capacity: int | None, deadline: float = math.inf):
        self.part, self.capacity, self.deadline = part, capacity, deadline
        self.weight = {unit.key: unit.weight for unit in part.units}
        self._restore({key: set(officers) for key, officers in start.items()})
        self.low = self.high = 0
        self.width = 0   # the narrowest band tried so far
        self.max_low = highest_min_load(part)
        self.impossible = False

    def assignment(self) -> Assignment:
        return {key: tuple(sorted(officers)) for key, officers in self.holders.items()}

    def fit_ratio(self, ratio: Fraction) -> bool:
        """Into a band [low, floor(low * ratio)]; True when every load got into one. Sets ``impossible`` when a
        counting argument shows that no assignment can meet the ratio."""
        candidates = bands(list(self.load.values()), lambda low: math.floor(low * ratio), self.max_low)
        self.impossible = not candidates
        return self._fit_any(candidates, self._snapshot())

    def fit_narrowest(self) -> None:
        """Into the narrowest band (high - low) the search reaches, by bisection on the width. The loads' own
        range always fits, so this ends inside a band."""
        start = self._snapshot()
        narrowest, widest = self.width, max(self.load.values()) - min(self.load.values())
        fitted = None
        while narrowest < widest:
            width = (narrowest + widest) // 2
            if self._fit_any(bands(list(self.load.values()), lambda low: low + width, self.max_low), start):
                widest, fitted = width, (self.low, self.high, self._snapshot())
            else:
                narrowest = width + 1
        if fitted is None:
            self._restore(start)
            self.fit(min(self.load.values()), max(self.load.values()))
        else:
            self._restore(fitted[2])
            self.low, self.high, self.width = fitted[0], fitted[1], fitted[1] - fitted[0]

    def _fit_any(self, candidates: list[tuple[int, int]], start) -> bool:
        """Tries the bands from ``start`` in turn until one fits. When none does, it stays at the attempt that
        got closest."""
        closest = None
        for low, high in candidates:
            self._restore(start)
            if self.fit(low, high):
                return True
            if closest is None or self.off_band() < closest[0]:
                closest = (self.off_band(), low, high, self._snapshot())
            if time.perf_counter() >= self.deadline:
                break
        if closest is not None:
            self._restore(closest[3])
            self.low, self.high, self.width = closest[1], closest[2], closest[2] - closest[1]
        return False

    def _snapshot(self):
        return {key: set(officers) for key, officers in self.holders.items()}

    def _restore(self, holders: dict[str, set[str]]) -> None:
        self.holders = {key: set(officers) for key, officers in holders.items()}
        self.units_of = {o: set() for o in self.part.officers}
        self.load = dict.fromkeys(self.part.officers, 0)
        for key, officers in self.holders.items():
            for o in officers:
                self.units_of[o].add(key)
                self.load[o] += self.weight[key]

    def fit(self, low: int, high: int) -> bool:
        self.low, self.high, self.width = low, high, high - low
        while self.off_band() > 0:
            step = self._best_repair() if time.perf_counter() < self.deadline else None
            if step is None:
                return False
            self._apply(step)
        while time.perf_counter() < self.deadline and (step := self._best_give_back()) is not None:
            self._apply(step)
        return True

    def distance(self, load: int) -> int:
        return max(0, self.low - load, load - self.high)

    def off_band(self) -> int:
        return sum(self.distance(load) for load in self.load.values())

    def _best_repair(self):
        """For the officer furthest outside the band that has a step lowering the total distance, the step that
        costs the fewest moves (then lowers the distance most); None when no officer has one."""
        outside = sorted((o for o in self.part.officers if self.distance(self.load[o])),
                         key=lambda o: (-self.distance(self.load[o]), o))
        for a in outside:
            steps = [step for step in self._steps_towards_band(a) if step[0] < 0]
            if steps:   # the changes themselves break ties: sets iterate in a different order in every process
                return min(steps, key=lambda step: (step[1], step[0], step[2]))
        return None

    def _steps_towards_band(self, a: str):
        """Handovers and swaps that move officer ``a``'s load towards the band, as (band distance change, moves
        change, changes), changes being (unit, giver, taker) triples."""
        distance, load, weight, holders = self.distance, self.load, self.weight, self.holders
        over = load[a] > self.high
        for b in self.part.officers:
            if b == a:
                continue
            before = distance(load[a]) + distance(load[b])
            giver, taker = (a, b) if over else (b, a)
            for key in self.units_of[giver]:
                w = weight[key]
                if taker not in holders[key] and self._fits(taker, w):
                    band = distance(load[giver] - w) + distance(load[taker] + w) - before
                    yield band, self._moves(key, giver, taker), ((key, giver, taker),)
            for u in self.units_of[a]:
                for v in self.units_of[b]:
                    change = weight[v] - weight[u]   # a's load change
                    if (change < 0) != over or change == 0 or b in holders[u] or a in holders[v]:
                        continue
                    if self._fits(a, change) and self._fits(b, -change):
                        band = distance(load[a] + change) + distance(load[b] - change) - before
                        yield band, self._moves(u, a, b) + self._moves(v, b, a), ((u, a, b), (v, b, a))

    def _best_give_back(self):
        """A step that gives a unit back to a current officer (taking it from whoever holds it, alone or in a
        swap) without pushing any load out of the band: the one that saves the most moves; None if none."""
        distance, load, weight, holders = self.distance, self.load, self.weight, self.holders
        best = None
        for key, a in sorted(self.part.kept):
            if a in holders[key]:
                continue
            w = weight[key]
            for b in sorted(holders[key]):
                before = distance(load[a]) + distance(load[b])
                steps = []
                if self._fits(a, w):
                    band = distance(load[a] + w) + distance(load[b] - w) - before
                    steps.append((band, self._moves(key, b, a), ((key, b, a),)))
                for v in sorted(self.units_of[a]):
                    change = w - weight[v]   # a's load change
                    if b not in holders[v] and self._fits(a, change) and self._fits(b, -change):
                        band = distance(load[a] + change) + distance(load[b] - change) - before
                        steps.append((band, self._moves(key, b, a) + self._moves(v, a, b), ((key, b, a), (v, a, b))))
                for step in steps:
                    if step[0] <= 0 and step[1] < 0 and (best is None or (step[1], step[0]) < (best[1], best[0])):
                        best = step
        return best

    def _moves(self, key: str, giver: str, taker: str) -> int:
        """Moves that a slot of unit ``key`` going from ``giver`` to ``taker`` adds (-1: back to its officer)."""
        return ((key, giver) in self.part.kept) - ((key, taker) in self.part.kept)

    def _fits(self, officer: str, change: int) -> bool:
        return self.capacity is None or self.load[officer] + change <= self.capacity

    def _apply(self, step) -> None:
        for key, giver, taker in step[2]:
            self.holders[key].remove(giver)
            self.holders[key].add(taker)
            self.units_of[giver].remove(key)
            self.units_of[taker].add(key)
            self.load[giver] -= self.weight[key]
            self.load[taker] += self.weight[key]


# --- CP-SAT model ---------------------------------------------------------------------------------------------

class TeamModel:
    """One team's CP-SAT model.

    A unit with one slot can go to any officer, and such units of equal weight are interchangeable once it is
    settled whether they stay with their current officer: keep[u, o] says whether a current pair stays, and
    pool[w, o] counts how many of the other one-slot units of weight w officer o takes. Units with two slots or
    more need distinct officers and get a boolean x[u, o] per officer. This keeps the model small and free of the
    symmetry between equal units.

    Modes: "strict" (every load in [low, high], den * high <= num * low; minimise moves, then high - low),
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
