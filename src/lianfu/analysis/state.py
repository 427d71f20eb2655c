"""The county's current state as engine arrays.

- Firms: every enterprise on a link in force today; positions 0..n-1 map to
  Enterprise pks (``net.firm_ids``).
- Sector: the firm's GB/T 4754 industry as registered (a four-digit class such
  as 3251 copper rolling, or a coarser code; 0 when unknown). Inputs of one
  sector substitute for each other, so the class keeps copper apart from steel.
- Essentiality by sector pair: a manufacturing input (divisions 13–43) into a
  manufacturing firm is essential (Leontief), anything else enters linearly.
  A link the buyer marked essential makes its sector essential for that buyer;
  "not essential" cannot demote a sector (the engine's rule is per sector).
- Capacity now: restart/capacity.py's one definition (the newer of the
  confirmed restart and the latest survey); else 1 (no report: assumed
  operating, so an unsurveyed county does not look collapsed). Planned: when
  that capacity is a survey's below 100 %, the survey's planned restart date, at
  full capacity; a date already past (the firm missed it) or none: not planned.
  A restart confirmed below 100 % is not planned either: the firm runs at its
  confirmed capacity (the forecast and restart first read the same figure).
- Stock: the buyer's stock days of each link, per (buyer, supplier sector), the
  smallest when several; else the buyer's surveyed stock days; else NaN (the
  forecast's default)."""
import math
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.enums import Essential
from lianfu.chains.models import SupplyLink
from lianfu.common.bulk import chunks
from lianfu.registry.models import Enterprise
from lianfu.restart.capacity import Source, capacity_on, latest_surveys_on
from lianfu.supplynet.network import Network

MANUFACTURING = range(13, 44)
NEVER = math.inf


@dataclass
class EngineState:
    net: Network
    today: date
    capacity: np.ndarray       # (n,) own capacity now, 0..1
    planned_day: np.ndarray    # (n,) days from today until the planned restart (0: open now, inf: no plan)
    stock_days: np.ndarray     # (n, m) days of each input sector in stock, NaN unknown
    town: np.ndarray           # (n,) division code (object)
    county: np.ndarray         # (n,) first 6 digits (object)
    item: dict                 # (buyer pk, sector id) -> an item name bought from that sector

    def position(self, enterprise_id: int) -> int:
        return int(self._index[enterprise_id])

    def __post_init__(self):
        self._index = {int(pk): i for i, pk in enumerate(self.net.firm_ids.tolist())}

    def has(self, enterprise_id: int) -> bool:
        return enterprise_id in self._index


def sector_label(industry_id: str | None) -> int:
    return int(industry_id) if industry_id and industry_id.isdigit() else 0


def division_of(label: int) -> int:
    """The two-digit GB/T 4754 division of a sector label (3251 -> 32, 51 -> 51)."""
    return int(str(label)[:2]) if label else 0


def essentiality_matrix(sector_ids: np.ndarray) -> np.ndarray:
    manufacturing = np.isin([division_of(int(s)) for s in sector_ids], list(MANUFACTURING))
    ess = np.ones((len(sector_ids), len(sector_ids)), dtype=np.int8)
    ess[np.ix_(manufacturing, manufacturing)] = 2
    return ess


def _links(today: date):
    # in pk order: the arrays, and so every figure, are the same on every database engine
    return list(SupplyLink.objects.valid_on(today).order_by("pk").values_list(
        "supplier_id", "buyer_id", "annual_value", "essential", "stock_days", "item"))


def _items(links, index, sector, sector_ids) -> dict:
    """(buyer pk, sector id) -> the item of the buyer's largest link from that sector
    (the first of equal ones): what the pages call that input."""
    best: dict[tuple[int, int], tuple] = {}
    for supplier, buyer, value, _ess, _days, item in links:
        if item:
            key = (buyer, int(sector_ids[sector[index[supplier]]]))
            if key not in best or value > best[key][0]:
                best[key] = (value, item)
    return {key: item for key, (_value, item) in best.items()}


def _latest_surveys(ids, today: date) -> dict[int, tuple]:
    """enterprise id -> (planned restart, stock days) of its latest survey on or before today."""
    return {pk: rest for pk, (_day, *rest) in
            latest_surveys_on(ids, today, ("planned_restart", "stock_days")).items()}


def load_state(today: date | None = None) -> EngineState:
    today = today or timezone.localdate()
    with scopes_disabled():
        links = _links(today)
        ids = np.unique(np.array([r[0] for r in links] + [r[1] for r in links], dtype=np.int64))
        index = {int(pk): i for i, pk in enumerate(ids.tolist())}
        firms: dict[int, tuple] = {}
        for chunk in chunks(ids.tolist(), 5000):
            firms.update((pk, (industry, town)) for pk, industry, town in
                         Enterprise.objects.filter(pk__in=chunk).values_list("pk", "industry_id", "division_id"))
        surveys = _latest_surveys(index, today)
        now = capacity_on(index, today)
    labels = np.array([sector_label(firms[int(pk)][0]) for pk in ids], dtype=np.int64)
    sector_ids, sector = np.unique(labels, return_inverse=True)
    sup = np.array([index[r[0]] for r in links], dtype=np.int64)
    buy = np.array([index[r[1]] for r in links], dtype=np.int64)
    net = Network.from_edges(
        sup, buy, np.array([float(r[2]) for r in links]), sector, essentiality_matrix(sector_ids),
        firm_ids=ids, sector_ids=sector_ids,
        essential_links=np.array([r[3] == Essential.YES for r in links], dtype=bool))
    capacity, planned, survey_stock = _capacity(ids, surveys, now, today)
    stock = _stock(net, links, index, sector, survey_stock)
    town = np.array([firms[int(pk)][1] or "" for pk in ids], dtype=object)
    return EngineState(net, today, capacity, planned, stock, town,
                       np.array([t[:6] for t in town], dtype=object), _items(links, index, sector, sector_ids))


def _capacity(ids, surveys, now, today):
    n = len(ids)
    capacity, planned, stock = np.ones(n), np.zeros(n), np.full(n, np.nan)
    for i, pk in enumerate(ids.tolist()):
        if pk in now:
            capacity[i] = now[pk].pct / 100
            if capacity[i] < 1 and now[pk].source == Source.SURVEY:
                plan = surveys[pk][0]
                # a plan whose day has passed without a restart is no plan: the firm
                # stays where it is until it reports again
                planned[i] = (plan - today).days if plan and plan >= today else NEVER
            elif capacity[i] < 1:
                # restarted below full capacity: nobody has said when it reaches full, so
                # it runs at what it confirmed, as restart first takes it
                planned[i] = NEVER
        if pk in surveys and surveys[pk][1] is not None:
            stock[i] = float(surveys[pk][1])
    return capacity, planned, stock


def _stock(net, links, index, sector, survey_stock) -> np.ndarray:
    """(n, m): per buyer and input sector; the buyer's survey fills the gaps."""
    stock = np.full((net.n, net.n_sectors), np.nan)
    for supplier, buyer, _value, _ess, days, _item in links:
        if days is not None:
            b, k = index[buyer], sector[index[supplier]]
            current = stock[b, k]
            stock[b, k] = float(days) if np.isnan(current) else min(current, float(days))
    fill = np.isnan(stock) & ~np.isnan(survey_stock)[:, None]
    stock[fill] = np.broadcast_to(survey_stock[:, None], stock.shape)[fill]
    return stock
