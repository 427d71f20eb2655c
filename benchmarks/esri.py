"""Full-ESRI benchmark (issue 5): engine wall time vs a straightforward SciPy ESRI run
in the same process on the same generated network.

  python benchmarks/esri.py --tier S   # 10k firms: also runs SciPy on every firm and
                                       # checks both agree
  python benchmarks/esri.py --tier M   # 100k firms: SciPy on a random sample of firms,
                                       # its full time extrapolated (it would take ~30 min)
"""

import argparse

import _bench_common as common
import numpy as np
from _scipy_esri import ScipyEsri

from lianfu.supplynet import esri, generate

SCIPY_SAMPLE = {"S": None, "M": 1280}
# docs/engine.md §12: the authors' R/C++ GL_cascade on this machine kind (2 cores), full ESRI, GL,
# replaceability on, on *their* networks of this size (4,000 / 33,000 and 20,000 / 200,000
# links): not measured in this run, so printed as a reference point only
PEER_SECONDS = {4_000: 16.0, 20_000: 450.0}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tier", choices=["S", "M"], default="S")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--firms", type=int, default=None, help="override the tier's size (e.g. 4000, 20000)")
    args = p.parse_args()
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


if __name__ == "__main__":
    main()
