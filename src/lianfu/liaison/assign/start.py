"""Where one team's search starts, and how an assignment is shaped into a hint the CP-SAT model accepts."""

from lianfu.liaison.assign.measure import TeamPart
from lianfu.liaison.assign.problem import Assignment


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
    model's symmetry breaking asks (a hint that breaks a constraint is of no use). Loads, moves and spread are
    unchanged: fresh officers keep no current pair."""
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
