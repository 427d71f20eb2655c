"""Full ESRI spread over a Dask distributed cluster (docs/engine.md §13).

Every ESRI scenario (one per source firm) is independent, so a province network is
split into chunks of source positions, each chunk a Dask task that runs the in-process
`esri(net, sources=chunk, threads=1)` on a worker. The network is broadcast to every
worker once (`client.scatter(..., broadcast=True)`); the tasks only carry their chunk.
Chunks are written back by position, so the result is bit-identical to `esri(net)` in
one process: each scenario's cascade is computed by the same kernel from the same
all-ones workspace, whichever worker runs it.

Failures: a task that raises is re-run up to `retries` times (Dask's `retries=`); a task
whose worker dies (killed, out of memory) is rescheduled by the scheduler on another
worker, up to `distributed.scheduler.allowed-failures` times (3 by default) before the
run fails with `KilledWorker`. When the dead worker held the last copy of the network
(the scheduler keeps fewer replicas than were broadcast), its tasks are cancelled: the
network is broadcast again and the chunks not yet run are resubmitted, up to
`retries` more times.

Importing this module imports `distributed`; the rest of `lianfu.supplynet` does not.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Callable, Iterator, Optional

import numpy as np
from distributed import Client, LocalCluster, as_completed

from .cascade import MAX_ROUNDS, EsriResult, ProgressCallback, esri
from .network import Network

# At most this many scenarios per task. Measured on generated networks with threads=1
# (docs/engine.md §13): 0.3 ms a scenario at 20,000 firms, 0.75 ms at 100,000, 2.6 ms at a
# million (4.7 ms without final demand), so a full chunk takes 1.3-2.4 s on a province
# network: long enough that Dask's ~1 ms per task does not count, short enough that a lost
# worker costs little.
MAX_CHUNK = 512
# At least this many chunks per worker thread, so a slow chunk (a firm with a big
# cascade) does not leave the others idle at the end of the run.
CHUNKS_PER_THREAD = 8

ChunkTask = Callable[..., tuple]


def run_chunk(net: Network, sources: np.ndarray, eps: float, replaceability: bool, max_iter: int) -> tuple:
    """One task, on a worker: the in-process ESRI of `sources`, one thread."""
    res = esri(net, sources=sources, eps=eps, replaceability=replaceability, threads=1,
               chunk=max(1, len(sources)), max_iter=max_iter)
    return res.esri, res.esri_d, res.esri_u, res.iterations, res.stats


def _run_chunks(cl: Client, task: ChunkTask, net: Network, src: np.ndarray, spans: list, options: tuple,
                retries: int, on_result: Callable[[tuple, tuple], None]) -> list:
    """Broadcast the network and run the chunks `spans` ((lo, hi) positions in `src`),
    each result passed to `on_result(span, result)` as it completes; returns the spans
    not run because the network's copies were lost. The scheduler's active memory
    manager may keep one replica of scattered data, and data the client scattered cannot
    be recomputed when its worker dies: every task needing it is then cancelled."""
    eps, replaceability, max_iter = options
    # hash=False: no need to hash a network of millions of links for a key
    shared = cl.scatter(net, broadcast=True, hash=False)
    futures = {}
    lost = []
    try:
        for lo, hi in spans:
            fut = cl.submit(task, shared, src[lo:hi], float(eps), bool(replaceability), int(max_iter),
                            retries=retries, pure=False)
            futures[fut.key] = (fut, (lo, hi))
        for fut in as_completed([f for f, _span in futures.values()]):
            span = futures[fut.key][1]
            if fut.status == "cancelled":
                lost.append(span)
            else:
                on_result(span, fut.result())   # raises a task's own error
    finally:
        cl.cancel([f for f, _span in futures.values()] + [shared])  # frees the workers' copies of the network
    return sorted(lost)


def default_chunk(total: int, threads: int) -> int:
    """Scenarios per task: at least CHUNKS_PER_THREAD chunks per worker thread, at most MAX_CHUNK."""
    return int(max(1, min(MAX_CHUNK, -(-total // (max(1, threads) * CHUNKS_PER_THREAD)))))


@contextlib.contextmanager
def connect(client: Optional[Client] = None, address: Optional[str] = None,
            local_workers: Optional[int] = None) -> Iterator[Client]:
    """The client to run on: the one given, one connected to `address`, or one on a
    LocalCluster of `local_workers` single-threaded processes started for the run.
    Whatever is opened here is closed on leaving, even on error."""
    if sum(x is not None for x in (client, address, local_workers)) != 1:
        raise ValueError("give exactly one of client, address or local_workers")
    if client is not None:
        yield client
        return
    if address is not None:
        with Client(address) as own:
            yield own
        return
    with local_cluster(local_workers) as cluster, Client(cluster) as own:
        yield own


def local_cluster(n_workers: int) -> LocalCluster:
    """`n_workers` single-threaded worker processes on loopback, for one run: no dashboard,
    and the scheduler's small HTTP server (health checks) on a free port, not 8787, so two
    runs at once do not warn about the port; only errors logged."""
    if n_workers < 1:
        raise ValueError("local_workers must be >= 1")
    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                        silence_logs=logging.ERROR)


def esri_on_cluster(
    net: Network,
    sources=None,
    *,
    client: Optional[Client] = None,
    address: Optional[str] = None,
    local_workers: Optional[int] = None,
    eps: float = 0.01,
    replaceability: bool = True,
    max_iter: int = MAX_ROUNDS,
    chunk: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
    retries: int = 2,
    task: ChunkTask = run_chunk,
) -> EsriResult:
    """`esri(net, sources, ...)` on a Dask cluster: same result bit for bit (stats summed).

    Exactly one of `client`, `address` (a scheduler, e.g. "tcp://10.0.0.5:8786") or
    `local_workers` (a LocalCluster of that many processes, closed after the run).
    `chunk`: scenarios per task (default `default_chunk`). `progress(done, total)` is
    called from the calling thread as chunks complete, `done` counted in scenarios.
    `task` is what a chunk runs on a worker, `run_chunk`'s signature (tests wrap it).
    """
    src = np.arange(net.n) if sources is None else np.asarray(sources, dtype=np.int64)
    if src.size and (src.min() < 0 or src.max() >= net.n):
        raise ValueError("sources must be firm positions 0..n-1")
    if chunk is not None and chunk < 1:
        raise ValueError("chunk must be >= 1")
    src = src.astype(np.int32)
    total = src.shape[0]
    out = [np.zeros(total) for _ in range(3)]
    iters = np.zeros(total, dtype=np.int64)
    # esri's own zero counters for no scenario: the shape of EsriResult.stats, whatever it is
    stats = esri(net, sources=src[:0]).stats.copy()
    if progress:
        progress(0, total)
    with connect(client, address, local_workers) as cl:
        if total:
            threads = sum(cl.nthreads().values())
            size = chunk or default_chunk(total, threads)
            pending = [(lo, min(lo + size, total)) for lo in range(0, total, size)]
            done = 0

            def keep(span, result):
                nonlocal done, stats
                (lo, hi), (e, ed, eu, it, st) = span, result
                out[0][lo:hi], out[1][lo:hi], out[2][lo:hi], iters[lo:hi] = e, ed, eu, it
                stats += st
                done += hi - lo
                if progress:
                    progress(done, total)

            for _broadcast in range(retries + 1):
                pending = _run_chunks(cl, task, net, src, pending, (eps, replaceability, max_iter), retries, keep)
                if not pending:
                    break
            else:
                raise RuntimeError(f"the network's copies on the workers were lost {retries + 1} times: "
                                   f"{len(pending)} chunks of {size} scenarios not run")
    return EsriResult(src.astype(np.int64), out[0], out[1], out[2], iters, stats, int(max_iter))
