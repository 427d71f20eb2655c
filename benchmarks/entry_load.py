"""Load test of workplace entry scans (/e/<token>/) over real HTTP on loopback.

A shift start in one county town: --firms enterprises (one Place each, town
330282004000) and --workers workers spread over them, every worker with one
identified phone (a Device whose cookie secret we know); a share of them
(--red-share) carries a red health status approved by two officials, so
refusals are exercised too. The rows are written straight with the ORM into a
scratch PostgreSQL database on 127.0.0.1:5432 (trust auth, dropped at the end)
or, with --sqlite, a SQLite file in the scratch var dir.

The app is served as in production (`lianfu serve --production`: granian,
with common/serving.py shedding, LIANFU_DEBUG=false) and locust runs headless
(benchmarks/locustfile_entry.py). Every locust user is a lane of phones at
the door, one after another: each opens the code as a phone's camera does (one
GET marked Sec-Fetch-Site: none, which scans at once: checkin/door_page.py),
with no pause between them. A floor user reads
Open311's discovery.json, which reads no table, in the same run: what the
stack itself costs per request on this machine.

  phase 1  ramp to --users over --ramp seconds, then --seconds sustained:
           scans/s, p50/p99 of the scan GET, the floor's rps/p50/p99;
  phase 2  10 × phase 1's rate offered: 10 × --users, each keeping to
           phase 1's scans/s per user: the share answered 503 (with and
           without Retry-After), their p99, other failures, and hung
           requests (no answer within --timeout seconds).
  phase 3  --users again, and --kill-after seconds in, kill -9 of the
           whole server (serve, granian and its workers, the task worker).
           Then the entry log is read: every answer "admitted" a phone
           received, in any phase, must have its row (counted per place and
           worker); rows whose answer never arrived are counted too.

No worker scans one place more than 3 times a minute (the server's cap): the
phones cycle through worker × place pairs (each worker at its own firm's
door first, then at --places-per-worker - 1 other firms) and wait if a pair
comes round too soon. After the run, the admitted rows of the entry log are
counted and compared with the admitted answers the clients received.

Usage:

    .venv/bin/pip install -e '.[bench]'       # locust: a benchmark tool, not a runtime dependency
    .venv/bin/python benchmarks/entry_load.py [--sqlite] [--workers 20000] [--users 50] [--seconds 30]
"""
import argparse
import base64
import datetime as dt
import json
import math
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _bench_common import wait_until_up

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "lianfu_bench_entry"
COUNTY = "330282"
TOWN = "330282004000"
FLOOR_PATH = "/open311/v2/discovery.json"
BAR = "≥ 1,000 scans/s with p99 < 300 ms on 2 cores; goal ≥ 2,000"
# Counties Cixi's migrant workers come from (the origin of each worker, from the ID number).
ORIGINS = ["341221", "341282", "511923", "520204", "411523", "500236", "330282"]
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var_dir: Path, database_url: str | None) -> dict:
    """What `lianfu serve --production` needs (settings.py refuses to start without the keys);
    the benchmark process uses the same, so that its tokens and keyed hashes are the server's."""
    env = {
        "LIANFU_VAR_DIR": str(var_dir), "LIANFU_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "lianfu.settings",
        "LIANFU_SECRET_KEY": secrets.token_urlsafe(50), "LIANFU_PII_HASH_KEY": secrets.token_urlsafe(32),
        # A key as `lianfu pii_key` prints it: 32 random bytes, url-safe base64.
        "LIANFU_PII_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "LIANFU_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


# --- the database -------------------------------------------------------------------------------------------


def create_postgres() -> str:
    import psycopg
    from psycopg import sql

    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PG_NAME)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_NAME)))
    return PG_SERVER.rsplit("/", 1)[0] + "/" + PG_NAME


def drop_postgres() -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PG_NAME)))


