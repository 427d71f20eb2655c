"""Shared helpers for the supply-network benchmarks (run from the repo root:
`python benchmarks/esri.py --tier S`; src/ is put on sys.path here)."""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

TIERS = {"S": 10_000, "M": 100_000, "L": 1_000_000, "XL": 10_000_000}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


def total_memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9


def machine() -> str:
    return f"{os.cpu_count()} cores, numpy {np.__version__}"


def wait_until_up(url: str, seconds: float = 60, server=None) -> None:
    """Poll ``url`` until it answers; stop early if ``server`` (a Popen) has ended."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"`lianfu serve` ended with status {server.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")
