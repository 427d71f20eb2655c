"""HealthProvider that asks an external health-code (健康码) HTTP service.

The scan path waits for this answer, and the service is a dependency we do not
control. Two rules follow:

* Fail closed. Whatever is not a clear green/yellow/red from the service is
  UNKNOWN with a reason ("timeout", "unavailable", "bad_answer"), and the scan
  refuses entry on UNKNOWN. status_of never raises: an exception here would
  turn into a 500 at the gate instead of a refusal the staff can handle.
* Protect the scan path from a slow or dead service. Every request has a short
  timeout, and a circuit breaker stops calling the service after
  failure_threshold consecutive failures: for reset_after_s every scan gets
  UNKNOWN "circuit_open" at once, instead of each worker in the queue waiting
  out a timeout. Then one trial request (half-open) decides whether the
  circuit closes again or stays open for another reset_after_s.

Only the standard library (http.client): no redirects are followed and no
environment proxy is used, so the request goes exactly where base_url says.
"""
import http.client
import json
import logging
import threading
import time
import urllib.parse

from lianfu.checkin.health import HealthAnswer, HealthStatus

log = logging.getLogger(__name__)

# A status answer is a few dozen bytes; anything bigger is not one.
MAX_BODY_BYTES = 8 * 1024

_ANSWERS = {s.value: s for s in (HealthStatus.GREEN, HealthStatus.YELLOW, HealthStatus.RED)}


class _Failure(Exception):
    """A request that gave no usable answer; reason goes to the HealthAnswer."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class HttpHealthProvider:
    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 0.8,
        failure_threshold: int = 5,
        reset_after_s: float = 30.0,
        api_key: str = "",
        clock=time.monotonic,
    ):
        url = urllib.parse.urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"health service URL must be http(s)://host[:port][/path], not {base_url!r}")
        if timeout_s <= 0 or failure_threshold < 1 or reset_after_s < 0:
            raise ValueError("timeout_s > 0, failure_threshold >= 1 and reset_after_s >= 0 are required")
        self._connection_class = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        self._host, self._port = url.hostname, url.port
        self._path = url.path.rstrip("/") + "/status"
        self._timeout_s = timeout_s
        self._headers = {"Accept": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._failure_threshold = failure_threshold
        self._reset_after_s = reset_after_s
        self._clock = clock
        # Breaker state, guarded by _lock (scans run on many threads at once).
        self._lock = threading.Lock()
        self._failures = 0  # consecutive
        self._open_until: float | None = None  # None: closed
        self._trial_running = False

    def status_of(self, id_hash: str) -> HealthAnswer:
        admitted, trial = self._admit()
        if not admitted:
            return HealthAnswer(HealthStatus.UNKNOWN, "circuit_open")
        try:
            status = self._ask(id_hash)
        except _Failure as failure:
            self._record(ok=False, trial=trial)
            return HealthAnswer(HealthStatus.UNKNOWN, failure.reason)
        except Exception:  # a bug or a surprise from the stack must still not break the scan
            log.exception("health service call failed unexpectedly")
            self._record(ok=False, trial=trial)
            return HealthAnswer(HealthStatus.UNKNOWN, "unavailable")
        self._record(ok=True, trial=trial)
        return HealthAnswer(status, "service")

    # -- circuit breaker ---------------------------------------------------------------------------------------

    def _admit(self) -> tuple[bool, bool]:
        """(may call the service, this call is the half-open trial)."""
        with self._lock:
            if self._open_until is None:
                return True, False
            if self._trial_running or self._clock() < self._open_until:
                return False, False
            # Open long enough: let exactly one caller find out whether the service is back.
            self._trial_running = True
            return True, True

    def _record(self, *, ok: bool, trial: bool) -> None:
        with self._lock:
            if trial:
                self._trial_running = False
            if ok:
                self._failures = 0
                self._open_until = None
                return
            self._failures += 1
            # A failed trial re-opens; a call that started before the circuit opened and fails
            # late does not extend the open period.
            if trial or (self._open_until is None and self._failures >= self._failure_threshold):
                self._open_until = self._clock() + self._reset_after_s
                log.warning("health service circuit open for %ss after %d failures",
                            self._reset_after_s, self._failures)

    # -- one request -------------------------------------------------------------------------------------------

    def _ask(self, id_hash: str) -> HealthStatus:
        target = f"{self._path}?subject={urllib.parse.quote(id_hash, safe='')}"
        # The timeout applies to the connect and to every read on the socket.
        connection = self._connection_class(self._host, self._port, timeout=self._timeout_s)
        try:
            connection.request("GET", target, headers=self._headers)
            response = connection.getresponse()
            if response.status != 200:
                raise _Failure("unavailable")
            body = response.read(MAX_BODY_BYTES + 1)
        except TimeoutError:  # socket.timeout, on connect or read
            raise _Failure("timeout") from None
        except (OSError, http.client.HTTPException):  # refused, reset, DNS, TLS, broken HTTP
            raise _Failure("unavailable") from None
        finally:
            connection.close()
        if len(body) > MAX_BODY_BYTES:
            raise _Failure("bad_answer")
        try:
            answer = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, absurdly nested
            raise _Failure("bad_answer") from None
        status = answer.get("status") if isinstance(answer, dict) else None
        if not isinstance(status, str) or status not in _ANSWERS:
            raise _Failure("bad_answer")
        return _ANSWERS[status]
