"""kill -9 in the middle of a large worker import, then the same command again:
nothing half-written survives the kill, and the re-run lands every row once.
`lianfu import workers` runs in a subprocess on a database of its own
(tests/common/scratch_db.py), on the suite's engine; the test reads that
database with a plain connection of its own."""
import os
import signal
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from stdnum.cn import ric

from lianfu.common.tabular import write_xlsx
from lianfu.demo.codes import uscc_from_number
from tests.common.scratch_db import LIANFU, lianfu, scratch_database

ROWS = 40_000
SEED = """
from django_scopes import scopes_disabled
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.models import Enterprise
with scopes_disabled():
    Enterprise.objects.bulk_create([Enterprise(uscc=uscc_from_number(i), name=f"慈溪市测试{i}有限公司",
                                               division_id="330282004000") for i in range(1, 201)])
"""


def write_roster(path: Path) -> None:
    """ROWS workers of the 200 firms, each with its own valid ID number."""
    def rows():
        for i in range(ROWS):
            base = f"341221{1960 + (i // 1000) % 40}0101{i % 1000:03d}"
            yield [f"工{i}", base + ric.calc_check_digit(base + "0"), uscc_from_number(1 + i % 200), f"139{i:08d}"]
    write_xlsx(path, ["姓名", "身份证号码", "单位统一社会信用代码", "手机号码"], rows())


def state(env: dict) -> tuple[int, int, int, list[tuple]]:
    """Workers, distinct ID hashes, state changes and the import jobs (status, rows done, rows total) in the
    site's database, once no `lianfu` process runs on it."""
    with _connect(env) as db:
        workers, distinct = db.execute("SELECT count(*), count(DISTINCT id_hash) FROM workforce_worker").fetchone()
        (changes,) = db.execute("SELECT count(*) FROM workforce_workerstatechange").fetchone()
        jobs = [tuple(row) for row in
                db.execute("SELECT status, rows_done, rows_total FROM common_importjob ORDER BY id").fetchall()]
    return workers, distinct, changes, jobs


def shell(code: str, env: dict) -> str:
    done = lianfu("shell", "--no-imports", "-c", code, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("var")
    with scratch_database(folder, "kill") as env:
        done = lianfu("migrate", "--noinput", "-v0", env=env)
        assert done.returncode == 0, done.stderr
        shell(SEED, env)
        path = folder / "参保名册.xlsx"
        write_roster(path)
        yield env, path


def _validated(env: dict) -> bool:
    """The running job has validated every row (what comes next is writing)."""
    with _connect(env) as db:
        row = db.execute("SELECT status, rows_done, rows_total FROM common_importjob ORDER BY id DESC LIMIT 1"
                         ).fetchone()
    return row is not None and tuple(row) == ("running", ROWS, ROWS)


def _writing(env: dict) -> bool:
    """Another connection holds the write transaction that inserts workers: on
    PostgreSQL its lock on the worker table; on SQLite the database's write lock
    (seen twice, 20 ms apart: a heartbeat holds it for a moment only)."""
    if env.get("DATABASE_URL"):
        with _connect(env) as db:
            return db.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                              "WHERE c.relname = 'workforce_worker' AND l.mode = 'RowExclusiveLock' "
                              "AND l.pid <> pg_backend_pid()").fetchone()[0] > 0
    for attempt in range(2):
        with _connect(env) as db:
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:        # database is locked
                time.sleep(0.02 if attempt == 0 else 0)
    return True


@contextmanager
def _connect(env: dict):
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as db:
            yield db
        return
    db = sqlite3.connect(Path(env["LIANFU_VAR_DIR"]) / "lianfu.sqlite3", timeout=0, isolation_level=None)
    try:
        yield db
    finally:
        db.close()


def test_kill_9_during_a_large_import_then_the_same_command_again(site):
    env, path = site
    process = subprocess.Popen([*LIANFU, "import", "workers", str(path)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    # Killed while it writes: every row validated, and its transaction inserting workers.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None and not _validated(env):
        time.sleep(0.05)
    while time.monotonic() < deadline and process.poll() is None and not _writing(env):
        time.sleep(0.005)
    assert process.poll() is None, "the import ended before it could be killed: raise ROWS"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    workers, distinct, changes, jobs = state(env)
    assert (workers, distinct, changes) == (0, 0, 0)          # the kill left nothing half-written
    done = lianfu("import", "workers", str(path), env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{ROWS:,} rows: {ROWS:,} created, 0 updated, 0 unchanged, 0 rejected" in done.stdout
    workers, distinct, changes, jobs = state(env)
    assert (workers, distinct, changes) == (ROWS, ROWS, ROWS)   # 0 lost, 0 duplicated
    # The killed job does not stay "running" forever: the next import failed it (its worker is gone).
    assert jobs == [("failed", ROWS, ROWS), ("done", ROWS, ROWS)]
