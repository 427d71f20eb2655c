"""`lianfu serve`: the web server, the task worker and the helpdesk sweep, started
and stopped together.

    lianfu serve                  Django's runserver (development, `make run`)
    lianfu serve --production     granian + WhiteNoise, LIANFU_DEBUG=false,
                                  after `collectstatic` into $LIANFU_VAR_DIR/static

Both run `lianfu db_worker` beside the web server, and the sweep at start and
then every --sweep-minutes (0: leave it to cron or a timer): `lianfu helpdesk
sweep`, `lianfu entry_purge`, `lianfu messaging send --once`, `lianfu dashboard
warm` (today's county figures into the overview's cache), and once a day
`lianfu dashboard snapshot` of the day before and, after LIANFU_DIGEST_TIME,
`lianfu messaging digest`.

SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops the web server and the worker and
waits for them; so does the end of either one (exit status 1), so a service
manager that restarts `lianfu serve` restarts the set. The children run in
their own process group, so that Ctrl-C reaches them once, through this
process, and on Linux the kernel sends them SIGTERM should this process die
without stopping them (kill -9, out of memory).
"""
import ctypes
import logging
import os
import re
import signal
import subprocess
import sys
import time
from argparse import ArgumentTypeError
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lianfu.common.importing.stale import fail_stale_jobs
from lianfu.common.serving import limits, threads_needed

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
# How long a child may take to stop after SIGTERM before it is killed: granian
# finishes its requests (--workers-kill-timeout 30 s), the worker its current task.
STOP_SECONDS = 40
POLL_SECONDS = 0.2
_ADDR = re.compile(r"^(?:(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):)?(?P<port>\d{1,5})$")
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


class Command(BaseCommand):
    digest_day = None  # the day whose digest this server has queued
    snapshot_day = None  # the day this server wrote the snapshot of the day before
    sweep_seconds = 0
    help = ("Serve the app with its task worker and the helpdesk sweep; stopping it (Ctrl-C, SIGTERM) "
            "stops them all. --production: granian + WhiteNoise, for LIANFU_DEBUG=false.")

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT or PORT to listen on")
        parser.add_argument("--production", action="store_true",
                            help="granian + WhiteNoise (needs LIANFU_DEBUG=false); collects the static files first")
        parser.add_argument("--workers", type=_at_least(1), default=2,
                            help="web server processes with --production, 4 requests running in each (default: 2)")
        parser.add_argument("--sweep-minutes", type=_at_least(0), default=5,
                            help="run the sweep (helpdesk deadlines, entry purge, messages due, the daily digest) "
                                 "at start and then this often; 0: never (default: 5)")
        parser.add_argument("--no-collectstatic", dest="collectstatic", action="store_false",
                            help="with --production: the static files were collected already")

    def handle(self, *args, addr, production, workers, sweep_minutes, collectstatic, **options):
        match = _ADDR.match(addr)
        if not match or not 0 < int(match["port"]) < 65536:
            raise CommandError(f"--addr {addr!r}: expected HOST:PORT or PORT, e.g. 127.0.0.1:8000")
        addr = f"{match['host'] or '127.0.0.1'}:{match['port']}"
        if production and settings.DEBUG:
            raise CommandError("--production needs LIANFU_DEBUG=false (and LIANFU_SECRET_KEY): "
                               "see docs/operations.md")
        if not production and not settings.DEBUG:
            self.say("LIANFU_DEBUG is false: Django's development server is not for production; "
                     "use `lianfu serve --production`.")
        _require_migrated()
        if production:
            _require_connections(workers)
        # Imports left "running" by a worker that died before this start end now.
        failed = fail_stale_jobs()
        if failed:
            self.say(f"Marked {failed} import job(s) failed: their worker had ended.")
        if production and collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.say(f"static files collected into {settings.STATIC_ROOT}")
        connections.close_all()  # the children open their own; ours reopens for the sweep

        python = [sys.executable, "-m"]
        if production:
            host, port = addr.rsplit(":", 1)
            host = host.strip("[]")      # granian takes an IPv6 address without its brackets
            # Enough threads that a request granian takes reaches common/serving.Admission at
            # once, which sheds what is beyond its places (granian's own queue is bounded by
            # its backpressure, backlog / workers connections).
            web = [*python, "granian", "--interface", "wsgi", "--host", host, "--port", port,
                   "--workers", str(workers), "--blocking-threads", str(threads_needed()),
                   "--no-ws", "--access-log", "--respawn-failed-workers", "--workers-kill-timeout", "30",
                   "lianfu.wsgi:production_application"]
        else:
            web = [*python, "lianfu.cli", "runserver", addr, "--noreload", "--skip-checks"]
        worker = [*python, "lianfu.cli", "db_worker", "--interval", "1" if production else "0.5",
                  "--no-reload", "--skip-checks"]

        # Each granian process lends one pooled connection to each request it runs (settings._pool_options).
        web_env = {**os.environ, "LIANFU_DB_POOL": str(limits()[0])} if production else None
        group = ProcessGroup(self.say)
        previous = {number: signal.signal(number, group.request_stop) for number in STOP_SIGNALS}
        try:
            group.start("worker", "db_worker", worker)
            group.start("web", "granian" if production else "runserver", web, f"on http://{addr}/", env=web_env)
            if sweep_minutes:
                self.say(f"helpdesk sweep: at start, then every {sweep_minutes} minutes")
            self.sweep_seconds = sweep_minutes * 60
            ended = group.run(self.sweep, self.sweep_seconds)
        finally:
            group.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)
        if ended:
            raise CommandError(f"{ended}; stopped the others", returncode=1)

    def say(self, line: str) -> None:
        self.stdout.write(f"lianfu serve: {line}")
        self.stdout.flush()

    def sweep(self) -> None:
        """The periodic chores, each by its command's name (common imports no app);
        one failing never stops the server or the others: the next sweep catches up."""
        chores = [("helpdesk", "sweep"),        # deadlines passed, escalations, reopen windows closed
                  ("entry_purge",),             # entry records past their retention
                  ("messaging", "send", "--once")]  # deliveries due whose task was lost; rows a dead worker left
        today = timezone.localdate()
        # Today's county figures rebuilt into the overview's cache, kept until the
        # sweep after next: officers open the overview without waiting for them.
        chores.append(("dashboard", "warm", "--keep", str(2 * self.sweep_seconds + 60)))
        if self.snapshot_day != today:
            # Yesterday's figures, complete now: the overview's trend and its "since the day before".
            chores.append(("dashboard", "snapshot", "--date", (today - timedelta(days=1)).isoformat()))
            self.snapshot_day = today
        if self.digest_day != today and timezone.localtime().time() >= settings.LIANFU_DIGEST_TIME:
            chores.append(("messaging", "digest"))  # once a day, after its cut-off (idempotent anyway)
            self.digest_day = today
        for chore in chores:
            try:
                call_command(*chore, stdout=self.stdout)
            except Exception:
                log.exception("%s failed", " ".join(chore))
        self.stdout.flush()
        connections.close_all()


