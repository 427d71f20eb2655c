"""Propagation of a shock and the Economic Systemic Risk Index (Diem et al. 2022).

The full specification, with notation, is docs/engine.md §4-§5. In short, with
W[i,j] what supplier i sells to buyer j, p(i) the sector of i, c = 1 - psi each
firm's own remaining capacity, and hd(0) = hu(0) = c:

  Λd[i,j] = W[i,j] / Π0[j,p(i)] (essential input), W[i,j] / s_in[j] (linear), 0 (irrelevant)
  Λu[i,j] = W[i,j] / s_out[i]
  σ[i](t) = min(1, s_out[i] / A_p(i)(t)),  A_q(t) = Σ_{l in q} hd[l](t) s_out[l]
            (A_q <= 1e-10 counts as 1; σ ≡ 1 without replaceability)
  D[j,k](t) = Σ_{i in sector k} Λd[i,j] σ[i](t) (1 - hd[i](t))

Update rule: every firm at once from round t (Jacobi), the two cascades never mixing:

  hd[j](t+1) = max(0, min(c[j], min_{k essential} (1 - D[j,k](t)), 1 - Σ_{k linear} D[j,k](t)))
  hu[i](t+1) = max(0, min(c[i], 1 - Σ_j Λu[i,j] (1 - hu[j](t))))

Stopping rule: after round T = t+1, δ = the largest one-step *decrease* of any firm,
downstream or upstream (max_i max(hd[i](t) - hd[i](T), hu[i](t) - hu[i](T))). If
δ > eps, iterate again; otherwise stop and keep h(T), the round just computed.
`propagate` has no cap on rounds unless `max_iter` > 0; `esri` caps each scenario at
MAX_ROUNDS by default, because the published market rule can cycle for ever
(docs/engine.md §4.5). `fixed_point=True` stops a block of columns
together, when every column's δ <= eps.

ESRI[s] = Σ_j w[j] (1 - min(hd[j](T), hu[j](T))), w = s_out / Σ s_out, for the scenario
where s alone closes (c[s] = 0).

`propagate` runs `_kernels.cascade` on a block of scenario columns; full ESRI runs the
one-scenario kernel `_esri_kernel.esri_sources` (or, with block > 1, column blocks)
over chunks of firms on a thread pool: the kernels release the GIL, so the threads use
all cores. Results match the authors' own implementation to 1e-12 with the same round
counts (tests/supplynet/reference/).
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable, Optional

import numba
import numpy as np

from . import _esri_kernel, _kernels
from . import _parallel_sweep as _par
from ._cycles import PHASES
from ._kernel_parts import LIST_ROWS
from .daily_forecast import _PARALLEL_LAUNCH
from .network import Network

ProgressCallback = Callable[[int, int], None]  # (scenarios done, total)

# esri's default cap on one scenario's rounds. With replaceability, a market that
# collapses completely counts as A_q = 1 (the published rule), passes on less loss,
# and revives its buyers' suppliers the next round: a two-round cycle whose decrease
# exceeds eps every other round never stops by the rule. The authors' reference
# files need at most 43 rounds; 1,000 leaves every real cascade alone.
MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Propagation:
    hd: np.ndarray  # downstream relative production, (n,) or (n, k)
    hu: np.ndarray  # upstream relative production
    iterations: np.ndarray  # per column
    esri: np.ndarray  # Σ w (1 - min(hd, hu)) per column
    esri_d: np.ndarray
    esri_u: np.ndarray

    @property
    def h(self) -> np.ndarray:
        return np.minimum(self.hd, self.hu)


@dataclass(frozen=True)
class EsriResult:
    sources: np.ndarray  # firm positions
    esri: np.ndarray
    esri_d: np.ndarray
    esri_u: np.ndarray
    iterations: np.ndarray
    stats: np.ndarray  # [down links pushed, up links pushed, column-sweeps, rows visited, cycles per phase…]
    max_iter: int = 0  # the cap on rounds the run used (0: none)

    @property
    def phase_cycles(self) -> dict[str, int]:
        """CPU cycles per phase of the rounds (all threads), for a run with profile=True."""
        return dict(zip(PHASES, self.stats[4:].tolist()))

    @property
    def capped(self) -> np.ndarray:
        """Positions (into `sources`) of the scenarios stopped by the cap, not by the rule."""
        if self.max_iter <= 0:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.iterations >= self.max_iter)


class _Workspace:
    """Scratch state for one block of up to `bmax` columns (all ones between runs)."""

    def __init__(self, n: int, m: int, n_ess_groups: int, bmax: int):
        self.bmax = bmax
        self.psi = np.ones((n, bmax))
        self.hd = np.ones((n, 2, bmax))
        self.hu = np.ones((n, 2, bmax))
        self.lin_acc = np.zeros((n, bmax))
        self.ess_acc = np.zeros((max(n_ess_groups, 1), bmax))
        self.flags = np.zeros((4, n), dtype=np.uint8)
        # n + 1: a list of all n rows still has room for the branch-free append's write
        self.lists = np.zeros((LIST_ROWS, n + 1), dtype=np.int32)
        self.avail = np.zeros((max(m, 1), bmax))
        # [down links pushed, up links pushed, column-sweeps, rows visited, then the
        # cycles of each phase of `_cycles.PHASES` when profiled]
        self.stats = np.zeros(4 + len(PHASES), dtype=np.int64)

    def args(self):
        return (self.hd, self.hu, self.lin_acc, self.ess_acc, self.flags, self.lists, self.avail)


def _net_args(net: Network):
    return (
        net.sector, net.s_out, net.sector_out, net.w,
        net.out_ptr, net.out_buyer, net.lam_up, net.sup_ptr, net.sup_idx, net.sup_lam,
        net.lam_down_out, net.slot_out, net.ess_acc_ptr,
    )


def _workspace(net: Network, bmax: int) -> "_Workspace":
    return _Workspace(net.n, net.n_sectors, int(net.ess_acc_ptr[-1]), bmax)


class _ScalarWorkspace(_Workspace):
    """Same scratch state for the one-column ESRI kernel: (n, 2) old/new pairs."""

    def __init__(self, net: Network):
        super().__init__(net.n, net.n_sectors, int(net.ess_acc_ptr[-1]), 1)
        self.hd = np.ones((net.n, 2))
        self.hu = np.ones((net.n, 2))
        self.lin_acc = np.zeros(net.n)
        self.up_acc = np.zeros(net.n)   # upstream losses pushed to each supplier (zeros between runs)
        self.psi = np.ones(net.n)
        self.ess_acc = self.ess_acc[:, 0].copy()
        self.avail = self.avail[:, 0].copy()

    def args(self):
        return (*super().args(), self.up_acc)


def propagate(
    net: Network,
    psi,
    *,
    eps: float = 0.01,
    replaceability: bool = True,
    direction: str = "both",
    fixed_point: bool = False,
    max_iter: int = 0,
    weights: Optional[np.ndarray] = None,
    monotone: bool = False,
) -> Propagation:
    """Cascade from initial shock(s) `psi`: (n,) or (n, k), the share of each firm's own
    production lost (docs/engine.md's psi: 0 unaffected, 1 closed; the reference README
    in tests/supplynet/reference/ calls 1 minus this psi). Columns are independent scenarios.

    Default: the reference's rule, each column stopping on its own. `fixed_point=True`
    iterates all columns together until every column's largest change is <= eps (pass a
    tight eps such as 1e-9): equal iteration counts keep the result exactly monotone in
    the shock. `direction` is "both", "down" or "up"; `max_iter` > 0 caps the rounds.

    The reference sets a market's capacity A_q to 1 once it falls below 1e-10, which can
    make a fully collapsed market *less* damaging than an almost collapsed one (when
    sizes are below 1). `monotone=True` uses sigma = 1 there instead (the limit of
    min(1, s_out / A_q)), so outputs never fall when the shock shrinks.
    """
    empty_market = 1e-300 if monotone else 1.0
    shock = np.asarray(psi, dtype=np.float64)
    single = shock.ndim == 1
    if shock.shape[0] != net.n or shock.ndim > 2:
        raise ValueError("psi must have shape (n,) or (n, k)")
    if np.any(shock < 0) or np.any(shock > 1):
        raise ValueError("psi must lie in [0, 1]")
    if direction not in ("both", "down", "up"):
        raise ValueError("direction must be both, down or up")
    psi2 = 1.0 - shock.reshape(net.n, -1)  # remaining own capacity, as the kernel wants
    k = psi2.shape[1]
    w = net.w if weights is None else np.asarray(weights, dtype=np.float64)
    args = list(_net_args(net))
    args[3] = w
    if k == 1:
        return _propagate_one(net, psi2[:, 0], single, args, eps, replaceability, empty_market,
                              direction, max_iter)
    ws = _workspace(net, max(k, 1))
    ws.psi[:, :k] = psi2
    shock_rows = np.flatnonzero((psi2 < 1.0).any(axis=1)).astype(np.int32)
    out_hd = np.ones((net.n, k))
    out_hu = np.ones((net.n, k))
    res = [np.zeros(k) for _ in range(3)]
    iters = np.zeros(k, dtype=np.int64)
    stats = np.zeros(4, dtype=np.int64)
    _kernels.cascade(
        ws.psi, k, shock_rows, *args,
        float(eps), bool(replaceability), float(empty_market), bool(fixed_point),
        direction != "up", direction != "down", int(max_iter),
        *ws.args(), 0, res[0], res[1], res[2], iters, True, out_hd, out_hu, stats,
    )
    if single:
        out_hd, out_hu = out_hd[:, 0], out_hu[:, 0]
    return Propagation(out_hd, out_hu, iters, *res)


def parallel_args(net: Network, parallel: Optional[bool] = None) -> tuple:
    """cascade1's trailing (par, x, d_ptr, d_sup, d_lam, d_slot): on for networks of at
    least `_parallel_sweep.MIN_FIRMS` firms when numba has more than one thread."""
    if parallel is None:
        parallel = net.n >= _par.MIN_FIRMS and numba.get_num_threads() > 1
    if not parallel:
        return (False, np.empty(0), *_par.empty_pull())
    return (True, np.zeros(net.n), *_par.pull_arrays(net))


def _propagate_one(net, capacity, single, args, eps, replaceability, empty_market, direction, max_iter):
    """One column: the scalar kernel (with one column, stopping together is the same rule);
    its sweeps use all cores once the cascade covers a good part of a large network."""
    ws = _ScalarWorkspace(net)
    ws.psi[:] = capacity
    shock_rows = np.flatnonzero(capacity < 1.0).astype(np.int32)
    out_hd = np.ones(net.n)
    out_hu = np.ones(net.n)
    par = parallel_args(net)
    # numba's workqueue layer aborts if two threads launch parallel loops at once
    with _PARALLEL_LAUNCH if par[0] else contextlib.nullcontext():
        kernel = _esri_kernel.cascade1_par if par[0] else _esri_kernel.cascade1
        it, tot, td, tu = kernel(
            ws.psi, shock_rows, *args, float(eps), bool(replaceability), float(empty_market),
            direction != "up", direction != "down", int(max_iter),
            *ws.args(), ws.stats, True, out_hd, out_hu, *par,
        )
    if not single:
        out_hd, out_hu = out_hd[:, None], out_hu[:, None]
    return Propagation(out_hd, out_hu, np.array([it]), np.array([tot]), np.array([td]), np.array([tu]))


def esri(
    net: Network,
    sources=None,
    *,
    eps: float = 0.01,
    replaceability: bool = True,
    block: int = 1,
    threads: Optional[int] = None,
    chunk: int = 256,
    progress: Optional[ProgressCallback] = None,
    max_iter: int = MAX_ROUNDS,
    profile: bool = False,
) -> EsriResult:
    """ESRI of each firm in `sources` (positions; default all): scenario psi = 1 - e_s.

    Scenarios run `block` at a time as columns of one cascade (1, the default, uses the
    scalar kernel: fastest on large sparse networks), in chunks of `chunk`
    scenarios spread over `threads` workers; `progress(done, total)` is called from
    the calling thread after each chunk. Each scenario stops by the rule of
    docs/engine.md §4.5 or after `max_iter` rounds (0: no cap; `capped` lists those).
    `profile=True` (block 1) counts the CPU cycles of each phase of the rounds
    (`EsriResult.phase_cycles`), with a copy of the kernel that reads the cycle counter.
    """
    src = np.arange(net.n) if sources is None else np.asarray(sources, dtype=np.int64)
    if src.size and (src.min() < 0 or src.max() >= net.n):
        raise ValueError("sources must be firm positions 0..n-1")
    if block < 1:
        raise ValueError("block must be >= 1")
    src = src.astype(np.int32)
    total = src.shape[0]
    out = [np.zeros(total) for _ in range(3)]
    iters = np.zeros(total, dtype=np.int64)
    threads = threads or min(os.cpu_count() or 1, max(1, -(-total // chunk)))
    local = threading.local()
    spaces: list[_Workspace] = []
    nargs = _net_args(net)

    def run(lo: int, hi: int) -> int:
        ws = getattr(local, "ws", None)
        if ws is None:
            ws = local.ws = _ScalarWorkspace(net) if block == 1 else _workspace(net, block)
            spaces.append(ws)  # list.append is atomic under the GIL
        if block == 1:
            kernel = _esri_kernel.esri_sources_profiled if profile else _esri_kernel.esri_sources
            kernel(
                src[lo:hi], *nargs, float(eps), bool(replaceability), int(max_iter), ws.psi, *ws.args(),
                out[0][lo:hi], out[1][lo:hi], out[2][lo:hi], iters[lo:hi], ws.stats,
            )
            return hi - lo
        _kernels.esri_chunk(
            src[lo:hi], block, *nargs, float(eps), bool(replaceability), int(max_iter),
            ws.psi, *ws.args(),
            out[0][lo:hi], out[1][lo:hi], out[2][lo:hi], iters[lo:hi], ws.stats,
        )
        return hi - lo

    spans = [(lo, min(lo + chunk, total)) for lo in range(0, total, chunk)]
    done = 0
    if progress:
        progress(0, total)
    if threads <= 1:
        for lo, hi in spans:
            done += run(lo, hi)
            if progress:
                progress(done, total)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for fut in as_completed([pool.submit(run, lo, hi) for lo, hi in spans]):
                done += fut.result()
                if progress:
                    progress(done, total)
    stats = sum((ws.stats for ws in spaces), np.zeros(4 + len(PHASES), dtype=np.int64))
    return EsriResult(src.astype(np.int64), out[0], out[1], out[2], iters, stats, int(max_iter))
