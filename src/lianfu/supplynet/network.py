"""The supply network as flat arrays (CSR both ways) plus the derived cascade weights.

Everything the kernels need is precomputed here once, so each cascade sweep is a
plain loop over contiguous arrays. Indices are 0-based positions; external firm and
sector ids are kept alongside for I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

IRRELEVANT, LINEAR, ESSENTIAL = 0, 1, 2


@dataclass(frozen=True, eq=False)
class Network:
    firm_ids: np.ndarray  # (n,) external firm ids
    sector: np.ndarray  # (n,) int32 sector position 0..m-1
    sector_ids: np.ndarray  # (m,) external sector labels
    essentiality: np.ndarray  # (m, m) int8, [input sector, output sector]
    supplier: np.ndarray  # (E,) int32, deduplicated edges
    buyer: np.ndarray  # (E,) int32
    weight: np.ndarray  # (E,) float64, W[supplier, buyer] > 0
    s_out: np.ndarray  # (n,) total sales to other firms
    s_in: np.ndarray  # (n,) total purchases (all inputs, irrelevant ones included)
    sector_out: np.ndarray  # (m,) Σ s_out per sector: the "market" size for replaceability
    w: np.ndarray  # (n,) ESRI weights s_out / Σ s_out
    # upstream (pull over buyers): out-CSR with Λu = W / s_out
    out_ptr: np.ndarray
    out_buyer: np.ndarray
    lam_up: np.ndarray
    # all suppliers of each firm (for marking who an upstream loss can reach)
    sup_ptr: np.ndarray
    sup_idx: np.ndarray
    sup_lam: np.ndarray  # Λu of each link in that order (the upstream push)
    # downstream (pull over suppliers): in-CSR of relevant edges, per buyer the linear
    # edges first, then one contiguous group per essential input sector.
    in_ptr: np.ndarray
    in_supplier: np.ndarray
    lam_down: np.ndarray  # Λd
    lam_sector: np.ndarray  # W / Π0[j, k]: share of j's sector-k input (forecast rationing)
    lin_end: np.ndarray  # (n,) end of buyer j's linear edges
    grp_ptr: np.ndarray  # (G+1,) edge range of each (buyer, input sector) group
    grp_sector: np.ndarray  # (G,)
    grp_ess: np.ndarray  # (G,) 1 or 2
    grp_omega: np.ndarray  # (G,) Π0[j, k] / s_in[j]
    buyer_grp_ptr: np.ndarray  # (n+1,) group range of each buyer
    buyer_ess_grp: np.ndarray  # (n,) first essential group of each buyer
    # downstream push (over the out-CSR, aligned with out_buyer): Λd of each link and
    # its accumulator slot: -2 irrelevant, -1 the buyer's linear sum, k >= 0 the
    # compact index of the buyer's essential group (buyer j owns ess_acc_ptr[j]..[j+1])
    lam_down_out: np.ndarray
    slot_out: np.ndarray
    ess_acc_ptr: np.ndarray

    @property
    def n(self) -> int:
        return int(self.sector.shape[0])

    @property
    def n_sectors(self) -> int:
        return int(self.sector_ids.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.weight.shape[0])

    @property
    def annual_output(self) -> np.ndarray:
        """(n,) each firm's yearly output as the network sees it, in the weights' unit
        (万元 a year in lianfu): the larger of its sales and its purchases on the
        network's links. A lead firm sells to customers outside the network, so its
        sales alone would say nothing; its purchases are a floor on what it makes.
        The one definition every page, export and drill uses (docs/engine.md §5)."""
        return np.maximum(self.s_out, self.s_in)

    def index_of(self, firm_ids) -> np.ndarray:
        """Positions of external firm ids (raises KeyError on unknown ids)."""
        order = np.argsort(self.firm_ids, kind="stable")
        ids = np.asarray(firm_ids).astype(self.firm_ids.dtype, copy=False)
        pos = np.searchsorted(self.firm_ids, ids, sorter=order)
        pos = np.minimum(pos, self.n - 1)
        found = order[pos]
        bad = self.firm_ids[found] != ids
        if np.any(bad):
            raise KeyError(f"unknown firm ids: {np.asarray(ids)[bad][:5].tolist()}")
        return found

    @classmethod
    def from_edges(
        cls,
        supplier,
        buyer,
        weight,
        sector,
        essentiality,
        *,
        firm_ids=None,
        sector_ids=None,
        essential_links=None,
    ) -> "Network":
        """Build from 0-based edge arrays and sector positions 0..m-1.

        `essentiality[k, l]` in {0, 1, 2} says how input sector k enters output sector l.
        `essential_links` (bool per edge) marks links a survey flagged essential: the
        buyer's whole input from that supplier's sector then counts as essential
        (inputs of one sector substitute for each other, so essentiality is per sector).
        Duplicate links are summed; zero weights are dropped.
        """
        sector = np.ascontiguousarray(sector, dtype=np.int32)
        n = sector.shape[0]
        ess = np.asarray(essentiality, dtype=np.int8)
        m = ess.shape[0]
        if ess.shape != (m, m) or (n and (sector.min() < 0 or sector.max() >= m)):
            raise ValueError("essentiality must be m x m with sectors in 0..m-1")
        if not np.isin(ess, (0, 1, 2)).all():
            raise ValueError("essentiality entries must be 0, 1 or 2")
        sup = np.asarray(supplier, dtype=np.int64)
        buy = np.asarray(buyer, dtype=np.int64)
        wt = np.asarray(weight, dtype=np.float64)
        flag = None if essential_links is None else np.asarray(essential_links, dtype=bool)
        if len(sup) and (min(sup.min(), buy.min()) < 0 or max(sup.max(), buy.max()) >= n):
            raise ValueError("edge endpoint outside 0..n-1")
        if np.any(wt < 0) or not np.all(np.isfinite(wt)):
            raise ValueError("weights must be finite and >= 0")
        sup, buy, wt, flag = _dedupe(sup, buy, wt, flag, n)

        # astype: bincount of an empty edge list returns integers
        s_out = np.bincount(sup, weights=wt, minlength=n).astype(np.float64)
        s_in = np.bincount(buy, weights=wt, minlength=n).astype(np.float64)
        sector_out = np.bincount(sector, weights=s_out, minlength=m).astype(np.float64)
        total = s_out.sum()
        w = s_out / total if total > 0 else np.zeros(n)

        # upstream: edges are already sorted by (supplier, buyer)
        out_ptr = _ptr(sup, n)
        lam_up = wt / np.where(s_out > 0, s_out, 1.0)[sup]
        by_buyer = np.lexsort((sup, buy))
        sup_ptr = _ptr(buy[by_buyer], n)

        down = _downstream(sup, buy, wt, flag, sector, ess, s_in, n, m)
        return cls(
            firm_ids=np.arange(1, n + 1) if firm_ids is None else np.asarray(firm_ids),
            sector=sector,
            sector_ids=np.arange(m) if sector_ids is None else np.asarray(sector_ids),
            essentiality=ess,
            supplier=sup.astype(np.int32),
            buyer=buy.astype(np.int32),
            weight=wt,
            s_out=s_out,
            s_in=s_in,
            sector_out=sector_out,
            w=w,
            out_ptr=out_ptr,
            out_buyer=buy.astype(np.int32),
            lam_up=lam_up,
            sup_ptr=sup_ptr,
            sup_idx=sup[by_buyer].astype(np.int32),
            sup_lam=lam_up[by_buyer],
            **down,
        )


def _ptr(sorted_rows: np.ndarray, n: int) -> np.ndarray:
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_rows, minlength=n), out=ptr[1:])
    return ptr


def _dedupe(sup, buy, wt, flag, n):
    """Sort by (supplier, buyer), sum duplicate links, drop zero weights."""
    key = sup * n + buy
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    wt = np.add.reduceat(wt[order], starts) if len(key) else wt
    if flag is not None:
        flag = np.logical_or.reduceat(flag[order], starts) if len(key) else flag
    key = key[starts]
    keep = wt > 0
    key, wt = key[keep], wt[keep]
    flag = None if flag is None else flag[keep]
    return key // n, key % n, wt, flag


def _downstream(sup, buy, wt, flag, sector, ess, s_in, n, m):
    psec = sector[sup].astype(np.int64)
    edge_ess = ess[psec, sector[buy]].astype(np.int8)
    if flag is not None and flag.any():
        pair = buy * m + psec
        edge_ess[np.isin(pair, np.unique(pair[flag]))] = ESSENTIAL
    n_all = len(sup)
    kept = np.flatnonzero(edge_ess != IRRELEVANT)
    sup, buy, wt, psec, edge_ess = sup[kept], buy[kept], wt[kept], psec[kept], edge_ess[kept]
    # per buyer: linear edges first (by sector), then essential groups (by sector)
    order = np.lexsort((sup, psec, edge_ess, buy))
    kept = kept[order]
    sup, buy, wt, psec, edge_ess = (a[order] for a in (sup, buy, wt, psec, edge_ess))
    new_group = np.ones(len(buy), dtype=bool)
    new_group[1:] = (buy[1:] != buy[:-1]) | (psec[1:] != psec[:-1])
    starts = np.flatnonzero(new_group)
    grp_ptr = np.append(starts, len(buy)).astype(np.int64)
    pi0 = np.add.reduceat(wt, starts) if len(wt) else np.zeros(0)
    grp_of_edge = np.cumsum(new_group) - 1
    grp_buyer = buy[starts]
    lam_sector = wt / pi0[grp_of_edge] if len(wt) else wt
    lam_down = np.where(edge_ess == ESSENTIAL, lam_sector, wt / np.where(s_in > 0, s_in, 1.0)[buy])
    in_ptr = _ptr(buy, n)
    lin_count = np.bincount(buy[edge_ess == LINEAR], minlength=n)
    buyer_grp_ptr = _ptr(grp_buyer, n)
    lin_groups = np.bincount(grp_buyer[edge_ess[starts] == LINEAR], minlength=n)
    is_ess_grp = edge_ess[starts] == ESSENTIAL
    ess_acc_ptr = _ptr(grp_buyer[is_ess_grp], n)
    compact = np.cumsum(is_ess_grp) - 1  # compact index of each essential group
    slot = np.where(edge_ess == ESSENTIAL, compact[grp_of_edge] if len(wt) else 0, -1)
    # input edges are in (supplier, buyer) order, i.e. the out-CSR order
    lam_down_out = np.zeros(n_all)
    lam_down_out[kept] = lam_down
    slot_out = np.full(n_all, -2, dtype=np.int32)
    slot_out[kept] = slot
    return dict(
        lam_down_out=lam_down_out,
        slot_out=slot_out,
        ess_acc_ptr=ess_acc_ptr,
        in_ptr=in_ptr,
        in_supplier=sup.astype(np.int32),
        lam_down=lam_down,
        lam_sector=lam_sector,
        lin_end=in_ptr[:-1] + lin_count,
        grp_ptr=grp_ptr,
        grp_sector=psec[starts].astype(np.int32),
        grp_ess=edge_ess[starts],
        grp_omega=pi0 / np.where(s_in > 0, s_in, 1.0)[grp_buyer],
        buyer_grp_ptr=buyer_grp_ptr,
        buyer_ess_grp=buyer_grp_ptr[:-1] + lin_groups,
    )
