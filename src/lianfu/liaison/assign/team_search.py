"""Step 1 of a team's assignment: the local search alone, run for every team before CP-SAT shares out the time
left (it takes milliseconds a team and is deterministic, so what CP-SAT starts from does not depend on how busy
the machine is).

For each team: the greedy baseline's answer; the continuity start (every current pair the team can keep, the
gaps filled by the least loaded); the search from there into a band of ratio r = ``max_spread``, unless a counting
argument (``spread_floor``) shows r out of reach, then units given back to their officers wherever every load
still meets r (give_back.py). When neither the search nor greedy meets r: the search into the narrowest band it
reaches, the best spread S* found (that one's or greedy's), the relaxed rule's bound B (bounds.py) and the search
from the continuity start into B, then the same giving back within B.
"""

import math
from fractions import Fraction

from lianfu.liaison.assign.bounds import relaxed_bound, spread_ratio
from lianfu.liaison.assign.give_back import give_back_within
from lianfu.liaison.assign.greedy import greedy_team
from lianfu.liaison.assign.local_search import Rebalancer
from lianfu.liaison.assign.measure import TeamFigures, TeamPart, spread_floor, team_figures
from lianfu.liaison.assign.problem import Assignment, Problem
from lianfu.liaison.assign.start import continuity_start


class TeamSearch:
    """What the local search found for one team, and what the team must meet."""

    def __init__(self, part: TeamPart, problem: Problem, deadline: float = math.inf):
        self.part, self.current, self.capacity, self.deadline = part, problem.current, problem.capacity, deadline
        self.ratio: Fraction | None = spread_ratio(problem.max_spread)
        self.baseline: Assignment = greedy_team(part, problem.current, problem.capacity)
        self.start: Assignment = continuity_start(part, problem.current, problem.capacity)
        self.found: list[Assignment] = [self.baseline]   # every assignment worth starting CP-SAT from
        self.meets_ratio = False      # some assignment found meets r
        self.out_of_reach = False     # a counting argument shows that none can
        self.closest: Assignment | None = None        # the search's closest attempt at r ...
        self.band: tuple[int, int] | None = None      # ... and the band it aimed at
        self.bound: Fraction | None = None            # B, when the team is relaxed and S* is finite

    def run(self) -> "TeamSearch":
        ratio, part = self.ratio, self.part
        search = Rebalancer(part, self.start, self.capacity, deadline=self.deadline)
        floor = spread_floor(part)
        self.out_of_reach = ratio is not None and floor is not None and floor > ratio
        if not self.out_of_reach:
            fitted = ratio is None or search.fit_ratio(ratio)
            if fitted and ratio is not None:
                give_back_within(search, ratio)
            self.found.append(search.assignment())
            self.out_of_reach = search.impossible
            if fitted or self.figures(self.baseline).spread <= ratio:
                self.meets_ratio = True
                return self
            self.closest, self.band = search.assignment(), (search.low, search.high)
        search.fit_narrowest()
        self.add(search.assignment())
        return self

    def add(self, assigned: Assignment, deadline: float | None = None) -> None:
        """Takes in another assignment found (CP-SAT's narrowest, say); when it improves on the best spread, the
        bound B follows and the search looks again from the continuity start for the fewest moves within it
        (until ``deadline``, by default the search's)."""
        self.found.append(assigned)
        best = self.best_spread()
        if self.ratio is not None and best <= self.ratio:
            self.meets_ratio = True
        elif best != math.inf and (self.bound is None or relaxed_bound(self.ratio, best) < self.bound):
            self.bound = relaxed_bound(self.ratio, best)
            search = Rebalancer(self.part, self.start, self.capacity, deadline=deadline or self.deadline)
            if search.fit_ratio(self.bound):
                give_back_within(search, self.bound)
                self.found.append(search.assignment())

    def best_spread(self) -> Fraction | float:
        """S*: the best spread found, among the assignments that leave the fewest places unfilled."""
        return min(self.figures(assigned) for assigned in self.found).spread

    def figures(self, assigned: Assignment) -> TeamFigures:
        return team_figures(self.part, self.current, assigned)
