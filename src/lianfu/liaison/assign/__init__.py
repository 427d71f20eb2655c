"""Assigning liaison officers to firms and office buildings (pure Python, no Django).

``solve`` (CP-SAT, per team: spread within ``max_spread``, fewest moves) and ``greedy`` (the hand-written
baseline) take the same ``Problem`` and return a ``Solution`` measured by the same functions (``measure``), so
their figures compare directly.
"""

from lianfu.liaison.assign.greedy import greedy
from lianfu.liaison.assign.measure import shortfalls
from lianfu.liaison.assign.problem import Officer, Problem, Shortfall, Solution, Team, Unit
from lianfu.liaison.assign.solver import solve

__all__ = ["Officer", "Problem", "Shortfall", "Solution", "Team", "Unit", "greedy", "shortfalls", "solve"]
