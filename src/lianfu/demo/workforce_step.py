"""Demo step: the county's people. Every county firm gets as many workers as
its employees, from the origins of workforce_origins, each with a dated state
for every change from Thursday 20 February to Friday 6 March 2020 that agrees
with the firm's surveys on every survey day (workforce_days, rule 1); the
county's list of origin risk levels (workforce_risk); a week of charter
coaches for the riders the roster already has (workforce_trips); open
positions at about one firm in eight (workforce_openings). Rows go in with bulk.insert_values:
no model instances, one seal per worker."""
import time
from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.common import bulk
from lianfu.common.roles import Role
from lianfu.demo import workforce_days as days
from lianfu.demo import workforce_risk as risk
from lianfu.demo.context import DemoContext
from lianfu.demo.workforce_openings import OPENING_FIELDS, labour_days, opening_rows
from lianfu.demo.workforce_origins import LOCAL_PROVINCE, load_origins
from lianfu.demo.workforce_roster import CHANGE_FIELDS, WORKER_FIELDS, Batch, Firm, RosterMaker, Tally, change_rows
from lianfu.demo.workforce_trips import WeekTally, charter_week, summary_line
from lianfu.registry.models import Division, Enterprise
from lianfu.restart.models import RestartConfirmation, Survey
from lianfu.workforce import roster_days
from lianfu.workforce.enums import OriginSource, WorkerState
from lianfu.workforce.models import OpenPosition, Worker, WorkerStateChange

PROGRESS_EVERY, BATCH_WORKERS = 250, 50_000  # firms; workers written at a time


def load_firms(ctx: DemoContext) -> tuple[list[Firm], dict]:
    """The county's firms in pk order, and each survey's blockers by (firm, day)."""
    surveys, blockers = defaultdict(list), {}
    for pk, day, on_duty, total, named in Survey.objects.filter(
            enterprise__division__code__startswith=ctx.county.prefix).order_by("enterprise_id", "surveyed_on", "id") \
            .values_list("enterprise_id", "surveyed_on", "headcount_on_duty", "headcount_total", "blockers"):
        surveys[pk].append((day, on_duty, total))
        blockers[(pk, day)] = named or []
    restarted = dict(RestartConfirmation.objects.values_list("enterprise_id", "restarted_on"))
    firms = [Firm(pk, industry, employees or 0, surveys.get(pk, []), restarted.get(pk))
             for pk, industry, employees in Enterprise.objects.filter(division__code__startswith=ctx.county.prefix)
             .order_by("pk").values_list("pk", "industry_id", "employees")]
    return firms, blockers


def write_batch(batch: Batch) -> None:
    before = Worker.objects.aggregate(last=Max("pk"))["last"] or 0
    bulk.insert_values(Worker, WORKER_FIELDS, batch.rows)
    pk_of = dict(Worker.objects.filter(pk__gt=before).values_list("id_hash", "pk"))
    bulk.insert_values(WorkerStateChange, CHANGE_FIELDS, change_rows(batch, [pk_of[row[2]] for row in batch.rows]))


def make_roster(ctx: DemoContext, firms: list[Firm]) -> Tally:
    """Make and write every firm's workers, a batch at a time."""
    origins = load_origins(ctx.rng("workforce-origins"), ctx.county.code)
    risk.mark(origins.places, days.FIRST_DAY)
    maker = RosterMaker(origins, ctx.rng("workforce-people"), ctx.rng("workforce-days"),
                        sum(f.employees for f in firms))
    with bulk.roomy_sqlite_cache():
        for n, firm in enumerate(firms, 1):
            maker.add(firm)
            if len(maker.batch.rows) >= BATCH_WORKERS or n == len(firms):
                write_batch(maker.take())
            if n % PROGRESS_EVERY == 0 or n == len(firms):
                ctx.progress("workers", n, len(firms))
        # Written in bulk, so the roster by day is built once from all of them
        # (every later writer keeps it: workforce/roster_days.py).
        roster_days.rebuild()
    return maker.tally


def restarted_curve(firms: list[Firm], tally: Tally) -> list[tuple]:
    """(day, on duty, headcount) over the firms that had restarted before each day (a firm's survey
    on its restart day may still count the crew of the morning)."""
    out = []
    for k, day in enumerate(days.DAYS):
        on_duty = headcount = 0
        for firm, counts in zip(firms, tally.counts):
            if firm.restarted_on is not None and firm.restarted_on < day:
                on_duty, headcount = on_duty + counts[k], headcount + firm.employees
        out.append((day, on_duty, headcount))
    return out


def curve_text(curve: list[tuple]) -> str:
    return ", ".join(f"{day:%m-%d} {100 * on / total:.1f}" if total else f"{day:%m-%d} —" for day, on, total in curve)


def summarise(ctx: DemoContext, firms: list[Firm], tally: Tally, week: WeekTally, openings: list[tuple],
              seconds: float, cpu: float) -> None:
    workers, final = tally.workers, tally.final
    high = dict(Division.objects.filter(code__in=risk.high_risk(days.FIRST_DAY)).values_list("code", "name"))
    county = days.county_curve(tally.counts, sum(f.employees for f in firms))
    ctx.summary += [
        f"workforce: {workers:,} workers at {len(firms):,} firms in {seconds:.1f} s (CPU {cpu:.1f} s); "
        f"{tally.provinces[LOCAL_PROVINCE] / workers:.0%} from Zhejiang, {len(tally.places - {None}):,} counties "
        f"of origin; {tally.origins[OriginSource.OLD_CODE]:,} with a retired county code, "
        f"{tally.origins[OriginSource.ADDRESS]:,} placed by address, "
        f"{tally.origins[OriginSource.UNKNOWN]:,} of unknown origin",
        f"workforce: on {days.LAST_DAY:%d %b}: {final[WorkerState.AT_WORK] + final[WorkerState.BACK]:,} on duty "
        f"({final[WorkerState.BACK]:,} back), {final[WorkerState.AWAY]:,} away, "
        f"{final[WorkerState.RETURNING]:,} returning; {tally.wants_return:,} want to return",
        f"workforce: high-risk origins on {days.FIRST_DAY:%d %b}: {'、'.join(high[c] for c in sorted(high))}: "
        f"{tally.high_risk:,} workers, {tally.high_risk_away:,} not back by {days.LAST_DAY:%d %b}",
        f"workforce: on-duty rate % (county): {curve_text(county)}",
        f"workforce: on-duty rate % (firms restarted before the day): {curve_text(restarted_curve(firms, tally))}",
        summary_line(week),
        f"workforce: {len(openings):,} open positions at {len({row[0] for row in openings}):,} firms",
    ]


def workforce_step(ctx: DemoContext) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    with scopes_disabled(), transaction.atomic():
        firms, blockers = load_firms(ctx)
        if not firms:
            return
        labour = User.objects.filter(role=Role.LABOUR_OFFICER, division=ctx.county).order_by("pk").first()
        risk.write_entries(ctx, labour)
        tally = make_roster(ctx, firms)
        week = charter_week(ctx, labour)
        openings = opening_rows(ctx.rng("workforce-openings"), firms, labour_days(firms, blockers))
        bulk.insert_values(OpenPosition, OPENING_FIELDS, openings)
    summarise(ctx, firms, tally, week, openings, time.perf_counter() - started, time.process_time() - cpu)
