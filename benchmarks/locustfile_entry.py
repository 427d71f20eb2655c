"""Locust users for benchmarks/entry_load.py (loopback only).

A Phone user is a lane of workers at a door, one phone after another: each
phone carries its device cookie and opens the code (one GET, as a phone's
camera opens it: Sec-Fetch-Site: none). The Floor user reads a page that reads
no table. The benchmark passes, through the environment, the file of
(token, secret, red) triples to scan with, where to write the result, and
where the use times of the triples are carried from one run to the next.

Every answer is sorted here (admitted, refused and why, 503 with or without
Retry-After, other status, hung, connection error) and counted
for the whole run and, with its latency, for the measured window: from the
end of the ramp (spawning complete) to the stop."""
import json
import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import gevent
from locust import FastHttpUser, between, constant, constant_throughput, events, task

PAIRS = json.loads(Path(os.environ["BENCH_ENTRY_PAIRS"]).read_text())
STATE = Path(os.environ["BENCH_ENTRY_STATE"])
RESULT = Path(os.environ["BENCH_ENTRY_RESULT"])
TIMEOUT = float(os.environ.get("BENCH_ENTRY_TIMEOUT", "10"))
FLOOR_USERS = int(os.environ.get("BENCH_ENTRY_FLOOR_USERS", "2"))
FLOOR_PATH = "/open311/v2/discovery.json"
PACE = float(os.environ.get("BENCH_ENTRY_PACE", "0"))

# The server refuses a 4th scan of one worker at one place within a minute (checkin/scan.py). A triple is
# used again only once its 3rd-last use is this long ago: a minute, plus room for a request that queued.
CAP = 3
CAP_SECONDS = 60 + TIMEOUT + 2

RESULT_MARK = re.compile(r'data-result="(\w+)"(?: data-reason="(\w*)")?')


class Tally:
    """Counts for the whole run; counts and latencies (ms) for the measured window."""

    def __init__(self):
        self.counts, self.window_counts, self.admitted = Counter(), Counter(), Counter()
        self.latency = defaultdict(list)
        self.started, self.window = time.time(), [None, None]

    def in_window(self) -> bool:
        return self.window[0] is not None and self.window[1] is None

    def add(self, key: str, latency_ms: float | None = None, series: str | None = None) -> None:
        self.counts[key] += 1
        if self.in_window():
            self.window_counts[key] += 1
            if series is not None:
                self.latency[series].append(round(latency_ms, 2))


class Pairs:
    """One cursor over the triples, shared by every user of this process (gevent: no locks needed)."""

    def __init__(self):
        saved = json.loads(STATE.read_text()) if STATE.exists() else {"cursor": 0, "uses": {}}
        self.cursor = saved["cursor"]
        self.uses = {int(index): times for index, times in saved["uses"].items()}

    def take(self) -> tuple[int, list]:
        index = self.cursor % len(PAIRS)
        self.cursor += 1
        uses = self.uses.setdefault(index, [])
        if len(uses) >= CAP:
            wait = CAP_SECONDS - (time.time() - uses[-CAP])
            if wait > 0:   # the cycle came round too fast: this worker must not hit the cap
                tally.counts["cap guard: phone waited"] += 1
                gevent.sleep(wait)
        uses.append(time.time())
        del uses[:-CAP]
        return index, PAIRS[index]

    def save(self) -> None:
        recent = time.time() - CAP_SECONDS
        STATE.write_text(json.dumps({"cursor": self.cursor, "uses": {
            index: times for index, times in self.uses.items() if times[-1] >= recent}}))


tally, pairs = Tally(), Pairs()


@events.spawning_complete.add_listener
def _window_opens(user_count, **kwargs):
    tally.window[0] = time.time()


@events.test_stopping.add_listener
def _window_closes(environment, **kwargs):
    tally.window[1] = time.time()


