"""`lianfu serve` as docs/operations.md runs it, in a subprocess on loopback,
against a database of its own on the suite's engine (tests/common/scratch_db.py):
the production path (granian, WhiteNoise, LIANFU_DEBUG=false) signs a user in
and answers the API, its worker runs tasks and its sweep runs; and stopping
`lianfu serve` in any way stops its worker."""
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.common.scratch_db import LIANFU, base_env, lianfu, scratch_database, suite_postgres_url

USERNAME, PASSWORD = "h8county", "serve-check-password-7d3"
FIRM = "慈溪市联复测试电器有限公司"
SEED = f"""
from django_scopes import scopes_disabled
from lianfu.common.roles import Role
from lianfu.accounts.models import User
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.models import Enterprise
with scopes_disabled():
    User.objects.create_user({USERNAME!r}, password={PASSWORD!r}, role=Role.COUNTY_OFFICER,
                             division_id="330282000000")
    Enterprise.objects.create(uscc=uscc_from_number(424242), name={FIRM!r}, division_id="330282004000",
                              industry_id="3857", employees=12)
"""
# Enqueued from outside; the worker of `lianfu serve` must run it.
RUN_A_TASK = """
import json, time
from lianfu.helpdesk.tasks import sweep_task
result = sweep_task.enqueue()
for _ in range(300):
    result.refresh()
    if result.is_finished:
        break
    time.sleep(0.2)
print(result.status, json.dumps(result.return_value if result.is_finished else None, sort_keys=True))
"""
PII = {"LIANFU_PII_HASH_KEY": "test-only-pii-hash-key-31c0",
       "LIANFU_PII_KEYS": "Fjdr0vv2nBNTRFfnnvZkXuYwbQiL6M7fm3ANwIv9Qxo="}
PRODUCTION = {"LIANFU_DEBUG": "false", "LIANFU_SECRET_KEY": "test-only-production-key-5e1b7c", **PII,
              # plain HTTP on loopback: cookies must not require HTTPS to sign in
              "LIANFU_SECURE_COOKIES": "false"}
