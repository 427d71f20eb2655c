"""Small pieces shared by the cascade kernels (`_kernels`, `_esri_kernel`, `_parallel_sweep`).

All are serial `@njit(inline="always")` helpers: numba pastes them into the caller's
IR before compiling it, so the generated code is the same as if they were written out
in place (same operations, same order: results stay bit-identical), and they can be
used inside `prange` loops. None of them is parallel, so the cached serial kernels may
call them (see `_esri_kernel`: a cached function must not link parallel kernels).
"""

from numba import njit

# rows of the kernels' `flags` (n_rows, n) and `lists` (n_rows, n) workspaces; the last
# two lists collect the rows that became live during a sweep
LIVE_D, LIVE_U, CAND_D, CAND_U = 0, 1, 2, 3
PEND_D, PEND_U = 4, 5


# --- row lists (flag array + list of the flagged rows) -------------------------------

@njit(nogil=True, cache=True, inline="always")
def _add(r, flag, lst, count):
    if flag[r] == 0:
        flag[r] = 1
        lst[count] = r
        count += 1
    return count


@njit(nogil=True, cache=True, inline="always")
def _add_neighbours(r, ptr, idx, flag, lst, count):
    for e in range(ptr[r], ptr[r + 1]):
        count = _add(idx[e], flag, lst, count)
    return count


@njit(nogil=True, cache=True)
def in_index_order(flag, lst, count):
    """Rewrite a large row list in index order (same set): once the cascade has spread
    over a good part of the network, visiting rows in order streams the CSR arrays
    instead of jumping around them."""
    n = flag.shape[0]
    if count * 16 < n:
        return
    k = 0
    for r in range(n):
        if flag[r]:
            lst[k] = r
            k += 1


@njit(nogil=True, cache=True, inline="always")
def make_live(r, live, l_live, n_live, cand, l_cand, n_cand, ptr, idx):
    """One direction: row r becomes live and its neighbours (ptr/idx CSR) candidates.
    Returns the new (n_live, n_cand)."""
    n_live = _add(r, live, l_live, n_live)
    n_cand = _add_neighbours(r, ptr, idx, cand, l_cand, n_cand)
    return n_live, n_cand


@njit(nogil=True, cache=True, inline="always")
def seed(r, on, live, l_live, n_live, cand, l_cand, n_cand, ptr, idx):
    """One direction, shocked row r: always a candidate; if the direction is on, also
    live (its neighbours candidates). Returns the new (n_live, n_cand)."""
    n_cand = _add(r, cand, l_cand, n_cand)
    if on:
        n_live, n_cand = make_live(r, live, l_live, n_live, cand, l_cand, n_cand, ptr, idx)
    return n_live, n_cand


@njit(nogil=True, cache=True, inline="always")
def lists_in_index_order(live, l_live, n_live, cand, l_cand, n_cand):
    """One direction: `in_index_order` on its live and candidate lists."""
    in_index_order(live, l_live, n_live)
    in_index_order(cand, l_cand, n_cand)


@njit(nogil=True, cache=True, inline="always")
def widen(pend, n_pend, live, l_live, n_live, cand, l_cand, n_cand, ptr, idx):
    """One direction, between sweeps: the rows that became live (pend[:n_pend]) join the
    live list and their neighbours the candidates; lists that grew are re-sorted.
    Returns the new (n_live, n_cand)."""
    for t in range(n_pend):
        n_live, n_cand = make_live(pend[t], live, l_live, n_live, cand, l_cand, n_cand,
                                   ptr, idx)
    if n_pend:
        lists_in_index_order(live, l_live, n_live, cand, l_cand, n_cand)
    return n_live, n_cand


@njit(nogil=True, cache=True, inline="always")
def start_lists(shock_rows, do_down, do_up, flags, lists, out_ptr, out_buyer, sup_ptr,
                sup_idx):
    """Empty lists -> the shocked rows' lists (each direction: shocked rows candidates,
    and if the direction is on, live with their neighbours candidates), large ones in
    index order. Returns (n_live_d, n_cand_d, n_live_u, n_cand_u)."""
    n_ld = n_cd = n_lu = n_cu = 0
    for k in range(shock_rows.shape[0]):
        r = shock_rows[k]
        n_ld, n_cd = seed(r, do_down, flags[LIVE_D], lists[LIVE_D], n_ld,
                          flags[CAND_D], lists[CAND_D], n_cd, out_ptr, out_buyer)
        n_lu, n_cu = seed(r, do_up, flags[LIVE_U], lists[LIVE_U], n_lu,
                          flags[CAND_U], lists[CAND_U], n_cu, sup_ptr, sup_idx)
    lists_in_index_order(flags[LIVE_D], lists[LIVE_D], n_ld, flags[CAND_D], lists[CAND_D], n_cd)
    lists_in_index_order(flags[LIVE_U], lists[LIVE_U], n_lu, flags[CAND_U], lists[CAND_U], n_cu)
    return n_ld, n_cd, n_lu, n_cu


