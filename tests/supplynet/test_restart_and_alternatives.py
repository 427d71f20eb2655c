"""Restart priority ordering and the alternatives ranking (docs/engine.md §6, §8)."""

import numpy as np

from lianfu.supplynet import Network, alternatives, generate, restart_priority


def _chain():
    # sectors: 0 raw, 1 parts, 2 assembly; parts and raw are essential for assembly
    ess = np.array([[1, 2, 2], [1, 1, 2], [1, 1, 1]])
    # 0 -> 1 (raw to parts), 1 -> 2 (parts to lead firm 2), 3 -> 2 (another parts maker)
    # 4 is a raw firm beside 0 that also sells to parts maker 3
    sup = [0, 1, 3, 4]
    buy = [1, 2, 2, 3]
    wt = [5.0, 8.0, 2.0, 1.0]
    return Network.from_edges(sup, buy, wt, [0, 1, 2, 1, 0], ess)


def test_restart_priority_prefers_the_supplier_that_unblocks_the_chain():
    net = _chain()
    capacity = np.array([0.0, 1.0, 1.0, 0.0, 1.0])  # raw firm 0 and parts maker 3 closed
    prio = restart_priority(net, capacity, k=2)
    assert prio.candidates.tolist()[0] == 0  # firm 0 feeds parts maker 1 -> lead firm 2
    assert set(prio.sequence.tolist()) == {0, 3}
    assert np.all(prio.gain >= 0) and np.all(prio.sequence_gain >= 0)
    assert prio.upstream_gain.shape == prio.gain.shape


def test_restart_priority_on_generated_network_is_consistent():
    net = generate(300, seed=5)
    rng = np.random.default_rng(1)
    capacity = np.where(rng.random(net.n) < 0.1, 0.0, 1.0)
    prio = restart_priority(net, capacity, k=3, upstream=False)
    assert len(prio.candidates) == int((capacity < 1).sum())
    assert np.all(prio.gain >= 0)
    assert prio.sequence[0] == prio.candidates[0]
    assert np.isclose(prio.sequence_gain[0], prio.gain[0])


def test_alternatives_rank_tree_then_locality_then_spare_capacity():
    ess = np.ones((3, 3), dtype=int)
    # lead firm 0 buys from 1 (sector 1); 1 buys copper from 2 (sector 2, closed).
    # 0 also buys from 3 (sector 2: its own copper supplier). 4, 5 are other sector-2 firms.
    sup = [1, 2, 3, 4, 5]
    buy = [0, 1, 0, 6, 6]
    wt = [10.0, 4.0, 3.0, 9.0, 1.0]
    sector = [0, 1, 2, 2, 2, 2, 0]
    net = Network.from_edges(sup, buy, wt, sector, ess)
    capacity = np.array([1, 1, 0, 1, 1, 1, 1], dtype=float)
    town = np.array([1, 1, 1, 2, 2, 1, 3])
    county = np.array([1, 1, 1, 1, 1, 1, 2])
    ranked = alternatives(net, buyer=1, missing_supplier=2, capacity=capacity, lead_firm=0,
                          town=town, county=county)
    assert [a.firm for a in ranked] == [3, 5, 4]
    assert ranked[0].in_lead_tree and "lead firm" in ranked[0].reasons[0]
    assert ranked[1].locality == 0 and "same town" in ranked[1].reasons
    assert ranked[2].locality == 1
    assert all(a.firm != 2 for a in ranked)  # the closed supplier is never proposed
