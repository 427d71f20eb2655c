"""The production worker sheds load (common/shedding.py): with its pool full it
answers 503 with Retry-After at once, to a request already sent and to one
that arrives later on an open connection, instead of queueing it; once the
pool has room it serves again. A real gunicorn on loopback, one thread, a
pool limit of one request, and a request held until the test releases it."""
import http.client
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.common.test_production import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn(tmp_path):
    port, release = free_port(), tmp_path / "release"
    env = {**os.environ, "LIANFU_SHED_QUEUE": "1", "SHEDDING_RELEASE": str(release),
           "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-k", "lianfu.common.shedding.SheddingThreadWorker",
                                "--threads", "1", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                                "--log-level", "debug", "tests.common.shedding_app:app"],
                               env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while True:          # up when a request is served (a bare connect would take the pool's one place a while)
        try:
            if get(port, "/", timeout=5).status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    yield port, release, log
    release.touch()                                    # a request still held would keep its worker alive
    os.killpg(process.pid, signal.SIGKILL)             # gunicorn and its worker, whatever the test left
    process.wait()


def get(port: int, path: str, timeout: float = 30) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers={"Connection": "close"})
    return connection.getresponse()


def hold_the_pool(port: int, log) -> http.client.HTTPConnection:
    """A /slow request in the pool's one place. The place may still be taken for a moment by the
    connection of an earlier answer (the event loop gives it back after the client has its answer):
    then /slow itself is answered 503, and is sent again."""
    for _ in range(100):
        taken = log.read_text().count("GET /slow")
        held = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        held.request("GET", "/slow")
        for _ in range(200):
            if log.read_text().count("GET /slow") > taken:
                return held                            # gunicorn logs the request when a thread takes it
            if select.select([held.sock], [], [], 0.05)[0]:
                break                                  # answered already: it was shed
        held.close()
    pytest.fail(f"/slow never took the pool:\n{log.read_text()}")


def test_a_full_pool_answers_503_with_retry_after_and_serves_again_when_it_drains(gunicorn):
    port, release, log = gunicorn
    held = hold_the_pool(port, log)
    shed = get(port, "/")
    body = shed.read().decode()
    assert (shed.status, shed.getheader("Retry-After"), shed.getheader("Connection")) == (503, "2", "close")
    assert "请稍后再试" in body and "try again" in body

    # A connection opened now whose request comes later is answered 503 too (read first, then answered).
    late = socket.create_connection(("127.0.0.1", port), timeout=30)
    time.sleep(0.2)                                    # the worker parks it: no request yet
    late.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while chunk := late.recv(4096):
        answer += chunk
    late.close()
    assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n") and b"\r\nRetry-After: 2\r\n" in answer

    release.touch()
    slow = held.getresponse()
    assert (slow.status, slow.read()) == (200, b"ok")
    for _ in range(600):                               # the pool's place is given back on the event loop
        again = get(port, "/")
        if again.status == 200:
            break
        again.read()
        time.sleep(0.05)
    assert (again.status, again.read()) == (200, b"ok")
