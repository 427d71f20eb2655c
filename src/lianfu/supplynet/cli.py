"""Command line for the engine; works on CSV directories, no database, no Django.

  generate --firms N --seed S --out DIR
  esri     --dir DIR [--production linear|leontief|gl] [--no-replaceability] [--eps E]
           [--max-iter R] [--cluster ADDRESS | --local-workers N] --out esri.csv
  forecast --dir DIR --schedule schedule.csv [--stock-days stock.csv] --days 30 --out forecast.csv
  drill    --dir DIR --close towns=A,B|sectors=1,2|firms=3,4 --days N [--capacity 0.3] [--horizon H]
           [--default-stock-days D] --out drill.csv
  warm     (compile the kernels into numba's on-disk cache; make run and make test do it)

schedule.csv: firm,restart_day[,capacity]  (firms not listed are open at capacity 1;
  an empty restart_day means "not planned": closed for the whole horizon).
stock.csv: firm,days or firm,input_sector,days (days of full production in stock).
forecast.csv: firm,first_below,ran_out,day_0..day_{D-1}  (ran_out: the input sector
  that binds on first_below, "own" for the firm's own closure, empty if never below).
--cluster runs the scenarios on a running Dask scheduler (tcp://host:8786), --local-workers
  on that many local worker processes (docs/engine.md §13); the output is the same.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

from .cascade import MAX_ROUNDS, esri
from .daily_forecast import OWN_CAPACITY, forecast, schedule_from_restarts
from .drill import drill
from .generator import generate
from .io import PRODUCTIONS, load_dir, load_towns, save_dir, write_columns


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lianfu supplynet", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("warm", help="compile the kernels ahead of the first engine run")
    g = sub.add_parser("generate", help="write a synthetic network (edges/firms/essentiality.csv)")
    g.add_argument("--firms", type=int, required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", type=Path, required=True)
    e = sub.add_parser("esri", help="ESRI of every firm")
    e.add_argument("--dir", type=Path, required=True)
    e.add_argument("--production", choices=PRODUCTIONS, default="gl")
    e.add_argument("--no-replaceability", action="store_true")
    e.add_argument("--eps", type=float, default=0.01)
    e.add_argument("--max-iter", type=int, default=MAX_ROUNDS,
                   help="cap on one scenario's rounds (0: none; the published rule can cycle)")
    e.add_argument("--threads", type=int, default=None)
    e.add_argument("--no-progress", action="store_true")
    where = e.add_mutually_exclusive_group()
    where.add_argument("--cluster", metavar="ADDRESS", default=None,
                       help="run the scenarios on this Dask scheduler (e.g. tcp://10.0.0.5:8786)")
    where.add_argument("--local-workers", type=int, metavar="N", default=None,
                       help="run the scenarios on N local Dask worker processes")
    e.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("forecast", help="daily production forecast with stocks")
    f.add_argument("--dir", type=Path, required=True)
    f.add_argument("--schedule", type=Path, required=True)
    f.add_argument("--stock-days", type=Path, default=None)
    f.add_argument("--default-stock-days", type=float, default=7.0)
    f.add_argument("--days", type=int, default=30)
    f.add_argument("--threshold", type=float, default=0.5)
    f.add_argument("--out", type=Path, required=True)
    d = sub.add_parser("drill", help="close some firms for some days: output lost per day (docs/engine.md §7.1)")
    d.add_argument("--dir", type=Path, required=True)
    d.add_argument("--close", action="append", required=True, metavar="towns=A,B|sectors=1,2|firms=3,4",
                   help="firms to close (repeat to add more); towns= needs a town column in firms.csv")
    d.add_argument("--days", type=int, required=True)
    d.add_argument("--capacity", type=float, default=0.0, help="capacity the closed firms keep, 0..1")
    d.add_argument("--horizon", type=int, default=None, help="days to forecast (default: days + 14)")
    d.add_argument("--default-stock-days", type=float, default=7.0)
    d.add_argument("--out", type=Path, required=True)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"generate": _generate, "esri": _esri, "forecast": _forecast, "drill": _drill,
                "warm": _warm}[args.command](args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _warm(args) -> int:
    from .warm import warm

    print(f"engine kernels ready in {warm():.1f} s")
    return 0


def _generate(args) -> int:
    net = generate(args.firms, seed=args.seed)
    save_dir(net, args.out)
    print(f"wrote {net.n} firms, {net.n_edges} links to {args.out}")
    return 0


def _esri(args) -> int:
    net = load_dir(args.dir, args.production)
    t0 = time.perf_counter()
    run = _esri_runner(args)
    if args.no_progress:
        res = run(net, eps=args.eps, replaceability=not args.no_replaceability, max_iter=args.max_iter)
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("ESRI"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("esri", total=net.n)
            res = run(net, eps=args.eps, replaceability=not args.no_replaceability, max_iter=args.max_iter,
                      progress=lambda done, total: bar.update(task, completed=done))
    write_columns(args.out, {"firm": net.firm_ids[res.sources], "esri": res.esri})
    print(f"ESRI of {net.n} firms in {time.perf_counter() - t0:.2f} s -> {args.out}")
    capped = res.capped
    if capped.size:
        named = ", ".join(str(f) for f in net.firm_ids[res.sources[capped[:10]]])
        print(f"{capped.size} scenario(s) cycled and stopped at the cap of {args.max_iter} rounds "
              f"(firms {named}{', …' if capped.size > 10 else ''}); see docs/engine.md §4.5")
    return 0


def _esri_runner(args):
    """esri in this process, or on a Dask cluster (imported only then: distributed is slow to load)."""
    if args.cluster is None and args.local_workers is None:
        return partial(esri, threads=args.threads)
    from .cluster import esri_on_cluster

    return partial(esri_on_cluster, address=args.cluster, local_workers=args.local_workers)


def _read_rows(path: Path) -> list[dict]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _forecast(args) -> int:
    net = load_dir(args.dir, "gl")
    restart = np.zeros(net.n)
    planned = np.ones(net.n)
    for row in _read_rows(args.schedule):
        i = int(net.index_of([int(row["firm"])])[0])
        day = (row.get("restart_day") or "").strip()
        restart[i] = float(day) if day else np.inf
        if (row.get("capacity") or "").strip():
            planned[i] = float(row["capacity"])
    stock = None
    if args.stock_days is not None:
        stock = np.full((net.n, net.n_sectors), np.nan)
        sector_pos = {int(s): k for k, s in enumerate(net.sector_ids)}
        for row in _read_rows(args.stock_days):
            i = int(net.index_of([int(row["firm"])])[0])
            sec = (row.get("input_sector") or "").strip()
            if sec:
                stock[i, sector_pos[int(sec)]] = float(row["days"])
            else:
                stock[i, :] = float(row["days"])
    sched = schedule_from_restarts(net.n, args.days, restart, planned)
    res = forecast(net, sched, stock, args.days, default_stock_days=args.default_stock_days,
                   threshold=args.threshold)
    ran_out = np.array(
        ["own" if r == OWN_CAPACITY else ("" if r < OWN_CAPACITY else str(r)) for r in res.ran_out.tolist()]
    )
    cols = {"firm": net.firm_ids, "first_below": res.first_below, "ran_out": ran_out}
    for t in range(args.days):
        cols[f"day_{t}"] = res.production[:, t]
    write_columns(args.out, cols)
    short = int((res.first_below >= 0).sum())
    print(f"{short} of {net.n} firms fall below {args.threshold} within {args.days} days -> {args.out}")
    return 0


def _closed_mask(net, directory: Path, specs: list[str]) -> np.ndarray:
    """Union of --close towns=A,B | sectors=1,2 | firms=3,4 (external labels)."""
    mask = np.zeros(net.n, dtype=bool)
    for spec in specs:
        kind, _, values = spec.partition("=")
        wanted = [v.strip() for v in values.split(",") if v.strip()]
        if kind == "towns":
            towns = load_towns(directory)
            if towns is None:
                raise ValueError("--close towns= needs a town column in firms.csv")
            mask |= np.isin(towns, wanted)
        elif kind == "sectors":
            mask |= np.isin(net.sector_ids[net.sector], [int(v) for v in wanted])
        elif kind == "firms":
            mask[net.index_of([int(v) for v in wanted])] = True
        else:
            raise ValueError(f"--close {spec!r}: expected towns=…, sectors=… or firms=…")
    return mask


def _drill(args) -> int:
    net = load_dir(args.dir, "gl")
    mask = _closed_mask(net, args.dir, args.close)
    res = drill(net, mask, days=args.days, capacity=args.capacity, horizon=args.horizon,
                default_stock_days=args.default_stock_days)
    write_columns(args.out, {"day": np.arange(res.horizon), "output_lost_wan": res.output_lost_per_day})
    print(f"{res.shocked.size} of {net.n} firms closed for {args.days} days at capacity {args.capacity:g}; "
          f"output lost over {res.horizon} days: {res.total_lost:.2f} 万元 -> {args.out}")
    for firm, saved in zip(net.firm_ids[res.protect_first[:5]].tolist(), res.protect_saved[:5].tolist()):
        print(f"  protect first: firm {firm}, saves {saved:.2f} 万元 a day")
    return 0


if __name__ == "__main__":
    sys.exit(main())
