"""How fast are the county overview, the officer's home, the figures and the daily report?

Loads the `county` demo like benchmarks/supplier_tree.py (or reuses --var-dir,
running `migrate` first), then times, best of --repeat, as the demo's county
officer:

  1. GET /overview/ through Django's full request stack (test Client: server
     time), cold (the figures cache cleared before each run) and warm (the
     cached figures, LIANFU_OVERVIEW_CACHE_SECONDS); bar 300 ms;
  2. GET / (the officer's home: the overview's headline and blocks), the same;
  3. dashboard/metrics.figures_on(today, county prefix) against the comparator,
     in the same process on the same data: the same headline totals computed
     naively, with queries per firm (its restart confirmation, its latest survey,
     its on-duty evidence, its tickets; per chain it leads, its members and each
     one's confirmation). The totals must be equal, count for count. When the
     naive pass would take more than ~2 minutes over the county (projected from
     the first sampled town), it runs on a deterministic sample of towns and is
     compared with figures_on of those towns;
  4. dashboard/report.build_daily_report, to a temporary file, as served (today's
     figures from the warm cache; the latest day with a snapshot, from it) and
     rebuilt from the records (7 days ago, rebuild=True); bar 5 s.

Prints each figure next to its bar or comparator, the ratio, and the query
count (counted()); --profile adds a cProfile of one cold and one warm overview
(the top 15 cumulative entries of lianfu code) and their slowest SQL. Usage:

    .venv/bin/python benchmarks/dashboard.py [--var-dir DIR] [--repeat 3] [--naive auto|county|towns] [--profile]
"""
import argparse
import cProfile
import datetime
import io
import pstats
import random
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from chain_board import counted
from supplier_tree import best_of, setup_django  # also puts src/ on sys.path

BENCH_SEED = 20200302
OVERVIEW_BAR_S = 0.300
REPORT_BAR_S = 5.0
NAIVE_BUDGET_S = 120.0
SAMPLE_TOWNS = 3


def best_cold(repeat: int, prepare, fn) -> tuple[float, object]:
    """best_of, with ``prepare`` (untimed) before each run."""
    times, result = [], None
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def naive_totals(prefix: str, day: datetime.date) -> dict[str, int]:
    """figures_on's totals for the firms whose division code starts with
    ``prefix``, the straightforward way: one firm (and one chain member) at a time."""
    from lianfu.chains.models import Chain, ChainMember
    from lianfu.dashboard.metrics import end_of
    from lianfu.helpdesk.models import Ticket
    from lianfu.registry.models import Enterprise
    from lianfu.restart.models import RestartConfirmation, Survey
    from lianfu.workforce.onduty import OnDutyBook

    t = dict.fromkeys(("firms", "restarted", "above_scale", "above_scale_restarted", "capacity_x_headcount",
                       "headcount", "on_duty", "staffed", "chains", "chains_complete", "chain_suppliers",
                       "chain_suppliers_restarted", "resolved", "resolved_on_time"), 0)
    end = end_of(day)
    firms = Enterprise.objects.filter(division__code__startswith=prefix).order_by("pk")
    for pk, above in firms.values_list("pk", "above_scale"):
        t["firms"] += 1
        t["above_scale"] += above
        confirmation = (RestartConfirmation.objects.filter(enterprise_id=pk, restarted_on__lte=day)
                        .values_list("restarted_on", "capacity_pct").first())
        if confirmation is not None:
            t["restarted"] += 1
            t["above_scale_restarted"] += above
        survey = (Survey.objects.filter(enterprise_id=pk, surveyed_on__lte=day).order_by("-surveyed_on", "-id")
                  .values_list("surveyed_on", "capacity_pct", "headcount_total").first())
        if survey is not None:
            surveyed_on, pct, headcount = survey
            if confirmation is not None and confirmation[0] >= surveyed_on:
                pct = confirmation[1]    # the same day, the confirmation wins
            t["capacity_x_headcount"] += pct * headcount
            t["headcount"] += headcount
        duty = OnDutyBook([pk]).firm(pk, day)
        if duty is not None:
            t["on_duty"] += duty.on_duty
            t["staffed"] += duty.headcount
        for on_time in Ticket.objects.filter(enterprise_id=pk, resolved_at__lt=end).values_list(
                "resolved_on_time", flat=True):
            t["resolved"] += 1
            t["resolved_on_time"] += bool(on_time)
        for chain in Chain.objects.filter(lead_id=pk).values_list("pk", flat=True):
            members = list(ChainMember.objects.filter(chain_id=chain).values_list("enterprise_id", flat=True))
            done = sum(RestartConfirmation.objects.filter(enterprise_id=m, restarted_on__lte=day).exists()
                       for m in members)
            t["chains"] += 1
            t["chains_complete"] += done == len(members)
            t["chain_suppliers"] += len(members)
            t["chain_suppliers_restarted"] += done
    return t


