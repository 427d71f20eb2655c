"""Scalar cascade kernel: one scenario at a time (full ESRI, single-column propagate).

Same rules and same sparse bookkeeping as `_kernels.cascade`, specialised to one column.
On large sparse networks the scenarios of a block barely overlap, so a block of
columns mostly multiplies zeros; one column at a time with scalar state (old and new
values of a row side by side) is the fastest layout here. Threads run chunks of
sources in parallel, each with its own workspace.
"""

import types

import numpy as np
from numba import njit

from . import _parallel_sweep
from ._cycles import cycles
from ._kernel_parts import (
    CAND_D,
    CAND_U,
    LIVE_D,
    LIVE_U,
    PEND_D,
    PEND_U,
    ess_floor,
    settle,
    start_lists,
    supplier_loss,
    widen_lists,
)

# `cascade1` (cached, used by full ESRI on worker threads) must not link numba's
# parallel kernels: a cached function that calls parallel ones can crash when loaded
# from the on-disk cache. It sees these never-called stand-ins under the name `_par`;
# `cascade1_par` (same code, compiled per process on first use) sees the real ones.
_par = types.ModuleType("_serial_stand_ins")
_par.supplier_losses = _parallel_sweep.stub_losses
_par.pull_down = _parallel_sweep.stub_pull
_par.pull_up = _parallel_sweep.stub_pull
# The profiled copy (`esri(profile=True)`) sets this to True: cycles per phase in stats[4:].
PROFILE = False


@njit(nogil=True, cache=True, inline="always")
def _lap(stats, phase, t0):
    """Add the cycles since t0 to the phase's counter; returns now."""
    t1 = cycles()
    stats[4 + phase] += t1 - t0
    return t1


def _cascade1(
    psi, shock_rows,
    sector, s_out, sector_out, w,
    out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
    lam_down_out, slot_out, ess_acc_ptr,
    eps, replace, empty_market, do_down, do_up, max_iter,
    hd, hu, lin_acc, ess_acc, flags, lists, avail, up_acc, stats,
    want_h, out_hd, out_hu,
    par, xs, d_ptr, d_sup, d_lam, d_slot,
):
    """One scenario: psi (n,) remaining own capacity, 1.0 outside `shock_rows`.

    hd, hu: (n, 2) all ones; lin_acc, ess_acc zeros; flags zeros (all restored on exit).
    Returns (iterations, esri, esri_d, esri_u); with want_h the final hd / hu of every
    visited row are written to out_hd / out_hu (others stay as the caller set them).
    par: once a row list covers >= 1/16 of the firms (it is then in index order), run
    that direction's sweep on all cores (`_parallel_sweep`, bit-identical); xs (n,)
    zeros and d_* = `_parallel_sweep.pull_arrays(net)` (placeholders if not par).
    """
    live_d, live_u, cand_d, cand_u = flags[LIVE_D], flags[LIVE_U], flags[CAND_D], flags[CAND_U]
    l_live_d, l_live_u, l_cand_d, l_cand_u = lists[LIVE_D], lists[LIVE_U], lists[CAND_D], lists[CAND_U]
    pend_d, pend_u = lists[PEND_D], lists[PEND_U]
    m = sector_out.shape[0]
    n = psi.shape[0]
    for k in range(shock_rows.shape[0]):
        r = shock_rows[k]
        hd[r, 0] = psi[r]
        hd[r, 1] = psi[r]
        hu[r, 0] = psi[r]
        hu[r, 1] = psi[r]
    n_ld, n_cd, n_lu, n_cu = start_lists(shock_rows, do_down, do_up, flags, lists,
                                         out_ptr, out_buyer, sup_ptr, sup_idx)
    cur = 0
    it = 0
    t0 = cycles() if PROFILE else 0
    while True:
        old = cur
        new = 1 - cur
        delta = 0.0
        if do_down and replace:
            for q in range(m):
                avail[q] = sector_out[q]
            for t in range(n_ld):
                r = l_live_d[t]
                avail[sector[r]] -= (1.0 - hd[r, old]) * s_out[r]
        if PROFILE:
            t0 = _lap(stats, 0, t0)
        pull_d = par and do_down and n_ld * 16 >= n
        pull_u = par and do_up and n_cu * 16 >= n
        if pull_d:
            stats[0] += _par.supplier_losses(l_live_d, n_ld, hd, old, sector, s_out, avail,
                                             empty_market, replace, out_ptr, xs)
        for t in range(n_ld if do_down and not pull_d else 0):
            r = l_live_d[t]
            x = supplier_loss(r, hd, old, sector, s_out, avail, empty_market, replace)
            stats[0] += out_ptr[r + 1] - out_ptr[r]
            for e in range(out_ptr[r], out_ptr[r + 1]):
                slot = slot_out[e]
                if slot == -1:
                    lin_acc[out_buyer[e]] += lam_down_out[e] * x
                elif slot >= 0:
                    ess_acc[slot] += lam_down_out[e] * x
        if PROFILE:
            t0 = _lap(stats, 1, t0)
        n_pd = 0
        if pull_d:
            delta = _par.pull_down(l_cand_d, n_cd, xs, d_ptr, d_sup, d_lam, d_slot, ess_acc,
                                   ess_acc_ptr, psi, hd, old, new)
            for t in range(n_cd):
                j = l_cand_d[t]
                if hd[j, new] < 1.0 and live_d[j] == 0:
                    pend_d[n_pd] = j
                    n_pd += 1
        for t in range(n_cd if do_down and not pull_d else 0):
            j = l_cand_d[t]
            v = 1.0 - lin_acc[j]
            lin_acc[j] = 0.0
            v = ess_floor(j, v, ess_acc, ess_acc_ptr)
            v, delta = settle(hd, j, old, new, v, psi[j], delta)
            pend_d[n_pd] = j   # branch-free: kept only when it fell and is not live yet
            n_pd += (v < 1.0) * (1 - live_d[j])
        if PROFILE:
            t0 = _lap(stats, 2, t0)
        n_pu = 0
        if pull_u:
            dec = _par.pull_up(l_cand_u, n_cu, out_ptr, out_buyer, lam_up, live_u, psi, hu,
                               old, new)
            if dec > delta:
                delta = dec
            for t in range(n_cu):
                i = l_cand_u[t]
                stats[1] += out_ptr[i + 1] - out_ptr[i]
                if hu[i, new] < 1.0 and live_u[i] == 0:
                    pend_u[n_pu] = i
                    n_pu += 1
        if do_up and not pull_u:
            # Push each live buyer's loss to its suppliers (in-CSR): only the links of
            # rows that lost something, where a pull walks every sale of every candidate.
            # The live list is in index order, so each supplier's sum takes its terms in
            # the pull's order (out-CSR, buyers ascending): the same sums, bit for bit.
            for t in range(n_lu):
                j = l_live_u[t]
                x = 1.0 - hu[j, old]
                stats[1] += sup_ptr[j + 1] - sup_ptr[j]
                for e in range(sup_ptr[j], sup_ptr[j + 1]):
                    up_acc[sup_idx[e]] += sup_lam[e] * x
            if PROFILE:
                t0 = _lap(stats, 3, t0)
        for t in range(n_cu if do_up and not pull_u else 0):
            i = l_cand_u[t]
            acc = up_acc[i]
            up_acc[i] = 0.0
            v, delta = settle(hu, i, old, new, 1.0 - acc, psi[i], delta)
            pend_u[n_pu] = i
            n_pu += (v < 1.0) * (1 - live_u[i])
        if PROFILE:
            t0 = _lap(stats, 4, t0)
        cur = new
        it += 1
        stats[2] += 1
        stats[3] += n_cd + n_cu
        if delta <= eps or (max_iter > 0 and it >= max_iter):
            break  # rows that just dropped are candidates already; no need to widen
        n_ld, n_cd, n_lu, n_cu = widen_lists(n_pd, n_pu, flags, lists, n_ld, n_cd, n_lu, n_cu,
                                             out_ptr, out_buyer, sup_ptr, sup_idx)
        if PROFILE:
            t0 = _lap(stats, 5, t0)
    # the index over visited rows (all others hold 1.0), resetting only what each
    # list touched (one pass, fewer cache misses)
    tot = 0.0
    td = 0.0
    tu = 0.0
    for t in range(n_cd):
        j = l_cand_d[t]
        a = hd[j, cur]
        b = hu[j, cur]  # 1.0 unless j is also an upstream candidate
        td += w[j] * (1.0 - a)
        tot += w[j] * (1.0 - min(a, b))
        if want_h:
            out_hd[j] = a
        hd[j, 0] = 1.0
        hd[j, 1] = 1.0
        live_d[j] = 0
        if par:
            xs[j] = 0.0  # live rows are candidates
    for t in range(n_cu):
        j = l_cand_u[t]
        b = hu[j, cur]
        tu += w[j] * (1.0 - b)
        if cand_d[j] == 0:
            tot += w[j] * (1.0 - b)
        if want_h:
            out_hu[j] = b
        hu[j, 0] = 1.0
        hu[j, 1] = 1.0
        live_u[j] = 0
    for t in range(n_cu):
        cand_u[l_cand_u[t]] = 0
    for t in range(n_cd):
        cand_d[l_cand_d[t]] = 0
    if PROFILE:
        _lap(stats, 6, t0)
    return it, tot, td, tu


