"""What the production server (granian, `lianfu serve --production`) leaves to
the application: shedding load, the scheme behind a proxy, and a clean environ.

**Shedding.** granian hands each request to one of its blocking threads and
calls the WSGI application there. ``Admission`` lets ``running`` requests run
in the application at once per process and up to ``waiting`` more wait for a
place (4 and 28 by default: ``LIANFU_SHED_QUEUE`` per running place in all, as
the four threads of a gunicorn worker had); any further request is answered at
once, without touching the database: ``503 Service Unavailable`` with
``Retry-After: 2``. A phone told to scan again in two seconds is better served
than one left waiting thirty (Xi'an's health code, December 2021). serve.py
gives granian ``running + waiting + SPARE`` threads per worker, so a request
granian takes reaches ``Admission`` at once (a shed answer takes microseconds
and frees its thread); granian holds at most its backpressure (backlog /
workers) connections per worker, and further ones wait in the listen backlog.
A backpressure as small as the threads was tried: keep-alive connections then
held every place, and others hung in the backlog past the clients' timeout.

**Scheme.** A reverse proxy on an address in ``FORWARDED_ALLOW_IPS``
(127.0.0.1 by default, as gunicorn had it) that sends ``X-Forwarded-Proto:
https`` makes the request secure (``wsgi.url_scheme``).

**Environ.** granian copies the server's whole process environment into every
request's environ; those keys (LIANFU_SECRET_KEY among them) must never reach
request.META, where error reports would print them."""
import logging
import os
import threading
import time

log = logging.getLogger("lianfu.serving")
RETRY_AFTER_S = 2
REPORT_EVERY_S = 10.0   # while shedding lasts, one warning this often (the first at once)
RUNNING = 4
SPARE = 4          # threads beyond running + waiting: a request over the limit still gets one to be shed on
BODY = "服务繁忙，请稍后再试。Busy: please try again in a moment.\n".encode()
HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", str(RETRY_AFTER_S)),
           ("Cache-Control", "no-store"), ("Content-Length", str(len(BODY)))]
# One shed answer in CLOSE_EVERY (the first, then every 64th) also closes its connection.
# The workers share one listening socket and keep the connections they accepted: one
# worker may hold more phones than its places and waiting room while another has room,
# and a phone it sheds would come back to it on the same connection. Closed now and
# then, the connections spread again. Not every time: reconnecting at the rush cost the
# phones told to wait more than the 503 itself (entry_load, 10x users: 503 p99 1.9 s
# when every one closed, 0.2 s when none did).
CLOSE_EVERY = 64
HEADERS_CLOSE = [*HEADERS, ("Connection", "close")]
# Keys a WSGI server sets itself; every other key that also names a process environment variable came from there.
_WSGI_KEYS = ("HTTP_", "wsgi.", "SERVER_", "REMOTE_", "REQUEST_", "CONTENT_", "PATH_INFO", "QUERY_STRING",
              "SCRIPT_NAME", "GATEWAY_INTERFACE", "RAW_URI")


def queue_per_running() -> int:
    value = os.environ.get("LIANFU_SHED_QUEUE", "8")
    return max(1, int(value)) if value.isdigit() else 8


def limits() -> tuple[int, int]:
    """(running, waiting) per process, from LIANFU_SHED_QUEUE."""
    return RUNNING, RUNNING * queue_per_running() - RUNNING


def threads_needed() -> int:
    running, waiting = limits()
    return running + waiting + SPARE


class Admission:
    def __init__(self, application, running: int, waiting: int):
        self.application = application
        self.places = threading.Semaphore(running)
        self.waiting_limit = waiting
        self.waiting = 0
        self.lock = threading.Lock()
        self.shed = 0               # answered 503 since start (this process)
        self.reported_shed, self.reported_at = 0, -REPORT_EVERY_S

    def __call__(self, environ, start_response):
        if not self.places.acquire(blocking=False):
            with self.lock:
                full = self.waiting >= self.waiting_limit
                if full:
                    self.shed += 1
                    close = self.shed % CLOSE_EVERY == 1
                    self._report()
                else:
                    self.waiting += 1
            if full:
                start_response("503 Service Unavailable", HEADERS_CLOSE if close else HEADERS)
                return [BODY]
            try:
                self.places.acquire()
            finally:
                with self.lock:
                    self.waiting -= 1
        try:
            body = self.application(environ, start_response)
        except BaseException:
            self.places.release()
            raise
        if isinstance(body, list):       # all made already (the door's answer): granian sends a list fastest
            self.places.release()
            return body
        return _ReleasedOnClose(body, self.places.release)


    def _report(self) -> None:
        """Called under the lock: a warning now and then while requests are shed."""
        now = time.monotonic()
        if now - self.reported_at >= REPORT_EVERY_S:
            log.warning("overloaded: 503 answers since the last report: %d (%d waiting, the limit)",
                        self.shed - self.reported_shed, self.waiting)
            self.reported_shed, self.reported_at = self.shed, now


class _ReleasedOnClose:
    """The response body; its place is given back when the server closes it (PEP 3333),
    so a long download keeps its place while it is sent."""

    __slots__ = ("body", "release", "done")

    def __init__(self, body, release):
        self.body, self.release, self.done = body, release, False

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            if not self.done:
                self.done = True
                self.release()


class ProductionEnviron:
    """Drops the process environment granian copied into the environ, and sets the
    scheme from a trusted proxy's X-Forwarded-Proto."""

    def __init__(self, application, environment=None, trusted: str | None = None):
        self.application = application
        environment = os.environ if environment is None else environment
        self.leaked = tuple(key for key in environment if not key.startswith(_WSGI_KEYS))
        trusted = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1") if trusted is None else trusted
        self.trusted = {address.strip() for address in trusted.split(",") if address.strip()}

    def __call__(self, environ, start_response):
        for key in self.leaked:
            environ.pop(key, None)
        proto = environ.get("HTTP_X_FORWARDED_PROTO")
        if proto and ("*" in self.trusted or environ.get("REMOTE_ADDR") in self.trusted):
            environ["wsgi.url_scheme"] = "https" if proto.lower() == "https" else "http"
        return self.application(environ, start_response)
