"""The engine's answers in the product's words: which closed firms to restart
first (and which chains that unblocks), what each supplier's closure would cost
its lead firm, and when a lead firm runs short of which input."""
from dataclasses import dataclass, field

import numpy as np

from lianfu.analysis.state import NEVER, EngineState
from lianfu.supplynet.cascade import propagate
from lianfu.supplynet.daily_forecast import OWN_CAPACITY, forecast
from lianfu.supplynet.restart import restart_priority

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
    gain: float                       # lead firms' output regained, in lead-firm equivalents
    unblocks: list[tuple[int, float]] = field(default_factory=list)   # (lead pk, output regained)


def restart_first(state: EngineState, lead_ids: list[int], candidate_ids: list[int], k: int = 20
                  ) -> list[RestartCandidate]:
    """Closed or partly open candidates ranked by the lead firms' production
    their restart alone regains (each lead weighs 1), with the leads it moves."""
    leads = [state.position(pk) for pk in lead_ids if state.has(pk)]
    cands = np.array([state.position(pk) for pk in candidate_ids
                      if state.has(pk) and state.capacity[state.position(pk)] < 1], dtype=np.int64)
    if not leads or not len(cands):
        return []
    weights = np.zeros(state.net.n)
    weights[leads] = 1.0
    ranked = restart_priority(state.net, state.capacity, candidates=cands, weights=weights, k=0,
                              upstream=False)
    top = ranked.candidates[:k]      # best first
    cap = np.repeat(state.capacity[:, None], len(top) + 1, axis=1)
    cap[top, np.arange(1, len(top) + 1)] = 1.0
    h = _downstream(state, cap)
    out = []
    for col, pos in enumerate(top.tolist(), start=1):
        moved = [(int(state.net.firm_ids[j]), float(h[j, col] - h[j, 0])) for j in leads
                 if h[j, col] - h[j, 0] > 1e-6]
        out.append(RestartCandidate(int(state.net.firm_ids[pos]), float(state.capacity[pos]),
                                    float(ranked.gain[col - 1]), sorted(moved, key=lambda m: -m[1])))
    return out


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


__all__ = ["NEVER", "LeadForecast", "RestartCandidate", "closure_impact", "lead_forecast", "restart_first"]
