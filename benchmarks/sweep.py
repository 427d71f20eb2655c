"""Large-network benchmark (issue 5, tier L: 1M firms, ~11M links; XL: 10M / ~100M).

Prints: one propagation sweep's links/second next to a memory-bandwidth floor
measured in the same run (a STREAM-like copy), as a percentage; one full propagation
(the largest supplier fails; and 5 % of firms closed); a 90-day forecast; peak memory.

  python benchmarks/sweep.py --tier L
  python benchmarks/sweep.py --tier XL   # 30-day forecast; first a memory estimate

XL runs "memory permitting": it first generates the 1M-firm network as a probe, scales
its measured peak (generation) and array sizes (network, forecast, workspaces) by 10,
and prints the estimate and stops if it exceeds --mem-limit-gb.
"""

import argparse

import _bench_common as common
import numba
import numpy as np
from numba import njit

from lianfu.supplynet import _esri_kernel, forecast, generate, propagate, schedule_from_restarts
from lianfu.supplynet._parallel_sweep import pull_arrays
from lianfu.supplynet.cascade import _net_args, _ScalarWorkspace, parallel_args

# bytes a sweep must stream at least: per link, downstream push reads buyer (4), slot (4)
# and Λd (8); upstream pull reads buyer (4) and Λu (8). Per firm: two CSR pointers (16),
# old/new state down and up (32), sector, size, weight and accumulator (28).
BYTES_PER_LINK = 28
BYTES_PER_FIRM = 76


