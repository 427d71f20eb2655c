"""A fast first plan for one unit: full vehicles first, then a chain of the rest.

1. Full vehicles of one (origin, destination), then of one origin: each costs
   the fewest pick-ups possible (one) and leaves every origin with less than a
   vehicle. This is usually optimal but not always: an origin close to two
   far-apart origins can be better split between them (origin o with 10 seats'
   worth, p and q with 5 each, p and q not close: o5+p5 and o5+q5 beat o10, p5, q5).
   The flow of eliminate.py and the CP-SAT search repair such cases; the greedy
   plan is only their start.
2. The remainders are chained along a short path through the unit's cities
   (path.py): a vehicle is filled from origins close to all of its pick-ups,
   its own cities first, then the next cities of the path; when an origin does
   not fit, it is split and its rest opens the next vehicle, so only a vehicle
   where the chain breaks (no close origin left) runs partly empty.
"""
from collections import defaultdict

from .path import city_path
from .unit import Load, Unit

Remaining = dict[str, dict[str, int]]  # origin -> destination -> workers not yet placed


def pack_greedily(unit: Unit) -> list[Load]:
    """A valid packing of the unit, in milliseconds."""
    left: Remaining = defaultdict(dict)
    for (origin, destination), workers in unit.items.items():
        left[origin][destination] = workers
    return [*_full_per_item(left, unit.capacity), *_full_per_origin(left, unit), *_Chain(left, unit).pack()]


def _take(left: Remaining, load: Load, origin: str, destination: str, seats: int) -> None:
    load[(origin, destination)] = load.get((origin, destination), 0) + seats
    left[origin][destination] -= seats
    if not left[origin][destination]:
        del left[origin][destination]
        if not left[origin]:
            del left[origin]


def _full_per_item(left: Remaining, capacity: int) -> list[Load]:
    packing = []
    for origin in sorted(left):
        for destination in sorted(left[origin]):
            full, rest = divmod(left[origin][destination], capacity)
            packing += [{(origin, destination): capacity} for _ in range(full)]
            left[origin][destination] = rest
        left[origin] = {d: n for d, n in left[origin].items() if n}
    for origin in [o for o, items in left.items() if not items]:
        del left[origin]
    return packing


def _full_per_origin(left: Remaining, unit: Unit) -> list[Load]:
    """Full one-origin vehicles, from the largest destinations down (fewest drop-offs)."""
    packing = []
    for origin in sorted(left):
        while origin in left:
            largest = sorted(left[origin].items(), key=lambda item: (-item[1], item[0]))[:unit.max_dropoffs]
            if sum(n for _, n in largest) < unit.capacity:
                break
            load: Load = {}
            free = unit.capacity
            for destination, workers in largest:
                seats = min(workers, free)
                _take(left, load, origin, destination, seats)
                free -= seats
                if not free:
                    break
            packing.append(load)
    return packing


class _Chain:
    """Fills vehicles one after the other from what the full vehicles left,
    walking the unit's cities along a short path."""

    def __init__(self, left: Remaining, unit: Unit):
        self.left, self.unit = left, unit
        self.origins_by_city: dict[str, set[str]] = defaultdict(set)
        for origin in left:
            self.origins_by_city[unit.city_of[origin]].add(origin)
        self.step = {city: i for i, city in enumerate(city_path(list(self.origins_by_city), unit.closeness))}

    def pack(self) -> list[Load]:
        packing: list[Load] = []
        carry = None  # the origin split at the end of the last vehicle continues in the next
        while self.left:
            first = carry if carry in self.left else min(self.left, key=self._start_rank)
            load, carry = self._fill(first)
            packing.append(load)
        return packing

    def _remaining(self, origin: str) -> int:
        return sum(self.left[origin].values())

    def _start_rank(self, origin: str) -> tuple:
        return (self.step[self.unit.city_of[origin]], -self._remaining(origin), origin)

    def _fill(self, first: str) -> tuple[Load, str | None]:
        unit, capacity = self.unit, self.unit.capacity
        load: Load = {}
        origins: set[str] = set()
        destinations: set[str] = set()
        reachable = self._reach(unit.city_of[first])  # cities close to every pick-up so far
        free, origin = capacity, first
        while origin is not None:
            destination = self._destination(origin, destinations)
            if destination is None:
                origin = self._next_origin(origins, reachable, destinations, free)
                continue
            seats = min(self.left[origin][destination], free)
            if origin not in origins:
                origins.add(origin)
                reachable &= self._reach(unit.city_of[origin])
            destinations.add(destination)
            self._place(load, origin, destination, seats)
            free -= seats
            if not free:
                return load, origin if origin in self.left else None
            if origin not in self.left:
                origin = self._next_origin(origins, reachable, destinations, free)
        return load, None

    def _reach(self, city: str) -> set[str]:
        return self.unit.closeness.neighbours(city) | {city}

    def _place(self, load: Load, origin: str, destination: str, seats: int) -> None:
        _take(self.left, load, origin, destination, seats)
        if origin not in self.left:
            self.origins_by_city[self.unit.city_of[origin]].discard(origin)

    def _allowed(self, destination: str, destinations: set[str]) -> bool:
        limit = self.unit.max_dropoffs
        return destination in destinations or limit is None or len(destinations) < limit

    def _destination(self, origin: str, destinations: set[str]) -> str | None:
        """The next destination to load at `origin`: a town already served first, then the largest."""
        if origin not in self.left:
            return None
        options = [(d not in destinations, -n, d) for d, n in self.left[origin].items()
                   if self._allowed(d, destinations)]
        return min(options)[2] if options else None

    def _next_origin(self, origins: set[str], reachable: set[str], destinations: set[str],
                     free: int) -> str | None:
        """A new pick-up close to all the others: in a city already visited if possible,
        else the next city along the path; there the largest that fits whole (no split),
        else the largest."""
        cities = {self.unit.city_of[o] for o in origins}
        best_key, best = None, None
        for city in reachable:
            for origin in self.origins_by_city[city]:
                if origin in origins or not any(self._allowed(d, destinations) for d in self.left[origin]):
                    continue
                remaining = self._remaining(origin)
                key = (city not in cities, self.step[city], remaining > free, -remaining, origin)
                if best_key is None or key < best_key:
                    best_key, best = key, origin
        return best
