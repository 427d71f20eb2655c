"""Giving units back to their current officers once the loads meet a ratio, with the band free to slide.

The search (local_search.py) fits the loads into one band [low, high] and gives back only what keeps every load
in that band; the loads may then sit well inside the ratio (10 / 9 where 6 / 5 is allowed) while a unit could go
back to its officer if the band moved. Here a step is taken whenever every load still meets the ratio afterwards
(highest x den <= lowest x num), whichever band that is. A step gives one unit back to a current officer ``a``
from its holder ``b``, alone, or with ``a`` handing one of its units to ``b`` (a swap) or to a third officer ``c``
(a chain). Each time the step that saves the most moves is taken (then the one leaving the narrowest loads, then
the first by its changes); deterministic.
"""

import time
from fractions import Fraction

from lianfu.liaison.assign.local_search import Rebalancer


def give_back_within(search: Rebalancer, ratio: Fraction) -> None:
    """Steps that save moves while every load meets ``ratio``, until none is left or the search's deadline."""
    while time.perf_counter() < search.deadline:
        step = best_step(search, ratio)
        if step is None:
            return
        search.apply(step[2])


def best_step(search: Rebalancer, ratio: Fraction):
    """The best step as (moves change, max - min load after it, changes), or None; changes are (unit, giver,
    taker) triples."""
    num, den = ratio.numerator, ratio.denominator
    load, weight, holders, keeps, cap = search.load, search.weight, search.holders, search.keeps, search.capacity
    officers = search.part.officers
    order = sorted(load.values())
    best = None

    def consider(moves: int, changed: dict[str, int], changes: tuple) -> None:
        nonlocal best
        if moves >= 0 or (best is not None and moves > best[0]):
            return
        if cap is not None and any(value > cap for value in changed.values()):
            return
        high, low = _extremes_without(order, [load[o] for o in changed])
        high = max([high, *changed.values()]) if high is not None else max(changed.values())
        low = min([low, *changed.values()]) if low is not None else min(changed.values())
        if den * high > num * low:
            return
        step = (moves, high - low, changes)
        if best is None or step < best:
            best = step

    for key, a in search.kept_pairs:
        if a in holders[key]:
            continue
        w = weight[key]
        for b in sorted(holders[key]):
            back = -1 + (b in keeps[key])   # the pair (key, a) comes back; (key, b) goes, a move if b held it
            consider(back, {a: load[a] + w, b: load[b] - w}, ((key, b, a),))
            for v in sorted(search.units_of[a]):
                if v == key:
                    continue
                wv, lost = weight[v], (a in keeps[v])
                if b not in holders[v]:
                    consider(back + lost - (b in keeps[v]), {a: load[a] + w - wv, b: load[b] - w + wv},
                             ((key, b, a), (v, a, b)))
                for c in officers:
                    if c != a and c != b and c not in holders[v]:
                        consider(back + lost - (c in keeps[v]), {a: load[a] + w - wv, b: load[b] - w, c: load[c] + wv},
                                 ((key, b, a), (v, a, c)))
    return best


def _extremes_without(order: list[int], values: list[int]) -> tuple[int | None, int | None]:
    """The largest and smallest of the sorted loads ``order`` once one load of each of ``values`` is taken out
    (None when nothing is left): only the ends of the list matter."""
    ends = len(values) + 1
    top, bottom = order[-ends:], order[:ends]
    for value in values:
        if value in top:
            top.remove(value)
        if value in bottom:
            bottom.remove(value)
    if len(order) <= len(values):
        return None, None
    return top[-1], bottom[0]