def copy_bandwidth(n_bytes: int = 1_600_000_000, repeats: int = 5) -> float:
    """Best single-thread copy rate in bytes/s, counting read + write (STREAM convention);
    arrays far larger than the caches."""
    a = np.ones(n_bytes // 8)
    b = np.empty_like(a)
    best = np.inf
    for _ in range(repeats):
        with common.timer() as t:
            np.copyto(b, a)
        best = min(best, t.seconds)
    return 2 * a.nbytes / best


@njit(cache=True)
def _bare_gather(ptr, idx, lam, x, out):
    for i in range(ptr.shape[0] - 1):
        acc = 0.0
        for e in range(ptr[i], ptr[i + 1]):
            acc += lam[e] * x[idx[e]]
        out[i] = acc


def gather_seconds(net, repeats: int = 5) -> float:
    """A second floor: the bare random gather y = A x over the same links, twice (one per
    direction), with none of the cascade's bookkeeping: what the access pattern costs."""
    x = np.random.default_rng(0).random(net.n)
    out = np.empty(net.n)
    _bare_gather(net.out_ptr, net.out_buyer, net.lam_up, x, out)
    best = np.inf
    for _ in range(repeats):
        with common.timer() as t:
            _bare_gather(net.out_ptr, net.out_buyer, net.lam_up, x, out)
            _bare_gather(net.sup_ptr, net.sup_idx, net.lam_up, x, out)  # same sizes
        best = min(best, t.seconds)
    return best


def sweep_seconds(net, repeats: int = 5, parallel: bool = False) -> float:
    """One Jacobi sweep (downstream + upstream over every link) with every firm live:
    best time(2 rounds) - best time(1 round) of the one-column kernel that `propagate`
    uses, on a preallocated workspace so allocation does not blur it. parallel=False:
    the serial path (downstream push); True: the all-core path propagate takes on large
    networks (downstream pull over buyers, upstream pull over suppliers)."""
    ws = _ScalarWorkspace(net)
    rows = np.arange(net.n, dtype=np.int32)
    out = np.empty(0)
    par = parallel_args(net, parallel)
    kernel = _esri_kernel.cascade1_par if par[0] else _esri_kernel.cascade1

    def run(rounds: int) -> float:
        ws.psi[:] = 0.5  # eps -1 below: exactly `rounds` rounds
        with common.timer() as t:
            kernel(ws.psi, rows, *_net_args(net), -1.0, True, 1.0, True, True, rounds,
                                  *ws.args(), ws.stats, False, out, out, *par)
        return t.seconds

    one = min(run(1) for _ in range(repeats))
    two = min(run(2) for _ in range(repeats))
    return two - one


def estimate_peak_gb(n: int, days: int, seed: int) -> tuple[float, float, float]:
    """(estimate, generation part, run part) in GB for `n` firms, from a probe at n / 10
    measured in this process (peak RSS grows linearly with firms and links)."""
    probe_n = n // 10
    base = common.peak_rss_mb() * 2**20
    probe = generate(probe_n, seed=seed)
    gen_peak = common.peak_rss_mb() * 2**20
    net_bytes = sum(a.nbytes for a in vars(probe).values() if isinstance(a, np.ndarray))
    net_bytes += sum(a.nbytes for a in pull_arrays(probe))
    del probe
    scale = n / probe_n
    gen = base + scale * (gen_peak - base)
    # network (+ pull arrays) + schedule and production (n x days, float64) + the where()
    # mask, the sweep workspace (~100 B / firm) and the copy test's two 1.6 GB arrays
    run = base + scale * net_bytes + n * days * 17 + n * 100 + 3.2e9
    return max(gen, run) / 1e9, gen / 1e9, run / 1e9


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tier", choices=["S", "M", "L", "XL"], default="L")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=None, help="forecast horizon (90; XL: 30)")
    p.add_argument("--mem-limit-gb", type=float, default=20.0, help="XL: skip above this estimate")
    args = p.parse_args()
    n = common.TIERS[args.tier]
    if args.days is None:
        args.days = 30 if args.tier == "XL" else 90
    if args.tier == "XL":
        est, gen, run = estimate_peak_gb(n, args.days, args.seed)
        print(f"tier XL: {n} firms; estimated peak memory {est:.1f} GB (generation {gen:.1f} GB, "
              f"network + sweep + {args.days}-day forecast {run:.1f} GB; scaled x10 from a "
              f"{n // 10}-firm probe); limit {args.mem_limit_gb:.0f} GB, machine "
              f"{common.total_memory_gb():.0f} GB")
        if est > args.mem_limit_gb:
            print("tier XL skipped: the estimated peak exceeds the limit")
            return
    with common.timer() as t_gen:
        net = generate(n, seed=args.seed)
    print(f"tier {args.tier}: {net.n} firms, {net.n_edges} links "
          f"(generated in {t_gen.seconds:.1f} s); {common.machine()}")
    propagate(net, np.eye(1, net.n, 0).ravel(), max_iter=1)  # JIT warm-up

    big = int(np.argmax(net.s_out))
    shock = np.zeros(net.n)
    shock[big] = 1.0
    with common.timer() as t_one:
        res = propagate(net, shock)
    print(f"full propagation, largest supplier fails: {t_one.seconds:.2f} s, "
          f"{int(res.iterations[0])} iterations, ESRI {res.esri[0]:.4f}")
    rng = np.random.default_rng(2)
    closed = rng.random(net.n) < 0.05
    with common.timer() as t_many:
        res = propagate(net, closed.astype(float))
    print(f"full propagation, 5% of firms closed: {t_many.seconds:.2f} s, "
          f"{int(res.iterations[0])} iterations, production lost {res.esri[0]:.4f}")

    restart = np.where(closed, rng.integers(1, 31, net.n), 0)
    sched = schedule_from_restarts(net.n, args.days, restart)
    forecast(net, sched[:, :1])  # JIT warm-up
    with common.timer() as t_fc:
        fc = forecast(net, sched, default_stock_days=7.0)
    short = int((fc.first_below >= 0).sum())
    print(f"{args.days}-day forecast: {t_fc.seconds:.2f} s ({short} firms fall below 0.5 at some point)")
    # the engine's high-water mark, before the copy test allocates its own big arrays
    print(f"peak memory (network + propagation + forecast): {common.peak_rss_mb():.0f} MB")
    bw = copy_bandwidth()
    t_sweep = sweep_seconds(net)
    links = 2 * net.n_edges  # each link is used once downstream and once upstream
    floor = (BYTES_PER_LINK * net.n_edges + BYTES_PER_FIRM * net.n) / bw
    print(f"memory floor: copy {bw / 1e9:.2f} GB/s (1 thread) -> a sweep needs >= {floor * 1e3:.1f} ms")
    print(f"one sweep (1 thread): {t_sweep * 1e3:.1f} ms, {links / t_sweep / 1e6:.0f} M link-updates/s, "
          f"{100 * floor / t_sweep:.0f}% of the memory-bandwidth floor")
    t_gather = gather_seconds(net)
    print(f"bare random gather over the same links, both directions (1 thread): {t_gather * 1e3:.1f} ms "
          f"-> the sweep runs at {100 * t_gather / t_sweep:.0f}% of that")
    threads = numba.get_num_threads()
    if threads > 1:
        t_par = sweep_seconds(net, parallel=True)
        print(f"one sweep ({threads} threads, as propagate runs it): {t_par * 1e3:.1f} ms, "
              f"{links / t_par / 1e6:.0f} M link-updates/s, {t_sweep / t_par:.2f}x the 1-thread sweep, "
              f"{100 * t_gather / t_par:.0f}% of the 1-thread bare gather")
    print(f"peak memory including the copy test: {common.peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
