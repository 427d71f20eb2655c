"""Writing the demo network: outside firms and supply links, in bulk.

Demo rows are written with common/bulk.insert (one executemany per statement,
no history rows: nobody changed them, they were generated). Link attributes are
drawn with numpy for all links at once."""
from collections import namedtuple

import numpy as np
from django.utils import timezone

from lianfu.chains.enums import Essential, LinkSource
from lianfu.chains.models import SupplyLink
from lianfu.common import bulk
from lianfu.registry.models import Enterprise

ENTERPRISE_FIELDS = ("uscc", "name", "short_name", "division", "address", "industry", "above_scale", "employees",
                     "contact_name", "contact_phone", "latitude", "longitude", "status", "created_at", "updated_at")
LINK_FIELDS = ("supplier", "buyer", "item", "annual_value", "essential", "stock_days", "source", "verified",
               "valid_from", "valid_to", "created_at", "updated_at")

# Kinds of link, for their values: a lead buys more from each supplier.
LEAD, CHAIN, TRADE = 0, 1, 2
VALUE_LOG_MEAN = np.array([4.2, 3.2, 2.6])  # 万元: e^4.2 ≈ 67, e^3.2 ≈ 25, e^2.6 ≈ 13
VALUE_LOG_SD = 1.2
ESSENTIAL = ((Essential.UNKNOWN.value, 0.7), (Essential.YES.value, 0.2), (Essential.NO.value, 0.1))
SOURCE = ((LinkSource.BUYER.value, 0.5), (LinkSource.SUPPLIER.value, 0.2), (LinkSource.IMPORTED.value, 0.3))
STOCK_SHARE, VERIFIED_SHARE = 0.6, 0.4


# A SupplyLink's columns (attribute names) without the cost of a model instance
# (300k of them); bulk.insert reads them by name.
LinkRow = namedtuple("LinkRow", [f"{name}_id" if name in ("supplier", "buyer") else name for name in LINK_FIELDS])


def insert_outside(firms: list[Enterprise]) -> list[int]:
    """Insert the outside firms; their pks, in the same order."""
    now = timezone.now()
    for firm in firms:
        firm.created_at = firm.updated_at = now
    bulk.insert(Enterprise, firms, ENTERPRISE_FIELDS)
    codes = [firm.uscc for firm in firms]
    pk_of: dict[str, int] = {}
    for start in range(0, len(codes), 5000):
        pk_of.update(Enterprise.objects.filter(uscc__in=codes[start:start + 5000]).values_list("uscc", "pk"))
    return [pk_of[code] for code in codes]


def _choice(rng: np.random.Generator, options, n: int) -> list:
    values = [value for value, _p in options]
    return [values[i] for i in rng.choice(len(values), size=n, p=[p for _v, p in options])]


def declared(values: np.ndarray) -> np.ndarray:
    """Values as firms declare them: two significant digits (120, 35, 4.7), at least 0.1."""
    digits = np.floor(np.log10(np.maximum(values, 0.1)))
    step = 10.0 ** (digits - 1)
    return np.maximum(np.round(np.round(values / step) * step, 2), 0.1)


def _stock_days(rng: np.random.Generator, n: int) -> list:
    """About 60% known: mostly 3–10 days, some nearly out, a few a month."""
    days = rng.integers(3, 11, n).astype(float)
    band = rng.random(n)
    days[band < 0.1] = rng.integers(0, 3, int((band < 0.1).sum()))
    days[band > 0.92] = rng.integers(11, 31, int((band > 0.92).sum()))
    known = rng.random(n) < STOCK_SHARE
    return [float(d) if k else None for d, k in zip(days.tolist(), known.tolist())]


def link_rows(rng: np.random.Generator, suppliers: list[int], buyers: list[int], items: list[str],
              kinds: np.ndarray) -> list[LinkRow]:
    n = len(suppliers)
    values = declared(rng.lognormal(VALUE_LOG_MEAN[kinds], VALUE_LOG_SD)).tolist()
    essential, source = _choice(rng, ESSENTIAL, n), _choice(rng, SOURCE, n)
    stock, verified = _stock_days(rng, n), (rng.random(n) < VERIFIED_SHARE).tolist()
    now = timezone.now()
    return [LinkRow(supplier_id=s, buyer_id=b, item=item, annual_value=v, essential=e, stock_days=d, source=src,
                    verified=ok, valid_from=None, valid_to=None, created_at=now, updated_at=now)
            for s, b, item, v, e, d, src, ok in zip(suppliers, buyers, items, values, essential, stock, source,
                                                     verified)]


def insert_links(rows: list[LinkRow], progress) -> None:
    step = 50_000
    for start in range(0, len(rows), step):
        bulk.insert(SupplyLink, rows[start:start + step], LINK_FIELDS)
        progress(min(start + step, len(rows)), len(rows))
