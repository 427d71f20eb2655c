"""Scenario drills (docs/engine.md §7.1): what closing a set of firms for some days
does to the network, in the daily forecast of §7 and in 万元.

Shocked firms run at `capacity` on days [0, days), then at 1; every other firm at 1.
Output lost on day t, in 万元 (weights are 万元 a year):

    lost(t) = Σ_j annual_output_j / 365 × (1 − h_j(t))

with `Network.annual_output` (§5), the one definition of a firm's output. For each
lead firm: the first day its production falls below `threshold`, and for each of its
relevant input sectors the day that input "runs out", the first day its available
supply a[j,k](t) (stock + deliveries, in days of full use) is below one day's full need.

`protect_first` ranks the shocked firms by the output (万元 a day) their staying open
alone would save: `restart_priority` with the drill's capacities, the shocked firms as
candidates, weights annual_output / 365, downstream only. That is the steady-state
gain of §6 (the downstream cascade at its fixed point, stocks ignored), not a gain
summed over the drill's days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .daily_forecast import forecast, input_availability
from .network import Network
from .restart import restart_priority

DAYS_A_YEAR = 365
AFTER_THE_DRILL = 14  # default horizon: the drill's days and two weeks of recovery
PROTECT_FIRST = 20


@dataclass(frozen=True)
class LeadInput:
    sector: int  # input sector position
    sector_id: int  # its external label
    run_out: int | None  # first day with a[j,k](t) < 1, None if never within the horizon


@dataclass(frozen=True)
class LeadImpact:
    position: int
    first_below: int | None  # first day with h < threshold, None if never
    inputs: list[LeadInput]


@dataclass(frozen=True)
class DrillResult:
    shocked: np.ndarray  # (s,) positions of the shocked firms
    production: np.ndarray  # (n, horizon) h_j(t)
    output_lost_per_day: np.ndarray  # (horizon,) 万元
    total_lost: float  # 万元 over the horizon
    leads: list[LeadImpact]
    protect_first: np.ndarray  # positions of shocked firms, most output saved first (at most 20)
    protect_saved: np.ndarray  # 万元 a day each one's staying open alone saves (steady state)

    @property
    def horizon(self) -> int:
        return int(self.production.shape[1])


def drill(
    net: Network,
    shocked,
    *,
    days: int,
    capacity: float = 0.0,
    horizon: int | None = None,
    stock_days=None,
    default_stock_days: float = 7.0,
    leads=(),
    threshold: float = 0.5,
) -> DrillResult:
    """Run a drill; `shocked` is a bool mask (n,), `leads` positions (see module doc)."""
    mask = np.asarray(shocked, dtype=bool)
    if mask.shape != (net.n,):
        raise ValueError("shocked must be a bool mask of shape (n,)")
    if days < 0 or not 0.0 <= capacity <= 1.0:
        raise ValueError("days must be >= 0 and capacity in [0, 1]")
    horizon = days + AFTER_THE_DRILL if horizon is None else int(horizon)
    schedule = np.ones((net.n, max(horizon, 1)))
    schedule[mask, :days] = capacity
    res = forecast(net, schedule, stock_days, horizon, default_stock_days=default_stock_days, threshold=threshold)
    per_day = net.annual_output / DAYS_A_YEAR
    lost = per_day @ (1.0 - res.production)
    lead_pos = np.asarray(leads, dtype=np.int64).reshape(-1)
    avail = input_availability(net, schedule, res.production, stock_days, buyers=lead_pos,
                               default_stock_days=default_stock_days)
    impacts = []
    for j in lead_pos.tolist():
        rows = np.flatnonzero(avail.buyer == j)
        inputs = [LeadInput(int(avail.sector[r]), int(net.sector_ids[avail.sector[r]]),
                            _first(avail.available[r] < 1.0)) for r in rows]
        impacts.append(LeadImpact(j, _first(res.production[j] < threshold), inputs))
    protect, saved = _protect_first(net, mask, capacity, per_day)
    return DrillResult(np.flatnonzero(mask), res.production, lost, float(lost.sum()), impacts, protect, saved)


def _first(flags: np.ndarray) -> int | None:
    hit = np.flatnonzero(flags)
    return int(hit[0]) if hit.size else None


def _protect_first(net: Network, mask: np.ndarray, capacity: float, per_day: np.ndarray):
    """Shocked firms by the steady-state downstream output (万元 a day) their staying open alone saves."""
    candidates = np.flatnonzero(mask)
    if capacity >= 1.0 or not candidates.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    cap = np.where(mask, capacity, 1.0)
    ranked = restart_priority(net, cap, candidates=candidates, weights=per_day, k=0, upstream=False)
    return ranked.candidates[:PROTECT_FIRST], ranked.gain[:PROTECT_FIRST]
