"""Local search (``Rebalancer``) that brings one team's loads into a band while minding continuity.

CP-SAT alone is poor at this packing (its first balanced assignment of a 100-officer team can take longer than the
whole time limit, and on such a team it seldom improves on the search within seconds); the search takes
milliseconds and CP-SAT starts from its result. It is deterministic. give_back.py goes on from a fitted band.
"""

import math
import time
from fractions import Fraction

from lianfu.liaison.assign.measure import TeamPart
from lianfu.liaison.assign.problem import Assignment


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


class Rebalancer:
    """Local search that brings every load into a band while minding continuity. A step hands one slot to
    another officer or swaps two slots between officers. First it lowers the total distance outside the band, each
    time by the step that costs the fewest moves; once inside, it gives units back to their current officers
    wherever that keeps every load inside. It stops at ``deadline`` (time.perf_counter()) if that comes first."""

    def __init__(self, part: TeamPart, start: Assignment, capacity: int | None, deadline: float = math.inf):
        self.part, self.capacity, self.deadline = part, capacity, deadline
        self.weight = {unit.key: unit.weight for unit in part.units}
        self.keeps: dict[str, set[str]] = {unit.key: set() for unit in part.units}   # unit -> current officers
        for key, officer in part.kept:
            self.keeps[key].add(officer)
        self.kept_pairs = sorted(part.kept)
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
            self.apply(step[2])
        while time.perf_counter() < self.deadline and (step := self._best_give_back()) is not None:
            self.apply(step[2])
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
            step = self._best_step_towards_band(a)
            if step is not None:
                return step
        return None

    def _best_step_towards_band(self, a: str):
        """Among the handovers and swaps that move officer ``a``'s load towards the band and lower the total
        distance outside it, the one that costs the fewest moves, then lowers the distance most, then the first
        by its changes (sets iterate in a different order in every process); as (band distance change, moves
        change, changes), changes being (unit, giver, taker) triples. None when there is none.

        The hot loop of the solver, hence written out. An officer ``b`` at or over the band's top cannot take
        load from an officer over it without the total distance growing by as much as it falls (b's distance
        grows by all it takes, a's falls by at most that), and likewise one at or under the bottom cannot give;
        such officers are skipped."""
        low, high, cap = self.low, self.high, self.capacity
        load, weight, holders, keeps = self.load, self.weight, self.holders, self.keeps

        def distance(x: int) -> int:
            return low - x if x < low else (x - high if x > high else 0)

        load_a = load[a]
        over = load_a > high
        distance_a = distance(load_a)
        units_a = [(u, weight[u], a in keeps[u]) for u in self.units_of[a]]
        best = None   # (moves, band, changes): the order steps are chosen in
        for b in self.part.officers:
            load_b = load[b]
            if b == a or (load_b >= high if over else load_b <= low):
                continue
            before = distance_a + distance(load_b)
            units_b = [(v, weight[v], b in keeps[v]) for v in self.units_of[b]]
            giver, taker, load_giver, load_taker, given = (a, b, load_a, load_b, units_a) if over else \
                (b, a, load_b, load_a, units_b)
            for key, w, giver_keeps in given:
                if taker in holders[key] or (cap is not None and load_taker + w > cap):
                    continue
                band = distance(load_giver - w) + distance(load_taker + w) - before
                if band < 0:
                    step = (giver_keeps - (taker in keeps[key]), band, ((key, giver, taker),))
                    if best is None or step < best:
                        best = step
            for u, weight_u, a_keeps_u in units_a:
                for v, weight_v, b_keeps_v in units_b:
                    change = weight_v - weight_u   # a's load change
                    if (change < 0) != over or change == 0 or b in holders[u] or a in holders[v]:
                        continue
                    if cap is not None and (load_a + change > cap or load_b - change > cap):
                        continue
                    band = distance(load_a + change) + distance(load_b - change) - before
                    if band < 0:
                        moves = a_keeps_u - (b in keeps[u]) + b_keeps_v - (a in keeps[v])
                        step = (moves, band, ((u, a, b), (v, b, a)))
                        if best is None or step < best:
                            best = step
        return None if best is None else (best[1], best[0], best[2])

    def _best_give_back(self):
        """A step that gives a unit back to a current officer (taking it from whoever holds it, alone or in a
        swap) without pushing any load out of the band: the one that saves the most moves; None if none."""
        distance, load, weight, holders = self.distance, self.load, self.weight, self.holders
        best = None
        for key, a in self.kept_pairs:
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

    def apply(self, changes) -> None:
        """Carries out (unit, giver, taker) changes."""
        for key, giver, taker in changes:
            self.holders[key].remove(giver)
            self.holders[key].add(taker)
            self.units_of[giver].remove(key)
            self.units_of[taker].add(key)
            self.load[giver] -= self.weight[key]
            self.load[taker] += self.weight[key]