@events.test_stop.add_listener
def _write_result(environment, **kwargs):
    pairs.save()
    window = [tally.window[0] or tally.started, tally.window[1] or time.time()]
    RESULT.write_text(json.dumps({"started": tally.started, "ended": time.time(), "window": window,
                                  "admitted_pairs": tally.admitted,
                                  "counts": tally.counts, "window_counts": tally.window_counts,
                                  "latency": {series: tally.latency[series]
                                              for series in ("scan", "scan_503", "floor")}}))


def failure_kind(response) -> str | None:
    """'hung' for a request that got no answer within TIMEOUT, 'connection' for another transport
    error, None for an HTTP answer."""
    error = getattr(response, "error", None)
    if error is None or getattr(response, "status_code", 0):
        return None
    original = getattr(error, "original", None) or error
    if isinstance(original, (TimeoutError, gevent.Timeout)) or "timed out" in str(original).lower():
        return "hung"
    return "connection"


def sort_other(kind: str, response, elapsed: float) -> str:
    """The key for an answer that is none of the expected ones (and marks it failed)."""
    transport = failure_kind(response)
    if transport:
        key = f"{kind}:{transport}"
    elif response.status_code == 503:
        key = f"{kind}:503:" + ("retry_after" if response.headers.get("Retry-After") else "no_retry_after")
        tally.add(key, elapsed, "scan_503" if kind == "scan" else None)
        response.failure("503")
        return key
    elif response.status_code >= 500:
        key = f"{kind}:5xx:{response.status_code}"
    else:
        key = f"{kind}:other:{response.status_code}"
    tally.add(key)
    response.failure(key)
    return key


class Floor(FastHttpUser):
    """The stack's floor: a GeoReport answer that reads no table."""
    fixed_count = FLOOR_USERS
    wait_time = between(0.05, 0.15)
    network_timeout = connection_timeout = TIMEOUT
    max_retries = 0

    @task
    def discovery(self):
        started = time.perf_counter()
        with self.client.get(FLOOR_PATH, name="floor: discovery.json", catch_response=True) as response:
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code == 200:
                tally.add("floor:200", elapsed, "floor")
            else:
                sort_other("floor", response, elapsed)


class Phone(FastHttpUser):
    """One phone after another at a door, each opening the code with its camera: one GET that the
    browser marks Sec-Fetch-Site: none (door_page.opens_directly), which scans at once. With
    BENCH_ENTRY_PACE each user keeps to that many scans a second (phase 2's offered rate)."""
    weight = 1
    wait_time = constant_throughput(PACE) if PACE else constant(0)
    network_timeout = connection_timeout = TIMEOUT
    max_retries = 0

    @task
    def scan(self):
        index, (token, secret, red, *_ids) = pairs.take()
        path = f"/e/{token}/"
        started = time.perf_counter()
        with self.client.get(path, name="GET /e/<token>/ (scan)", allow_redirects=False, catch_response=True,
                             headers={"Cookie": f"lianfu_device={secret}", "Sec-Fetch-Site": "none"}) as response:
            elapsed = (time.perf_counter() - started) * 1000
            mark = RESULT_MARK.search(response.text or "") if response.status_code in (200, 403) else None
            if mark is None:
                sort_other("scan", response, elapsed)
                return
            result, reason = mark.group(1), mark.group(2)
            if (response.status_code, result) not in ((200, "admitted"), (403, "refused")):
                tally.add(f"scan:status_{response.status_code}_says_{result}")
                response.failure("status and page disagree")
                return
            key = "scan:answered:admitted" if result == "admitted" else f"scan:answered:refused:{reason}"
            tally.add(key, elapsed, "scan")
            if result == "admitted":
                tally.admitted[index] += 1        # which scans were told "admitted": each must be in the log
            # Red workers must be refused as not green, and only they.
            if red != (reason == "not_green"):
                tally.add("scan:unexpected_answer (red admitted or green refused)")
            response.success()
