"""Read and write a network directory (the layout of tests/supplynet/reference/).

edges.csv (supplier,buyer,weight), firms.csv (firm,sector[,town]; the town is read by
`load_towns` only),
essentiality.csv (input_sector,output_sector,ess). Ids are external (any integers).
Weights are written with 17 significant digits so they read back bit-identical.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Optional

import numpy as np

from .network import ESSENTIAL, LINEAR, Network

PRODUCTIONS = ("linear", "leontief", "gl")


def _read_columns(path: Path, names: tuple[str, ...], kinds: tuple[type, ...]):
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in names if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        rows = [[row[c] for c in names] for row in reader]
    cols = list(zip(*rows)) if rows else [()] * len(names)
    return [np.array(col, dtype=np.float64 if k is float else np.int64) for col, k in zip(cols, kinds)]


def read_essentiality(path: Path, sector_ids: np.ndarray) -> np.ndarray:
    """(m, m) matrix over `sector_ids`; pairs missing from the file default to linear."""
    k, l, e = _read_columns(Path(path), ("input_sector", "output_sector", "ess"), (int, int, int))
    m = len(sector_ids)
    ess = np.full((m, m), LINEAR, dtype=np.int8)
    pos = {int(s): i for i, s in enumerate(sector_ids)}
    for a, b, v in zip(k, l, e):
        if int(a) in pos and int(b) in pos:
            ess[pos[int(a)], pos[int(b)]] = v
    return ess


def load_dir(directory, production: str = "gl", essentiality_file: Optional[str] = None) -> Network:
    """Load a network; `production` linear/leontief override essentiality with all 1 / all 2."""
    d = Path(directory)
    firm, sec = _read_columns(d / "firms.csv", ("firm", "sector"), (int, int))
    sup, buy, wt = _read_columns(d / "edges.csv", ("supplier", "buyer", "weight"), (int, int, float))
    sector_ids, sector_pos = np.unique(sec, return_inverse=True)
    m = len(sector_ids)
    if production == "linear":
        ess = np.full((m, m), LINEAR, dtype=np.int8)
    elif production == "leontief":
        ess = np.full((m, m), ESSENTIAL, dtype=np.int8)
    elif production == "gl":
        ess = read_essentiality(d / (essentiality_file or "essentiality.csv"), sector_ids)
    else:
        raise ValueError(f"production must be one of {PRODUCTIONS}")
    order = np.argsort(firm, kind="stable")
    idx_sup = order[np.searchsorted(firm, sup, sorter=order)]
    idx_buy = order[np.searchsorted(firm, buy, sorter=order)]
    if not (np.array_equal(firm[idx_sup], sup) and np.array_equal(firm[idx_buy], buy)):
        raise ValueError("edges.csv mentions firms missing from firms.csv")
    return Network.from_edges(idx_sup, idx_buy, wt, sector_pos, ess, firm_ids=firm, sector_ids=sector_ids)


def load_towns(directory) -> Optional[np.ndarray]:
    """The optional `town` column of firms.csv, in the order of `load_dir`'s positions
    (firms.csv's rows); None when the file has no such column. Towns are labels (str)."""
    with open(Path(directory) / "firms.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        if "town" not in (reader.fieldnames or []):
            return None
        return np.array([(row["town"] or "").strip() for row in reader], dtype=object)


def save_dir(net: Network, directory) -> None:
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    with open(d / "edges.csv", "w", newline="") as fh:
        fh.write("supplier,buyer,weight\n")
        ids = net.firm_ids
        for s, b, v in zip(ids[net.supplier].tolist(), ids[net.buyer].tolist(), net.weight.tolist()):
            fh.write(f"{s},{b},{v:.17g}\n")
    write_columns(d / "firms.csv", {"firm": net.firm_ids, "sector": net.sector_ids[net.sector]})
    m = net.n_sectors
    kk, ll = np.meshgrid(np.arange(m), np.arange(m), indexing="ij")
    write_columns(
        d / "essentiality.csv",
        {
            "input_sector": net.sector_ids[kk.ravel()],
            "output_sector": net.sector_ids[ll.ravel()],
            "ess": net.essentiality.ravel(),
        },
    )


def write_columns(path, columns: dict) -> None:
    """CSV from equal-length columns; floats with 17 significant digits."""
    names = list(columns)
    cols = [np.asarray(c) for c in columns.values()]
    with open(path, "w", newline="") as fh:
        fh.write(",".join(names) + "\n")
        fmt = [("{:.17g}" if c.dtype.kind == "f" else "{}") for c in cols]
        for row in zip(*(c.tolist() for c in cols)):
            fh.write(",".join(f.format(v) for f, v in zip(fmt, row)) + "\n")


def read_esri(path) -> tuple[np.ndarray, np.ndarray]:
    firm, value = _read_columns(Path(path), ("firm", "esri"), (int, float))
    return firm, value
