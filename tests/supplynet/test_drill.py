"""Scenario drills (docs/engine.md §7.1) on a four-firm network computed by hand.

    S (sector 31) --100--> P (sector 34) --200--> L (sector 38, the lead)
                           Q (sector 32) ---50--> L

Every input is essential and every firm is alone in its sector (so replaceability
passes every loss on). S and Q are closed on days 0-2 and reopen on day 3. P holds
1 day of S's input, L 2 days of each of its inputs.

Forecast (§7; d(t) = supplier's h(t-1), h(-1) = c(0)):
  S, Q: 0 0 0 1 1 …
  P: a = 1+1, 0+0, 0, 0, 0+1 … -> h = 1 0 0 0 1 …
  L: parts a = 2+1, 2+1, 2+0, 2+0, 2+0, 1+1 (never below 1);
     Q's a = 2+0, 1+0, 0+0, 0+0, 0+1 -> runs out on day 2;  h = 1 1 0 0 1 …
annual_output = max(s_out, s_in): S 100, P 200, Q 50, L 250 万元 a year.
Lost per day × 365: 150, 350 (S P Q), 600 (S P Q L), 450 (P L), then 0; total 1550.
Protect first (steady state, downstream): S alone open saves S and P: 300/365;
Q alone open saves Q: 50/365 (L still lacks P's parts)."""
import numpy as np
import pytest

from lianfu.supplynet import Network
from lianfu.supplynet.cli import main
from lianfu.supplynet.daily_forecast import forecast, input_availability
from lianfu.supplynet.drill import drill
from lianfu.supplynet.io import load_towns, save_dir

S, P, Q, L = range(4)
STOCK = np.array([np.nan, 1.0, np.nan, 2.0])


@pytest.fixture
def net():
    return Network.from_edges([S, P, Q], [P, L, L], [100.0, 200.0, 50.0], [0, 1, 2, 3], np.full((4, 4), 2),
                              firm_ids=np.array([11, 12, 13, 14]), sector_ids=np.array([31, 34, 32, 38]))


def test_the_drill_by_hand(net):
    res = drill(net, np.array([True, False, True, False]), days=3, horizon=8, stock_days=STOCK, leads=[L])
    assert res.production.tolist() == [
        [0, 0, 0, 1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1, 1, 1, 1],
        [0, 0, 0, 1, 1, 1, 1, 1],
        [1, 1, 0, 0, 1, 1, 1, 1],
    ]
    assert res.shocked.tolist() == [S, Q]
    assert np.allclose(res.output_lost_per_day * 365, [150, 350, 600, 450, 0, 0, 0, 0], rtol=0, atol=1e-9)
    assert res.total_lost == pytest.approx(1550 / 365, abs=1e-12)
    [lead] = res.leads
    assert lead.position == L and lead.first_below == 2
    assert [(i.sector_id, i.run_out) for i in lead.inputs] == [(34, None), (32, 2)]
    assert res.protect_first.tolist() == [S, Q]
    assert np.allclose(res.protect_saved * 365, [300, 50], rtol=0, atol=1e-6)


def test_the_default_horizon_and_a_partial_capacity(net):
    # At half capacity S and Q deliver 0.5 a day: P's stock of 1 (a = 1.5, 1.0) keeps it at 1 on days
    # 0 and 1, then 0.5 until S's day-3 output arrives on day 4; L's stock of 2 carries it through.
    res = drill(net, np.array([True, False, True, False]), days=3, capacity=0.5, stock_days=STOCK, leads=[L])
    assert res.horizon == 3 + 14
    assert res.production[P, :5].tolist() == [1, 1, 0.5, 0.5, 1]
    assert res.leads[0].first_below is None


def test_no_shock_loses_nothing(net):
    res = drill(net, np.zeros(4, dtype=bool), days=5, leads=[L])
    assert res.total_lost == 0 and res.protect_first.size == 0
    assert [i.run_out for i in res.leads[0].inputs] == [None, None]


def test_the_availability_replay_matches_the_forecast(net):
    sched = np.ones((4, 8))
    sched[[S, Q], :3] = 0
    res = forecast(net, sched, STOCK, 8)
    avail = input_availability(net, sched, res.production, STOCK, buyers=[P, L])
    assert avail.buyer.tolist() == [P, L, L]
    assert net.sector_ids[avail.sector].tolist() == [31, 34, 32]
    assert avail.available.tolist() == [
        [1, 0, 0, 0, 1, 1, 1, 1],
        [3, 3, 2, 2, 2, 2, 2, 2],
        [2, 1, 0, 0, 1, 1, 1, 1],
    ]


def test_the_command_line(net, tmp_path, capsys):
    save_dir(net, tmp_path)
    assert load_towns(tmp_path) is None
    (tmp_path / "firms.csv").write_text("firm,sector,town\n11,31,甲镇\n12,34,乙镇\n13,32,甲镇\n14,38,乙镇\n")
    assert load_towns(tmp_path).tolist() == ["甲镇", "乙镇", "甲镇", "乙镇"]
    out = tmp_path / "drill.csv"
    # default stock 7 days: P and L (Q's input) run short on day 7 (a = 7, 6, …, 1, then 0); S and Q reopen
    # on day 8, their output arrives on day 9
    assert main(["drill", "--dir", str(tmp_path), "--close", "towns=甲镇", "--days", "8", "--horizon", "10",
                 "--out", str(out)]) == 0
    rows = [line.split(",") for line in out.read_text().splitlines()]
    assert rows[0] == ["day", "output_lost_wan"]
    lost = [float(r[1]) * 365 for r in rows[1:]]
    assert np.allclose(lost, [150] * 7 + [600, 450, 0], rtol=0, atol=1e-9)
    printed = capsys.readouterr().out
    assert "2 of 4 firms closed for 8 days" in printed and f"{2100 / 365:.2f} 万元" in printed
    assert printed.index("firm 11") < printed.index("firm 13")
    # the same firms by sector and by id; an unknown kind is refused
    for spec in (["--close", "sectors=31,32"], ["--close", "firms=11", "--close", "firms=13"]):
        assert main(["drill", "--dir", str(tmp_path), *spec, "--days", "8", "--horizon", "10",
                     "--out", str(out)]) == 0
        assert np.allclose([float(r.split(",")[1]) * 365 for r in out.read_text().splitlines()[1:]], lost)
    assert main(["drill", "--dir", str(tmp_path), "--close", "roads=1", "--days", "1", "--out", str(out)]) == 2