class ProcessGroup:
    """The children of one `lianfu serve`, stopped together."""

    def __init__(self, say):
        self.say = say
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stop_signal: int | None = None

    def request_stop(self, number, frame) -> None:
        self.stop_signal = number

    def start(self, role: str, program: str, command: list[str], where: str = "", env: dict | None = None) -> None:
        if self.stop_signal is not None:
            return
        process = subprocess.Popen(command, process_group=0, preexec_fn=_end_with_parent(os.getpid()), env=env)
        self.children.append((role, process))
        self.say(f"{role} ({program}) pid {process.pid} {where}".rstrip())

    def run(self, sweep, sweep_seconds: float) -> str:
        """Until a stop signal ("" then) or the end of a child (which one, then)."""
        next_sweep = time.monotonic()
        while self.stop_signal is None:
            for role, process in self.children:
                if process.poll() is not None:
                    return f"the {role} (pid {process.pid}) ended with status {process.returncode}"
            if sweep_seconds and time.monotonic() >= next_sweep:
                sweep()
                next_sweep = time.monotonic() + sweep_seconds
            time.sleep(POLL_SECONDS)
        self.say(f"{signal.Signals(self.stop_signal).name}: stopping")
        return ""

    def stop(self) -> None:
        """SIGTERM to every child still running (the web server first), then wait;
        a child still running after STOP_SECONDS is killed."""
        running = [(role, p) for role, p in reversed(self.children) if p.poll() is None]
        for _role, process in running:
            process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for role, process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{role} (pid {process.pid}) still running after {STOP_SECONDS} s: killed")
                process.kill()
                process.wait()
        if running:
            self.say("stopped " + ", ".join(f"{role} (pid {p.pid})" for role, p in running))


def _end_with_parent(parent: int):
    """Runs in the child between fork and exec: SIGTERM when the parent dies (Linux)."""
    if _LIBC is None:
        return None

    def preexec():
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl: nobody would stop us
            os._exit(1)

    return preexec


def _require_migrated() -> None:
    """Refuse to serve a database that `migrate` has not brought up to date."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise CommandError(f"the database is not up to date ({len(plan)} migration(s) not applied): "
                           f"run `lianfu migrate` first")


def _require_connections(workers: int) -> None:
    """Refuse to start a server that would run PostgreSQL out of connections: each web
    process keeps a pool of one connection per running place (settings._pool_options),
    and the task worker and the sweep one each; past max_connections new ones fail
    ("too many clients") and requests get errors instead of answers."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    running = limits()[0]
    needed = workers * running + 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int"
                       " - current_setting('superuser_reserved_connections')::int,"
                       " (SELECT count(*) FROM pg_stat_activity"
                       "  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())")
        allowed, others = cursor.fetchone()
    if needed > allowed - others:
        raise CommandError(
            f"--workers {workers} hold {needed} database connections ({running} a worker, the task worker "
            f"and the sweep); PostgreSQL has {allowed - others} free (max_connections less reserved and "
            f"open): lower --workers or raise max_connections")


def _at_least(minimum: int):
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ArgumentTypeError(f"{raw!r} is not a whole number") from None
        if value < minimum:
            raise ArgumentTypeError(f"{raw!r}: must be at least {minimum}")
        return value

    return parse
