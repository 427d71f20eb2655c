"""How long does the engine take on the county's state, as the product runs it?

On the `county` demo (reused from --var-dir, or loaded into a temporary
directory), with a survey for every firm in a chain that has not restarted
(capacity 0–60%, a planned restart in 1–10 days; written here, deterministic,
if the demo has none), times:

  1. load_state: links, surveys and restarts from the database into arrays;
  2. restart_first: every closed or partly open chain firm's gain for the 36
     lead firms (scenarios batched 32 per sweep), and the same ranking with one
     scenario per sweep (the comparator: what batching buys);
  3. closure impact of every member of the largest chain, and its lead's
     30-day forecast;
  4. the whole background run (all chains), as the task does it.

Usage: .venv/bin/python benchmarks/engine_run.py [--var-dir DIR]
"""
import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from supplier_tree import setup_django  # noqa: E402  (loads the demo when the directory is empty)


def ensure_surveys() -> int:
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lianfu.chains.models import ChainMember
    from lianfu.restart.models import EnterpriseStage, Survey

    with scopes_disabled():
        if Survey.objects.exists():
            return Survey.objects.count()
        restarted = set(EnterpriseStage.objects.filter(stage="restarted").values_list("enterprise_id", flat=True))
        members = sorted(set(ChainMember.objects.values_list("enterprise_id", flat=True)) - restarted)
        rng, today = random.Random(2020), timezone.localdate()
        Survey.objects.bulk_create([
            Survey(enterprise_id=pk, surveyed_on=today, capacity_pct=rng.choice([0, 0, 0, 20, 40, 60]),
                   headcount_total=50, headcount_on_duty=10, headcount_away=40, stock_days=rng.randint(2, 10),
                   planned_restart=today + timedelta(days=rng.randint(1, 10)))
            for pk in members], batch_size=2000)
        return len(members)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path)
    args = parser.parse_args()
    setup_django(args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-engine-")), "county")
    surveys = ensure_surveys()

    import numpy as np
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from lianfu.analysis.answers import closure_impact, lead_forecast, restart_first
    from lianfu.analysis.runs import compute, start_run
    from lianfu.analysis.state import load_state
    from lianfu.chains.models import Chain, ChainMember
    from lianfu.supplynet.restart import restart_priority

    with scopes_disabled():
        leads = list(Chain.objects.values_list("lead_id", flat=True))
        members = sorted(set(ChainMember.objects.values_list("enterprise_id", flat=True)))
        largest = Chain.objects.annotate(n=Count("members")).order_by("-n").first()
        largest_members = list(ChainMember.objects.filter(chain=largest).values_list("enterprise_id", flat=True))

    load_s, state = timed(load_state)
    load_s, state = timed(load_state)   # the second time: warm caches, as in a running worker
    closed = int((state.capacity < 1).sum())
    print(f"network: {state.net.n:,} firms, {state.net.n_edges:,} links, {state.net.n_sectors} sectors; "
          f"{surveys:,} surveys; {closed:,} firms below full capacity")
    print(f"load_state:                         {load_s:7.2f} s")
    cands = np.array([state.position(pk) for pk in members + leads
                      if state.has(pk) and state.capacity[state.position(pk)] < 1])
    rf_s, ranked = timed(lambda: restart_first(state, leads, members + leads, k=30))
    best = ranked.suppliers[0] if ranked.suppliers else None
    print(f"restart_first ({len(cands):,} chain firms below capacity, {len(leads)} leads): {rf_s:7.2f} s; "
          + (f"best supplier gives back {best.gain_wan:,.0f} 万元 a year, unblocking {len(best.unblocks)} chains; "
             if best else "no supplier holds anyone back; ")
          + f"{len(ranked.leads)} lead firms below capacity")
    weights = np.zeros(state.net.n)
    weights[[state.position(pk) for pk in leads]] = 1.0
    sample = cands[:256]
    one_s, _ = timed(lambda: restart_priority(state.net, state.capacity, candidates=sample, weights=weights, k=0,
                                              upstream=False, block=1))
    batch_s, _ = timed(lambda: restart_priority(state.net, state.capacity, candidates=sample, weights=weights,
                                                k=0, upstream=False, block=32))
    print(f"gains of 256 candidates: one scenario per sweep {one_s:6.2f} s, 32 per sweep {batch_s:6.2f} s "
          f"→ batching {one_s / batch_s:5.1f}×")
    imp_s, impact = timed(lambda: closure_impact(state, largest.lead_id, largest_members))
    fc_s, fc = timed(lambda: lead_forecast(state, largest.lead_id))
    worst = max(impact.values()) if impact else 0.0
    print(f"largest chain: closure impact of {len(largest_members):,} members {imp_s:6.2f} s "
          f"(largest single loss {100 * worst:.1f}%); 30-day forecast {fc_s:5.2f} s "
          f"(first short day {fc.first_short_day}, short of {fc.short_of!r})")
    run, _created = start_run(None)
    all_s, results = timed(lambda: compute(run))
    print(f"whole background run ({len(results['chains'])} chains): {all_s:7.2f} s")


if __name__ == "__main__":
    main()
