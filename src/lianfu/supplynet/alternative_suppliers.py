"""Alternative suppliers for a missing input (docs/engine.md §8).

Buyer j misses sector-k input because supplier i is closed. Candidates are the other
operating firms of sector k, ranked by
  (a) already in the lead firm's supply tree (they are known and already vetted),
  (b) same town, then same county, then elsewhere,
  (c) spare capacity, then size (sales);
each with the reasons for its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .cascade import propagate
from .network import Network

LOCALITY = ("same town", "same county", "elsewhere")


@dataclass(frozen=True)
class Alternative:
    firm: int  # position
    firm_id: int  # external id
    in_lead_tree: bool
    locality: int  # index into LOCALITY
    spare_capacity: float
    size: float
    reasons: list[str] = field(default_factory=list)


def supply_tree(net: Network, lead: int) -> np.ndarray:
    """Bool mask of the lead firm and everyone upstream of it."""
    seen = np.zeros(net.n, dtype=bool)
    seen[lead] = True
    frontier = np.array([lead])
    while frontier.size:
        sups = np.concatenate([net.sup_idx[net.sup_ptr[f]:net.sup_ptr[f + 1]] for f in frontier])
        sups = np.unique(sups[~seen[sups]])
        seen[sups] = True
        frontier = sups
    return seen


def alternatives(
    net: Network,
    buyer: int,
    missing_supplier: int,
    *,
    capacity=None,
    output=None,
    lead_firm: Optional[int] = None,
    town=None,
    county=None,
    limit: int = 10,
) -> list[Alternative]:
    """Ranked replacement suppliers (positions in, dataclasses out).

    capacity: (n,) own capacity (default all 1); a candidate must have capacity > 0.
    output: (n,) current output; default: the sales still bought under the current
    closures (upstream cascade from 1 - capacity), so spare = capacity - output is
    capacity that lost its buyers. town, county: (n,) codes (any hashable per firm).
    """
    cap = np.ones(net.n) if capacity is None else np.asarray(capacity, dtype=np.float64)
    if output is None:
        out = np.minimum(cap, propagate(net, 1.0 - cap, direction="up").hu)
    else:
        out = np.asarray(output, dtype=np.float64)
    spare = np.clip(cap - out, 0.0, None)
    sector = net.sector[missing_supplier]
    mask = (net.sector == sector) & (cap > 0)
    mask[[buyer, missing_supplier]] = False
    cands = np.flatnonzero(mask)
    tree = supply_tree(net, lead_firm) if lead_firm is not None else np.zeros(net.n, bool)
    current = set(net.sup_idx[net.sup_ptr[buyer]:net.sup_ptr[buyer + 1]].tolist())

    def locality(i: int) -> int:
        if town is not None and town[i] == town[buyer]:
            return 0
        if county is not None and county[i] == county[buyer]:
            return 1
        return 2

    rows = []
    for i in cands.tolist():
        loc = locality(i)
        reasons = []
        if tree[i]:
            reasons.append(f"already in lead firm {net.firm_ids[lead_firm]}'s supply tree")
        if i in current:
            reasons.append("already supplies this buyer")
        reasons.append(LOCALITY[loc])
        reasons.append(f"spare capacity {spare[i]:.0%}")
        reasons.append(f"sales {net.s_out[i]:.4g}")
        rows.append(Alternative(i, int(net.firm_ids[i]), bool(tree[i]), loc, float(spare[i]),
                                float(net.s_out[i]), reasons))
    rows.sort(key=lambda a: (not a.in_lead_tree, a.locality, -a.spare_capacity, -a.size, a.firm))
    return rows[:limit]
