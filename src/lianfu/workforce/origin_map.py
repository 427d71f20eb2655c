"""The origin map's figures: workers still away (away or returning) by where
they come from, at one level (the provinces of China, the cities of a province,
the counties of a city), each region with its risk level on a day.

One GROUP BY origin over the caller's (scoped) workers, then rolled up by code
prefix in Python (province = 2 digits, city = 4, county = 6): a county has a few
thousand origins at most, so the roll-up costs nothing beside the query
(benchmarks/origin_map.py). Workers of unknown origin are counted apart and
never placed on the map."""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division
from lianfu.workforce import maps
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.risk import RiskBook

AWAY_STATES = (WorkerState.AWAY, WorkerState.RETURNING)
# The level below each place on the map, and the leading digits of its regions' codes.
BELOW = {None: (DivisionLevel.PROVINCE, 2), DivisionLevel.PROVINCE: (DivisionLevel.CITY, 4),
         DivisionLevel.CITY: (DivisionLevel.COUNTY, 6)}
COLOURS = {RiskLevel.LOW: "#2e9d47", RiskLevel.MEDIUM: "#f08c00", RiskLevel.HIGH: "#c62828", None: "#c9d1d9"}


def risk_label(level: RiskLevel | None) -> str:
    return str(level.label) if level is not None else _("Not listed")


@dataclass
class Region:
    code: str
    name: str
    away: int = 0
    wants: int = 0          # of the workers away, those who want to return
    high: int = 0           # of the workers away, those whose own origin is high-risk on the day
    level: RiskLevel | None = None
    drillable: bool = False

    @property
    def level_label(self) -> str:
        return risk_label(self.level)

    @property
    def level_key(self) -> str:
        return self.level.value if self.level is not None else "none"

    @property
    def shown(self) -> bool:
        """In the table: workers away there, or on the list (so every colour on the map is explained)."""
        return bool(self.away) or self.level is not None


@dataclass
class OriginFigures:
    at: Division | None
    day: dt.date
    regions: list[Region]                           # every region of the level, most workers away first
    unknown: int = 0                                # workers away of unknown origin (anywhere)
    unknown_wants: int = 0
    trail: list[Division] = field(default_factory=list)   # from the province down to ``at``

    @property
    def rows(self) -> list[Region]:
        return [r for r in self.regions if r.shown]

    @property
    def away(self) -> int:
        return sum(r.away for r in self.regions)

    @property
    def wants(self) -> int:
        return sum(r.wants for r in self.regions)

    @property
    def high(self) -> int:
        return sum(r.high for r in self.regions)

    @property
    def map_code(self) -> str:
        """The boundary file to draw: 'china' or the code of ``at``."""
        return self.at.code if self.at is not None else "china"


def drillable(division: Division) -> bool:
    return division.level in (DivisionLevel.PROVINCE, DivisionLevel.CITY) and maps.map_path(division.code) is not None


def counts_by_origin(workers, prefix: str = "") -> dict[str | None, tuple[int, int]]:
    """origin county's 12-digit code (None: unknown) -> (workers away, of whom want to return).

    Grouped on the county's six digits rather than on the column itself: SQLite would
    walk the (origin, state) index for a GROUP BY origin_id and fetch every row from
    it one by one, which a plain scan beats by a third (benchmarks/origin_map.py)."""
    away = workers.filter(state__in=AWAY_STATES)
    if prefix:
        away = away.filter(origin__code__startswith=prefix)   # on the FK column: no join
    grouped = (away.order_by().values(county=Substr("origin_id", 1, 6))
               .annotate(n=Count("id"), wants=Count("id", filter=Q(wants_return=True)))
               .values_list("county", "n", "wants"))
    return {county.ljust(12, "0") if county else None: (n, wants) for county, n, wants in grouped}


def _unknown(workers) -> tuple[int, int]:
    found = workers.filter(state__in=AWAY_STATES, origin__isnull=True).aggregate(
        n=Count("id"), wants=Count("id", filter=Q(wants_return=True)))
    return found["n"], found["wants"]


def _regions(at: Division | None) -> tuple[dict[str, Region], int]:
    level, digits = BELOW[at.level if at is not None else None]
    children = Division.objects.filter(level=level)
    children = children.filter(parent=at) if at is not None else children
    return {d.code: Region(d.code, d.name, drillable=drillable(d)) for d in children}, digits


def origin_figures(workers, *, at: Division | None, day: dt.date, county) -> OriginFigures:
    """The figures below ``at`` (None: China; a province; a city) on ``day``,
    coloured by the list ``county`` keeps. ``workers``: the caller's workers."""
    regions, digits = _regions(at)
    counts = counts_by_origin(workers, at.prefix if at is not None else "")
    book = RiskBook(county, day)
    unknown = counts.pop(None, None) if at is None else _unknown(workers)
    for origin, (n, wants) in counts.items():
        key = origin[:digits].ljust(12, "0")
        region = regions.get(key)
        if region is None:       # an origin under a division the tree does not list at this level
            found = Division.objects.filter(code=key).first()
            region = regions[key] = Region(key, found.name if found else key,
                                           drillable=bool(found and drillable(found)))
        region.away += n
        region.wants += wants
        if book.level(origin) == RiskLevel.HIGH:
            region.high += n
    for region in regions.values():
        region.level = book.level(region.code)
    trail = []
    node = at
    while node is not None:
        trail.insert(0, node)
        node = node.parent if node.level != DivisionLevel.PROVINCE else None
    return OriginFigures(at=at, day=day, regions=sorted(regions.values(), key=lambda r: (-r.away, r.code)),
                         unknown=(unknown or (0, 0))[0], unknown_wants=(unknown or (0, 0))[1], trail=trail)


def place(code: str | None) -> Division | None:
    """The province or city a map may open at; None for China. ValueError for anything else."""
    if not code:
        return None
    found = Division.objects.select_related("parent").filter(
        code=code, level__in=(DivisionLevel.PROVINCE, DivisionLevel.CITY)).first()
    if found is None:
        raise ValueError(code)
    return found
