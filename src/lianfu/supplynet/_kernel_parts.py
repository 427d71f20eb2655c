"""Small pieces shared by the cascade kernels (`_kernels`, `_esri_kernel`, `_parallel_sweep`).

All are serial `@njit(inline="always")` helpers: numba pastes them into the caller's
IR before compiling it, so the generated code is the same as if they were written out
in place (same operations, same order: results stay bit-identical), and they can be
used inside `prange` loops. None of them is parallel, so the cached serial kernels may
call them (see `_esri_kernel`: a cached function must not link parallel kernels).
"""

import numpy as np
from numba import njit

# rows of the kernels' `flags` (4, n) and `lists` (7, n) workspaces; PEND_* collect the
# rows that became live during a sweep, MERGE is scratch for keeping lists sorted
LIVE_D, LIVE_U, CAND_D, CAND_U = 0, 1, 2, 3
PEND_D, PEND_U = 4, 5
MERGE = 6
LIST_ROWS = 7
# A comparison of the sort costs about this many reads of a flag in the
# branch-free scan (measured on benchmarks/esri.py --tier H, cycle counter).
SORT_COST = 8


# --- row lists (flag array + list of the flagged rows) -------------------------------

@njit(nogil=True, cache=True, inline="always")
def _add(r, flag, lst, count):
    # branch-free: the flag of a neighbour is a coin toss to the branch predictor;
    # write the row anyway and count it only when it was not listed yet
    lst[count] = r
    count += 1 - flag[r]
    flag[r] = 1
    return count


@njit(nogil=True, cache=True, inline="always")
def _add_neighbours(r, ptr, idx, flag, lst, count):
    for e in range(ptr[r], ptr[r + 1]):
        count = _add(idx[e], flag, lst, count)
    return count


@njit(nogil=True, cache=True)
def keep_sorted(flag, lst, old, count, buf):
    """Every row list is kept in index order: rows visited in order stream the CSR
    arrays, and sums pushed in row order are the sums a pull makes (the parallel
    sweep and the upstream push rely on it). lst[:old] is sorted; lst[old:count] was
    just appended. Sort the new part and merge (old + new log new comparisons, each
    about SORT_COST flag reads), or, when that costs more than reading every flag
    once, rewrite the list from the flags (n)."""
    if count == old:
        return
    n = flag.shape[0]
    new = count - old
    if new * (1 + int(np.log2(new))) * SORT_COST + count >= n:
        k = 0
        for r in range(n):   # branch-free: a flag is a coin toss to the predictor
            lst[k] = r
            k += flag[r]
        return
    lst[old:count].sort()
    if old == 0 or lst[old - 1] < lst[old]:
        return
    a, b, k = 0, old, 0
    while a < old and b < count:
        if lst[a] < lst[b]:
            buf[k] = lst[a]
            a += 1
        else:
            buf[k] = lst[b]
            b += 1
        k += 1
    while a < old:
        buf[k] = lst[a]
        a += 1
        k += 1
    # what is left of the new part is in place already
    lst[:k] = buf[:k]


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
def widen(pend, n_pend, live, l_live, n_live, cand, l_cand, n_cand, ptr, idx, buf):
    """One direction, between sweeps: the rows that became live (pend[:n_pend]) join the
    live list and their neighbours the candidates; both lists stay in index order.
    Returns the new (n_live, n_cand)."""
    old_live, old_cand = n_live, n_cand
    for t in range(n_pend):
        n_live, n_cand = make_live(pend[t], live, l_live, n_live, cand, l_cand, n_cand,
                                   ptr, idx)
    keep_sorted(live, l_live, old_live, n_live, buf)
    keep_sorted(cand, l_cand, old_cand, n_cand, buf)
    return n_live, n_cand


@njit(nogil=True, cache=True, inline="always")
def start_lists(shock_rows, do_down, do_up, flags, lists, out_ptr, out_buyer, sup_ptr,
                sup_idx):
    """Empty lists -> the shocked rows' lists (each direction: shocked rows candidates,
    and if the direction is on, live with their neighbours candidates), in index
    order. Returns (n_live_d, n_cand_d, n_live_u, n_cand_u)."""
    n_ld = n_cd = n_lu = n_cu = 0
    for k in range(shock_rows.shape[0]):
        r = shock_rows[k]
        n_ld, n_cd = seed(r, do_down, flags[LIVE_D], lists[LIVE_D], n_ld,
                          flags[CAND_D], lists[CAND_D], n_cd, out_ptr, out_buyer)
        n_lu, n_cu = seed(r, do_up, flags[LIVE_U], lists[LIVE_U], n_lu,
                          flags[CAND_U], lists[CAND_U], n_cu, sup_ptr, sup_idx)
    for d in (LIVE_D, CAND_D, LIVE_U, CAND_U):
        keep_sorted(flags[d], lists[d], 0, (n_ld, n_lu, n_cd, n_cu)[d], lists[MERGE])
    return n_ld, n_cd, n_lu, n_cu


@njit(nogil=True, cache=True, inline="always")
def widen_lists(n_pd, n_pu, flags, lists, n_ld, n_cd, n_lu, n_cu, out_ptr, out_buyer,
                sup_ptr, sup_idx):
    """`widen` both directions with their pending rows (lists[PEND_D][:n_pd], ...).
    Returns the new (n_live_d, n_cand_d, n_live_u, n_cand_u)."""
    n_ld, n_cd = widen(lists[PEND_D], n_pd, flags[LIVE_D], lists[LIVE_D], n_ld,
                       flags[CAND_D], lists[CAND_D], n_cd, out_ptr, out_buyer, lists[MERGE])
    n_lu, n_cu = widen(lists[PEND_U], n_pu, flags[LIVE_U], lists[LIVE_U], n_lu,
                       flags[CAND_U], lists[CAND_U], n_cu, sup_ptr, sup_idx, lists[MERGE])
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
