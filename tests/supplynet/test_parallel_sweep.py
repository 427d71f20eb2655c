"""The two-core sweep of a single propagation must give bit-identical results to
the serial sweep. Large networks switch it on by themselves; here it is forced on
small ones."""
import numba
import numpy as np
import pytest

from lianfu.supplynet import _parallel_sweep, generate, propagate

SCENARIOS = {
    "largest supplier fails": lambda net, rng: np.eye(1, net.n, int(np.argmax(net.s_out)))[0],
    "5% closed": lambda net, rng: (rng.random(net.n) < 0.05).astype(float),
    "30% half open": lambda net, rng: np.where(rng.random(net.n) < 0.3, 0.5, 0.0),
}
OPTIONS = [
    {}, {"replaceability": False}, {"direction": "down"}, {"direction": "up"},
    {"fixed_point": True}, {"monotone": True, "fixed_point": True},
]


@pytest.fixture(scope="module")
def network():
    return generate(3000, seed=11)


@pytest.mark.skipif(numba.get_num_threads() < 2, reason="needs two threads to take the parallel path")
@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "default")
def test_parallel_sweep_equals_serial_sweep(network, monkeypatch, scenario, options):
    psi = SCENARIOS[scenario](network, np.random.default_rng(5))
    serial = propagate(network, psi, **options)
    monkeypatch.setattr(_parallel_sweep, "MIN_FIRMS", 0)
    calls = []
    real_pull_arrays = _parallel_sweep.pull_arrays
    monkeypatch.setattr(_parallel_sweep, "pull_arrays", lambda net: calls.append(net) or real_pull_arrays(net))
    parallel = propagate(network, psi, **options)
    assert calls, "the parallel path was not taken"
    assert np.array_equal(parallel.iterations, serial.iterations)
    assert np.array_equal(parallel.hd, serial.hd)
    assert np.array_equal(parallel.hu, serial.hu)
    assert serial.esri > 0
