"""Which pick-up points may share a vehicle, and the groups of cities this links.

Closeness is decided per city: two origins are close when they lie in the same
city, or their cities' centroids are within `max_distance_km` of each other.
A city without a centroid is close only to itself.
"""
import math
from collections.abc import Callable, Iterable, Mapping

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

LonLat = tuple[float, float]


def haversine_km(a: LonLat, b: LonLat) -> float:
    """Great-circle distance between two (lon, lat) points in degrees."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class CityCloseness:
    """The closeness relation among a fixed set of cities, computed once."""

    def __init__(self, cities: Iterable[str], centroids: Mapping[str, LonLat], max_distance_km: float):
        placed = sorted(city for city in set(cities) if city in centroids)
        self._positions = {city: centroids[city] for city in placed}
        self._neighbours: dict[str, set[str]] = {city: set() for city in set(cities)}
        # At 0 km only the same city counts, even for two centroids that coincide.
        if max_distance_km > 0:
            for i, a in enumerate(placed):
                for b in placed[i + 1:]:
                    if haversine_km(centroids[a], centroids[b]) <= max_distance_km:
                        self._neighbours[a].add(b)
                        self._neighbours[b].add(a)

    def close(self, a: str, b: str) -> bool:
        return a == b or b in self._neighbours[a]

    def neighbours(self, city: str) -> set[str]:
        """The other cities close to `city` (not `city` itself)."""
        return self._neighbours[city]

    def distance_km(self, a: str, b: str) -> float | None:
        """Between two cities' centroids; None when either has none."""
        if a in self._positions and b in self._positions:
            return haversine_km(self._positions[a], self._positions[b])
        return None


def connected_components(nodes: Iterable[str], neighbours: Callable[[str], Iterable[str]]) -> list[list[str]]:
    """The connected components of the graph induced on `nodes`, each sorted,
    in the order of their smallest node."""
    members = set(nodes)
    seen: set[str] = set()
    components = []
    for start in sorted(members):
        if start in seen:
            continue
        seen.add(start)
        stack, component = [start], []
        while stack:
            node = stack.pop()
            component.append(node)
            for other in neighbours(node):
                if other in members and other not in seen:
                    seen.add(other)
                    stack.append(other)
        components.append(sorted(component))
    return components