READY_SECONDS = 120


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    """A migrated database with one county officer and one firm."""
    with scratch_database(tmp_path_factory.mktemp("var"), "serve") as env:
        for args in (("migrate", "--noinput", "-v0"), ("shell", "--no-imports", "-c", SEED)):
            done = lianfu(*args, env=env)
            assert done.returncode == 0, done.stderr
        yield env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """One `lianfu serve` subprocess, its output in a file."""

    def __init__(self, env: dict, log: Path, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen([*LIANFU, "serve", "--addr", f"127.0.0.1:{self.port}", *args],
                                            env=env, stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def pid_of(self, role: str) -> int:
        return int(re.search(rf"^lianfu serve: {role} \(\w+\) pid (\d+)", self.output(), re.M)[1])

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"lianfu serve ended early:\n{self.output()}"
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as response:
                    if response.status == 200 and "lianfu serve: worker" in self.output():
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        pytest.fail(f"lianfu serve not ready after {READY_SECONDS} s:\n{self.output()}")

    def stop(self, number=signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(number)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"lianfu serve still running {timeout} s after {number!r}:\n{self.output()}")

    def kill_all(self) -> None:
        """Teardown: whatever a failed test left running."""
        for role in ("web", "worker"):
            try:
                os.kill(self.pid_of(role), signal.SIGKILL)
            except (TypeError, ProcessLookupError):
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(env, *args):
        served = Served(env, tmp_path / f"serve-{len(started)}.log", *args)
        started.append(served)
        served.wait_ready()
        return served

    yield start
    for served in started:
        served.kill_all()


def alive(pid: int) -> bool:
    """Running (a zombie whose parent has not reaped it yet counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def ended_soon(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class Browser:
    """urllib with a cookie jar, never following redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  self._NoRedirect)

    def request(self, path: str, data: dict | None = None, **headers):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, response.headers, response.read()

    def cookie(self, name: str):
        return next((c for c in self.cookies if c.name == name), None)


def test_production_server_signs_in_answers_the_api_and_runs_tasks(site_env, serve):
    # A cut-off of midnight: the day's digest is due at start.
    served = serve({**site_env, **PRODUCTION, "LIANFU_DIGEST_TIME": "00:00"}, "--production", "--workers", "1")
    browser = Browser(served.url)

    status, headers, page = browser.request("/accounts/login/")
    assert (status, headers["Server"]) == (200, "granian")
    assert (headers["X-Frame-Options"], headers["X-Content-Type-Options"], headers["Referrer-Policy"]) == (
        "DENY", "nosniff", "same-origin")
    assert headers["Strict-Transport-Security"] is None  # never on plain HTTP
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
    assert browser.cookie("csrftoken").secure is False  # LIANFU_SECURE_COOKIES=false

    # Behind a TLS proxy on this host (X-Forwarded-Proto from 127.0.0.1): HSTS for a year.
    _, headers, _ = browser.request("/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert headers["Strict-Transport-Security"] == "max-age=31536000"

    # Static files: collected, hashed, compressed, cached for ever, served by the app server.
    stylesheet = re.search(rb'href="(/static/css/lianfu\.[0-9a-f]{12}\.css)"', page)[1].decode()
    status, headers, body = browser.request(stylesheet, **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert "immutable" in headers["Cache-Control"]
    assert (Path(site_env["LIANFU_VAR_DIR"]) / "static" / stylesheet.removeprefix("/static/")).is_file()

    status, _, _ = browser.request("/api/enterprises")
    assert status == 401  # not signed in yet

    status, headers, _ = browser.request("/accounts/login/", {
        "username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    assert (status, headers["Location"]) == (302, "/")
    assert browser.cookie("sessionid") is not None

    status, headers, body = browser.request("/api/enterprises")
    assert (status, headers["Content-Type"]) == (200, "application/json; charset=utf-8")
    answer = json.loads(body)
    assert answer["count"] == 1 and answer["items"][0]["name"] == FIRM

    # The worker takes a task from the database; the sweep ran at start.
    done = lianfu("shell", "--no-imports", "-c", RUN_A_TASK, env={**site_env, **PRODUCTION})
    assert done.stdout.strip() == "SUCCESSFUL {\"closed\": 0, \"escalated\": 0, \"overdue\": 0}", done.stderr
    assert "sweep: 0 overdue noted, 0 escalated, 0 closed" in served.output()
    assert "messaging: 0 sent, 0 failed, 0 dead, 0 deferred, 0 stale_resent, 0 stale_unknown, 0 stale_dead" in (
        served.output())
    assert "messaging digest: 0 queued for 0 users" in served.output()

    # granian's access log names the path without its query string: an API key never reaches it.
    secret = "SECRETVALUE0123456789"
    status, _, _ = browser.request(f"/open311/v2/requests.json?api_key={secret}&status=open")
    assert status == 403
    deadline = time.monotonic() + 10
    while '"GET /open311/v2/requests.json HTTP/1.1" 403' not in served.output():
        assert time.monotonic() < deadline, served.output()
        time.sleep(0.1)

    if suite_postgres_url():
        assert_pooled(browser, site_env["DATABASE_URL"])

    web, worker = served.pid_of("web"), served.pid_of("worker")
    assert served.stop(signal.SIGTERM) == 0
    assert not alive(web) and not alive(worker)
    assert "lianfu serve: stopped web" in served.output()
    assert secret not in served.output()


def assert_pooled(browser: Browser, database_url: str) -> None:
    """The web process holds one connection per running place (4), however many requests
    come at once: 24 signed-in API reads, 12 at a time, where a connection per thread
    would have opened up to 12."""
    import psycopg

    def web_connections(admin) -> int:
        return admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                             "AND application_name = 'lianfu web'").fetchone()[0]

    with psycopg.connect(database_url, autocommit=True) as admin, ThreadPoolExecutor(12) as pool:
        answers = [pool.submit(lambda: browser.request("/api/enterprises")[0]) for _ in range(24)]
        seen = [web_connections(admin)]
        while not all(answer.done() for answer in answers):
            seen.append(web_connections(admin))
        assert [answer.result() for answer in answers] == [200] * 24
        deadline = time.monotonic() + 10
        while web_connections(admin) != 4:     # the pool opens its 4 in the background
            assert time.monotonic() < deadline, seen
            time.sleep(0.1)
        assert max(seen) <= 4, seen


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_stopping_serve_stops_its_worker(site_env, serve, number):
    served = serve(site_env)
    web, worker = served.pid_of("web"), served.pid_of("worker")
    assert alive(web) and alive(worker)
    assert served.stop(number) == 0
    assert not alive(worker) and not alive(web)
    assert f"lianfu serve: {signal.Signals(number).name}: stopping" in served.output()


def test_a_killed_serve_still_takes_its_worker_along(site_env, serve):
    """kill -9 leaves no time to stop anything: the kernel tells the children
    (PR_SET_PDEATHSIG)."""
    served = serve(site_env, "--sweep-minutes", "0")
    web, worker = served.pid_of("web"), served.pid_of("worker")
    served.stop(signal.SIGKILL)
    assert ended_soon(worker) and ended_soon(web)


def test_serve_stops_when_its_worker_ends(site_env, serve):
    served = serve(site_env, "--sweep-minutes", "0")
    web, worker = served.pid_of("web"), served.pid_of("worker")
    os.kill(worker, signal.SIGKILL)
    assert served.process.wait(timeout=60) == 1
    assert not alive(web)
    assert f"the worker (pid {worker}) ended with status -9; stopped the others" in served.output()


def test_production_refuses_debug_and_an_unmigrated_database(tmp_path):
    env = base_env(tmp_path)
    done = lianfu("serve", "--production", env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "CommandError: --production needs LIANFU_DEBUG=false (and LIANFU_SECRET_KEY): see docs/operations.md")
    done = lianfu("serve", "--production", env={**env, **PRODUCTION})
    assert done.returncode == 1
    assert re.fullmatch(r"CommandError: the database is not up to date \(\d+ migration\(s\) not applied\): "
                        r"run `lianfu migrate` first", done.stderr.strip().splitlines()[-1])


@pytest.mark.skipif(suite_postgres_url() is None, reason="SQLite has no connection limit to run out of")
def test_production_refuses_more_workers_than_postgresql_has_connections_for(site_env):
    """Each web process keeps a pool of 4 connections: 30 of them, the task worker and the
    sweep need 122, more than the default max_connections (100), so serve says so and stops."""
    done = lianfu("serve", "--production", "--workers", "30", "--no-collectstatic", env={**site_env, **PRODUCTION})
    assert done.returncode == 1
    assert re.fullmatch(r"CommandError: --workers 30 hold 122 database connections \(4 a worker, the task worker "
                        r"and the sweep\); PostgreSQL has \d+ free \(max_connections less reserved and open\): "
                        r"lower --workers or raise max_connections", done.stderr.strip().splitlines()[-1])


SHOW_SETTINGS = """
from django.conf import settings as s
print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,
      "whitenoise.middleware.WhiteNoiseMiddleware" in s.MIDDLEWARE, s.STORAGES["staticfiles"]["BACKEND"])
"""


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "False False 0 False django.contrib.staticfiles.storage.StaticFilesStorage"),
    (PRODUCTION, "False False 31536000 True lianfu.common.static_storage.StaticStorage"),
    ({**PRODUCTION, "LIANFU_SECURE_COOKIES": "true", "LIANFU_HSTS_SECONDS": "600"},
     "True True 600 True lianfu.common.static_storage.StaticStorage"),
    ({"LIANFU_DEBUG": "false", "LIANFU_SECRET_KEY": "k", **PII},
     "True True 31536000 True lianfu.common.static_storage.StaticStorage"),
])
def test_production_settings(tmp_path, env, expected):
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + SHOW_SETTINGS],
                          env={**base_env(tmp_path), "DJANGO_SETTINGS_MODULE": "lianfu.settings", **env},
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == expected, done.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("LIANFU_SECURE_COOKIES", "sometimes", "expected one of 1/0, true/false, yes/no, on/off"),
    ("LIANFU_HSTS_SECONDS", "a year", "expected a whole number"),
    ("LIANFU_HSTS_SECONDS", "-1", "must be at least 0"),
])
def test_a_bad_production_setting_stops_start_up_in_one_line(tmp_path, name, value, message):
    done = lianfu("serve", "--production", env={**base_env(tmp_path), **PRODUCTION, name: value})
    assert done.returncode == 1
    assert done.stderr == f"lianfu: bad setting: {name}={value!r}: {message} (see docs/operations.md)\n"


def test_production_needs_its_own_keys_for_personal_data(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k not in PII}
    done = lianfu("serve", "--production", env={**base_env(tmp_path), **without})
    assert done.returncode == 1
    assert done.stderr == ("lianfu: bad setting: LIANFU_PII_HASH_KEY and LIANFU_PII_KEYS must be set when "
                           "LIANFU_DEBUG is off (a key for LIANFU_PII_KEYS: lianfu pii_key) (see docs/operations.md)\n")
    done = lianfu("serve", "--production", env={**base_env(tmp_path), **PRODUCTION, "LIANFU_PII_KEYS": "short-key"})
    assert done.returncode == 1
    assert done.stderr == ("lianfu: bad setting: LIANFU_PII_KEYS: short-…: not a key of 32 bytes in url-safe "
                           "base64; make one with: lianfu pii_key (see docs/operations.md)\n")