cascade1 = njit(nogil=True, cache=True)(_cascade1)
cascade1_par = njit(nogil=True)(types.FunctionType(
    _cascade1.__code__, {**globals(), "_par": _parallel_sweep}, "cascade1_par"))
cascade1_profiled = njit(nogil=True)(types.FunctionType(
    _cascade1.__code__, {**globals(), "PROFILE": True}, "cascade1_profiled"))


@njit(nogil=True, cache=True)
def esri_sources(
    sources,
    sector, s_out, sector_out, w,
    out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
    lam_down_out, slot_out, ess_acc_ptr,
    eps, replace, max_iter,
    psi, hd, hu, lin_acc, ess_acc, flags, lists, avail, up_acc,
    res_esri, res_d, res_u, res_iter, stats,
):
    """ESRI of each source (psi = 1 - e_s); psi is an all-ones (n,) workspace;
    max_iter > 0 caps each scenario's rounds."""
    rows = np.empty(1, dtype=np.int32)
    dummy = np.empty(0)
    ptr0 = np.zeros(1, dtype=np.int64)
    idx0 = np.empty(0, dtype=np.int32)
    for k in range(sources.shape[0]):
        s = sources[k]
        rows[0] = s
        psi[s] = 0.0
        it, tot, td, tu = cascade1(
            psi, rows,
            sector, s_out, sector_out, w,
            out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
            lam_down_out, slot_out, ess_acc_ptr,
            eps, replace, 1.0, True, True, max_iter,
            hd, hu, lin_acc, ess_acc, flags, lists, avail, up_acc, stats,
            False, dummy, dummy,
            False, dummy, ptr0, idx0, dummy, idx0,
        )
        psi[s] = 1.0
        res_esri[k] = tot
        res_d[k] = td
        res_u[k] = tu
        res_iter[k] = it


# esri(profile=True): the same loop over sources, calling the profiled kernel
esri_sources_profiled = njit(nogil=True)(types.FunctionType(
    esri_sources.py_func.__code__, {**globals(), "cascade1": cascade1_profiled}, "esri_sources_profiled"))
