"""Lower bounds on any valid plan, computed without the solver.

The argument, by hand. Every vehicle's pick-ups are pairwise close, so they lie
in one connected component of the closeness graph of the origins to plan
(high-risk origins are never picked up and are not in the graph). Vehicles
therefore fall into disjoint classes, one per component, and a class carrying W
workers needs at least ceil(W / capacity) vehicles.

Refinements, each still valid:

* Pieces: remove any set X of cities (their workers are then simply not
  counted). The cities left fall into pieces, the connected components of what
  remains; no city of one piece is close to a city of another, so no vehicle
  picks up in two pieces, and a piece of W workers needs ceil(W / capacity)
  vehicles of its own: the sum over pieces is a bound, whatever X is. X = {}
  gives the component bound above; X = all cities but a set of pairwise
  far-apart ones counts each of those alone. X is chosen by a local search
  (flip one city in or out while the sum grows) from both of those starts.
  It matters where cities are sparse: one town's workers, clusters joined by
  a single city.
* max_dropoffs = 1: a vehicle carries workers of one destination d only, so its
  pick-ups are origins with workers for d, pairwise close: they lie in one
  component of the graph induced on those origins. The classes become
  (destination, component of that induced graph), and the sum runs over them.
* max_dropoffs = m > 1: each destination of a component needs a vehicle of that
  component, and a vehicle serves at most m, so a class also needs at least
  ceil(destinations / m) vehicles.

A class's bound is the largest of these; the lower bound is the sum over classes.
"""
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .closeness import CityCloseness, LonLat, connected_components
from .intake import split_high_risk
from .model import Group, Rules


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def bound_classes(groups: Iterable[Group], rules: Rules, centroids: Mapping[str, LonLat]) -> list[list[Group]]:
    """The groups to plan, split into classes that no vehicle can mix."""
    return _classes_and_closeness(groups, rules, centroids)[0]


def _classes_and_closeness(groups: Iterable[Group], rules: Rules,
                           centroids: Mapping[str, LonLat]) -> tuple[list[list[Group]], CityCloseness]:
    planned, _ = split_high_risk(groups)
    closeness = CityCloseness({g.city for g in planned}, centroids, rules.max_distance_km)
    if rules.max_dropoffs == 1:
        by_destination: dict[str, list[Group]] = defaultdict(list)
        for group in planned:
            by_destination[group.destination].append(group)
        subsets = [by_destination[d] for d in sorted(by_destination)]
    else:
        subsets = [planned]
    classes = []
    for subset in subsets:
        for cities in connected_components({g.city for g in subset}, closeness.neighbours):
            members = set(cities)
            classes.append([g for g in subset if g.city in members])
    return classes, closeness


def class_vehicle_bound(groups: list[Group], rules: Rules, closeness: CityCloseness) -> int:
    per_city: dict[str, int] = defaultdict(int)
    for group in groups:
        per_city[group.city] += group.workers
    bound = _separated_pieces_bound(per_city, rules.capacity, closeness)
    if rules.max_dropoffs is not None:
        bound = max(bound, _ceil_div(len({g.destination for g in groups}), rules.max_dropoffs))
    return bound


def _pieces_bound(per_city: dict[str, int], removed: set[str], capacity: int, closeness: CityCloseness) -> int:
    kept = [city for city in per_city if city not in removed]
    pieces = connected_components(kept, closeness.neighbours)
    return sum(_ceil_div(sum(per_city[c] for c in piece), capacity) for piece in pieces)


def _separated_pieces_bound(per_city: dict[str, int], capacity: int, closeness: CityCloseness) -> int:
    cities = sorted(per_city)
    best = 0
    for removed in (set(), set(cities) - _far_apart_cities(per_city, capacity, closeness)):
        value = _pieces_bound(per_city, removed, capacity, closeness)
        improved = True
        while improved:
            improved = False
            for city in cities:
                trial = removed ^ {city}
                trial_value = _pieces_bound(per_city, trial, capacity, closeness)
                if trial_value > value:
                    removed, value, improved = trial, trial_value, True
        best = max(best, value)
    return best


def _far_apart_cities(per_city: dict[str, int], capacity: int, closeness: CityCloseness) -> set[str]:
    """A greedy set of pairwise far-apart cities, heaviest per close neighbour first."""
    candidates, chosen = set(per_city), set()
    while candidates:
        def value(city: str) -> tuple[float, str]:
            return (_ceil_div(per_city[city], capacity) / (len(closeness.neighbours(city) & candidates) + 1), city)

        city = max(candidates, key=value)
        chosen.add(city)
        candidates -= closeness.neighbours(city) | {city}
    return chosen


def lower_bound(groups: Iterable[Group], rules: Rules, centroids: Mapping[str, LonLat] | None = None) -> int:
    """The fewest vehicles any valid plan can use (see the module docstring)."""
    classes, closeness = _classes_and_closeness(groups, rules, centroids or {})
    return sum(class_vehicle_bound(c, rules, closeness) for c in classes)


def pickup_lower_bound(groups: Iterable[Group], rules: Rules, centroids: Mapping[str, LonLat] | None = None) -> int:
    """The fewest pick-ups (summed over vehicles) any valid plan can have.

    Per class: every vehicle has at least one pick-up, and an origin's W workers
    of the class ride at least ceil(W / capacity) vehicles of the class, each
    counting one pick-up there; so a class has at least the larger of its
    vehicle bound and the sum of those ceilings."""
    total = 0
    classes, closeness = _classes_and_closeness(groups, rules, centroids or {})
    for members in classes:
        per_origin: dict[str, int] = defaultdict(int)
        for group in members:
            per_origin[group.origin] += group.workers
        spread = sum(_ceil_div(n, rules.capacity) for n in per_origin.values())
        total += max(spread, class_vehicle_bound(members, rules, closeness))
    return total