def setup_django(env: dict) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def id_number(i: int) -> str:
    """A valid, unique resident ID number for the i-th worker (unique for i below 777,000)."""
    from stdnum.cn import ric

    base = f"{ORIGINS[i % len(ORIGINS)]}{1965 + i % 37}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def populate(args, rng: random.Random) -> list[list]:
    """The town's firms, places, workers, phones and red records; returns the (token, secret, red,
    place id, worker id) lists the phones scan with, each worker at its own firm's door first."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.checkin import identify, tokens
    from lianfu.checkin.enums import RecordState
    from lianfu.checkin.health import HealthStatus
    from lianfu.checkin.models import Device, HealthRecord, Place
    from lianfu.checkin.rules import HEALTH_DEPARTMENT
    from lianfu.common import pii
    from lianfu.common.masking import mask_id_number, mask_phone
    from lianfu.common.roles import Role
    from lianfu.demo.codes import uscc_from_number
    from lianfu.registry.models import Department, Enterprise
    from lianfu.workforce.enums import OriginSource, WorkerState
    from lianfu.workforce.models import Worker

    now, today = timezone.now(), timezone.localdate()
    with scopes_disabled():
        Enterprise.objects.bulk_create([
            Enterprise(uscc=uscc_from_number(n), name=f"慈溪市基准{n:03d}电器有限公司", division_id=TOWN,
                       employees=math.ceil(args.workers / args.firms)) for n in range(args.firms)])
        firms = list(Enterprise.objects.order_by("pk"))
        Place.objects.bulk_create([Place(name=f"{firm.name}北门", enterprise=firm, division_id=TOWN,
                                         address="基准路1号") for firm in firms])
        places = list(Place.objects.order_by("enterprise_id"))
        place_tokens = [tokens.issue(place) for place in places]

        batch, numbers = [], [id_number(i) for i in range(args.workers)]
        for i, number in enumerate(numbers):
            phone = f"13{i:09d}"
            batch.append(Worker(
                enterprise=firms[i % len(firms)], name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                id_hash=pii.keyed_hash(number), id_masked=mask_id_number(number), phone_masked=mask_phone(phone),
                phone_hash=pii.phone_key(phone), sealed=pii.seal(number, phone, ""), sealed_digest="bench",
                origin_id=number[:6].ljust(12, "0"), origin_source=OriginSource.ID_NUMBER,
                state=WorkerState.AT_WORK, state_since=today - dt.timedelta(days=30)))
        Worker.objects.bulk_create(batch, batch_size=2000)
        workers = list(Worker.objects.order_by("pk").values_list("pk", "id_hash"))

        worker_secrets = [f"bench-{i:06d}-secret" for i in range(args.workers)]
        Device.objects.bulk_create([Device(secret_hash=identify.device_hash(secret), worker_id=pk, last_seen_at=now)
                                    for secret, (pk, _) in zip(worker_secrets, workers)], batch_size=5000)

        # Red statuses: proposed by one health official, approved by another (the four-eyes rule).
        department = Department.objects.create(code=HEALTH_DEPARTMENT, county_id=COUNTY.ljust(12, "0"),
                                               name_zh="卫生健康局", name_en="Health Commission")
        proposer, approver = (User.objects.create(username=f"bench-health-{n}", role=Role.DEPARTMENT_STAFF,
                                                  department=department) for n in (1, 2))
        red = set(rng.sample(range(args.workers), round(args.workers * args.red_share)))
        HealthRecord.objects.bulk_create([
            HealthRecord(id_hash=workers[i][1], id_masked=mask_id_number(numbers[i]), county=department.county,
                         status=HealthStatus.RED, reason="基准测试：密切接触者",
                         state=RecordState.APPROVED, proposed_by=proposer, decided_by=approver, decided_at=now)
            for i in sorted(red)])

    # Round r: every worker (in a shuffled order) at the door of the r-th firm from their own.
    pairs = []
    for r in range(args.places_per_worker):
        order = list(range(args.workers))
        rng.shuffle(order)
        pairs += [[place_tokens[(i + r) % len(places)], worker_secrets[i], i in red,
                   places[(i + r) % len(places)].pk, workers[i][0]] for i in order]
    return pairs


def count_entries() -> dict:
    from django.db import connections
    from django_scopes import scopes_disabled

    from lianfu.checkin.enums import EntryResult
    from lianfu.checkin.models import Entry

    connections.close_all()  # the connection idled through the run: open a fresh one
    with scopes_disabled():
        rows = Counter(Entry.objects.filter(result=EntryResult.ADMITTED).values_list("place_id", "worker_id"))
        return {"admitted": sum(rows.values()), "by_pair": rows,
                "refused": Entry.objects.filter(result=EntryResult.REFUSED).count()}


def unlogged_admissions(phases: dict, pairs: list[list], entries: dict) -> tuple[int, int]:
    """(admitted answers the log lacks, admitted rows whose answer never arrived), per place and
    worker: every answer "admitted" a phone received must have its row."""
    told = Counter()
    for outcome in phases.values():
        for index, times in outcome["admitted_pairs"].items():
            _token, _secret, _red, place_id, worker_id = pairs[int(index)]
            told[(place_id, worker_id)] += times
    rows = entries["by_pair"]
    missing = sum(max(0, times - rows.get(key, 0)) for key, times in told.items())
    unanswered = sum(max(0, times - told.get(key, 0)) for key, times in rows.items())
    return missing, unanswered


# --- the server ---------------------------------------------------------------------------------------------


def start_server(env: dict, port: int, workers: int, log: Path, nice: int = 0) -> subprocess.Popen:
    command = [*(["nice", "-n", str(nice)] if nice else []), sys.executable, "-m", "lianfu.cli", "serve",
               "--production", "--addr", f"127.0.0.1:{port}", "--workers", str(workers)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


def warm_up(host: str, pairs: list[list], requests: int = 48) -> None:
    """A few confirm pages and floors, 8 at a time: each server thread opens its database connection and
    compiles the templates on its first requests, which a deployment pays once. GETs only: no entry is
    written and no worker comes nearer the per-minute cap."""
    def get(i: int) -> None:
        token, secret = pairs[-1 - i][:2]
        request = urllib.request.Request(f"{host}/e/{token}/", headers={"Cookie": f"lianfu_device={secret}"})
        urllib.request.urlopen(request, timeout=30).read()
        urllib.request.urlopen(host + FLOOR_PATH, timeout=30).read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(get, range(requests)))


def kill_server_tree(server_pid: int) -> None:
    """kill -9 of `lianfu serve`, granian and its workers and the task worker, all at once, mid-rush."""
    import psutil

    root = psutil.Process(server_pid)
    tree = [*root.children(recursive=True), root]
    for process in tree:
        try:
            process.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass
    psutil.wait_procs(tree, timeout=10)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)   # serve stops granian and the task worker, then exits
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- CPU accounting (who used the 2 cores) ------------------------------------------------------------------


def cpu_snapshot(server_pid: int) -> dict:
    """CPU seconds so far, per process: the server's tree (serve, granian, the task worker) and every
    postgres process; and the machine's busy and total seconds."""
    import psutil

    def seconds(processes) -> dict:
        found = {}
        for process in processes:
            try:
                times = process.cpu_times()
                found[process.pid] = times.user + times.system
            except psutil.Error:
                pass
        return found

    root = psutil.Process(server_pid)
    machine = psutil.cpu_times()
    return {"server": seconds([root, *root.children(recursive=True)]),
            "postgres": seconds(p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"),
            "busy": sum(machine) - machine.idle - getattr(machine, "iowait", 0.0), "all": sum(machine)}


def cpu_used(before: dict, after: dict) -> float:
    """CPU seconds between two snapshots of the same group, by process (a process that ended in between
    is missed: a lower bound for postgres, whose backends end with their connections)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def background_busy(seconds: float = 3) -> float:
    """The machine's busy share while our server idles: anything else running skews the figures."""
    import psutil

    return psutil.cpu_percent(interval=seconds) / 100


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- one locust run -----------------------------------------------------------------------------------------


def run_phase(name: str, users: int, args, host: str, env: dict, var_dir: Path, server_pid: int,
              pace: float = 0.0, kill_after: float | None = None) -> dict:
    result = var_dir / f"{name}.json"
    spawn_rate = max(1.0, users / args.ramp)
    phase_env = {**os.environ, **env, "BENCH_ENTRY_PAIRS": str(var_dir / "pairs.json"),
                 "BENCH_ENTRY_STATE": str(var_dir / "pair-uses.json"), "BENCH_ENTRY_RESULT": str(result),
                 "BENCH_ENTRY_TIMEOUT": str(args.timeout), "BENCH_ENTRY_PACE": str(pace)}
    # The floor's users come first (fixed_count in the locustfile), then the phones.
    command = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile_entry.py"), "--headless",
               "-u", str(users + args.floor_users), "-r", f"{spawn_rate:.2f}",
               "-t", f"{math.ceil(users / spawn_rate) + args.seconds}s", "--host", host,
               # Phones in flight finish their scan after the time is up (their answers are counted).
               "--stop-timeout", str(math.ceil(args.timeout) + 5), "--only-summary", "--loglevel", "WARNING"]
    phase_env["BENCH_ENTRY_FLOOR_USERS"] = str(args.floor_users)
    busy_before = background_busy()
    before, locust_before = cpu_snapshot(server_pid), children_cpu()
    with (var_dir / f"{name}-locust.log").open("wb") as log:
        locust = subprocess.Popen(command, env=phase_env, stdout=log, stderr=subprocess.STDOUT)
        if kill_after is not None:
            time.sleep(kill_after)
            kill_server_tree(server_pid)
        locust.wait()
    after = cpu_snapshot(server_pid) if kill_after is None else before
    if not result.exists():
        raise SystemExit(f"locust wrote no result for {name}: see {var_dir / f'{name}-locust.log'}")
    outcome = json.loads(result.read_text())
    outcome["users"], outcome["pace"] = users, pace
    outcome["cpu"] = {key: cpu_used(before[key], after[key]) for key in ("server", "postgres")}
    outcome["cpu"]["locust"] = children_cpu() - locust_before
    outcome["cpu"]["busy_share"] = (after["busy"] - before["busy"]) / max(1e-9, after["all"] - before["all"])
    outcome["cpu"]["busy_before"] = busy_before
    outcome["locust_cpu_warning"] = "CPU usage above" in (var_dir / f"{name}-locust.log").read_text(errors="replace")
    return outcome