def compare_figures(repeat: int, mode: str, county_prefix: str, day: datetime.date) -> dict:
    """figures_on against naive_totals over the county, or over a sample of towns."""
    from lianfu.common.scoping import code_prefix
    from lianfu.dashboard.metrics import figures_on
    from lianfu.registry.models import Enterprise

    county_firms = Enterprise.objects.filter(division__code__startswith=county_prefix).count()
    towns = sorted(set(Enterprise.objects.filter(division__code__startswith=county_prefix)
                       .values_list("division_id", flat=True).order_by().distinct()))
    sample = random.Random(BENCH_SEED).sample(towns, min(SAMPLE_TOWNS, len(towns)))

    def pair(prefix: str) -> dict:
        ours_s, (ours_q, figures) = best_of(repeat, lambda: counted(lambda: figures_on(day, prefix)))
        naive_s, (naive_q, naive) = best_of(1, lambda: counted(lambda: naive_totals(prefix, day)))
        ours = asdict(figures.total)
        assert ours == naive, (prefix, {k: (ours[k], naive[k]) for k in ours if ours[k] != naive[k]})
        return {"prefix": prefix, "ours_s": ours_s, "ours_q": ours_q, "naive_s": naive_s, "naive_q": naive_q,
                "firms": ours["firms"], "total": figures.total}

    done, scope = [], "county"
    if mode in ("auto", "towns"):
        first = pair(code_prefix(sample[0]))
        projected = first["naive_s"] * county_firms / max(first["firms"], 1)
        print(f"naive over town {sample[0]}: {first['naive_s']:.1f} s for {first['firms']:,} firms; "
              f"over the county's {county_firms:,} firms: ~{projected:.0f} s projected")
        if mode == "towns" or projected > NAIVE_BUDGET_S:
            scope = "towns " + ", ".join(sample)
            done = [first] + [pair(code_prefix(town)) for town in sample[1:]]
    if not done:
        done = [pair(county_prefix)]
        county = done[0]
    else:
        ours_s, (ours_q, figures) = best_of(repeat, lambda: counted(lambda: figures_on(day, county_prefix)))
        county = {"prefix": county_prefix, "ours_s": ours_s, "ours_q": ours_q, "firms": figures.total.firms,
                  "total": figures.total}
    keys = ("ours_s", "ours_q", "naive_s", "naive_q", "firms")
    out = {k: sum(d[k] for d in done) for k in keys}
    out.update(scope=scope, parts=done, county=county)
    return out


