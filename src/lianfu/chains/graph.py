"""The upstream part of the supply network that one lead firm depends on,
loaded tier by tier: one query per tier for the links, then one per 5,000
firms for names and stages, never one per node. Cycle-safe: each firm's
suppliers are loaded once, at the first (shallowest) tier it is met."""
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.location import county_of
from lianfu.chains.models import SupplyLink
from lianfu.registry.models import Enterprise, EnterpriseStage
from lianfu.registry.stages import Stage

CHUNK = 5000  # ids per IN (...) list: well inside SQLite's and PostgreSQL's limits


@dataclass(frozen=True, slots=True)
class Link:
    supplier_id: int
    buyer_id: int
    item: str
    annual_value: float
    essential: str
    stock_days: float | None


@dataclass(slots=True)
class Firm:
    pk: int
    uscc: str
    name: str
    division_id: str | None
    town_name: str
    address: str
    industry_id: str | None
    stage: str = Stage.NOT_SURVEYED
    county_code: str = ""


@dataclass
class SupplierGraph:
    lead_id: int
    depth: int
    links_by_buyer: dict[int, list[Link]] = field(default_factory=dict)
    tier: dict[int, int] = field(default_factory=dict)  # firm -> shallowest tier (lead: 0)
    firms: dict[int, Firm] = field(default_factory=dict)
    _totals: dict[int, float] = field(default_factory=dict, repr=False)

    @property
    def supplier_ids(self) -> list[int]:
        """Every supplier within the depth, counted once (the lead excluded)."""
        return [pk for pk, t in self.tier.items() if t > 0]

    def input_total(self, buyer_id: int) -> float:
        """The value of all the buyer's inputs (memoised: a tree asks once per node)."""
        try:
            return self._totals[buyer_id]
        except KeyError:
            total = self._totals[buyer_id] = sum(link.annual_value for link in self.links_by_buyer.get(buyer_id, ()))
            return total


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _links_of(buyers: list[int], day: date) -> list[Link]:
    rows = []
    fields = ("supplier_id", "buyer_id", "item", "annual_value", "essential", "stock_days")
    for chunk in _chunks(buyers):
        rows.extend(SupplyLink.objects.valid_on(day).filter(buyer_id__in=chunk)
                    .order_by("buyer_id", "-annual_value", "supplier_id").values_list(*fields))
    return [Link(s, b, item, float(v), ess, None if days is None else float(days))
            for s, b, item, v, ess, days in rows]


def _load_firms(graph: SupplierGraph) -> None:
    ids = list(graph.tier)
    for chunk in _chunks(ids):
        rows = Enterprise.objects.filter(pk__in=chunk).values_list(
            "pk", "uscc", "name", "division_id", "address", "industry_id", "division__name")
        for pk, uscc, name, division_id, address, industry_id, town_name in rows:
            graph.firms[pk] = Firm(pk, uscc, name, division_id, town_name or "", address, industry_id,
                                   county_code=county_of(division_id=division_id, uscc=uscc, address=address))
        for pk, stage in EnterpriseStage.objects.filter(enterprise_id__in=chunk).values_list("enterprise_id", "stage"):
            graph.firms[pk].stage = stage


def load_supplier_graph(lead_id: int, depth: int, day: date | None = None) -> SupplierGraph:
    """Links of the lead and of every supplier up to tier ``depth - 1`` (so that
    tier ``depth`` is reached), with each firm met."""
    day = day or timezone.localdate()
    graph = SupplierGraph(lead_id=lead_id, depth=depth, tier={lead_id: 0})
    frontier = [lead_id]
    with scopes_disabled():  # the caller has decided the viewer may see this chain
        for tier in range(1, depth + 1):
            links = _links_of(frontier, day)
            nxt: list[int] = []
            for link in links:
                graph.links_by_buyer.setdefault(link.buyer_id, []).append(link)
                if link.supplier_id not in graph.tier:
                    graph.tier[link.supplier_id] = tier
                    nxt.append(link.supplier_id)
            frontier = nxt
            if not frontier:
                break
        _load_firms(graph)
    return graph
