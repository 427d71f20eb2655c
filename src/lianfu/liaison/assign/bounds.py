"""The spread a team's assignment must stay within: the county's ``max_spread`` (r), or, for a team that cannot
meet it, the relaxed rule's bound.

Relaxed rule (continuity first, balance within a stated bound): with S* the best spread found for the team (the
narrowest loads of the local search and of CP-SAT, and the greedy baseline's), the team takes the fewest moves
with a spread of at most B = max(r, S* x (1 + TOLERANCE)). With a tolerance of 5 %, a team whose best is 1.25 may
go to 1.3125 when that keeps officers with their firms; it never goes further.
"""

import math
from fractions import Fraction

TOLERANCE = Fraction(1, 20)


def spread_ratio(max_spread: float) -> Fraction | None:
    """max_spread as the nearest fraction with a denominator up to 1000 (1.2 = 6/5); None: no limit."""
    return Fraction(max_spread).limit_denominator(1000) if math.isfinite(max_spread) else None


def relaxed_bound(ratio: Fraction, best_spread: Fraction) -> Fraction:
    """B = max(r, S* x (1 + TOLERANCE)), exactly."""
    return max(ratio, best_spread * (1 + TOLERANCE))
