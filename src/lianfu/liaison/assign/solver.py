"""``solve``: the assignment by local search and OR-Tools CP-SAT, one team at a time (teams share no town and no
officer).

1. team_search.py, for every team first: the local search (local_search.py, give_back.py) from the continuity
   start (start.py), and the greedy baseline's answer; deterministic, milliseconds a team.
2. team_solver.py, team after team: CP-SAT (cpsat_model.py) from what the search found, for the spread if it can
   be met, else the fewest moves within a stated bound of the best spread found (bounds.py); never an answer the
   greedy baseline dominates.

Time: the search may use up to ``SEARCH_SHARE`` of ``time_limit_s`` (a guard: it needs far less). What is left is
shared out over the teams in proportion to their size (units x officers, at least ``MIN_SHARE`` each while the
limit lasts), smallest team first: CP-SAT often proves a small team's optimum early, and the time it does not use
passes to the larger teams after it. A team whose time is up keeps the search's answer without running CP-SAT, so
the whole stays within the limit plus one model building and ``team_solver.LAST_CALL``.
CP-SAT uses a fixed seed: a team it solves to optimality comes out the same on every run; one stopped by its time
limit may not, though never worse than the search's answer.
"""

import time
from collections.abc import Callable

from lianfu.liaison.assign.measure import measured, team_parts
from lianfu.liaison.assign.problem import Assignment, Problem, Solution
from lianfu.liaison.assign.team_search import TeamSearch
from lianfu.liaison.assign.team_solver import LAST_CALL, solve_team

SEARCH_SHARE = 0.5
MIN_SHARE = 0.2   # seconds: below this CP-SAT rarely gets past its presolve
SEVERITY = ["optimal", "feasible", "relaxed"]   # the overall status is the worst of the teams'


def solve(problem: Problem, time_limit_s: float = 8.0,
          on_team: Callable[[int, int], None] | None = None) -> Solution:
    """``on_team(done, teams)`` hears of each team solved (none, then one by one)."""
    started = time.perf_counter()
    parts = [part for part in team_parts(problem) if part.officers and part.units]
    if on_team:
        on_team(0, len(parts))
    searches = [TeamSearch(part, problem, deadline=started + SEARCH_SHARE * time_limit_s).run() for part in parts]
    size_left = sum(part.size for part in parts)
    assigned: Assignment = {}
    team_status: dict[str, str] = {}
    for search in sorted(searches, key=lambda s: (s.part.size, s.part.team.key)):
        part = search.part
        time_left = time_limit_s - (time.perf_counter() - started)
        share = max(min(MIN_SHARE, max(time_left, LAST_CALL)), time_left * part.size / size_left)
        size_left -= part.size
        team_assigned, team_status[part.team.key] = solve_team(search, problem, share)
        assigned.update(team_assigned)
        if on_team:
            on_team(len(team_status), len(parts))
    worst = max((SEVERITY.index(status.split("_")[0]) for status in team_status.values()), default=0)
    return measured(problem, assigned, seconds=time.perf_counter() - started, status=SEVERITY[worst],
                    team_status=team_status)