# --- the report ---------------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of latencies in ms; NaN for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def window_figures(outcome: dict) -> dict:
    seconds = max(1e-9, outcome["window"][1] - outcome["window"][0])
    w, lat = outcome["window_counts"], outcome["latency"]
    scans = sum(v for k, v in w.items() if k.startswith("scan:answered:"))
    scan_requests = sum(v for k, v in w.items() if k.startswith("scan:"))
    unavailable = w.get("scan:503:retry_after", 0) + w.get("scan:503:no_retry_after", 0)
    return {"seconds": seconds, "scans": scans, "scans_s": scans / seconds, "scan_requests": scan_requests,
            "scan_p50": pct(lat["scan"], 50), "scan_p99": pct(lat["scan"], 99), "scan_max": max(lat["scan"] or [0]),
            "floor_s": len(lat["floor"]) / seconds, "floor_p50": pct(lat["floor"], 50),
            "floor_p99": pct(lat["floor"], 99), "unavailable": unavailable,
            "unavailable_share": unavailable / max(1, scan_requests), "unavailable_p99": pct(lat["scan_503"], 99)}


def report(args, phases: dict, entries: dict, pairs: list[list], database: str, setup_s: float) -> None:
    p1, p2 = phases["phase 1"], phases["phase 2"]
    f1, f2 = window_figures(p1), window_figures(p2)
    print(f"\nEntry scans over HTTP on 127.0.0.1: {args.workers:,} workers in {args.firms} firms (one place each, "
          f"town {TOWN}), {args.red_share:.0%} red; {database}; `lianfu serve --production` "
          f"(granian, {args.workers_web} workers, 4 running + 28 waiting each, beyond: 503"
          f"{f', nice {args.server_nice}' if args.server_nice else ''}); {os.cpu_count()} CPU cores shared by "
          f"server, database and locust. Setup {setup_s:.0f} s.")
    print(f"Bar: {BAR}\n")

    def row(label, a, b=""):
        print(f"  {label:46} {a:>20} {b:>20}")

    row("", "phase 1 (shift start)", "phase 2 (10× users)")
    row("phone users (+ floor users)", f"{p1['users']:,} (+{args.floor_users})",
        f"{p2['users']:,} (+{args.floor_users})")
    row("measured window (after the ramp), s", f"{f1['seconds']:.1f}", f"{f2['seconds']:.1f}")
    row("scans answered (200 + 403), /s", f"{f1['scans_s']:,.0f}", f"{f2['scans_s']:,.0f}")
    row("scan GET p50 / p99, ms", f"{f1['scan_p50']:.0f} / {f1['scan_p99']:.0f}",
        f"{f2['scan_p50']:.0f} / {f2['scan_p99']:.0f}")
    row("scan GET max, ms", f"{f1['scan_max']:.0f}", f"{f2['scan_max']:.0f}")
    row("offered scans/s", "as fast as answered", f"{p2['users'] * p2['pace']:,.0f} (10 × phase 1)")
    row("floor (discovery.json) /s, p50 / p99 ms",
        f"{f1['floor_s']:,.0f}, {f1['floor_p50']:.0f} / {f1['floor_p99']:.0f}",
        f"{f2['floor_s']:,.0f}, {f2['floor_p50']:.0f} / {f2['floor_p99']:.0f}")
    row("scan p50 / floor p50", f"{f1['scan_p50'] / max(f1['floor_p50'], 1e-9):.1f}",
        f"{f2['scan_p50'] / max(f2['floor_p50'], 1e-9):.1f}")
    row("scans answered 503 (share of scan GETs)", f"{f1['unavailable']:,} ({f1['unavailable_share']:.1%})",
        f"{f2['unavailable']:,} ({f2['unavailable_share']:.1%})")
    for key, label in (("scan:503:retry_after", "  of which with Retry-After"),
                       ("scan:503:no_retry_after", "  of which without Retry-After")):
        row(label, f"{p1['window_counts'].get(key, 0):,}", f"{p2['window_counts'].get(key, 0):,}")
    row("503 answers p99, ms", f"{f1['unavailable_p99']:.0f}", f"{f2['unavailable_p99']:.0f}")

    print("\n  Whole runs (ramp and drain included):")
    keys = sorted(set(p1["counts"]) | set(p2["counts"]))
    for key in keys:
        row(key, f"{p1['counts'].get(key, 0):,}", f"{p2['counts'].get(key, 0):,}")
    row("CPU s: server / postgres / locust",
        " / ".join(f"{p1['cpu'][k]:.0f}" for k in ("server", "postgres", "locust")),
        " / ".join(f"{p2['cpu'][k]:.0f}" for k in ("server", "postgres", "locust")))
    row("machine busy before the phase (server idle)", f"{p1['cpu']['busy_before']:.0%}",
        f"{p2['cpu']['busy_before']:.0%}")
    row("machine busy during the phase", f"{p1['cpu']['busy_share']:.0%}", f"{p2['cpu']['busy_share']:.0%}")
    row("locust warned of its own CPU use", "yes" if p1["locust_cpu_warning"] else "no",
        "yes" if p2["locust_cpu_warning"] else "no")

    p3 = phases["phase 3"]
    print(f"\n  Phase 3, kill -9 of the whole server {args.kill_after:g} s into a rush of {p3['users']:,} phones: "
          f"{p3['counts'].get('scan:answered:admitted', 0):,} admitted answers before it, "
          f"{p3['counts'].get('scan:connection', 0):,} scans refused a connection after it.")
    seen = sum(p["counts"].get("scan:answered:admitted", 0) for p in phases.values())
    missing, unanswered = unlogged_admissions(phases, pairs, entries)
    print(f"  Entry log, all phases: {entries['admitted']:,} admitted rows; phones received {seen:,} admitted "
          f"answers; admitted answers without their row (per place and worker): {missing:,}; rows whose answer "
          f"never arrived (committed as the server died): {unanswered:,} (refused rows: {entries['refused']:,})")

    hung = sum(p["counts"].get(f"{kind}:hung", 0) for p in (p1, p2) for kind in ("scan", "floor"))
    verdict = "meets" if f1["scans_s"] >= 1000 and f1["scan_p99"] < 300 else "misses"
    print(f"\n  Phase 1: {f1['scans_s']:,.0f} scans/s, p99 {f1['scan_p99']:.0f} ms: {verdict} the bar ({BAR}). "
          f"Hung requests (no answer in {args.timeout:g} s), both phases: {hung:,}.")


