"""ESRI must reproduce the authors' own implementation (tests/supplynet/reference/, docs/engine.md §11)."""

import csv
from pathlib import Path

import numpy as np
import pytest

from lianfu.supplynet import esri, load_dir, propagate
from lianfu.supplynet.io import read_esri

# The original authors' results (see the README there), kept in the repo so these
# tests can never be skipped for want of them.
REFERENCE = Path(__file__).resolve().parent / "reference"

SETTINGS = ["linear", "leontief", "gl", "gl_mixed"]
CASES = [(s, repl) for s in SETTINGS for repl in (True, False)]


def _name(setting, repl):
    return setting + ("" if repl else "_norepl")


def _net(setting):
    if setting == "gl_mixed":
        return load_dir(REFERENCE, "gl", "essentiality_mixed.csv")
    return load_dir(REFERENCE, setting)


def _detail():
    rows = {}
    with open(REFERENCE / "esri_detail.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            rows[(row["setting"], int(row["firm"]))] = row
    return rows


@pytest.mark.parametrize("block", [1, 4])
@pytest.mark.parametrize("setting,repl", CASES)
def test_esri_matches_reference_file(setting, repl, block):
    net = _net(setting)
    firms, expected = read_esri(REFERENCE / f"esri_{_name(setting, repl)}.csv")
    res = esri(net, replaceability=repl, block=block, threads=2, chunk=32)
    pos = net.index_of(firms)
    assert np.abs(res.esri[pos] - expected).max() < 1e-12
    detail = _detail()
    key = _name(setting, repl)
    iters = np.array([int(detail[(key, int(f))]["iterations"]) for f in firms])
    esri_d = np.array([float(detail[(key, int(f))]["esri_d"]) for f in firms])
    esri_u = np.array([float(detail[(key, int(f))]["esri_u"]) for f in firms])
    assert np.array_equal(res.iterations[pos], iters)
    assert np.abs(res.esri_d[pos] - esri_d).max() < 1e-12
    assert np.abs(res.esri_u[pos] - esri_u).max() < 1e-12


def test_propagate_columns_reproduce_reference_esri():
    net = _net("gl")
    firms, expected = read_esri(REFERENCE / "esri_gl.csv")
    pos = net.index_of(firms)
    shock = np.zeros((net.n, net.n))
    shock[pos, np.arange(net.n)] = 1.0  # column c: firm firms[c] fails
    res = propagate(net, shock)
    assert np.abs(res.esri - expected).max() < 1e-12
    h = res.h
    assert np.abs(net.w @ (1.0 - h) - expected).max() < 1e-12
