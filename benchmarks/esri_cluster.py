"""Full ESRI on a Dask cluster (lianfu.supplynet.cluster) against the in-process engine on
the same generated network: wall times, the cluster's overhead (cluster time / in-process
time) and a bit-for-bit check of every result.

  python benchmarks/esri_cluster.py                  # 20,000 firms (like tier H), 1 and 2 workers
  python benchmarks/esri_cluster.py --firms 5000 --workers 1 2

Local clusters are started per run (their start-up, about 2-3 s, is timed separately
and not counted in the run). Also prints the cost model's inputs for docs/engine.md §13:
mean time per scenario on one thread, and links touched per scenario (EsriResult.stats).
"""

import argparse

import _bench_common as common
import numpy as np
from distributed import Client, get_task_stream

import lianfu.supplynet as supplynet
from lianfu.supplynet import esri
from lianfu.supplynet.cluster import esri_on_cluster, local_cluster

FIELDS = ("sources", "esri", "esri_d", "esri_u", "iterations", "stats")


def _identical(a, b) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FIELDS)


def _network(args):
    """generate(n, seed), or the lead's hidden-style generator when asked and present."""
    if args.style == "hidden":
        make = getattr(supplynet, "generate_hidden", None)
        if make is None:
            raise SystemExit("--style hidden: lianfu.supplynet has no generate_hidden yet")
        return make(args.firms, seed=args.seed)
    return supplynet.generate(args.firms, seed=args.seed)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--firms", type=int, default=20_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--style", choices=["generate", "hidden"], default="generate")
    args = p.parse_args()
    with common.timer() as t_gen:
        net = _network(args)
    n = net.n
    print(f"{n} firms, {net.n_edges} links (generated in {t_gen.seconds:.1f} s); {common.machine()}")
    size = sum(a.nbytes for a in vars(net).values() if isinstance(a, np.ndarray))
    print(f"network in memory (what each worker receives): {size / 1e6:.1f} MB, {size / net.n_edges:.0f} bytes a link")

    esri(net, sources=np.arange(min(50, n)))  # JIT warm-up (cached after the first run)
    with common.timer() as t_one:
        ref = esri(net, threads=1)
    with common.timer() as t_all:
        res = esri(net)
    ok = _identical(res, ref)
    down, up, sweeps, rows = ref.stats[:4] / n  # [down links pushed, up links pushed, column-sweeps, rows]
    print(f"in-process, 1 thread: {t_one.seconds:.2f} s ({t_one.seconds / n * 1e3:.3f} ms a scenario; "
          f"per scenario {down:,.0f} down links pushed, {up:,.0f} up links pushed, {sweeps:.2f} rounds, "
          f"{rows:,.0f} rows visited; iterations mean {ref.iterations.mean():.2f} max {ref.iterations.max()})")
    print(f"in-process, default threads: {t_all.seconds:.2f} s; identical to 1 thread: {ok}")

    for workers in args.workers:
        with common.timer() as t_up:
            cluster = local_cluster(workers)
            client = Client(cluster)
        try:
            esri_on_cluster(net, sources=np.arange(min(50, n)), client=client)  # workers load the kernels
            with get_task_stream(client=client) as stream, common.timer() as t_run:
                got = esri_on_cluster(net, client=client)
        finally:
            client.close()
            cluster.close()
        same = _identical(got, ref)
        ok = ok and same
        # time the workers spent inside chunks; the rest of workers x wall is Dask's overhead
        # or idling (other load on a shared machine shows as slower chunks instead)
        compute = sum(s["stop"] - s["start"] for t in stream.data for s in t["startstops"] if s["action"] == "compute")
        print(f"cluster, {workers} worker(s): {t_run.seconds:.2f} s (start-up {t_up.seconds:.1f} s not counted); "
              f"vs in-process 1 thread: {t_run.seconds / t_one.seconds:.2f}x, "
              f"vs default threads: {t_run.seconds / t_all.seconds:.2f}x; identical: {same}; "
              f"{len(stream.data)} chunks, {compute:.2f} s computing "
              f"({compute / (workers * t_run.seconds):.0%} of workers x wall)")
    print(f"peak memory (this process): {common.peak_rss_mb():.0f} MB")
    if not ok:
        raise SystemExit("cluster and in-process results differ")


if __name__ == "__main__":
    main()
