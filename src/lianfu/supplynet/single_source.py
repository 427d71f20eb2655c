"""Single-source risk: where a lead firm's inputs hang on one supplier (docs/engine.md §8.1).

Arrays in, arrays out. A firm's *input sector* k is the sector of the supplier it
buys from; a link is any edge of the network (its weight > 0), whatever its
essentiality. `in_county` is a boolean mask (n,) of the firms in the county.

Definitions, for a buyer j and an input sector k:

- suppliers: the firms of sector k that sell to j (distinct firms, anywhere);
- in county: how many of them are in the county;
- HHI: Σ share², each share being a supplier's weight over j's total purchase
  weight from sector k (1 = one supplier, 1/s = s equal suppliers);
- sole source: j has exactly one supplier of sector k;
- only from outside the county: j has suppliers of sector k, none in the county;
- no county alternative, for a supplier i of j in sector k: the network has no
  firm of sector k in the county other than i and j. The choice: a firm counts
  as a possible alternative by its sector alone, whatever its capacity, size or
  links (ranking alternatives is §8's job), and j does not replace its supplier
  by itself. So i in the county can lack an alternative (it is the county's
  only firm of k), and i outside can have one (the county has another firm of k).

Per lead firm L (`lead_inputs`): one row per input sector of L's direct
suppliers, with the figures above for j = L and the suppliers with no county
alternative.

County list (`county_list`): a firm i is *critical* for lead L when i ≠ L and,
for some buyer j in L's supply tree (L and everyone upstream of it, as in §8),
i is j's sole source of its sector k and has no county alternative. Each firm
is counted once per lead, however many buyers in the tree depend on it. The list
holds every firm critical for at least one of the leads, ranked by the number of
leads (most first), then by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network


@dataclass(frozen=True)
class LeadInputs:
    """One row per (lead, input sector): leads in the order given, sectors ascending."""

    lead: np.ndarray  # (R,) position of the lead firm
    sector: np.ndarray  # (R,) input sector position
    suppliers: np.ndarray  # (R,) the lead's suppliers of that sector
    in_county: np.ndarray  # (R,) how many of them are in the county
    hhi: np.ndarray  # (R,) Σ share² of the lead's purchases from that sector
    sole_source: np.ndarray  # (R,) bool: exactly one supplier
    outside_only: np.ndarray  # (R,) bool: none of the suppliers is in the county
    no_alt_ptr: np.ndarray  # (R+1,) row r's suppliers with no county alternative: no_alt[ptr[r]:ptr[r+1]]
    no_alt: np.ndarray  # supplier positions, ascending within a row

    def no_alternative(self, row: int) -> np.ndarray:
        return self.no_alt[self.no_alt_ptr[row]:self.no_alt_ptr[row + 1]]


@dataclass(frozen=True)
class CountyList:
    """Firms critical for at least one lead, most leads first."""

    firm: np.ndarray  # (F,) positions
    chains: np.ndarray  # (F,) number of leads it is critical for
    lead_ptr: np.ndarray  # (F+1,) firm f's leads: leads[lead_ptr[f]:lead_ptr[f+1]]
    leads: np.ndarray  # lead positions, in the order the leads were given

    def leads_of(self, row: int) -> np.ndarray:
        return self.leads[self.lead_ptr[row]:self.lead_ptr[row + 1]]


def _by_buyer(net: Network):
    """Edge order grouped by (buyer, supplier's sector, supplier), and the
    start of each buyer's edges in it."""
    order = np.lexsort((net.supplier, net.sector[net.supplier], net.buyer))
    ptr = np.zeros(net.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(net.buyer, minlength=net.n), out=ptr[1:])
    return order, ptr


def _without_alternative(net: Network, in_county: np.ndarray) -> np.ndarray:
    """(E,) bool: the county has no firm of the supplier's sector besides the
    link's supplier and buyer."""
    county_firms = np.bincount(net.sector[in_county], minlength=net.n_sectors)
    sup, buy = net.supplier, net.buyer
    k = net.sector[sup]
    others = county_firms[k] - in_county[sup] - (in_county[buy] & (net.sector[buy] == k))
    return others == 0


def upstream(net: Network, lead: int) -> np.ndarray:
    """Bool mask of the lead and everyone upstream of it: alternative_suppliers.supply_tree,
    gathered a whole frontier at a time (a county's trees hold thousands of firms)."""
    seen = np.zeros(net.n, dtype=bool)
    seen[lead] = True
    frontier = np.array([lead], dtype=np.int64)
    while frontier.size:
        starts, ends = net.sup_ptr[frontier], net.sup_ptr[frontier + 1]
        sizes = ends - starts
        idx = np.arange(sizes.sum()) + np.repeat(starts - np.cumsum(sizes) + sizes, sizes)
        new = np.zeros(net.n, dtype=bool)
        new[net.sup_idx[idx]] = True
        new &= ~seen
        seen |= new
        frontier = np.flatnonzero(new)
    return seen


def _mask(net: Network, in_county) -> np.ndarray:
    mask = np.asarray(in_county, dtype=bool)
    if mask.shape != (net.n,):
        raise ValueError("in_county must be a boolean mask of shape (n,)")
    return mask


def lead_inputs(net: Network, in_county, leads) -> LeadInputs:
    """Per lead and input sector: suppliers, in county, HHI, sole source, only
    from outside the county, and the suppliers with no county alternative."""
    mask = _mask(net, in_county)
    alone = _without_alternative(net, mask)
    order, ptr = _by_buyer(net)
    rows: list[tuple[int, int, int, int, float]] = []   # lead, sector, suppliers, in county, HHI
    no_alt: list[np.ndarray] = []
    for lead in np.asarray(leads, dtype=np.int64).tolist():
        edges = order[ptr[lead]:ptr[lead + 1]]
        sector = net.sector[net.supplier[edges]]
        for group in np.split(edges, np.flatnonzero(sector[1:] != sector[:-1]) + 1) if len(edges) else ():
            sup = net.supplier[group]
            share = net.weight[group] / net.weight[group].sum()
            rows.append((lead, int(net.sector[sup[0]]), len(sup), int(mask[sup].sum()), float(share @ share)))
            no_alt.append(sup[alone[group]])
    lead, sector, suppliers, county, hhi = (np.array(col) for col in zip(*rows)) if rows else [np.zeros(0)] * 5
    ptr_out = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(a) for a in no_alt], out=ptr_out[1:])
    return LeadInputs(
        lead=lead.astype(np.int64), sector=sector.astype(np.int64), suppliers=suppliers.astype(np.int64),
        in_county=county.astype(np.int64), hhi=hhi.astype(np.float64), sole_source=suppliers == 1,
        outside_only=county == 0, no_alt_ptr=ptr_out,
        no_alt=np.concatenate(no_alt).astype(np.int64) if no_alt else np.zeros(0, dtype=np.int64))


