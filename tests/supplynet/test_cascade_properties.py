"""Property tests on random small networks against the plain-Python reference."""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lianfu.supplynet import Network, esri, propagate, restart_priority
from tests.supplynet import plain_reference as plain
from tests.supplynet.strategies import small_networks


def _net(case):
    n, edges, sector, ess = case
    if not edges:
        return Network.from_edges([], [], [], sector, ess)
    s, b, w = zip(*edges)
    return Network.from_edges(s, b, w, sector, ess)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_networks(), st.booleans(), st.sampled_from([1, 3]))
def test_esri_equals_plain_reference(case, replace, block):
    n, edges, sector, ess = case
    expected, margin = plain.esri(n, edges, sector, ess, replace=replace)
    assume(margin > 1e-9)  # a stop decision this close to eps is a rounding coin-flip
    res = esri(_net(case), replaceability=replace, block=block, threads=1)
    assert np.allclose(res.esri, expected, atol=1e-12, rtol=0)
    assert np.all((res.esri >= 0) & (res.esri <= 1 + 1e-12))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_networks(), st.data())
def test_propagate_equals_plain_reference(case, data):
    n, edges, sector, ess = case
    k = data.draw(st.integers(1, 3))
    shock = data.draw(st.lists(st.lists(st.sampled_from([0.0, 0.3, 0.5, 1.0]), min_size=n, max_size=n),
                               min_size=k, max_size=k))
    direction = data.draw(st.sampled_from(["both", "down", "up"]))
    caps = [[1.0 - v for v in col] for col in shock]
    expected = plain.cascade(n, edges, sector, ess, caps, direction=direction)
    assume(min(e[3] for e in expected) > 1e-9)
    res = propagate(_net(case), np.array(shock).T, direction=direction)
    for c, (hd, hu, iters, _) in enumerate(expected):
        assert res.iterations[c] == iters
        assert np.allclose(res.hd[:, c], hd, atol=1e-12, rtol=0)
        assert np.allclose(res.hu[:, c], hu, atol=1e-12, rtol=0)
    assert np.all((res.hd >= 0) & (res.hd <= 1) & (res.hu >= 0) & (res.hu <= 1))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_networks(), st.data())
def test_restarting_a_firm_never_lowers_any_output(case, data):
    n, edges, sector, ess = case
    capacity = np.array(data.draw(st.lists(st.sampled_from([0.0, 0.2, 0.7, 1.0]), min_size=n, max_size=n)))
    f = data.draw(st.integers(0, n - 1))
    restarted = capacity.copy()
    restarted[f] = 1.0
    net = _net(case)
    shock = 1.0 - np.column_stack([capacity, restarted])
    for direction in ("down", "both"):
        res = propagate(net, shock, fixed_point=True, eps=1e-9, direction=direction, max_iter=500,
                        monotone=True)
        assert np.all(res.hd[:, 1] >= res.hd[:, 0])
        assert np.all(res.hu[:, 1] >= res.hu[:, 0])
    prio = restart_priority(net, capacity, k=2, upstream=False)
    assert np.all(prio.gain >= 0)
    assert np.all(np.diff(prio.gain) <= 0)  # best first


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_networks(), st.data())
def test_fixed_point_matches_plain_reference(case, data):
    n, edges, sector, ess = case
    capacity = data.draw(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=n, max_size=n))
    # capped: with the reference's empty-market clamp the map need not be monotone
    expected = plain.cascade(n, edges, sector, ess, [capacity], eps=1e-9, direction="down",
                             common_stop=True, max_iter=300)
    res = propagate(_net(case), 1.0 - np.array(capacity), fixed_point=True, eps=1e-9,
                    direction="down", max_iter=300)
    assert np.allclose(res.hd, expected[0][0], atol=1e-12, rtol=0)


def test_isolated_firm_gains_only_its_own_weight():
    # firm 2 has no links; firms 0 -> 1 trade
    ess = np.ones((1, 1), dtype=int)
    net = Network.from_edges([0], [1], [4.0], [0, 0, 0], ess)
    weights = np.array([0.2, 0.3, 0.5])
    prio = restart_priority(net, np.array([1.0, 1.0, 0.0]), weights=weights, k=1)
    assert prio.candidates.tolist() == [2]
    assert prio.gain[0] == 0.5
    assert prio.sequence.tolist() == [2]
