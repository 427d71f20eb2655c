"""Compile the engine's kernels ahead of time (`lianfu supplynet warm`, run by
`make run` and `make test` after installing).

The kernels are numba functions cached on disk beside their source: the first
call in a fresh install compiles them, which takes about 20 s on this machine
kind and would fall on the first engine run an official starts (measured on the
small demo: 19.4 s cold, 2.3 s warm). Calling every entry point the product uses
once, on a tiny network with the same array types, writes the cache."""
from __future__ import annotations

import time

import numpy as np

from .alternative_suppliers import alternatives
from .cascade import esri, propagate
from .daily_forecast import forecast, schedule_from_restarts
from .generator import generate
from .restart import restart_priority


def warm() -> float:
    """Seconds spent compiling (or loading the cache)."""
    started = time.perf_counter()
    net = generate(200, seed=0)
    esri(net, sources=np.arange(4), threads=1)
    esri(net, sources=np.arange(4), threads=1, block=2)
    psi = np.zeros(net.n)
    psi[:3] = 1.0
    for direction in ("both", "down", "up"):
        propagate(net, psi, direction=direction)
        propagate(net, np.stack([psi, psi[::-1]], axis=1), direction=direction, fixed_point=True, eps=1e-9,
                  monotone=True)
    capacity = 1.0 - psi
    restart_priority(net, capacity, k=2)
    schedule = schedule_from_restarts(net.n, 5, np.where(psi > 0, 2.0, 0.0))
    forecast(net, schedule, None, 5)
    alternatives(net, 3, 0, capacity=capacity, town=np.array(["t"] * net.n, dtype=object),
                 county=np.array(["c"] * net.n, dtype=object), limit=2)
    return time.perf_counter() - started
