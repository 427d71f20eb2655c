"""How fast are the origin map's figures for a county of 150,000 workers?

A scratch database holds 150,000 workers of 3,000 Cixi firms, their origins
drawn from every county of China (most from the few counties Cixi's migrant
workers come from, as in 2020), about 60% still away or returning, 5% of
unknown origin, and a risk list of 400 entries. Timed, as the page computes
them for a labour officer (the scoped query: the workers of the county's
firms): the figures of China (provinces), of 安徽省 (cities) and of 阜阳市
(counties): one GROUP BY origin, the roll-up by code prefix, the risk levels.
Printed next to the floor measured in the same run on the same database: the
bare GROUP BY on the worker table alone (no scope join, no roll-up, no risk).

    .venv/bin/python benchmarks/origin_map.py [--workers 150000] [--repeat 7] [--postgres]

--postgres uses a scratch database on 127.0.0.1:5432 (trust auth), dropped at the end.
"""
import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

FIRMS = 3000
# The counties most of Cixi's migrant workers came from (today's codes: 水城区, 遂川县, 镇雄县 were renumbered).
MAIN_ORIGINS = ["341221", "341282", "511923", "520204", "411523", "360827", "530627", "341225", "341226", "341222"]
LEVELS = [("China (provinces)", None), ("安徽省 (cities)", "340000000000"), ("阜阳市 (counties)", "341200000000")]


def populate(n: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled
    from import_workers import firm_codes

    from lianfu.common import bulk
    from lianfu.common.roles import Role
    from lianfu.registry.models import Division, Enterprise
    from lianfu.workforce.enums import RiskLevel, WorkerState
    from lianfu.workforce.models import OpenPosition, OriginRisk, Worker, WorkerStateChange

    rng = random.Random(2020)
    with scopes_disabled(), transaction.atomic():
        towns = list(Division.objects.filter(level="town", code__startswith="330282").values_list("code", flat=True))
        Enterprise.objects.bulk_create([
            Enterprise(uscc=code, name=f"慈溪市基准{i}有限公司", division_id=towns[i % len(towns)], employees=100)
            for i, code in enumerate(firm_codes(FIRMS))])
        firms = list(Enterprise.objects.values_list("pk", flat=True))
        counties = list(Division.objects.filter(level="county").values_list("code", flat=True))
        main = [c.ljust(12, "0") for c in MAIN_ORIGINS]
        states = ([WorkerState.AWAY] * 45 + [WorkerState.RETURNING] * 15 + [WorkerState.AT_WORK] * 25
                  + [WorkerState.BACK] * 12 + [WorkerState.LEFT] * 3)
        now, today = timezone.now(), dt.date(2020, 2, 20)
        names = ("enterprise", "name", "id_hash", "id_masked", "phone_masked", "sealed", "sealed_digest", "origin",
                 "origin_source", "position", "state", "state_since", "wants_return", "version", "created_at",
                 "updated_at")

        def rows():
            for i in range(n):
                draw = rng.random()
                origin = None if draw < 0.05 else rng.choice(main) if draw < 0.65 else rng.choice(counties)
                yield (rng.choice(firms), f"工人{i}", f"{i:032x}", "341221********0000", "", "x", "x", origin,
                       "unknown" if origin is None else "id", "", rng.choice(states), today, rng.random() < 0.6, 1,
                       now, now)

        bulk.insert_values(Worker, names, rows())
        # Each worker's state change (the roster the on-duty rate is read from), and 600 firms hiring.
        stored = Worker.objects.values_list("pk", "enterprise_id", "state").iterator(chunk_size=5000)
        bulk.insert_values(WorkerStateChange, ("worker", "enterprise", "day", "state", "source", "created_at"),
                           ((pk, firm, today, state, "import", now) for pk, firm, state in stored))
        OpenPosition.objects.bulk_create([
            OpenPosition(enterprise_id=firm, title="操作工", count=rng.randint(1, 60), source="firm",
                         opened_on=today - dt.timedelta(days=rng.randint(0, 20))) for firm in rng.sample(firms, 600)])
        get_user_model().objects.create_user("bench_labour", password="x", role=Role.LABOUR_OFFICER,
                                        division_id="330282000000")
        county = Division.objects.get(code="330282000000")
        levels = list(RiskLevel)
        OriginRisk.objects.bulk_create([
            OriginRisk(county=county, division_id=code, level=rng.choice(levels),
                       effective_from=today - dt.timedelta(days=rng.randint(0, 30)))
            for code in rng.sample(counties, 380) + ["340000000000", "420000000000"] + main[:10] + [
                "341200000000"] * 8])


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def floor_query():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT origin_id, COUNT(*), SUM(CASE WHEN wants_return THEN 1 ELSE 0 END) "
                       "FROM workforce_worker WHERE state IN ('away', 'returning') GROUP BY origin_id")
        return cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    from import_workers import drop_postgres, setup_django

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp), args.postgres)
        try:
            started = time.perf_counter()
            populate(args.workers)
            filled = time.perf_counter() - started
            results = measure(args.repeat)
        finally:
            if args.postgres:
                drop_postgres()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"origin_map: {args.workers:,} workers of {FIRMS:,} firms, {engine}, {os.cpu_count()} cores "
          f"(database filled in {filled:.0f} s); median of {args.repeat}")
    floor = results.pop("floor")
    for label, (seconds, away, regions) in results.items():
        what = f"({away:,} away in {regions} regions shown)" if away is not None else "(whole response)"
        print(f"  {label:<22}: {seconds * 1000:7.1f} ms  {what:<38} ratio to the floor: {seconds / floor:.1f}x")
    print(f"  floor (bare GROUP BY origin on the worker table, no scope, no roll-up): {floor * 1000:7.1f} ms")


def measure(repeat: int) -> dict:
    from django_scopes import scope

    from lianfu.registry.models import Division
    from lianfu.workforce.models import Worker
    from lianfu.workforce.origin_map import origin_figures

    results = {}
    county = Division.objects.get(code="330282000000")
    day = dt.date(2020, 2, 20)
    with scope(division="330282", enterprise=None):       # a labour officer of Cixi
        for label, code in LEVELS:
            at = Division.objects.select_related("parent").get(code=code) if code else None

            def figures(at=at):
                return origin_figures(Worker.objects.all(), at=at, day=day, county=county)

            found = figures()
            results[label] = (timed(figures, repeat), found.away, len(found.rows))
    results["floor"] = timed(floor_query, repeat)
    results.update(pages(repeat))
    return results


def pages(repeat: int) -> dict:
    """The pages as the labour officer's browser asks for them (Django's test client, no network)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_labour"))
    asked = {
        "page, China (full)": ("/workers/origins/?day=2020-02-20", {}),
        "JSON, 安徽省": ("/workers/origins/figures.json?at=340000000000&day=2020-02-20", {}),
        "table (htmx), 安徽省": ("/workers/origins/?at=340000000000&day=2020-02-20", {"HX-Request": "true"}),
        "open positions page": ("/workers/positions/?day=2020-02-20", {}),
    }
    found = {}
    for label, (url, headers) in asked.items():
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        found[label] = (timed(lambda url=url, headers=headers: client.get(url, headers=headers), repeat), None, None)
    return found


if __name__ == "__main__":
    main()