def critical_links(net: Network, in_county) -> tuple[np.ndarray, np.ndarray]:
    """(suppliers, buyers) of the links where the buyer has that supplier as its
    sole source of the supplier's sector and the county has no alternative."""
    mask = _mask(net, in_county)
    group = net.buyer.astype(np.int64) * net.n_sectors + net.sector[net.supplier]
    _, first, counts = np.unique(group, return_inverse=True, return_counts=True)
    critical = (counts[first] == 1) & _without_alternative(net, mask)
    return net.supplier[critical].astype(np.int64), net.buyer[critical].astype(np.int64)


def county_list(net: Network, in_county, leads) -> CountyList:
    """Firms ranked by the number of leads whose supply tree holds a buyer that
    depends on them alone for a sector the county has no other firm of."""
    sup, buy = critical_links(net, in_county)
    firms, leads_hit = [], []
    for lead in dict.fromkeys(np.asarray(leads, dtype=np.int64).tolist()) if len(sup) else ():
        mark = np.zeros(net.n, dtype=bool)
        mark[sup[upstream(net, lead)[buy]]] = True
        mark[lead] = False
        hit = np.flatnonzero(mark)
        firms.append(hit)
        leads_hit.append(np.full(len(hit), lead, dtype=np.int64))
    firm = np.concatenate(firms) if firms else np.zeros(0, dtype=np.int64)
    lead = np.concatenate(leads_hit) if leads_hit else np.zeros(0, dtype=np.int64)
    chains = np.bincount(firm, minlength=net.n)
    by_firm = np.argsort(firm, kind="stable")          # each firm's leads stay in the order given
    ranked = np.lexsort((np.arange(net.n), -chains))
    ranked = ranked[chains[ranked] > 0]
    ptr = np.zeros(net.n + 1, dtype=np.int64)
    np.cumsum(chains, out=ptr[1:])
    lead = lead[by_firm]
    leads_out = np.concatenate([lead[ptr[f]:ptr[f + 1]] for f in ranked.tolist()]) if len(ranked) \
        else np.zeros(0, dtype=np.int64)
    ptr_out = np.zeros(len(ranked) + 1, dtype=np.int64)
    np.cumsum(chains[ranked], out=ptr_out[1:])
    return CountyList(firm=ranked.astype(np.int64), chains=chains[ranked].astype(np.int64), lead_ptr=ptr_out,
                      leads=leads_out.astype(np.int64))
