"""Command line for the engine; works on CSV directories, no database, no Django.

  generate --firms N --seed S --out DIR
  esri     --dir DIR [--production linear|leontief|gl] [--no-replaceability] [--eps E]
           [--max-iter R] --out esri.csv
  forecast --dir DIR --schedule schedule.csv [--stock-days stock.csv] --days 30 --out forecast.csv

schedule.csv: firm,restart_day[,capacity]  (firms not listed are open at capacity 1;
  an empty restart_day means "not planned": closed for the whole horizon).
stock.csv: firm,days or firm,input_sector,days (days of full production in stock).
forecast.csv: firm,first_below,ran_out,day_0..day_{D-1}  (ran_out: the input sector
  that binds on first_below, "own" for the firm's own closure, empty if never below).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

from .cascade import MAX_ROUNDS, esri
from .daily_forecast import OWN_CAPACITY, forecast, schedule_from_restarts
from .generator import generate
from .io import PRODUCTIONS, load_dir, save_dir, write_columns


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lianfu supplynet", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
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
    e.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("forecast", help="daily production forecast with stocks")
    f.add_argument("--dir", type=Path, required=True)
    f.add_argument("--schedule", type=Path, required=True)
    f.add_argument("--stock-days", type=Path, default=None)
    f.add_argument("--default-stock-days", type=float, default=7.0)
    f.add_argument("--days", type=int, default=30)
    f.add_argument("--threshold", type=float, default=0.5)
    f.add_argument("--out", type=Path, required=True)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"generate": _generate, "esri": _esri, "forecast": _forecast}[args.command](args)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _generate(args) -> int:
    net = generate(args.firms, seed=args.seed)
    save_dir(net, args.out)
    print(f"wrote {net.n} firms, {net.n_edges} links to {args.out}")
    return 0


def _esri(args) -> int:
    net = load_dir(args.dir, args.production)
    t0 = time.perf_counter()
    if args.no_progress:
        res = esri(net, eps=args.eps, replaceability=not args.no_replaceability, threads=args.threads,
                   max_iter=args.max_iter)
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("ESRI"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("esri", total=net.n)
            res = esri(net, eps=args.eps, replaceability=not args.no_replaceability,
                       threads=args.threads, max_iter=args.max_iter,
                       progress=lambda done, total: bar.update(task, completed=done))
    write_columns(args.out, {"firm": net.firm_ids[res.sources], "esri": res.esri})
    print(f"ESRI of {net.n} firms in {time.perf_counter() - t0:.2f} s -> {args.out}")
    capped = res.capped
    if capped.size:
        named = ", ".join(str(f) for f in net.firm_ids[res.sources[capped[:10]]])
        print(f"{capped.size} scenario(s) cycled and stopped at the cap of {args.max_iter} rounds "
              f"(firms {named}{', …' if capped.size > 10 else ''}); see docs/engine.md §4.5")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
