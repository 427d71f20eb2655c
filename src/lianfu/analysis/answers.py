"""The engine's answers in the product's words: which closed firms to restart
first (and which chains that unblocks), what each supplier's closure would cost
its lead firm, and when a lead firm runs short of which input."""
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from lianfu.analysis.state import NEVER, EngineState
from lianfu.supplynet.cascade import propagate
from lianfu.supplynet.daily_forecast import OWN_CAPACITY, forecast

TIGHT = 1e-9
BLOCK = 64


def _downstream(state: EngineState, capacity_columns: np.ndarray) -> np.ndarray:
    """Fixed-point downstream output for each column of own capacities."""
    return propagate(state.net, 1.0 - capacity_columns, direction="down", fixed_point=True, eps=TIGHT,
                     monotone=True).hd


@dataclass
class RestartCandidate:
    enterprise_id: int
    capacity: float
    gain_wan: float                   # other firms' output regained, 万元 a year (Network.annual_output)
    # (lead pk, share of its output regained, the same in 万元 a year)
    unblocks: list[tuple[int, float, float]] = field(default_factory=list)
    alternatives: list[int] = field(default_factory=list)             # open firms of its trade in its county


@dataclass
class LeadBelowCapacity:
    enterprise_id: int
    capacity: float                   # its own capacity now
    output: float                     # what it makes now (downstream fixed point), 0..1
    lost_wan: float                   # its output lost, 万元 a year


@dataclass
class RestartFirst:
    suppliers: list[RestartCandidate]
    leads: list[LeadBelowCapacity]


ProgressCallback = Callable[[int, int], None]


def restart_first(state: EngineState, lead_ids: list[int], candidate_ids: list[int], k: int = 20,
                  progress: ProgressCallback | None = None) -> RestartFirst:
    """Closed or partly open *suppliers* ranked by the output their restart alone
    gives back to other firms (万元 a year; the supplier's own output not
    counted), with the lead firms it moves and the open firms of its trade in
    its county that could stand in. Lead firms below capacity are listed apart:
    restarting a lead gives back its own output, which is no supplier's doing."""
    leads = sorted({state.position(pk) for pk in lead_ids if state.has(pk)})
    lead_set = set(leads)
    cands = np.array(sorted({state.position(pk) for pk in candidate_ids if state.has(pk)} - lead_set), dtype=np.int64)
    cands = cands[state.capacity[cands] < 1] if len(cands) else cands
    output = state.net.annual_output
    base = _downstream(state, state.capacity[:, None])[:, 0]
    below = [LeadBelowCapacity(int(state.net.firm_ids[j]), float(state.capacity[j]), float(base[j]),
                               float(output[j] * (1 - base[j]))) for j in leads if state.capacity[j] < 1]
    below.sort(key=lambda lead: (-lead.lost_wan, lead.enterprise_id))
    blocks = [cands[lo:lo + BLOCK] for lo in range(0, len(cands), BLOCK)]
    gains = np.zeros(len(cands))
    moved: dict[int, list[tuple[int, float]]] = {}
    for b, chunk in enumerate(blocks):
        cap = np.repeat(state.capacity[:, None], len(chunk), axis=1)
        cap[chunk, np.arange(len(chunk))] = 1.0
        h = _downstream(state, cap) - base[:, None]
        h[chunk, np.arange(len(chunk))] = 0.0            # the supplier's own output does not count
        gains[b * BLOCK:b * BLOCK + len(chunk)] = output @ np.maximum(h, 0.0)
        for col, pos in enumerate(chunk.tolist()):
            moved[pos] = sorted(((int(state.net.firm_ids[j]), float(h[j, col]), float(output[j] * h[j, col]))
                                 for j in leads if h[j, col] > 1e-6), key=lambda m: -m[1])
        if progress:
            progress(b + 1, len(blocks))
    order = np.lexsort((state.net.firm_ids[cands], -gains)) if len(cands) else np.zeros(0, dtype=np.int64)
    ranked = [RestartCandidate(int(state.net.firm_ids[cands[i]]), float(state.capacity[cands[i]]), float(gains[i]),
                               moved[int(cands[i])], _stand_ins(state, int(cands[i]), moved[int(cands[i])]))
              for i in order[:k] if gains[i] > 1e-9]
    return RestartFirst(ranked, below)


def _stand_ins(state: EngineState, pos: int, moved: list[tuple], limit: int = 3) -> list[int]:
    """Open firms of the supplier's trade in the county of the lead firms it
    moves (a supplier from elsewhere is replaced from home), largest first."""
    net = state.net
    counties = list({state.county[state.position(lead)] for lead, *_gain in moved})
    same = np.flatnonzero((net.sector == net.sector[pos]) & np.isin(state.county, counties) & (state.capacity > 0))
    same = same[same != pos]
    same = same[np.lexsort((net.firm_ids[same], -net.annual_output[same]))]
    return [int(net.firm_ids[j]) for j in same[:limit]]


def closure_impact(state: EngineState, lead_id: int, member_ids: list[int]) -> dict[int, float]:
    """Share of the lead's production lost if this one supplier stays closed
    while every other firm runs at full capacity (the fixed point)."""
    lead = state.position(lead_id)
    members = [pk for pk in member_ids if state.has(pk)]
    impact: dict[int, float] = {}
    for start in range(0, len(members), BLOCK):
        chunk = members[start:start + BLOCK]
        cap = np.ones((state.net.n, len(chunk)))
        cap[[state.position(pk) for pk in chunk], np.arange(len(chunk))] = 0.0
        h = _downstream(state, cap)
        impact.update((pk, float(1.0 - h[lead, c])) for c, pk in enumerate(chunk))
    return impact


@dataclass
class LeadForecast:
    production: list[float]      # the lead's output per day, 0..1
    first_short_day: int | None  # first day below the threshold
    short_of: str                # the input that ran out ('' when none or its own capacity)


def lead_forecast(state: EngineState, lead_id: int, horizon: int = 30, threshold: float = 0.5) -> LeadForecast:
    """Every firm at today's capacity until its planned restart, then at full."""
    t = np.arange(horizon)
    planned = np.where(np.isinf(state.planned_day), horizon + 1, state.planned_day)
    schedule = np.where(t[None, :] >= planned[:, None], 1.0, state.capacity[:, None])
    result = forecast(state.net, schedule, state.stock_days, horizon, threshold=threshold)
    lead = state.position(lead_id)
    day = int(result.first_below[lead])
    ran_out = int(result.ran_out[lead])
    item = ""
    if day >= 0 and ran_out != OWN_CAPACITY and ran_out >= 0:
        item = state.item.get((lead_id, ran_out), "") or str(ran_out)
    return LeadForecast(result.production[lead].round(4).tolist(), day if day >= 0 else None, item)


__all__ = ["NEVER", "LeadBelowCapacity", "LeadForecast", "RestartCandidate", "RestartFirst", "closure_impact",
           "lead_forecast", "restart_first"]
