"""gunicorn's gthread worker that sheds load instead of queueing it without end.

The stock gthread worker hands every accepted connection to its thread pool,
whose queue has no bound: under a rush beyond what the machine can answer,
every request waits longer and longer until clients time out (Xi'an's health
code in December 2021). This worker counts the requests in its pool (running
or waiting for a thread) and, once ``LIANFU_SHED_QUEUE`` per thread wait
(8 by default: 32 for gunicorn_conf's 4 threads), answers further requests
at once from its event loop: ``503 Service Unavailable`` with ``Retry-After``,
then closes the connection. A phone told to scan again in two seconds is
better served than one left waiting thirty.

The request is read off the socket before the answer is written (and a new
connection whose request has not arrived yet waits on the poller, as gthread
parks an idle one), so the client reads the 503 instead of a reset. TLS and
HTTP/2 connections are never shed here (lianfu serves plain HTTP/1.1 behind
its proxy; see docs/operations.md)."""
import logging
import os
import selectors
import socket
import sys
import time
from functools import partial

from gunicorn.workers.gthread import ThreadWorker

log = logging.getLogger("lianfu.serving")
RETRY_AFTER_S = 2
DRAIN_LIMIT = 64 * 1024          # bytes of request read before answering; a larger body is not waited for
REPORT_EVERY_S = 10.0
ACCEPT_BATCH = 64
SWITCH_INTERVAL_S = 0.001
_BODY = "服务繁忙，请稍后再试。Busy: please try again in a moment.\n".encode()
RESPONSE = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Retry-After: %d\r\nCache-Control: no-store\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
            % (RETRY_AFTER_S, len(_BODY))) + _BODY


def queue_per_thread() -> int:
    value = os.environ.get("LIANFU_SHED_QUEUE", "8")
    return max(1, int(value)) if value.isdigit() else 8


class SheddingThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_pool = 0
        self.pool_limit = self.cfg.threads * queue_per_thread()
        self.shed_since_report, self.reported_at = 0, time.monotonic()

    def init_process(self):
        # The event loop thread sheds and accepts: under load it must get the GIL back from the
        # request threads within a millisecond, not Python's default five.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        super().init_process()

    # Every call below runs on the worker's main thread (its event loop), so the counter needs no lock.
    def accept(self, listener):
        """Every connection waiting, not one per turn of the loop (gthread's): in a rush the
        backlog would otherwise grow while requests in the pool hold the GIL."""
        for _ in range(ACCEPT_BATCH):
            waiting = self.nr_conns
            super().accept(listener)
            if self.nr_conns == waiting or self.nr_conns >= self.worker_connections:
                return

    def enqueue_req(self, conn):
        if self.in_pool < self.pool_limit or self.cfg.is_ssl or conn.is_http2:
            self.in_pool += 1
            super().enqueue_req(conn)
        elif not _request_arrived(conn):
            self._park(conn)
        else:
            self._shed(conn)

    def finish_request(self, conn, fs):
        self.in_pool -= 1
        super().finish_request(conn, fs)

    def _park(self, conn):
        """Wait on the poller for the request (gthread's own pending list, with its timeout)."""
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))

    def _shed(self, conn):
        sock = conn.sock
        try:
            sock.setblocking(False)
            _drain(sock)
            sock.send(RESPONSE)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass                    # the client left: nothing to answer
        self.nr_conns -= 1
        conn.close()
        self.shed_since_report += 1
        now = time.monotonic()
        if now - self.reported_at >= REPORT_EVERY_S:
            log.warning("overloaded: answered %d requests 503 in %.0f s (%d in the pool, its limit)",
                        self.shed_since_report, now - self.reported_at, self.in_pool)
            self.shed_since_report, self.reported_at = 0, now


def _request_arrived(conn) -> bool:
    """Whether bytes of a request wait (in gunicorn's buffer or on the socket), or the client left."""
    buffered = getattr(getattr(conn.parser, "unreader", None), "buf", None)
    if buffered is not None and buffered.getvalue():
        return True
    try:
        return conn.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True                 # a broken connection: shedding closes it


def _drain(sock) -> None:
    read = 0
    try:
        while read < DRAIN_LIMIT:
            chunk = sock.recv(65536)
            if not chunk:
                return
            read += len(chunk)
    except BlockingIOError:
        return