# --- main ---------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="SQLite in the var dir instead of PostgreSQL")
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--firms", type=int, default=50)
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--red-share", type=float, default=0.05)
    parser.add_argument("--places-per-worker", type=int, default=3,
                        help="doors each worker scans at in turn (own firm's first): more pairs, more room under the "
                             "per-minute cap")
    parser.add_argument("--users", type=int, default=50, help="phone users in phase 1; phase 2 runs 10 times as many")
    parser.add_argument("--floor-users", type=int, default=2)
    parser.add_argument("--ramp", type=float, default=10, help="seconds to reach the user count (shift start)")
    parser.add_argument("--seconds", type=int, default=30, help="sustained seconds of each phase after the ramp")
    parser.add_argument("--timeout", type=float, default=10, help="client timeout: a request without an answer by "
                                                                  "then counts as hung")
    parser.add_argument("--kill-after", type=float, default=15, help="phase 3: seconds into its rush at which the "
                                                                     "server is killed with SIGKILL")
    parser.add_argument("--server-nice", type=int, default=0,
                        help="run the server at this nice level, so that locust, which measures it on the same "
                             "cores, is not the one starved when they are saturated (phase 2)")
    parser.add_argument("--workers-web", type=int, default=2, help="web server processes (`lianfu serve --workers`)")
    args = parser.parse_args()

    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-entry-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database_url = None if args.sqlite else create_postgres()
    database = "SQLite (WAL)" if args.sqlite else "PostgreSQL on 127.0.0.1"
    env = production_env(var_dir, database_url)
    server = None
    try:
        setup_django(env)
        pairs = populate(args, random.Random(2020))
        (var_dir / "pairs.json").write_text(json.dumps(pairs))
        (var_dir / "pair-uses.json").unlink(missing_ok=True)
        from django.db import connections

        connections.close_all()  # nothing of ours holds a connection (or a SQLite lock) during the run
        setup_s = time.perf_counter() - started

        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server = start_server(env, port, args.workers_web, var_dir / "server.log", args.server_nice)
        wait_until_up(host + FLOOR_PATH, 120, server)
        warm_up(host, pairs)
        phases = {}
        print(f"phase 1: {args.users:,} phone users, ramp {args.ramp:g} s, then {args.seconds} s …", flush=True)
        phases["phase 1"] = run_phase("phase1", args.users, args, host, env, var_dir, server.pid)
        pace = window_figures(phases["phase 1"])["scans_s"] / args.users
        print(f"phase 2: {args.users * 10:,} phone users at {pace:.1f} scans/s each, ramp {args.ramp:g} s, "
              f"then {args.seconds} s …", flush=True)
        phases["phase 2"] = run_phase("phase2", args.users * 10, args, host, env, var_dir, server.pid, pace)
        print(f"phase 3: {args.users:,} phone users, kill -9 of the server {args.kill_after:g} s in …", flush=True)
        phases["phase 3"] = run_phase("phase3", args.users, args, host, env, var_dir, server.pid,
                                      kill_after=args.kill_after)
        stop_server(server)
        entries = count_entries()
        report(args, phases, entries, pairs, database, setup_s)
        log = (var_dir / "server.log").read_text(errors="replace")
        errors = [line for line in log.splitlines() if "Traceback" in line or "[ERROR]" in line or "CRITICAL" in line]
        print(f"  Server log: {var_dir / 'server.log'} ({len(errors)} error lines); var dir {var_dir}; "
              f"whole benchmark {time.perf_counter() - started:.0f} s")
    finally:
        if server is not None:
            stop_server(server)
        if not args.sqlite:
            drop_postgres()


if __name__ == "__main__":
    main()
