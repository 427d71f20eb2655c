"""CLI round trip on a small generated network (no database, no Django)."""

import csv

import numpy as np

from lianfu.supplynet import esri, generate, load_dir
from lianfu.supplynet.cli import main


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_generate_is_deterministic_per_seed():
    a, b, c = generate(400, seed=7), generate(400, seed=7), generate(400, seed=8)
    assert np.array_equal(a.weight, b.weight) and np.array_equal(a.supplier, b.supplier)
    assert not (a.n_edges == c.n_edges and np.array_equal(a.weight, c.weight))
    assert 9 < a.n_edges / a.n < 13  # ~10 links per firm plus final demand


def test_cli_round_trip(tmp_path):
    d = tmp_path / "net"
    assert main(["generate", "--firms", "300", "--seed", "4", "--out", str(d)]) == 0
    assert [r for r in _rows(d / "edges.csv")][0].keys() == {"supplier", "buyer", "weight"}
    net = load_dir(d, "gl")
    original = generate(300, seed=4)
    assert np.array_equal(net.weight, original.weight)  # 17 digits read back exactly

    out = tmp_path / "esri.csv"
    assert main(["esri", "--dir", str(d), "--production", "gl", "--out", str(out)]) == 0
    rows = _rows(out)
    assert len(rows) == 300
    expected = esri(original).esri
    got = np.array([float(r["esri"]) for r in rows])
    assert np.array_equal(got, expected)

    (tmp_path / "schedule.csv").write_text("firm,restart_day,capacity\n1,3,1\n2,,\n")
    (tmp_path / "stock.csv").write_text("firm,days\n5,1.5\n")
    fc = tmp_path / "forecast.csv"
    args = ["forecast", "--dir", str(d), "--schedule", str(tmp_path / "schedule.csv"),
            "--stock-days", str(tmp_path / "stock.csv"), "--days", "6", "--out", str(fc)]
    assert main(args) == 0
    rows = {int(r["firm"]): r for r in _rows(fc)}
    assert [float(rows[1][f"day_{t}"]) for t in range(6)] == [0, 0, 0, 1, 1, 1]
    assert rows[2]["first_below"] == "0" and rows[2]["ran_out"] == "own"
    assert all(0.0 <= float(r[f"day_{t}"]) <= 1.0 for r in rows.values() for t in range(6))


def test_cli_reports_bad_input(tmp_path, capsys):
    assert main(["esri", "--dir", str(tmp_path / "missing"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "error" in capsys.readouterr().err
