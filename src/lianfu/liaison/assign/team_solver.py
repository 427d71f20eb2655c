"""Step 2 of a team's assignment: CP-SAT, from what the local search found (team_search.py), within the team's
share of the time. Continuity comes first, balance within a stated bound:

- **Strict** (some assignment found meets r = ``max_spread``): the fewest moves with every load within r, then
  the smallest max - min load.
- **Relaxed** (a counting argument shows r out of reach, or no way to meet it is found): first CP-SAT's relaxed
  model (the smallest max - min load, then moves) looks for a better spread S*; then the fewest moves with a
  spread of at most B = max(r, S* x 1.05) (bounds.py), then the smallest max - min load. When an officer must stay
  idle (fewer places than officers: S* is infinite) there is no bound to relax: the team keeps the narrowest
  loads found, then the fewest moves.
- **Dominance check**, last: if greedy's answer for the team is no worse in unfilled places, spread and moves,
  and better in one, the team gets greedy's answer. CP-SAT starts from greedy's answer whenever it meets the bound,
  so this only guards against a run stopped by its time limit.

Time: a team that did not meet r and where r is not out of reach first gives CP-SAT half its time with the band as
a penalty (the search may have got stuck). The relaxed model gets half of what is left, the strict model the rest.
Every CP-SAT run starts from the assignment found with the fewest moves that meets its ratio, and is not taken
when it stopped short of it. No run goes past the team's deadline by more than ``LAST_CALL``.
"""

import time
from fractions import Fraction

from lianfu.liaison.assign.cpsat_model import TeamModel, run
from lianfu.liaison.assign.measure import TeamFigures
from lianfu.liaison.assign.problem import Assignment, Problem
from lianfu.liaison.assign.start import order_fresh
from lianfu.liaison.assign.team_search import TeamSearch

LAST_CALL = 0.05  # seconds a CP-SAT run still gets once its team's deadline has passed (it returns its hint)


class Clock:
    """The team's deadline, shared out between its CP-SAT runs."""

    def __init__(self, seconds: float):
        self.deadline = time.perf_counter() + seconds

    def up(self) -> bool:
        """The team's time is up: it keeps the best assignment found without running CP-SAT."""
        return time.perf_counter() >= self.deadline

    def left(self, part: float = 1.0) -> float:
        """Seconds for a CP-SAT run: ``part`` of the time left, at least ``LAST_CALL``."""
        return max(LAST_CALL, (self.deadline - time.perf_counter()) * part)


def solve_team(search: TeamSearch, problem: Problem, seconds: float) -> tuple[Assignment, str]:
    """One team's assignment and how it was found: "optimal" | "feasible" (spread met) | "relaxed_optimal" |
    "relaxed_feasible" (spread not met; optimal: both CP-SAT runs of the relaxed rule reached their optimum)."""
    assigned, status = TeamSolver(search, problem, Clock(seconds)).solve()
    ours, theirs = search.figures(assigned), search.figures(search.baseline)
    if theirs.dominates(ours):
        met = search.ratio is None or theirs.spread <= search.ratio
        return search.baseline, "feasible" if met else "relaxed_feasible"
    return assigned, status


class TeamSolver:
    """The CP-SAT runs of one team (see the module docstring)."""

    def __init__(self, search: TeamSearch, problem: Problem, clock: Clock):
        self.search, self.part, self.problem, self.clock = search, search.part, problem, clock

    def solve(self) -> tuple[Assignment, str]:
        search, ratio, clock = self.search, self.search.ratio, self.clock
        if search.meets_ratio:
            return self.fewest_moves(ratio)
        if not search.out_of_reach and not clock.up():   # the search got stuck: CP-SAT may still find a way
            soft = TeamModel(self.part, self.problem, order_fresh(self.part, search.closest), ratio=ratio,
                             mode="soft", band=search.band)
            found = run(soft, clock.left(0.5), want_band=True)
            if found is not None:
                # Within the band the soft model's objective is the strict one's: its optimum needs no second run.
                search.add(found[0], clock.deadline)
                return found if found[1] == "optimal" else self.fewest_moves(ratio)

        narrowest = min(search.found, key=self.narrowness)
        balanced, balanced_status = narrowest, "feasible"
        if not clock.up():
            relaxed = TeamModel(self.part, self.problem, order_fresh(self.part, narrowest), ratio=None,
                                mode="relaxed")
            balanced, balanced_status = run(relaxed, clock.left(0.5)) or (narrowest, "feasible")
            search.add(balanced, clock.deadline)
        if search.meets_ratio:   # the narrowest loads met the ratio after all
            return self.fewest_moves(ratio)
        if search.bound is None:   # somebody must stay idle: the narrowest loads, then the fewest moves
            return min(search.found, key=self.narrowness), f"relaxed_{balanced_status}"
        assigned, status = self.fewest_moves(search.bound)
        both_optimal = status == "optimal" and balanced_status == "optimal"
        return assigned, "relaxed_optimal" if both_optimal else "relaxed_feasible"

    def fewest_moves(self, ratio: Fraction | None) -> tuple[Assignment, str]:
        """CP-SAT's strict model with ``ratio``: the fewest moves, then the smallest max - min load, starting from
        the assignment found with the fewest unfilled places and moves that meets the ratio (one must). The hint
        is kept when CP-SAT stops short of it."""
        within = [assigned for assigned in self.search.found if ratio is None or self.figures(assigned).spread <= ratio]
        hint = order_fresh(self.part, min(within, key=self.continuity))
        if self.clock.up():
            return hint, "feasible"
        found = run(TeamModel(self.part, self.problem, hint, ratio=ratio, mode="strict"), self.clock.left())
        if found is None or self.continuity(found[0]) > self.continuity(hint):
            return hint, "feasible"
        return found

    def continuity(self, assigned: Assignment) -> tuple:
        figures = self.figures(assigned)
        return figures.unfilled, figures.moves

    def narrowness(self, assigned: Assignment) -> tuple:
        """The relaxed model's order: unfilled places, max - min load, moves."""
        figures = self.figures(assigned)
        return figures.unfilled, figures.width, figures.moves

    def figures(self, assigned: Assignment) -> TeamFigures:
        return self.search.figures(assigned)
