"""How fast are the chain progress boards?

Loads the `county` demo like benchmarks/supplier_tree.py (or reuses --var-dir,
running `migrate` first). If no chain member has a survey yet, it writes three
deterministic weekly surveys for every lead and member in bulk, so capacity,
on-duty and blocker figures are real. Then it times, best of --repeat, as the
county officer:

  1. the county list: every chain with completion, weighted capacity and
     on-duty rate (restart/boards/summaries.py: three queries in all);
  2. the board of the largest chain (restart/boards/chain.py: four queries);
  3. both pages through Django's full request stack;

against the comparator, in the same process on the same data: the same
figures computed naively, with queries per member (its stage, its latest
survey, and its survey history when it names blockers).

Prints the figures, the query counts and the ratios naive / ours. Usage:

    .venv/bin/python benchmarks/chain_board.py [--var-dir DIR] [--repeat 3]
"""
import argparse
import datetime
import random
import sys
import tempfile
from pathlib import Path

from supplier_tree import best_of, setup_django  # also puts src/ on sys.path

BENCH_SEED = 20200302
SURVEY_DAYS = (datetime.date(2020, 2, 17), datetime.date(2020, 2, 24), datetime.date(2020, 3, 2))
BLOCKERS = ("material", "logistics", "labour", "funds", "prevention_supplies", "approvals", "utilities", "orders")


def ensure_surveys() -> int:
    """Three surveys per chain firm unless chain members already have some;
    returns how many were written. Each week a firm keeps a blocker with
    probability 0.7 and picks up a new one with probability 0.25."""
    from django.db.models import Q
    from django_scopes import scopes_disabled

    from lianfu.chains.models import Chain, ChainMember
    from lianfu.registry.models import Enterprise
    from lianfu.restart.models import Survey

    with scopes_disabled():
        members = ChainMember.objects.values("enterprise_id")
        if Survey.objects.filter(enterprise_id__in=members).exists():
            return 0
        firms = (Enterprise.objects.filter(Q(pk__in=members) | Q(pk__in=Chain.objects.values("lead_id")))
                 .order_by("pk").values_list("pk", "employees"))
        rng, surveys = random.Random(BENCH_SEED), []
        for pk, employees in firms:
            headcount = employees or rng.randint(8, 400)
            blockers = set(rng.sample(BLOCKERS, rng.randint(0, 2)))
            for week, day in enumerate(SURVEY_DAYS):
                share = min(1.0, rng.uniform(0.1, 0.5) + 0.2 * week)
                blockers = {b for b in blockers if rng.random() < 0.7}
                if rng.random() < 0.25:
                    blockers.add(rng.choice(BLOCKERS))
                on_duty = int(headcount * share)
                surveys.append(Survey(enterprise_id=pk, surveyed_on=day, capacity_pct=int(100 * share * 0.9),
                                      headcount_total=headcount, headcount_on_duty=on_duty,
                                      headcount_away=headcount - on_duty, blockers=sorted(blockers),
                                      planned_restart=SURVEY_DAYS[-1] + datetime.timedelta(days=rng.randint(0, 14))))
        Survey.objects.bulk_create(surveys, batch_size=5000)
    return len(surveys)


def _naive_latest(pk: int):
    from lianfu.restart.models import Survey
    return Survey.objects.filter(enterprise_id=pk).order_by("-surveyed_on", "-id").first()


def naive_summaries(chains, reaches) -> list[tuple]:
    """Per chain, per member: its stage and its latest survey, one query each."""
    from lianfu.chains.models import ChainMember
    from lianfu.restart.models import EnterpriseStage

    out = []
    for chain in chains:
        restarted = suppliers = weighted = headcount = on_duty = 0
        firms = [(chain.lead_id, chain.lead.division_id, False)] + [
            (m.enterprise_id, m.enterprise.division_id, True)
            for m in ChainMember.objects.filter(chain=chain).select_related("enterprise")]
        for pk, division, supplier in firms:
            stage = EnterpriseStage.objects.filter(enterprise_id=pk).values_list("stage", flat=True).first()
            if supplier:
                suppliers += 1
                restarted += stage == "restarted"
            latest = _naive_latest(pk) if reaches(_firm(pk, division)) else None
            if latest is not None:
                weighted += latest.capacity_pct * latest.headcount_total
                headcount += latest.headcount_total
                on_duty += latest.headcount_on_duty
        out.append((chain.lead_id, suppliers, restarted, round(weighted / headcount, 1) if headcount else None))
    return out


