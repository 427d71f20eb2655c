"""The baseline an engineer would write by hand: continuity-aware greedy, one team at a time.

Per team: a target cap = ceil(points / officers * 1.1), where points = sum(weight * min(needs, officers)) are the
points the team can actually place. Units are taken heaviest first (ties by key); each keeps its current officers
of the team (in key order) while their load + weight stays within the cap, and the slots left go to the
least-loaded officers of the team not already on it (ties by key). With a capacity, no officer goes over it; a slot
no officer can take stays empty.
"""

import math
import time
from fractions import Fraction

from lianfu.liaison.assign.measure import TeamPart, measured, team_parts
from lianfu.liaison.assign.problem import Problem, Solution

SLACK = Fraction(11, 10)


def greedy(problem: Problem) -> Solution:
    started = time.perf_counter()
    assigned: dict[str, tuple[str, ...]] = {}
    for part in team_parts(problem):
        if part.officers and part.units:
            assigned.update(greedy_team(part, problem.current, problem.capacity))
    return measured(problem, assigned, seconds=time.perf_counter() - started, status="greedy")


def greedy_team(part: TeamPart, current: dict[str, frozenset[str]], capacity: int | None) -> dict[str, tuple]:
    """One team's greedy assignment."""
    points = sum(unit.weight * part.slots(unit) for unit in part.units)
    cap = math.ceil(Fraction(points, len(part.officers)) * SLACK)
    load = dict.fromkeys(part.officers, 0)
    assigned = {}
    for unit in sorted(part.units, key=lambda u: (-u.weight, u.key)):
        slots = part.slots(unit)
        limit = cap if capacity is None else min(cap, capacity)
        chosen = [officer for officer in sorted(current.get(unit.key, ()))
                  if (unit.key, officer) in part.kept and load[officer] + unit.weight <= limit][:slots]
        for officer in sorted(load, key=lambda o: (load[o], o)):
            if len(chosen) == slots:
                break
            if officer not in chosen and (capacity is None or load[officer] + unit.weight <= capacity):
                chosen.append(officer)
        for officer in chosen:
            load[officer] += unit.weight
        assigned[unit.key] = tuple(sorted(chosen))
    return assigned
