"""HttpHealthProvider against a real HTTP server on 127.0.0.1.

The stub server runs in a background thread; each test sets what it answers
(status, body, or blocking until the test is over) and reads back the requests
it received. No test asserts elapsed time: a timeout is proven by the call
returning while the handler is still blocked."""
import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lianfu.checkin.health import HealthAnswer, HealthStatus
from lianfu.checkin.health_http import MAX_BODY_BYTES, HttpHealthProvider

UNKNOWN = HealthStatus.UNKNOWN
# Safety net only: how long a test waits for the server thread before failing.
WAIT_S = 10


@dataclass
class Stub:
    url: str = ""
    status: int = 200
    body: bytes = b'{"status": "green"}'
    block: bool = False  # the handler waits on `gate` before answering
    stall: bool = False  # the handler claims a 1 MiB body, sends `body`, then waits on `gate` with the connection open
    gate: threading.Event = field(default_factory=threading.Event)
    entered: threading.Event = field(default_factory=threading.Event)  # a handler is blocked on the gate
    requests: list = field(default_factory=list)  # (path, headers) in arrival order
    finished: int = 0  # handlers that got past the gate
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, obj, status=200):
        self.status, self.body = status, json.dumps(obj).encode()

    @property
    def paths(self):
        return [path for path, _ in self.requests]


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def stub():
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with stub.lock:
                stub.requests.append((self.path, dict(self.headers)))
            if stub.block:
                stub.entered.set()
                stub.gate.wait(WAIT_S)
                with stub.lock:
                    stub.finished += 1
            try:
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(2**20 if stub.stall else len(stub.body)))
                self.end_headers()
                self.wfile.write(stub.body)
                self.wfile.flush()
            except OSError:  # the client gave up (timeout, body cap): expected
                return
            if stub.stall:
                stub.entered.set()
                stub.gate.wait(WAIT_S)
                with stub.lock:
                    stub.finished += 1

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield stub
    stub.gate.set()  # release every blocked handler before stopping
    server.shutdown()
    server.server_close()
    thread.join(WAIT_S)


def closed_port_url():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


# -- answers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [HealthStatus.GREEN, HealthStatus.YELLOW, HealthStatus.RED])
def test_service_status_is_answered_exactly(stub, status):
    stub.answer({"status": status.value})
    answer = HttpHealthProvider(stub.url).status_of("abc")
    assert answer == HealthAnswer(status, "service")
    assert stub.paths == ["/status?subject=abc"]


def test_subject_is_url_encoded_and_no_authorization_without_api_key(stub):
    id_hash = "a b/c+d=é?&x"
    assert HttpHealthProvider(stub.url).status_of(id_hash) == HealthAnswer(HealthStatus.GREEN, "service")
    [(path, headers)] = stub.requests
    assert path == "/status?subject=a%20b%2Fc%2Bd%3D%C3%A9%3F%26x"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(path).query) == {"subject": [id_hash]}
    assert headers["Accept"] == "application/json"
    assert "Authorization" not in headers


def test_bearer_header_with_api_key_and_base_path_kept(stub):
    provider = HttpHealthProvider(stub.url + "/api/v1/", api_key="s3cret")
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    [(path, headers)] = stub.requests
    assert path == "/api/v1/status?subject=abc"
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Accept"] == "application/json"


@pytest.mark.parametrize("body", [
    b'{"status": "green"',  # truncated JSON
    b"green",  # not JSON
    b'["green"]',  # an array, not an object
    b'{"status": "blue"}',  # unknown value
    b'{"status": "unknown"}',  # the service not knowing is not an answer either
    b'{"status": "GREEN"}',  # values are exact
    b'{"status": ["green"]}',  # not a string
    b'{"state": "green"}',  # status missing
    b"\xff\xfe{}",  # not UTF-8
    b"",  # empty
], ids=["truncated", "not-json", "array", "blue", "unknown", "upper", "list", "missing", "not-utf8", "empty"])
def test_malformed_answer_is_bad_answer(stub, body):
    stub.body = body
    assert HttpHealthProvider(stub.url).status_of("abc") == HealthAnswer(UNKNOWN, "bad_answer")
    assert len(stub.requests) == 1


def test_body_over_8_kib_is_bad_answer(stub):
    stub.body = json.dumps({"status": "green", "pad": "x" * MAX_BODY_BYTES}).encode()
    assert len(stub.body) > MAX_BODY_BYTES
    assert HttpHealthProvider(stub.url).status_of("abc") == HealthAnswer(UNKNOWN, "bad_answer")


def test_reads_no_more_than_8_kib_of_a_long_body(stub):
    # 8 KiB + 1 arrive, the rest never does: a client reading it all would wait out its timeout.
    stub.body, stub.stall = b"x" * (MAX_BODY_BYTES + 1), True
    answer = HttpHealthProvider(stub.url, timeout_s=WAIT_S).status_of("abc")
    assert stub.entered.wait(WAIT_S)
    assert not stub.gate.is_set()
    assert stub.finished == 0
    assert answer == HealthAnswer(UNKNOWN, "bad_answer")


