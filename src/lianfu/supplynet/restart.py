"""Restart priority (docs/engine.md §6): whose restart unblocks the most production.

Uses the downstream cascade iterated to its fixed point. Each block of scenarios
carries its own baseline column and all columns of a block stop at the same
iteration, so the map's monotonicity holds exactly in floating point: restarting a
firm never lowers any output and every gain is >= 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cascade import propagate
from .network import Network


@dataclass(frozen=True)
class RestartPriority:
    candidates: np.ndarray  # firm positions, best first
    gain: np.ndarray  # Σ_j weight_j (h'_j - h_j), downstream production regained
    upstream_gain: np.ndarray  # same for upstream output (lost sales), shown beside it
    sequence: np.ndarray  # greedy restart order (positions)
    sequence_gain: np.ndarray  # marginal gain of each step of the sequence
    baseline: np.ndarray  # downstream fixed point for the current capacities


def _gains(net, capacity, planned, candidates, weights, direction, tol, block, max_iter):
    """Gain of restarting each candidate alone, and the baseline output."""
    gains = np.zeros(len(candidates))
    base = None
    for lo in range(0, len(candidates), block):
        chunk = candidates[lo:lo + block]
        cap = np.repeat(capacity[:, None], len(chunk) + 1, axis=1)
        cap[chunk, np.arange(1, len(chunk) + 1)] = planned[chunk]
        res = propagate(
            net, 1.0 - cap, direction=direction, fixed_point=True, eps=tol, max_iter=max_iter,
            monotone=True,
        )
        h = res.hd if direction == "down" else res.hu
        gains[lo:lo + block] = weights @ (h[:, 1:] - h[:, :1])
        base = h[:, 0] if base is None else base
    if base is None:
        h = propagate(net, 1.0 - capacity, direction=direction, fixed_point=True, eps=tol,
                      max_iter=max_iter, monotone=True)
        base = h.hd if direction == "down" else h.hu
    return gains, base


def restart_priority(
    net: Network,
    capacity,
    candidates=None,
    weights=None,
    k: int = 5,
    *,
    planned=None,
    tol: float = 1e-9,
    block: int = 32,
    upstream: bool = True,
    upstream_max_iter: int = 1000,
    max_iter: int = 100_000,
) -> RestartPriority:
    """Rank closed / partly open firms by the production their restart regains.

    capacity: (n,) own capacity in [0, 1] (0 closed). planned: capacity after restart
    (default 1). candidates: positions (default every firm below its planned capacity).
    weights: (n,) weights of the gain (default ESRI weights; zero outside chosen lead
    firms to restrict to them). k: length of the greedy restart sequence.
    The upstream gain has no sink in general, so its iteration is capped; `max_iter` is
    only a safety net for the downstream fixed point (a monotone iteration converges).
    Uses the monotone market rule (see `propagate(monotone=True)`).
    """
    c = np.asarray(capacity, dtype=np.float64).copy()
    plan = np.ones(net.n) if planned is None else np.broadcast_to(np.asarray(planned, float), (net.n,)).copy()
    if np.any((c < 0) | (c > 1)) or np.any((plan < 0) | (plan > 1)):
        raise ValueError("capacities must lie in [0, 1]")
    wts = net.w if weights is None else np.asarray(weights, dtype=np.float64)
    cand = np.flatnonzero(c < plan) if candidates is None else np.asarray(candidates, dtype=np.int64)
    gain, base = _gains(net, c, plan, cand, wts, "down", tol, block, max_iter)
    if upstream:
        up, _ = _gains(net, c, plan, cand, wts, "up", tol, block, upstream_max_iter)
    else:
        up = np.zeros(len(cand))
    order = np.lexsort((cand, -gain))  # best first, ties by position for determinism

    seq, seq_gain = [], []
    remaining = cand.copy()
    cur = c.copy()
    step_gain = gain
    for _ in range(min(k, len(cand))):
        best = int(np.lexsort((remaining, -step_gain))[0])
        seq.append(int(remaining[best]))
        seq_gain.append(float(step_gain[best]))
        cur[remaining[best]] = plan[remaining[best]]
        remaining = np.delete(remaining, best)
        if len(remaining) and len(seq) < k:
            step_gain, _ = _gains(net, cur, plan, remaining, wts, "down", tol, block, max_iter)
    return RestartPriority(
        candidates=cand[order],
        gain=gain[order],
        upstream_gain=up[order],
        sequence=np.array(seq, dtype=np.int64),
        sequence_gain=np.array(seq_gain),
        baseline=base,
    )
