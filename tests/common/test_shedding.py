"""The production server sheds load (common/serving.py): with its places full it
answers 503 with Retry-After at once instead of queueing, and serves again once
a place is free. In process with threads (exact counts), then a real granian on
loopback with one place and a request held until the test releases it."""
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lianfu.common.serving import CLOSE_EVERY, Admission, ProductionEnviron
from tests.common.test_production import free_port

ROOT = Path(__file__).resolve().parents[2]


class Held:
    """A WSGI app whose /slow requests wait until released; counts what ran."""

    def __init__(self):
        self.release, self.entered, self.ran = threading.Event(), threading.Semaphore(0), 0

    def __call__(self, environ, start_response):
        self.ran += 1
        if environ["PATH_INFO"] == "/slow":
            self.entered.release()
            self.release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return iter([b"ok"])


def call(app, path="/") -> tuple[str, bytes, dict]:
    answer = {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    body = app({"PATH_INFO": path}, start_response)
    try:
        data = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return answer["status"], data, answer["headers"]


def test_beyond_its_places_and_waiting_room_a_request_is_answered_503_at_once(caplog):
    held = Held()
    admission = Admission(held, running=1, waiting=1)
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", call(admission, "/slow")))
    first.start()
    assert held.entered.acquire(timeout=10)          # the one place is taken
    second = threading.Thread(target=lambda: results.setdefault("second", call(admission)))
    second.start()
    for _ in range(500):                              # the second waits for the place
        if admission.waiting == 1:
            break
        time.sleep(0.01)
    assert admission.waiting == 1 and held.ran == 1

    started = time.monotonic()
    status, body, headers = call(admission)          # no place, no room to wait: shed
    assert time.monotonic() - started < 1
    assert (status, headers["Retry-After"], headers["Connection"]) == ("503 Service Unavailable", "2", "close")
    assert "请稍后再试" in body.decode() and "try again" in body.decode()
    assert (admission.shed, held.ran) == (1, 1)      # the application never saw it
    assert [r.getMessage() for r in caplog.records if r.name == "lianfu.serving"] == [
        "overloaded: 503 answers since the last report: 1 (1 waiting, the limit)"]
    status, _, headers = call(admission)             # shed again: no second warning within 10 s
    assert admission.shed == 2 and len([r for r in caplog.records if r.name == "lianfu.serving"]) == 1
    # The first shed answer closes its connection, then one in CLOSE_EVERY (the 65th, the 129th…).
    assert (status, headers["Retry-After"], "Connection" in headers) == ("503 Service Unavailable", "2", False)
    closes = [call(admission)[2].get("Connection") for _ in range(2 * CLOSE_EVERY)]
    assert [n for n, close in enumerate(closes, start=3) if close == "close"] == [65, 129]

    held.release.set()
    first.join(10), second.join(10)
    assert results["first"][:2] == results["second"][:2] == ("200 OK", b"ok")
    assert (admission.waiting, held.ran) == (0, 2)
    assert call(admission)[:2] == ("200 OK", b"ok")   # every place given back


def test_a_place_is_given_back_when_the_body_is_closed_or_the_application_fails():
    def fails(environ, start_response):
        raise RuntimeError("boom")

    admission = Admission(fails, running=1, waiting=0)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            call(admission)
    lists = Admission(lambda environ, start_response: start_response("200 OK", []) or [b"done"], 1, 0)
    assert [call(lists)[1] for _ in range(3)] == [b"done"] * 3


def test_the_environ_loses_the_process_environment_and_trusts_only_the_proxy_for_the_scheme():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    wrapped = ProductionEnviron(app, environment={"LIANFU_SECRET_KEY": "x", "HOME": "/root", "HTTP_HOST": "h"},
                                trusted="127.0.0.1")
    environ = {"LIANFU_SECRET_KEY": "x", "HOME": "/root", "HTTP_HOST": "h", "PATH_INFO": "/",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https", "wsgi.url_scheme": "http"}
    wrapped(dict(environ), lambda *a: None)
    assert "LIANFU_SECRET_KEY" not in seen and "HOME" not in seen
    assert (seen["HTTP_HOST"], seen["wsgi.url_scheme"]) == ("h", "https")
    seen.clear()
    wrapped({**environ, "REMOTE_ADDR": "10.0.0.9"}, lambda *a: None)   # not the trusted proxy
    assert seen["wsgi.url_scheme"] == "http"


@pytest.fixture
def granian(tmp_path):
    port, release = free_port(), tmp_path / "release"
    env = {**os.environ, "SHEDDING_RELEASE": str(release),
           "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    log = tmp_path / "granian.log"
    process = subprocess.Popen([sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
                                "--port", str(port), "--workers", "1", "--blocking-threads", "5",
                                "--backpressure", "5", "--no-ws", "tests.common.shedding_app:shedding"],
                               env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(port, "/", timeout=5).status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    yield port, release
    release.touch()
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def get(port: int, path: str, timeout: float = 30) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Connection": "close"})
    return connection.getresponse()


def test_a_real_granian_sheds_while_its_place_is_held_and_serves_again_after(granian):
    port, release = granian
    held = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    held.request("GET", "/slow")
    for _ in range(100):                              # /slow takes the one place (a moment after it is sent)
        shed = get(port, "/")
        if shed.status == 503:
            break
        shed.read()
        time.sleep(0.05)
    body = shed.read().decode()
    assert (shed.status, shed.getheader("Retry-After")) == (503, "2")
    assert "请稍后再试" in body

    release.touch()
    slow = held.getresponse()
    assert (slow.status, slow.read()) == (200, b"ok")
    again = get(port, "/")
    assert (again.status, again.read()) == (200, b"ok")
