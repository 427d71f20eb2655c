"""Running the engine on the current state, in the background, cached per state.

The state key changes whenever anything the engine reads changes: links
(count and latest edit), surveys, restart confirmations, and the day (plans
are counted in days from today). A run for the current key is reused."""
import hashlib
import logging
import time

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.analysis.answers import closure_impact, lead_forecast, restart_first
from lianfu.analysis.models import EngineRun
from lianfu.analysis.state import load_state
from lianfu.chains.models import Chain, ChainMember, SupplyLink
from lianfu.common.enums import JobStatus
from lianfu.restart.models import RestartConfirmation, Survey

logger = logging.getLogger(__name__)
RESTART_FIRST = 30
HORIZON = 30


def state_key() -> str:
    with scopes_disabled():
        links = SupplyLink.objects.aggregate(n=Count("id"), at=Max("updated_at"))
        surveys = Survey.objects.aggregate(n=Count("id"), last=Max("id"))
        restarts = RestartConfirmation.objects.aggregate(n=Count("enterprise_id"), at=Max("created_at"))
    parts = [timezone.localdate(), links["n"], links["at"], surveys["n"], surveys["last"], restarts["n"],
             restarts["at"]]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def current_run() -> tuple[EngineRun | None, bool]:
    """The newest run (finished or not) and whether it is for the current state."""
    run = EngineRun.objects.first()
    return run, run is not None and run.state_key == state_key()


def start_run(user) -> tuple[EngineRun, bool]:
    """A run for the current state: the existing one, or a new queued one (True)."""
    key = state_key()
    existing = EngineRun.objects.filter(state_key=key).exclude(status=JobStatus.FAILED).first()
    if existing is not None:
        return existing, False
    return EngineRun.objects.create(state_key=key, created_by=user), True


def _progress(run: EngineRun, step: str, done: int, total: int) -> None:
    EngineRun.objects.filter(pk=run.pk).update(step=step, done=done, total=total)


def compute(run: EngineRun) -> dict:
    state = load_state()
    with scopes_disabled():
        chains = list(Chain.objects.order_by("pk").values_list("pk", "lead_id"))
        members: dict[int, list[int]] = {}
        for chain_id, pk in ChainMember.objects.order_by("chain_id", "tier", "enterprise_id").values_list(
                "chain_id", "enterprise_id"):
            members.setdefault(chain_id, []).append(pk)
    leads = [lead for _chain, lead in chains]
    candidates = sorted({pk for ids in members.values() for pk in ids} | set(leads))
    # Steps: each block of restart scenarios, then each chain; the page shows
    # steps done of all steps and the time left at the pace so far.
    blocks = [1]

    def ranked_so_far(done: int, total: int) -> None:
        blocks[0] = total
        _progress(run, "restart_first", done, total + len(chains))

    ranked = restart_first(state, leads, candidates, k=RESTART_FIRST, progress=ranked_so_far)
    out = {"today": str(state.today), "firms": state.net.n, "links": state.net.n_edges,
           "restart_first": [{"enterprise": c.enterprise_id, "capacity": c.capacity, "gain_wan": c.gain_wan,
                              "unblocks": c.unblocks, "alternatives": c.alternatives} for c in ranked.suppliers],
           "leads_below": [{"enterprise": lead.enterprise_id, "capacity": lead.capacity, "output": lead.output,
                            "lost_wan": lead.lost_wan} for lead in ranked.leads],
           "chains": {}}
    for done, (chain_id, lead) in enumerate(chains, start=1):
        if state.has(lead):
            forecast = lead_forecast(state, lead, HORIZON)
            out["chains"][str(lead)] = {
                "impact": {str(pk): round(v, 6) for pk, v in
                           closure_impact(state, lead, members.get(chain_id, [])).items()},
                "forecast": {"production": forecast.production, "first_short_day": forecast.first_short_day,
                             "short_of": forecast.short_of},
            }
        _progress(run, "chains", blocks[0] + done, blocks[0] + len(chains))
    return out


def run_engine(run: EngineRun) -> EngineRun:
    EngineRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, started_at=timezone.now())
    started = time.perf_counter()
    try:
        results = compute(run)
    except Exception:
        # The page must stop polling and say so; the cause goes to the log.
        logger.exception("engine run %s failed", run.pk)
        run.status, run.error = JobStatus.FAILED, _("The computation stopped on an unexpected error.")
    else:
        results["seconds"] = round(time.perf_counter() - started, 2)
        run.status, run.results = JobStatus.DONE, results
    run.finished_at = timezone.now()
    run.done = run.total = 1
    run.save(update_fields=["status", "results", "error", "finished_at", "done", "total"])
    return run


_state_cache: dict[str, object] = {}


def current_state():
    """The state's arrays, read once per state per process: each "alternatives"
    click needs them, and reading 300,000 links takes about two seconds."""
    key = state_key()
    if key not in _state_cache:
        _state_cache.clear()
        _state_cache[key] = load_state()
    return _state_cache[key]
