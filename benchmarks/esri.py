"""Full-ESRI benchmark (issue 5): engine wall time vs a straightforward SciPy ESRI run
in the same process on the same generated network.

  python benchmarks/esri.py --tier S   # 10k firms: also runs SciPy on every firm and
                                       # checks both agree
  python benchmarks/esri.py --tier M   # 100k firms: SciPy on a random sample of firms,
                                       # its full time extrapolated (it would take ~30 min)
  python benchmarks/esri.py --tier H   # issue 17: a network generated like the authors'
                                       # hidden one (generate_hidden: 20,000 firms, 30 sectors,
                                       # k mod 5 = 0 essential, no final demand): wall time on
                                       # all cores and on one, the share of each phase, the links
                                       # touched per scenario against the affected set's links,
                                       # peak memory, and the ratio to the authors' R/C++
"""

import argparse

import _bench_common as common
import numpy as np
from _scipy_esri import ScipyEsri

from lianfu.supplynet import esri, generate, generate_hidden, propagate

SCIPY_SAMPLE = {"S": None, "M": 1280}
# docs/engine.md §12: the authors' R/C++ GL_cascade on this machine kind (2 cores), full ESRI, GL,
# replaceability on, on *their* networks of this size (4,000 / 33,000 and 20,000 / 200,000
# links): not measured in this run, so printed as a reference point only
PEER_SECONDS = {4_000: 16.0, 20_000: 450.0}
# The authors' R/C++ GL_cascade, full ESRI with replaceability, on a 20,000-firm / 200,000-link network
# generated like tier H, measured on this machine kind (2 cores; issue 17): the peer of tier H.
PEER_TIER_H_SECONDS = 447.0
FLOOR_SAMPLE = 200


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tier", choices=["S", "M", "H"], default="S")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--firms", type=int, default=None, help="override the tier's size (e.g. 4000, 20000)")
    args = p.parse_args()
    if args.tier == "H":
        return tier_h(args)
    n = args.firms or common.TIERS[args.tier]
    with common.timer() as t_gen:
        net = generate(n, seed=args.seed)
    print(f"tier {args.tier}: {net.n} firms, {net.n_edges} links "
          f"(generated in {t_gen.seconds:.1f} s); {common.machine()}")

    esri(net, sources=np.arange(min(50, n)))  # JIT warm-up (cached after the first run)
    with common.timer() as t_eng:
        res = esri(net, threads=args.threads)
    it = res.iterations
    print(f"engine full ESRI: {t_eng.seconds:.2f} s ({n / t_eng.seconds:,.0f} firms/s), "
          f"iterations min/median/max {it.min()}/{int(np.median(it))}/{it.max()}, "
          f"ESRI mean {res.esri.mean():.3g} max {res.esri.max():.3g}")

    if n in PEER_SECONDS:
        print(f"published peer (authors' R/C++, docs/engine.md §12, their {n}-firm network): {PEER_SECONDS[n]:.0f} s "
              f"-> {PEER_SECONDS[n] / t_eng.seconds:.0f}x")
    ref = ScipyEsri(net)
    sample = SCIPY_SAMPLE[args.tier] if n > 20_000 else None
    src = np.arange(n) if sample is None else np.sort(np.random.default_rng(0).choice(n, sample, replace=False))
    with common.timer() as t_sp:
        sp_esri, sp_iter = ref.run(src)
    sp_full = t_sp.seconds * n / len(src)
    label = "full ESRI" if sample is None else f"{len(src)} firms, extrapolated to all {n}"
    print(f"scipy comparator ({label}): {sp_full:.2f} s")
    diff = np.abs(sp_esri - res.esri[src]).max()
    same_iter = bool(np.array_equal(sp_iter, it[src]))
    print(f"agreement on {len(src)} firms: max |engine - scipy| = {diff:.2e}, same iteration counts: {same_iter}")
    print(f"ratio scipy/engine: {sp_full / t_eng.seconds:.1f}x")
    print(f"peak memory: {common.peak_rss_mb():.0f} MB")
    if diff > 1e-9 or not same_iter:
        raise SystemExit("engine and scipy comparator disagree")


def tier_h(args) -> None:
    n = args.firms or 20_000
    with common.timer() as t_gen:
        net = generate_hidden(n, seed=args.seed)
    print(f"tier H: {net.n} firms, {net.n_edges} links, {net.n_sectors} sectors "
          f"(generated in {t_gen.seconds:.1f} s); {common.machine()}")
    esri(net, sources=np.arange(min(50, n)))  # JIT warm-up (cached after the first run)
    esri(net, sources=np.arange(min(50, n)), profile=True)
    with common.timer() as t_wall:
        res = esri(net, threads=args.threads)
    with common.timer() as t_one:
        one = esri(net, threads=1)
    if not (np.array_equal(res.esri, one.esri) and np.array_equal(res.iterations, one.iterations)):
        raise SystemExit("the threaded and the single-thread runs disagree")
    it = res.iterations
    print(f"full ESRI, all cores: {t_wall.seconds:.2f} s; one thread: {t_one.seconds:.2f} s "
          f"(wall / single = {t_wall.seconds / t_one.seconds:.2f}); iterations min/median/max "
          f"{it.min()}/{int(np.median(it))}/{it.max()}, capped {res.capped.size}; ESRI mean {res.esri.mean():.3g}")
    print(f"peer: the authors' R/C++ on this machine kind, {PEER_TIER_H_SECONDS:.0f} s "
          f"-> {PEER_TIER_H_SECONDS / t_wall.seconds:.1f}x (bar 30x, goal 50x)")
    prof = esri(net, threads=1, profile=True)
    cycles = prof.phase_cycles
    total = sum(cycles.values())
    print("phases (one thread, cycle counter): " + ", ".join(
        f"{name} {100 * c / total:.1f} %" for name, c in cycles.items()))
    touched = (res.stats[0] + res.stats[1]) / n
    print(f"links touched per scenario: {touched:,.0f} (down pushes {res.stats[0] / n:,.0f}, "
          f"up pushes {res.stats[1] / n:,.0f}); rows visited per scenario {res.stats[3] / n:,.0f}")
    out_deg, in_deg = np.diff(net.out_ptr), np.diff(net.sup_ptr)
    sample = np.random.default_rng(0).choice(n, min(FLOOR_SAMPLE, n), replace=False)
    floor = []
    for s in sample:
        psi = np.zeros(n)
        psi[s] = 1.0
        h = propagate(net, psi)
        floor.append(out_deg[h.hd < 1].sum() + in_deg[h.hu < 1].sum())
    print(f"affected set's links per scenario (floor; {len(sample)} scenarios, propagate): {np.mean(floor):,.0f} "
          f"-> touched / floor {touched / np.mean(floor):.2f} (rows that fall in the last round pass nothing on, "
          f"so a cascade can touch fewer links than its affected set has)")
    print(f"peak memory: {common.peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