def timed_queries(fn) -> list[tuple[float, str]]:
    """Each SQL statement ``fn`` runs with its time, slowest first."""
    from django.db import connection
    found = []

    def clock(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(clock):
        fn()
    return sorted(found, reverse=True)


def profile_page(client, path: str, cold: bool) -> None:
    """cProfile one GET (cold: the figures cache cleared first), then its slowest SQL statements."""
    from django.core.cache import cache

    label = "cold" if cold else "warm"
    if cold:
        cache.clear()
    else:
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(path)
    profiler.disable()
    assert response.status_code == 200, response.status_code
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(r"src/lianfu/", 15)
    print(f"\nprofile of one {label} GET {path}: top 15 cumulative, lianfu code")
    print("\n".join(line for line in text.getvalue().splitlines() if line.strip() and "Ordered by" not in line))
    if cold:
        cache.clear()
    queries = timed_queries(lambda: client.get(path))
    print(f"\nslowest SQL of one {label} GET {path} ({len(queries)} statements, "
          f"{sum(s for s, _sql in queries) * 1000:.0f} ms in all; time to the cursor, rows fetched later not included)")
    for seconds, sql in queries[:8]:
        print(f"  {seconds * 1000:8.1f} ms  {' '.join(sql.split())[:220]}")


def row(what: str, ours_s: float, bar: str, ratio: str, queries) -> str:
    return f"{what:<34} {ours_s * 1000:10.1f} ms  {bar:>24}  {ratio:>8}  {queries:>9}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county")
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive", choices=("auto", "county", "towns"), default="auto",
                        help="naive comparator over the county, a sample of towns, or auto (towns if > ~2 min)")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold and one warm GET /overview/")
    args = parser.parse_args()
    setup_django(args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-dash-")), args.size)

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.chains.models import Chain, ChainMember
    from lianfu.common.roles import Role
    from lianfu.common.scoping import code_prefix
    from lianfu.dashboard.current import division_of
    from lianfu.dashboard.models import Snapshot
    from lianfu.dashboard.report import build_daily_report
    from lianfu.helpdesk.models import Ticket
    from lianfu.registry.models import Enterprise
    from lianfu.restart.models import Survey
    from lianfu.workforce.models import WorkerStateChange

    today = timezone.localdate()
    with scopes_disabled():
        officer = User.objects.filter(role=Role.COUNTY_OFFICER).order_by("pk").first()
        division = division_of(officer)
        prefix = code_prefix(division.code)
        size = {"firms": Enterprise.objects.count(),
                "firms in county": Enterprise.objects.filter(division__code__startswith=prefix).count(),
                "chains": Chain.objects.count(), "chain members": ChainMember.objects.count(),
                "surveys": Survey.objects.count(), "worker state changes": WorkerStateChange.objects.count(),
                "tickets": Ticket.objects.count()}
        yesterday_snapshot = Snapshot.objects.filter(county_id=division.code,
                                                     day=today - datetime.timedelta(days=1)).exists()
    print(f"county {division.name} ({division.code}, prefix {prefix}), officer {officer.username}, today {today}")
    print("demo size: " + ", ".join(f"{k} {v:,}" for k, v in size.items()))
    print(f"yesterday's snapshot stored: {yesterday_snapshot} (else a cold page also rebuilds yesterday's figures); "
          f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
          f"{settings.LIANFU_OVERVIEW_CACHE_SECONDS} s")

    client = Client()
    client.force_login(officer)
    pages = {}
    for path in ("/overview/", "/"):
        cold_s, response = best_cold(args.repeat, cache.clear, lambda: client.get(path))
        assert response.status_code == 200, (path, response.status_code)
        cache.clear()
        cold_q, _ = counted(lambda: client.get(path))
        warm_s, response = best_of(args.repeat, lambda: client.get(path))
        assert response.status_code == 200, (path, response.status_code)
        warm_q, _ = counted(lambda: client.get(path))
        pages[path] = (cold_s, cold_q, warm_s, warm_q, len(response.content))
        print(f"GET {path}: cold {cold_s * 1000:.1f} ms ({cold_q} queries), warm {warm_s * 1000:.1f} ms "
              f"({warm_q} queries), {len(response.content) / 1e3:.0f} kB")

    with scopes_disabled():
        cmp = compare_figures(args.repeat, args.naive, prefix, today)
    county, t = cmp["county"], cmp["county"]["total"]
    print(f"figures_on(today, {prefix!r}): {county['ours_s'] * 1000:.1f} ms ({county['ours_q']} queries), "
          f"{t.firms:,} firms: restart {t.restart_rate}%, above-scale {t.above_scale_restart_rate}%, "
          f"capacity {t.capacity}%, on duty {t.on_duty_rate}%, chains {t.chains} "
          f"({t.chains_complete} complete, completion {t.chain_completion}%), "
          f"tickets on time {t.on_time_rate}% of {t.resolved:,}")
    for part in cmp["parts"]:
        print(f"  {part['prefix']}: {part['firms']:,} firms, figures_on {part['ours_s'] * 1000:.1f} ms "
              f"({part['ours_q']} queries), naive {part['naive_s']:.1f} s ({part['naive_q']:,} queries): equal")

    reports = {}
    with tempfile.TemporaryDirectory(prefix="lianfu-bench-report-") as tmp:
        with scopes_disabled():
            stored_day = (Snapshot.objects.filter(county_id=division.code, day__lt=today)
                          .order_by("-day").values_list("day", flat=True).first())
        # As served: today's figures from the warm cache, a past day's from its snapshot;
        # then a past day rebuilt from the records (--rebuild, after a back-dated correction).
        cases = [("today (cached figures)", today, False)]
        if stored_day:
            cases.append((f"{stored_day} (its snapshot)", stored_day, False))
        cases.append(("7 days ago, rebuilt", today - datetime.timedelta(days=7), True))
        for label, day, rebuild in cases:
            target = Path(tmp) / f"report-{day.isoformat()}.xlsx"
            report_s, (report_q, _) = best_of(args.repeat, lambda day=day, target=target, rebuild=rebuild: counted(
                lambda: build_daily_report(target, division, day, rebuild=rebuild)))
            reports[label] = (report_s, report_q, target.stat().st_size)
            print(f"daily report {label} ({day}): {report_s:.2f} s, {report_q} queries, "
                  f"{target.stat().st_size / 1e3:.1f} kB")

    print()
    print(f"{'what':<34} {'ours':>13}  {'bar or comparator':>24}  {'ratio':>8}  {'queries':>9}")

    def bar_ratio(seconds: float, bar: float) -> tuple[str, str]:
        return f"≤ {bar * 1000:.0f} ms {'ok' if seconds <= bar else 'OVER'}", f"{seconds / bar:.2f}×"

    for path, name in (("/overview/", "overview"), ("/", "officer's home")):
        cold_s, cold_q, warm_s, warm_q, _size = pages[path]
        print(row(f"{name}, cold (GET {path})", cold_s, *bar_ratio(cold_s, OVERVIEW_BAR_S), cold_q))
        print(row(f"{name}, warm (GET {path})", warm_s, *bar_ratio(warm_s, OVERVIEW_BAR_S), warm_q))
    if cmp["scope"] != "county":
        print(row(f"figures_on (county, {county['firms']:,} firms)", county["ours_s"], "naive: see towns", "",
                  county["ours_q"]))
    where = "county" if cmp["scope"] == "county" else f"{len(cmp['parts'])} towns"
    print(row(f"figures_on ({where}, {cmp['firms']:,} firms)", cmp["ours_s"], f"naive {cmp['naive_s']:.1f} s",
              f"{cmp['naive_s'] / cmp['ours_s']:.0f}×", f"{cmp['ours_q']} / {cmp['naive_q']:,}"))
    for label, (report_s, report_q, size_b) in reports.items():
        print(row(f"daily report, {label} ({size_b / 1e3:.0f} kB)", report_s, *bar_ratio(report_s, REPORT_BAR_S),
                  report_q))
    if cmp["scope"] != "county":
        print(f"(naive comparator over a deterministic sample, {cmp['scope']}: the whole county was projected "
              f"over {NAIVE_BUDGET_S:.0f} s; ours is figures_on of those towns' prefixes)")
    print("ratio: ours / bar, or naive / ours; queries: ours (/ naive)")

    if args.profile:
        profile_page(client, "/overview/", cold=True)
        profile_page(client, "/overview/", cold=False)


if __name__ == "__main__":
    sys.exit(main())
