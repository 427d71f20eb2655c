"""A unit: the part of the problem the solver packs on its own.

Units are the classes of the lower bound (a component of the closeness graph,
per destination when a vehicle serves one town): no vehicle can mix two of
them, so each is solved alone and their plans are simply put together.
A packing of a unit is a list of vehicles, each a dict {(origin, destination): workers}.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .bound import class_vehicle_bound
from .closeness import CityCloseness
from .model import Group, Key, Rules

Load = dict[Key, int]
Cost = tuple[int, int, int]  # (vehicles, pick-ups, drop-offs): compared lexicographically
ANY_TOWN = ""  # the destination of an origin's workers taken together (see Unit.by_origin)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class Unit:
    index: int
    items: dict[Key, int]
    city_of: dict[str, str]
    closeness: CityCloseness
    capacity: int
    max_dropoffs: int | None
    # The best cost this unit can possibly reach; reaching it ends the search.
    floor: Cost

    @property
    def workers(self) -> int:
        return sum(self.items.values())

    def close(self, a_origin: str, b_origin: str) -> bool:
        return self.closeness.close(self.city_of[a_origin], self.city_of[b_origin])

    def by_origin(self) -> "Unit":
        """The same unit with each origin's workers taken together, whatever their town.

        Without a drop-off limit, towns constrain nothing: vehicles and pick-ups
        can be planned per origin (a much smaller model), and the towns shared
        out among an origin's vehicles afterwards (towns.py)."""
        items: dict[Key, int] = defaultdict(int)
        for (origin, _), workers in self.items.items():
            items[(origin, ANY_TOWN)] += workers
        vehicles, pickups, _ = self.floor
        return replace(self, items=dict(sorted(items.items())), floor=(vehicles, pickups, vehicles))


def _floor(groups: list[Group], rules: Rules, closeness: CityCloseness) -> Cost:
    vehicles = class_vehicle_bound(groups, rules, closeness)
    per_origin: dict[str, int] = defaultdict(int)
    per_destination: dict[str, int] = defaultdict(int)
    for group in groups:
        per_origin[group.origin] += group.workers
        per_destination[group.destination] += group.workers
    # Each vehicle has at least one pick-up and one drop-off, and W workers of
    # one origin (or for one town) need ceil(W / capacity) vehicles.
    pickups = max(vehicles, sum(_ceil_div(n, rules.capacity) for n in per_origin.values()))
    dropoffs = max(vehicles, sum(_ceil_div(n, rules.capacity) for n in per_destination.values()))
    return (vehicles, pickups, dropoffs)


def make_units(classes: Iterable[list[Group]], rules: Rules, closeness: CityCloseness) -> list[Unit]:
    return [
        Unit(
            index=index,
            items={g.key: g.workers for g in sorted(members, key=lambda g: g.key)},
            city_of={g.origin: g.city for g in members},
            closeness=closeness,
            capacity=rules.capacity,
            max_dropoffs=rules.max_dropoffs,
            floor=_floor(members, rules, closeness),
        )
        for index, members in enumerate(classes)
    ]


def cost(packing: list[Load]) -> Cost:
    return (
        len(packing),
        sum(len({origin for origin, _ in load}) for load in packing),
        sum(len({destination for _, destination in load}) for load in packing),
    )