def naive_board(chain, reaches) -> tuple:
    """Per member: the firm, its stage, its latest survey, and its whole survey
    history when the latest names blockers."""
    from lianfu.chains.models import ChainMember
    from lianfu.registry.models import Enterprise
    from lianfu.restart.models import EnterpriseStage, Survey

    rows, oldest = [], None
    ids = [chain.lead_id] + list(ChainMember.objects.filter(chain=chain).values_list("enterprise_id", flat=True))
    for pk in ids:
        firm = Enterprise.objects.select_related("division").get(pk=pk)
        stage = EnterpriseStage.objects.filter(enterprise_id=pk).values_list("stage", flat=True).first()
        latest = _naive_latest(pk) if reaches(firm) else None
        since = None
        if latest is not None and latest.blockers:
            history = list(Survey.objects.filter(enterprise_id=pk).order_by("-surveyed_on", "-id")
                           .values_list("surveyed_on", "blockers"))
            runs = []
            for blocker in latest.blockers:
                day = latest.surveyed_on
                for older_day, older_blockers in history[1:]:
                    if blocker not in older_blockers:
                        break
                    day = older_day
                runs.append(day)
            since = min(runs)
            oldest = since if oldest is None else min(oldest, since)
        rows.append((firm.name, stage, latest.capacity_pct if latest else None, since))
    return len(rows), oldest


def _firm(pk, division):
    from lianfu.restart.boards.chain import Firm
    return Firm(pk, division)


def counted(fn) -> tuple[int, object]:
    """How many SQL statements ``fn`` runs, and its result."""
    from django.db import connection
    count = 0

    def tally(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(tally):
        result = fn()
    return count, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county")
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django(args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-board-")), args.size)

    from django.db.models import Count
    from django.test import Client
    from django_scopes import scope, scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.chains.models import Chain
    from lianfu.common.roles import Role
    from lianfu.common.scoping import reach_checker, scope_for
    from lianfu.restart.boards.chain import chain_board
    from lianfu.restart.boards.summaries import chain_summaries
    from lianfu.restart.models import Survey

    written = ensure_surveys()
    with scopes_disabled():
        officer = User.objects.filter(role=Role.COUNTY_OFFICER).order_by("pk").first()
        surveys = Survey.objects.count()
        largest = Chain.objects.select_related("lead").annotate(n=Count("members")).order_by("-n").first()
    reaches = reach_checker(officer)

    with scope(**scope_for(officer)):
        chains = list(Chain.objects.select_related("lead"))
        list_s, summaries = best_of(args.repeat, lambda: chain_summaries(Chain.objects.all(), reaches))
        list_q, _ = counted(lambda: chain_summaries(Chain.objects.all(), reaches))
    with scopes_disabled():
        board_s, board = best_of(args.repeat, lambda: chain_board(largest, reaches))
        board_q, _ = counted(lambda: chain_board(largest, reaches))
        naive_list_s, (naive_list_q, naive) = best_of(1, lambda: counted(lambda: naive_summaries(chains, reaches)))
        naive_board_s, (naive_board_q, (naive_rows, naive_oldest)) = best_of(
            1, lambda: counted(lambda: naive_board(largest, reaches)))

    ours = {s.chain.lead_id: (s.totals.suppliers, s.totals.restarted, s.totals.capacity) for s in summaries}
    theirs = {lead: tuple(rest) for lead, *rest in naive}
    assert ours == theirs, [
        (k, ours.get(k), theirs.get(k)) for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)
    ]
    assert (len(board.rows), board.oldest.blocker_since if board.oldest else None) == (naive_rows, naive_oldest)

    client = Client()
    client.force_login(officer)
    page_list_s, response = best_of(args.repeat, lambda: client.get("/restart/board/"))
    assert response.status_code == 200, response.status_code
    page_board_s, response = best_of(args.repeat, lambda: client.get(f"/restart/board/{largest.lead.uscc}/"))
    assert response.status_code == 200, response.status_code

    t = board.totals
    print(f"surveys: {surveys:,} ({written:,} written by this run); chains: {len(chains)}")
    print(f"largest chain: {largest.lead.name}, {len(board.rows) - 1:,} suppliers; completion {t.completion}%, "
          f"capacity {t.capacity}%, on duty {t.on_duty_rate}% ({t.surveyed:,} surveys readable)")
    print(f"county list, bulk:        {list_s * 1000:9.1f} ms  ({list_q:,} queries)")
    print(f"county list, naive:       {naive_list_s * 1000:9.1f} ms  ({naive_list_q:,} queries)")
    print(f"ratio naive / ours:       {naive_list_s / list_s:9.1f}×")
    print(f"largest board, bulk:      {board_s * 1000:9.1f} ms  ({board_q:,} queries)")
    print(f"largest board, naive:     {naive_board_s * 1000:9.1f} ms  ({naive_board_q:,} queries)")
    print(f"ratio naive / ours:       {naive_board_s / board_s:9.1f}×")
    print(f"GET /restart/board/:      {page_list_s * 1000:9.1f} ms  (full request stack)")
    print(f"GET /restart/board/<lead>/:{page_board_s * 1000:8.1f} ms  (full request stack, page of 100 rows)")


if __name__ == "__main__":
    sys.exit(main())
