"""Numba kernels for the generalized-Leontief cascade on a block of scenario columns.

State is row-major (firm, column) so that each link does one contiguous multiply-add
over all columns of the block. Only "candidate" rows, i.e. shocked firms and neighbours
of firms whose output has dropped below 1 in some column, are ever visited: in
floating point a loss far from the source rounds back to exactly 1.0, so early
iterations (and most of the downstream cascade, which replaceability damps hard) touch
a small part of the network. A row that dropped below 1 once stays "live" for the rest
of the run (harmless if it recovers: it then adds exactly 0), so the candidates always
include every neighbour of a row that can differ from 1, and rows never visited hold
1.0 in both buffers. Once a list covers a sizeable share of the network it is rewritten
in index order, so sweeps stream the CSR arrays.

The kernels are serial and release the GIL; callers run one block per thread.
"""

import numpy as np
from numba import njit

from ._kernel_parts import (  # flags / lists rows
    CAND_D,
    CAND_U,
    LIVE_D,
    LIVE_U,
    PEND_D,
    PEND_U,
    settle_col,
    start_lists,
    widen_lists,
)


@njit(nogil=True, cache=True)
def cascade(
    psi, B, shock_rows,
    sector, s_out, sector_out, w,
    out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
    lam_down_out, slot_out, ess_acc_ptr,
    eps, replace, empty_market, common_stop, do_down, do_up, max_iter,
    hd, hu, lin_acc, ess_acc, flags, lists, avail,
    col_offset, res_esri, res_d, res_u, res_iter, want_h, out_hd, out_hu, stats,
):
    """Run columns 0..B-1 of `psi` (n x Bmax workspace, 1.0 outside shock_rows).

    hd, hu: (n, 2, Bmax) double buffers (old/new of a row side by side), all 1.0 on
    entry and again on exit. empty_market: A_q used when a market's capacity is <= 1e-10
    (1.0 in the reference).
    Per column it stops when its largest one-step decrease (down or up) is <= eps and
    keeps that last update; with `common_stop` all columns stop together when every
    column satisfies it (same iteration count, which keeps results exactly monotone in
    psi). Results go to index col_offset + column of the res_* / out_* arrays.
    """
    live_d, live_u, cand_d, cand_u = flags[LIVE_D], flags[LIVE_U], flags[CAND_D], flags[CAND_U]  # noqa: F841
    l_live_d, l_live_u, l_cand_d, l_cand_u = lists[LIVE_D], lists[LIVE_U], lists[CAND_D], lists[CAND_U]  # noqa: F841
    pend_d, pend_u = lists[PEND_D], lists[PEND_U]
    m = sector_out.shape[0]
    col_id = np.arange(B)
    nact = B
    lin = np.empty(B)
    mn = np.empty(B)
    acc = np.empty(B)
    xr = np.empty(B)
    delta = np.empty(B)
    done = np.zeros(B, dtype=np.bool_)

    for s in range(shock_rows.shape[0]):
        r = shock_rows[s]
        for c in range(B):
            v = psi[r, c]
            hd[r, 0, c] = v
            hd[r, 1, c] = v
            hu[r, 0, c] = v
            hu[r, 1, c] = v
    n_ld, n_cd, n_lu, n_cu = start_lists(shock_rows, do_down, do_up, flags, lists,
                                         out_ptr, out_buyer, sup_ptr, sup_idx)
    cur = 0
    it = 0
    while nact > 0:
        old = cur
        new = 1 - cur
        for c in range(nact):
            delta[c] = 0.0
        n_pd = 0
        n_pu = 0
        if do_down:
            if replace:
                # A_q = Σ_{l in q} hd_l s_out_l, kept as market total minus losses
                for q in range(m):
                    for c in range(nact):
                        avail[q, c] = sector_out[q]
                for t in range(n_ld):
                    r = l_live_d[t]
                    q = sector[r]
                    so = s_out[r]
                    for c in range(nact):
                        avail[q, c] -= (1.0 - hd[r, old, c]) * so
            # push: each live supplier adds Λd σ (1 - hd) to its buyers' accumulators
            # (pulling would scan every input of big buyers for one live supplier)
            for t in range(n_ld):
                r = l_live_d[t]
                if replace:
                    q = sector[r]
                    for c in range(nact):
                        a = avail[q, c]
                        if a <= 1e-10:
                            a = empty_market
                        sg = s_out[r] / a
                        if sg > 1.0:
                            sg = 1.0
                        xr[c] = sg * (1.0 - hd[r, old, c])
                else:
                    for c in range(nact):
                        xr[c] = 1.0 - hd[r, old, c]
                stats[0] += out_ptr[r + 1] - out_ptr[r]
                for e in range(out_ptr[r], out_ptr[r + 1]):
                    slot = slot_out[e]
                    if slot == -2:
                        continue
                    lam = lam_down_out[e]
                    if slot == -1:
                        j = out_buyer[e]
                        for c in range(nact):
                            lin_acc[j, c] += lam * xr[c]
                    else:
                        for c in range(nact):
                            ess_acc[slot, c] += lam * xr[c]
            for t in range(n_cd):
                j = l_cand_d[t]
                for c in range(nact):
                    mn[c] = psi[j, c]
                    lin[c] = lin_acc[j, c]
                    lin_acc[j, c] = 0.0
                for g in range(ess_acc_ptr[j], ess_acc_ptr[j + 1]):
                    for c in range(nact):
                        v = 1.0 - ess_acc[g, c]
                        ess_acc[g, c] = 0.0
                        if v < mn[c]:
                            mn[c] = v
                below = False
                for c in range(nact):
                    v = settle_col(hd, j, old, new, c, 1.0 - lin[c], mn[c], delta)
                    if v < 1.0:
                        below = True
                if below and live_d[j] == 0:
                    pend_d[n_pd] = j
                    n_pd += 1
        if do_up:
            for t in range(n_cu):
                i = l_cand_u[t]
                for c in range(nact):
                    acc[c] = 0.0
                stats[1] += out_ptr[i + 1] - out_ptr[i]
                for e in range(out_ptr[i], out_ptr[i + 1]):
                    j = out_buyer[e]
                    # rows never hit hold 1.0; the 1-byte flag is cheaper to check
                    if live_u[j]:
                        lam = lam_up[e]
                        for c in range(nact):
                            acc[c] += lam * (1.0 - hu[j, old, c])
                below = False
                for c in range(nact):
                    v = settle_col(hu, i, old, new, c, 1.0 - acc[c], psi[i, c], delta)
                    if v < 1.0:
                        below = True
                if below and live_u[i] == 0:
                    pend_u[n_pu] = i
                    n_pu += 1
        cur = new
        it += 1
        stats[2] += nact
        stats[3] += n_cd + n_cu

        capped = max_iter > 0 and it >= max_iter
        if common_stop:
            worst = 0.0
            for c in range(nact):
                if delta[c] > worst:
                    worst = delta[c]
            for c in range(nact):
                done[c] = worst <= eps or capped
        else:
            for c in range(nact):
                done[c] = delta[c] <= eps or capped
        n_done = 0
        for c in range(nact):
            if done[c]:
                n_done += 1
        if n_done < nact:
            # Jacobi: new live rows only start spreading in the next sweep
            n_ld, n_cd, n_lu, n_cu = widen_lists(n_pd, n_pu, flags, lists, n_ld, n_cd, n_lu,
                                                 n_cu, out_ptr, out_buyer, sup_ptr, sup_idx)
        for c in range(nact):
            if not done[c]:
                continue
            col = col_offset + col_id[c]
            res_iter[col] = it
            tot = 0.0
            td = 0.0
            tu = 0.0
            for t in range(n_cd):
                j = l_cand_d[t]
                a = hd[j, cur, c]
                b = hu[j, cur, c]
                td += w[j] * (1.0 - a)
                tot += w[j] * (1.0 - min(a, b))
                if want_h:
                    out_hd[j, col] = a
            for t in range(n_cu):
                j = l_cand_u[t]
                b = hu[j, cur, c]
                tu += w[j] * (1.0 - b)
                if cand_d[j] == 0:
                    tot += w[j] * (1.0 - b)
                if want_h:
                    out_hu[j, col] = b
            res_esri[col] = tot
            res_d[col] = td
            res_u[col] = tu
        if n_done == 0:
            continue
        # drop finished columns: move the survivors left in every visited row
        k = 0
        for c in range(nact):
            if done[c]:
                continue
            if k != c:
                col_id[k] = col_id[c]
                for t in range(n_cd + n_cu):
                    r = l_cand_d[t] if t < n_cd else l_cand_u[t - n_cd]
                    if t >= n_cd and cand_d[r]:
                        continue
                    # both buffers: a direction that is switched off never rewrites its rows
                    for buf in range(2):
                        hd[r, buf, k] = hd[r, buf, c]
                        hu[r, buf, k] = hu[r, buf, c]
                    psi[r, k] = psi[r, c]
            k += 1
        nact = k

    # leave the workspace as we found it: all ones, no flags
    bmax = psi.shape[1]
    for t in range(n_cd + n_cu):
        r = l_cand_d[t] if t < n_cd else l_cand_u[t - n_cd]
        for c in range(bmax):
            hd[r, 0, c] = 1.0
            hd[r, 1, c] = 1.0
            hu[r, 0, c] = 1.0
            hu[r, 1, c] = 1.0
            psi[r, c] = 1.0
        for f in range(4):
            flags[f, r] = 0
    return it


@njit(nogil=True, cache=True)
def esri_chunk(
    sources, block,
    sector, s_out, sector_out, w,
    out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
    lam_down_out, slot_out, ess_acc_ptr,
    eps, replace, max_iter,
    psi, hd, hu, lin_acc, ess_acc, flags, lists, avail,
    res_esri, res_d, res_u, res_iter, stats,
):
    """ESRI for `sources` (one scenario each, psi = 1 - e_s), `block` columns at a time;
    max_iter > 0 caps each scenario's rounds."""
    dummy = np.empty((0, 0))
    for start in range(0, sources.shape[0], block):
        stop = min(start + block, sources.shape[0])
        rows = sources[start:stop]
        for c in range(stop - start):
            psi[rows[c], c] = 0.0
        cascade(
            psi, stop - start, rows,
            sector, s_out, sector_out, w,
            out_ptr, out_buyer, lam_up, sup_ptr, sup_idx, sup_lam,
            lam_down_out, slot_out, ess_acc_ptr,
            eps, replace, 1.0, False, True, True, max_iter,
            hd, hu, lin_acc, ess_acc, flags, lists, avail,
            start, res_esri, res_d, res_u, res_iter, False, dummy, dummy, stats,
        )
