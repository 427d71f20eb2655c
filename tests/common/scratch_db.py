"""A database of its own for tests that run `lianfu` in a subprocess (pytest-django's
test database is inside a transaction the subprocess cannot see).

On the engine the suite runs on: with DATABASE_URL=postgres://… a fresh database
on that server, dropped afterwards; otherwise a fresh SQLite file in the var
directory (the settings' default)."""
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

LIANFU = [sys.executable, "-m", "lianfu.cli"]


def base_env(var_dir: Path) -> dict[str, str]:
    """The environment of the test process without any LIANFU_ setting or
    database, plus a var directory of its own."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("LIANFU_") and name != "DATABASE_URL"}
    env.update(LIANFU_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    return env


def suite_postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@contextmanager
def scratch_database(var_dir: Path, label: str):
    """An environment whose database is new and empty (no migrations run)."""
    env = base_env(var_dir)
    url = suite_postgres_url()
    if url is None:
        yield env
        return
    import psycopg
    from psycopg import sql

    name = f"lianfu_{label}_{os.getpid()}"
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env["DATABASE_URL"] = urlsplit(url)._replace(path=f"/{name}").geturl()
    try:
        yield env
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def lianfu(*args: str, env: dict, timeout: float = 300, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*LIANFU, *args], env=env, capture_output=True, text=True, timeout=timeout, input=stdin)