@njit(nogil=True, cache=True, inline="always")
def widen_lists(n_pd, n_pu, flags, lists, n_ld, n_cd, n_lu, n_cu, out_ptr, out_buyer,
                sup_ptr, sup_idx):
    """`widen` both directions with their pending rows (lists[PEND_D][:n_pd], ...).
    Returns the new (n_live_d, n_cand_d, n_live_u, n_cand_u)."""
    n_ld, n_cd = widen(lists[PEND_D], n_pd, flags[LIVE_D], lists[LIVE_D], n_ld,
                       flags[CAND_D], lists[CAND_D], n_cd, out_ptr, out_buyer)
    n_lu, n_cu = widen(lists[PEND_U], n_pu, flags[LIVE_U], lists[LIVE_U], n_lu,
                       flags[CAND_U], lists[CAND_U], n_cu, sup_ptr, sup_idx)
    return n_ld, n_cd, n_lu, n_cu


# --- row updates ---------------------------------------------------------------------

@njit(nogil=True, cache=True, inline="always")
def clamp(v, cap):
    """min(v, cap) floored at 0, as the reference writes it (cap first, then 0)."""
    if cap < v:
        v = cap
    if v < 0.0:
        v = 0.0
    return v


@njit(nogil=True, cache=True, inline="always")
def settle(h, j, old, new, v, cap, worst):
    """One-column state h (n, 2): h[j, new] = clamp(v, cap); returns (that value, the
    largest one-step decrease so far, given the previous one as `worst`)."""
    v = clamp(v, cap)
    h[j, new] = v
    dec = h[j, old] - v
    if dec > worst:
        worst = dec
    return v, worst


@njit(nogil=True, cache=True, inline="always")
def settle_col(h, j, old, new, c, v, cap, delta):
    """Block state h (n, 2, B), column c: h[j, new, c] = clamp(v, cap), delta[c] raised
    to the one-step decrease; returns the new value."""
    v = clamp(v, cap)
    h[j, new, c] = v
    dec = h[j, old, c] - v
    if dec > delta[c]:
        delta[c] = dec
    return v


@njit(nogil=True, cache=True, inline="always")
def supplier_loss(r, hd, old, sector, s_out, avail, empty_market, replace):
    """One column: the loss live supplier r passes on downstream, σ_r (1 - hd_r), with
    σ_r = min(s_out_r / A_q, 1) under replaceability (A_q <= 1e-10 -> empty_market)."""
    x = 1.0 - hd[r, old]
    if replace:
        a = avail[sector[r]]
        if a <= 1e-10:
            a = empty_market
        sg = s_out[r] / a
        x *= sg if sg < 1.0 else 1.0
    return x


@njit(nogil=True, cache=True, inline="always")
def ess_floor(j, v, ess_acc, ess_acc_ptr):
    """One column: min of v and 1 - (each essential-group accumulator of buyer j),
    resetting those accumulators to 0."""
    for g in range(ess_acc_ptr[j], ess_acc_ptr[j + 1]):
        ve = 1.0 - ess_acc[g]
        ess_acc[g] = 0.0
        if ve < v:
            v = ve
    return v


@njit(nogil=True, cache=True, inline="always")
def buyer_losses(i, out_ptr, out_buyer, lam_up, live_u, hu, old):
    """One column: Σ Λu (1 - hu_j) over the live buyers j of supplier i (out-CSR order)."""
    acc = 0.0
    for e in range(out_ptr[i], out_ptr[i + 1]):
        j = out_buyer[e]
        # the 1-byte flag is far more likely cached than the value
        if live_u[j]:
            acc += lam_up[e] * (1.0 - hu[j, old])
    return acc
