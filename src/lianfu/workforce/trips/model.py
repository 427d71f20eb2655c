"""The data of a trip plan: who waits where, the rules of a plan, and the plan itself.

Codes follow the statistics bureau: a county (the pick-up origin) is 6 digits, its
city is the first 4, a destination town of the home county is 12 digits.
"""
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

Key = tuple[str, str]  # (origin county, destination town): the unit of a load


def _require_digits(value: str, length: int, field: str) -> None:
    if not (isinstance(value, str) and len(value) == length and value.isdigit()):
        raise ValueError(f"{field} must be a {length}-digit code, got {value!r}")


@dataclass(frozen=True)
class Group:
    """Workers still away at `origin` who want to return to `destination`."""

    origin: str
    city: str
    destination: str
    workers: int
    high_risk: bool = False

    def __post_init__(self):
        _require_digits(self.origin, 6, "origin")
        _require_digits(self.city, 4, "city")
        _require_digits(self.destination, 12, "destination")
        if not self.origin.startswith(self.city):
            raise ValueError(f"origin {self.origin} does not lie in city {self.city}")
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers <= 0:
            raise ValueError(f"workers of {self.origin} -> {self.destination} must be a positive integer, "
                             f"got {self.workers!r}")

    @property
    def key(self) -> Key:
        return (self.origin, self.destination)


@dataclass(frozen=True)
class Rules:
    """What one plan may do: seats per vehicle, how far apart its pick-ups may be,
    how many towns it may serve, and how long the solver may think."""

    capacity: int
    max_distance_km: float = 0.0
    max_dropoffs: int | None = None
    time_limit_s: float = 10.0
    # The search's own budget (CP-SAT's deterministic time), counted as this many
    # seconds of the time limit; None: the time limit's. A smaller one than the
    # limit makes the result a function of the input even on a loaded machine.
    work_limit_s: float | None = None

    def __post_init__(self):
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int) or self.capacity < 1:
            raise ValueError(f"capacity must be a positive integer, got {self.capacity!r}")
        if not (math.isfinite(self.max_distance_km) and self.max_distance_km >= 0):
            raise ValueError(f"max_distance_km must be a finite number >= 0, got {self.max_distance_km!r}")
        if self.max_dropoffs is not None and (not isinstance(self.max_dropoffs, int) or self.max_dropoffs < 1):
            raise ValueError(f"max_dropoffs must be None or a positive integer, got {self.max_dropoffs!r}")
        if not (math.isfinite(self.time_limit_s) and self.time_limit_s > 0):
            raise ValueError(f"time_limit_s must be a positive number of seconds, got {self.time_limit_s!r}")
        if self.work_limit_s is not None and not (math.isfinite(self.work_limit_s) and self.work_limit_s > 0):
            raise ValueError(f"work_limit_s must be None or a positive number, got {self.work_limit_s!r}")


@dataclass(frozen=True)
class Vehicle:
    """One bus, train car or flight: how many workers it carries per (origin, destination)."""

    loads: Mapping[Key, int]

    def __post_init__(self):
        # A read-only copy in a fixed order: the plan cannot be changed behind
        # the validator's back, and equal vehicles print the same.
        object.__setattr__(self, "loads", MappingProxyType(dict(sorted(self.loads.items()))))

    __hash__ = None  # loads is a mapping; vehicles are compared, never hashed

    @property
    def pickups(self) -> tuple[str, ...]:
        return tuple(sorted({origin for origin, _ in self.loads}))

    @property
    def dropoffs(self) -> tuple[str, ...]:
        return tuple(sorted({destination for _, destination in self.loads}))

    @property
    def seats_used(self) -> int:
        return sum(self.loads.values())


class PlanStatus(StrEnum):
    # The number of vehicles is proven minimal: it equals the lower bound, or
    # CP-SAT proved every component above its bound optimal.
    OPTIMAL = "optimal"
    # The best plan found when the time limit was reached.
    FEASIBLE = "feasible"


@dataclass(frozen=True)
class Plan:
    vehicles: tuple[Vehicle, ...]
    lower_bound: int
    status: PlanStatus
    solve_seconds: float
    excluded: tuple[Group, ...]  # high-risk groups: reported, never picked up
    pickup_lower_bound: int = 0
    # The time limit, not the search's own (deterministic) work budget, ended the
    # search: the plan is the best found by then and may differ from run to run.
    timed_out: bool = False

    @property
    def ratio(self) -> float:
        """Vehicles per vehicle of the lower bound (1.0 = provably optimal)."""
        if self.lower_bound == 0:
            return 1.0 if not self.vehicles else math.inf
        return len(self.vehicles) / self.lower_bound

    @property
    def pickups(self) -> int:
        return sum(len(vehicle.pickups) for vehicle in self.vehicles)

    @property
    def dropoffs(self) -> int:
        return sum(len(vehicle.dropoffs) for vehicle in self.vehicles)

    @property
    def workers_planned(self) -> int:
        return sum(vehicle.seats_used for vehicle in self.vehicles)

    @property
    def workers_excluded(self) -> int:
        return sum(group.workers for group in self.excluded)
