"""Multi-core pieces of the one-scenario sweep (`_esri_kernel.cascade1` with par=True).

Used by `propagate` on one scenario over a large network, once the cascade has spread
over at least 1/16 of the firms (then the kernel keeps its row lists in index order).
Results are bit-identical to the serial path:
- downstream: the serial kernel *pushes* each live supplier's loss to its buyers in
  increasing supplier order (the live list is sorted), so every buyer's accumulators
  receive their terms in increasing supplier order. Here each buyer *pulls* over its
  relevant inputs sorted by supplier (the same order), reading the supplier's loss from
  `x` (exactly 0.0 for rows that are not live, and adding 0.0 changes nothing), so
  buyers are independent and run in parallel.
- upstream: already a pull per supplier in out-CSR order; suppliers run in parallel.
The order of the row lists, the pending rows and the statistics are left to the
serial kernel, so the run's bookkeeping is unchanged.
"""

from __future__ import annotations

import weakref

import numpy as np
from numba import njit, prange

from ._kernel_parts import buyer_losses, ess_floor, settle, supplier_loss
from .network import Network

MIN_FIRMS = 100_000  # below this a sweep is too short to pay for starting threads
PARTS = 16  # contiguous pieces of a row list per parallel loop (per-piece max)

_PULL = weakref.WeakKeyDictionary()


def pull_arrays(net: Network):
    """In-CSR of the relevant links (slot != -2) sorted by (buyer, supplier), with the
    push arrays' Λd and accumulator slot: (ptr, supplier, lam, slot). Built once per
    network (a stable sort of the links) and kept while the network lives."""
    got = _PULL.get(net)
    if got is None:
        # links are sorted by (supplier, buyer): a stable sort by buyer gives (buyer, supplier)
        order = np.argsort(net.buyer, kind="stable")
        order = order[net.slot_out[order] != -2]
        ptr = np.zeros(net.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(net.buyer[order], minlength=net.n), out=ptr[1:])
        got = (ptr, net.supplier[order], net.lam_down_out[order], net.slot_out[order])
        del order
        _PULL[net] = got
    return got


def empty_pull():
    """Placeholders for par=False."""
    return (np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int32), np.empty(0),
            np.empty(0, dtype=np.int32))


@njit(cache=True)
def stub_losses(*args):
    """Stand-in for supplier_losses in the serial kernel (never called there)."""
    return 0


@njit(cache=True)
def stub_pull(*args):
    """Stand-in for pull_down / pull_up in the serial kernel (never called there)."""
    return 0.0


@njit(cache=True)
def _cuts(n):
    cut = np.empty(PARTS + 1, dtype=np.int64)
    for p in range(PARTS + 1):
        cut[p] = n * p // PARTS
    return cut


@njit(parallel=True, cache=True)
def supplier_losses(l_live, n_live, hd, old, sector, s_out, avail, empty_market, replace,
                    out_ptr, x):
    """x[r] = σ_r (1 - hd_r) for every live row, as the serial push computes it;
    returns the live rows' out-degree total (the serial kernel's stats[0] increment)."""
    links = 0
    for t in prange(n_live):
        r = l_live[t]
        x[r] = supplier_loss(r, hd, old, sector, s_out, avail, empty_market, replace)
        links += out_ptr[r + 1] - out_ptr[r]
    return links


@njit(parallel=True, cache=True)
def pull_down(l_cand, n_cand, x, d_ptr, d_sup, d_lam, d_slot, ess_acc, ess_acc_ptr, psi,
              hd, old, new):
    """hd[j, new] for every candidate buyer; returns the largest one-step decrease.
    ess_acc (zeros on entry and exit): buyer j owns slots ess_acc_ptr[j]..[j+1]."""
    part = np.zeros(PARTS)
    cut = _cuts(n_cand)
    for p in prange(PARTS):
        worst = 0.0
        for t in range(cut[p], cut[p + 1]):
            j = l_cand[t]
            lin = 0.0
            for e in range(d_ptr[j], d_ptr[j + 1]):
                s = d_slot[e]
                if s == -1:
                    lin += d_lam[e] * x[d_sup[e]]
                else:
                    ess_acc[s] += d_lam[e] * x[d_sup[e]]
            v = ess_floor(j, 1.0 - lin, ess_acc, ess_acc_ptr)
            v, worst = settle(hd, j, old, new, v, psi[j], worst)
        part[p] = worst
    return part.max()


@njit(parallel=True, cache=True)
def pull_up(l_cand, n_cand, out_ptr, out_buyer, lam_up, live_u, psi, hu, old, new):
    """hu[i, new] for every candidate supplier; returns the largest one-step decrease."""
    part = np.zeros(PARTS)
    cut = _cuts(n_cand)
    for p in prange(PARTS):
        worst = 0.0
        for t in range(cut[p], cut[p + 1]):
            i = l_cand[t]
            acc = buyer_losses(i, out_ptr, out_buyer, lam_up, live_u, hu, old)
            v, worst = settle(hu, i, old, new, 1.0 - acc, psi[i], worst)
        part[p] = worst
    return part.max()
