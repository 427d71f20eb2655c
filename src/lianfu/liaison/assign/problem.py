"""The data of an assignment problem and of its solution (plain data, no Django)."""

from collections import Counter
from dataclasses import dataclass, field

Assignment = dict[str, tuple[str, ...]]   # unit key -> officer keys


@dataclass(frozen=True)
class Unit:
    """A firm or a building that the rules say needs officers."""

    key: str      # e.g. "firm:123", "building:7"
    town: str     # 12-digit town code
    needs: int    # officers it needs (1, 2, ...)
    weight: int   # load points, >= 1 (size/difficulty)


@dataclass(frozen=True)
class Officer:
    key: str      # e.g. "user:45"
    team: str


@dataclass(frozen=True)
class Team:
    key: str
    towns: frozenset[str]   # towns the team covers; a town is covered by at most one team


@dataclass
class Problem:
    teams: list[Team]
    officers: list[Officer]
    units: list[Unit]
    # unit key -> officer keys assigned now (may name units or officers that are gone or no longer eligible)
    current: dict[str, frozenset[str]]
    max_spread: float = 1.2              # target max/min load within a team
    capacity: int | None = None          # max load points per officer (None: no limit)

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse data the solvers cannot give a meaning to (a caller's bug, not a shortfall)."""
        _no_duplicates("team", [team.key for team in self.teams])
        _no_duplicates("officer", [officer.key for officer in self.officers])
        _no_duplicates("unit", [unit.key for unit in self.units])
        _no_duplicates("town (covered by two teams)", [town for team in self.teams for town in team.towns])
        team_keys = {team.key for team in self.teams}
        for officer in self.officers:
            if officer.team not in team_keys:
                raise ValueError(f"officer {officer.key} belongs to unknown team {officer.team}")
        for unit in self.units:
            if unit.needs < 1 or unit.weight < 1:
                raise ValueError(f"unit {unit.key} must need at least 1 officer and weigh at least 1 point")
            # An officer could never take such a unit, however many officers the team had.
            if self.capacity is not None and unit.weight > self.capacity:
                raise ValueError(f"unit {unit.key} weighs {unit.weight}, more than the capacity {self.capacity}")
        if self.capacity is not None and self.capacity < 1:
            raise ValueError("capacity must be at least 1")
        if self.max_spread < 1:
            raise ValueError("max_spread must be at least 1")


@dataclass(frozen=True)
class Shortfall:
    town: str
    team: str | None       # None: no team covers the town
    units: int             # units of that town left (partly) without officers
    officers_short: int    # how many more officers the town needs for the rules to be met
    reason: str            # "no_team" | "too_few_officers" | "over_capacity"


@dataclass
class Solution:
    assigned: dict[str, tuple[str, ...]]   # unit key -> officer keys (sorted)
    loads: dict[str, int]                  # officer key -> load points (every officer of the problem, 0 included)
    moves: int
    spread: float | None
    shortfalls: list[Shortfall]
    unfilled: int                          # officer slots the rules ask for and nobody fills
    seconds: float
    # solve: the worst of its teams', "optimal" | "feasible" (spread met) | "relaxed" (not met); greedy: "greedy"
    status: str
    # solve: team key -> "optimal" | "feasible" | "relaxed_optimal" | "relaxed_feasible"; empty for greedy
    team_status: dict[str, str] = field(default_factory=dict)


def _no_duplicates(what: str, keys: list[str]) -> None:
    repeated = sorted(key for key, count in Counter(keys).items() if count > 1)
    if repeated:
        raise ValueError(f"duplicate {what}: {', '.join(repeated[:5])}")
