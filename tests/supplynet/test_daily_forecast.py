"""docs/engine.md §7 day-step forecast: the worked example and the plain reference."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianfu.supplynet import Network, forecast, schedule_from_restarts
from lianfu.supplynet.daily_forecast import OWN_CAPACITY
from tests.supplynet import plain_reference as plain
from tests.supplynet.strategies import small_networks


def test_worked_example():
    # A (firm 0, sector 0) gets its one essential input (sector 1) only from B (firm 1)
    ess = np.array([[1, 1], [2, 1]])
    net = Network.from_edges([1], [0], [5.0], [0, 1], ess, sector_ids=np.array([10, 20]))
    sched = schedule_from_restarts(2, 12, restart_day=[0, 5])  # B closed days 0-4
    res = forecast(net, sched, stock_days=np.array([3.0, 0.0]), threshold=0.5)
    assert res.production[0].tolist() == [1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    assert res.production[1].tolist() == [0] * 5 + [1] * 7
    assert res.first_below.tolist() == [3, 0]
    assert res.ran_out.tolist() == [20, OWN_CAPACITY]


def test_open_network_stays_at_full_production():
    ess = np.array([[1, 2], [1, 1]])
    net = Network.from_edges([0, 1, 2], [1, 2, 0], [1.0, 2.0, 3.0], [0, 1, 0], ess)
    res = forecast(net, np.ones((3, 20)), stock_days=0.0)
    assert np.all(res.production == 1.0)
    assert res.first_below.tolist() == [-1, -1, -1]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_networks(), st.data())
def test_forecast_equals_plain_reference(case, data):
    n, edges, sector, ess = case
    horizon = 8
    restart = data.draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    planned = data.draw(st.lists(st.sampled_from([0.25, 0.5, 1.0]), min_size=n, max_size=n))
    days = data.draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]), min_size=n, max_size=n))
    net = Network.from_edges(*zip(*edges), sector, ess) if edges else Network.from_edges([], [], [], sector, ess)
    cap = schedule_from_restarts(n, horizon, restart, planned)
    res = forecast(net, cap, stock_days=np.array(days))
    stock0 = {}
    for i, j, _ in edges:
        if ess[sector[i]][sector[j]] > 0:
            stock0[(j, sector[i])] = days[j]
    expected = plain.forecast(n, edges, sector, ess, cap.tolist(), stock0, horizon)
    assert np.allclose(res.production, np.array(expected), atol=1e-12, rtol=0)
    assert np.all((res.production >= 0) & (res.production <= 1))
