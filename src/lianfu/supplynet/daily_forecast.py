"""Daily production forecast with input stocks (docs/engine.md §7).

Per buyer j and relevant input sector k (one group of the in-CSR):
  d[j,k](t) = Σ_{i in k} λ[i,j] h[i](t-1)          deliveries, one day in transit
  a[j,k](t) = S[j,k](t) + d[j,k](t)                 available, in days of full use
  h[j](t)   = clip(min(c[j](t), min_ess a, 1 - Σ_lin ω (1 - min(1, a))), 0, 1)
  S[j,k](t+1) = min(S[j,k](0), max(0, a - h[j](t)))
with h[i](-1) = c[i](0). Irrelevant inputs (ess 0) play no part.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from .network import ESSENTIAL, Network

OWN_CAPACITY = -1  # "ran out" code when the firm's own closure is what binds
# numba's default (workqueue) threading layer aborts the process if two threads launch
# parallel kernels at once; web workers may call forecast() concurrently
_PARALLEL_LAUNCH = threading.Lock()


@dataclass(frozen=True)
class Forecast:
    production: np.ndarray  # (n, horizon) h[j](t)
    first_below: np.ndarray  # (n,) first day with h < threshold, -1 if never
    ran_out: np.ndarray  # (n,) sector id of the binding input that day, OWN_CAPACITY, or -2 if never


def schedule_from_restarts(n: int, horizon: int, restart_day, capacity=1.0) -> np.ndarray:
    """c[i](t) = 0 before restart_day[i], then capacity[i] (restart_day 0: open; inf: never)."""
    day = np.broadcast_to(np.asarray(restart_day, dtype=np.float64), (n,))
    cap = np.broadcast_to(np.asarray(capacity, dtype=np.float64), (n,))
    t = np.arange(horizon)
    return np.where(t[None, :] >= day[:, None], cap[:, None], 0.0)


def stock_per_group(net: Network, stock_days, default: float) -> np.ndarray:
    """Initial stock of each (buyer, input sector) group from None, a scalar, (n,) per
    buyer or (n, m) per buyer and sector position; NaN entries take the default."""
    grp_buyer = np.repeat(np.arange(net.n), np.diff(net.buyer_grp_ptr))
    if stock_days is None:
        s = np.full(grp_buyer.shape[0], float(default))
    else:
        arr = np.asarray(stock_days, dtype=np.float64)
        if arr.ndim == 0:
            s = np.full(grp_buyer.shape[0], float(arr))
        elif arr.shape == (net.n,):
            s = arr[grp_buyer]
        elif arr.shape == (net.n, net.n_sectors):
            s = arr[grp_buyer, net.grp_sector]
        else:
            raise ValueError("stock_days must be a scalar, (n,) or (n, m)")
    s = np.where(np.isnan(s), float(default), s)
    if np.any(s < 0):
        raise ValueError("stock days must be >= 0")
    return s


def forecast(
    net: Network,
    capacity_schedule,
    stock_days=None,
    horizon: int | None = None,
    *,
    default_stock_days: float = 7.0,
    threshold: float = 0.5,
) -> Forecast:
    """Day-by-day production under a capacity schedule (n, horizon); see module doc."""
    cap = np.ascontiguousarray(capacity_schedule, dtype=np.float64)
    if cap.ndim != 2 or cap.shape[0] != net.n:
        raise ValueError("capacity_schedule must have shape (n, horizon)")
    horizon = cap.shape[1] if horizon is None else int(horizon)
    if horizon > cap.shape[1]:  # hold the last planned capacity beyond the schedule
        cap = np.concatenate([cap, np.repeat(cap[:, -1:], horizon - cap.shape[1], axis=1)], axis=1)
    cap = np.ascontiguousarray(cap[:, :horizon])
    stock0 = stock_per_group(net, stock_days, default_stock_days)
    prod = np.zeros((net.n, horizon))
    first = np.full(net.n, -1, dtype=np.int64)
    binding = np.full(net.n, -2, dtype=np.int64)
    if horizon:
        with _PARALLEL_LAUNCH:
            _run(cap, stock0, net.in_supplier, net.lam_sector, net.buyer_grp_ptr, net.grp_ptr,
                 net.grp_ess, net.grp_omega, net.grp_sector, float(threshold), prod, first, binding)
    ran_out = np.where(binding >= 0, net.sector_ids[np.maximum(binding, 0)], binding)
    return Forecast(prod, first, ran_out)


@njit(parallel=True, cache=True)
def _run(cap, stock0, in_supplier, lam_sector, buyer_grp_ptr, grp_ptr, grp_ess, grp_omega,
         grp_sector, threshold, prod, first, binding):
    n, horizon = cap.shape
    stock = stock0.copy()
    avail = np.empty(stock0.shape[0])
    h_prev = cap[:, 0].copy()
    for t in range(horizon):
        for j in prange(n):
            best = cap[j, t]
            why = OWN_CAPACITY
            lin = 0.0
            for g in range(buyer_grp_ptr[j], buyer_grp_ptr[j + 1]):
                d = 0.0
                for e in range(grp_ptr[g], grp_ptr[g + 1]):
                    d += lam_sector[e] * h_prev[in_supplier[e]]
                a = stock[g] + d
                avail[g] = a
                if grp_ess[g] == ESSENTIAL:
                    if a < best:
                        best = a
                        why = grp_sector[g]
                else:
                    lin += grp_omega[g] * (1.0 - min(1.0, a))
            v = best
            if 1.0 - lin < v:
                v = 1.0 - lin
                worst = -1.0
                for g in range(buyer_grp_ptr[j], buyer_grp_ptr[j + 1]):
                    if grp_ess[g] != ESSENTIAL:
                        short = grp_omega[g] * (1.0 - min(1.0, avail[g]))
                        if short > worst:
                            worst = short
                            why = grp_sector[g]
            v = min(1.0, max(0.0, v))
            prod[j, t] = v
            for g in range(buyer_grp_ptr[j], buyer_grp_ptr[j + 1]):
                stock[g] = min(stock0[g], max(0.0, avail[g] - v))
            if v < threshold and first[j] < 0:
                first[j] = t
                binding[j] = why
        for j in prange(n):
            h_prev[j] = prod[j, t]


@dataclass(frozen=True)
class InputAvailability:
    buyer: np.ndarray  # (R,) buyer position of each (buyer, input sector) group recorded
    sector: np.ndarray  # (R,) input sector position of the group
    available: np.ndarray  # (R, horizon) a[j,k](t), days of full use (stock + deliveries)


def input_availability(net: Network, capacity_schedule, production, stock_days=None, *, buyers,
                       default_stock_days: float = 7.0) -> InputAvailability:
    """The available input a[j,k](t) of each relevant input sector of `buyers` on the
    path `forecast` computed (`production` is its result for this schedule and stock).

    Replays the same recurrences in the same order of additions as the kernel, so the
    values are those the forecast compared (recomputed rather than recorded so that
    `forecast` itself stays as it is)."""
    prod = np.ascontiguousarray(production, dtype=np.float64)
    horizon = prod.shape[1]
    cap = np.asarray(capacity_schedule, dtype=np.float64)
    start = np.ascontiguousarray(cap[:, 0]) if cap.shape[1] else np.ones(net.n)  # h[i](-1) = c[i](0)
    stock0 = stock_per_group(net, stock_days, default_stock_days)
    buyers = np.asarray(buyers, dtype=np.int64).reshape(-1)
    groups = np.concatenate([np.arange(net.buyer_grp_ptr[j], net.buyer_grp_ptr[j + 1]) for j in buyers]
                            ) if len(buyers) else np.zeros(0, dtype=np.int64)
    grp_buyer = np.repeat(buyers, [net.buyer_grp_ptr[j + 1] - net.buyer_grp_ptr[j] for j in buyers])
    avail = np.zeros((len(groups), horizon))
    _replay(groups.astype(np.int64), grp_buyer.astype(np.int64), stock0, start, prod, net.in_supplier,
            net.lam_sector, net.grp_ptr, avail)
    return InputAvailability(grp_buyer, net.grp_sector[groups].astype(np.int64) if len(groups) else
                             np.zeros(0, dtype=np.int64), avail)


@njit(cache=True)
def _replay(groups, grp_buyer, stock0, start, prod, in_supplier, lam_sector, grp_ptr, avail):
    for r in range(groups.shape[0]):
        g = groups[r]
        j = grp_buyer[r]
        stock = stock0[g]
        for t in range(prod.shape[1]):
            d = 0.0
            for e in range(grp_ptr[g], grp_ptr[g + 1]):
                d += lam_sector[e] * (start[in_supplier[e]] if t == 0 else prod[in_supplier[e], t - 1])
            a = stock + d
            avail[r, t] = a
            stock = min(stock0[g], max(0.0, a - prod[j, t]))