def test_body_of_exactly_8_kib_is_accepted(stub):
    head = b'{"status": "red", "pad": "'
    stub.body = head + b"x" * (MAX_BODY_BYTES - len(head) - 2) + b'"}'
    assert len(stub.body) == MAX_BODY_BYTES == 8192
    assert HttpHealthProvider(stub.url).status_of("abc") == HealthAnswer(HealthStatus.RED, "service")


@pytest.mark.parametrize("code", [500, 503, 404, 302])
def test_non_200_is_unavailable(stub, code):
    stub.answer({"status": "green"}, status=code)  # a green body does not rescue an error status
    assert HttpHealthProvider(stub.url).status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert len(stub.requests) == 1


def test_closed_port_is_unavailable():
    assert HttpHealthProvider(closed_port_url()).status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")


def test_slow_service_times_out_without_waiting_for_it(stub):
    stub.block = True
    answer = HttpHealthProvider(stub.url, timeout_s=0.2).status_of("abc")
    # The handler got the request and is still blocked: the call did not wait for the answer.
    assert stub.entered.wait(WAIT_S)
    assert not stub.gate.is_set()
    assert stub.finished == 0
    assert answer == HealthAnswer(UNKNOWN, "timeout")


def test_bad_base_url_is_refused_at_construction():
    with pytest.raises(ValueError):
        HttpHealthProvider("127.0.0.1:8000")


# -- circuit breaker -------------------------------------------------------------------------------------------


def open_circuit(stub, clock, threshold=3):
    """A provider whose circuit just opened after `threshold` HTTP 500s."""
    provider = HttpHealthProvider(stub.url, failure_threshold=threshold, reset_after_s=30.0, clock=clock)
    stub.status = 500
    for _ in range(threshold):
        assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert len(stub.requests) == threshold
    return provider


def test_circuit_opens_after_threshold_and_makes_no_request(stub):
    clock = FakeClock()
    provider = open_circuit(stub, clock)
    stub.status = 200  # even a healthy service is not asked while open
    for _ in range(4):
        assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    clock.now += 29.0
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    assert len(stub.requests) == 3


def test_every_kind_of_failure_counts(stub):
    clock = FakeClock()
    provider = HttpHealthProvider(stub.url, timeout_s=0.2, failure_threshold=3, clock=clock)
    stub.body = b"not json"
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "bad_answer")
    stub.status = 500
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    stub.block = True
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "timeout")
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    assert len(stub.requests) == 3


def test_successful_trial_closes_the_circuit(stub):
    clock = FakeClock()
    provider = open_circuit(stub, clock)
    stub.status = 200
    clock.now += 31.0
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    assert len(stub.requests) == 4
    # Closed again: every call reaches the server.
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    assert len(stub.requests) == 6
    # And the count restarted: it takes the full threshold again to open it.
    stub.status = 500
    for _ in range(3):
        assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    assert len(stub.requests) == 9


def test_failed_trial_reopens_for_another_period(stub):
    clock = FakeClock()
    provider = open_circuit(stub, clock)
    clock.now += 31.0
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")  # the trial
    assert len(stub.requests) == 4
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    # Measured from the failed trial, not from the first opening.
    clock.now += 29.0
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    assert len(stub.requests) == 4
    clock.now += 2.0
    stub.status = 200
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    assert len(stub.requests) == 5


def test_only_one_trial_while_half_open(stub):
    clock = FakeClock()
    provider = HttpHealthProvider(stub.url, timeout_s=WAIT_S, failure_threshold=3, reset_after_s=30.0, clock=clock)
    stub.status = 500
    for _ in range(3):
        provider.status_of("abc")
    clock.now += 31.0
    stub.status, stub.block = 200, True
    results = []
    trial = threading.Thread(target=lambda: results.append(provider.status_of("trial")))
    trial.start()
    try:
        assert stub.entered.wait(WAIT_S)  # the trial is in the server, blocked
        assert provider.status_of("other") == HealthAnswer(UNKNOWN, "circuit_open")
        assert stub.paths[-1] == "/status?subject=trial"
        assert len(stub.requests) == 4
    finally:
        stub.gate.set()
        trial.join(WAIT_S)
    assert results == [HealthAnswer(HealthStatus.GREEN, "service")]
    stub.block = False
    assert provider.status_of("after") == HealthAnswer(HealthStatus.GREEN, "service")
    assert len(stub.requests) == 5


def test_success_in_between_resets_the_failure_count(stub):
    clock = FakeClock()
    provider = HttpHealthProvider(stub.url, failure_threshold=3, clock=clock)
    stub.status = 500
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    stub.status = 200
    assert provider.status_of("abc") == HealthAnswer(HealthStatus.GREEN, "service")
    stub.status = 500
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    # Four failures in all, but only two in a row: still closed.
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "unavailable")
    assert len(stub.requests) == 6
    # That was the third in a row: now open.
    assert provider.status_of("abc") == HealthAnswer(UNKNOWN, "circuit_open")
    assert len(stub.requests) == 6
