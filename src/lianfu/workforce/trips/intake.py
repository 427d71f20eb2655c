"""Checks the groups as a whole and sets the high-risk ones aside.

Each group checks its own fields; what only the whole list can show is checked
here, so the solver, the bound and the validator all read the input the same way.
"""
from collections.abc import Iterable

from .model import Group


def split_high_risk(groups: Iterable[Group]) -> tuple[list[Group], list[Group]]:
    """(groups to plan, high-risk groups), both in input order.

    Raises ValueError when one (origin, destination) appears twice, or when
    the groups of one origin disagree on its city or on whether it is high-risk:
    either is a mistake upstream that no plan should paper over."""
    groups = list(groups)
    seen: set[tuple[str, str]] = set()
    city_of: dict[str, str] = {}
    risk_of: dict[str, bool] = {}
    for group in groups:
        if group.key in seen:
            raise ValueError(f"group {group.origin} -> {group.destination} appears twice")
        seen.add(group.key)
        if city_of.setdefault(group.origin, group.city) != group.city:
            raise ValueError(f"origin {group.origin} is given cities {city_of[group.origin]} and {group.city}")
        if risk_of.setdefault(group.origin, group.high_risk) != group.high_risk:
            raise ValueError(f"origin {group.origin} is high-risk in one group and not in another")
    planned = [group for group in groups if not group.high_risk]
    excluded = [group for group in groups if group.high_risk]
    return planned, excluded
