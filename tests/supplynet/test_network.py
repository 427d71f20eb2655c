"""Network construction: derived weights, duplicate links, survey-flagged essential links."""

import numpy as np
import pytest

from lianfu.supplynet import Network, propagate


def test_derived_weights_and_duplicates():
    ess = np.array([[1, 2], [1, 1]])
    # firm 0 (sector 0) sells to 2 twice (summed); firm 1 (sector 1) sells to 2
    net = Network.from_edges([0, 0, 1], [2, 2, 2], [1.0, 2.0, 1.0], [0, 1, 1], ess, firm_ids=[10, 11, 12])
    assert net.n_edges == 2
    assert net.s_out.tolist() == [3.0, 1.0, 0.0]
    assert net.s_in.tolist() == [0.0, 0.0, 4.0]
    assert net.w.tolist() == [0.75, 0.25, 0.0]
    assert net.index_of([12, 10]).tolist() == [2, 0]
    with pytest.raises(KeyError):
        net.index_of([99])


def test_flagged_essential_link_makes_that_input_sector_essential():
    ess = np.ones((2, 2), dtype=int)  # everything linear by sector pair
    sup, buy, wt, sector = [0, 1], [2, 2], [1.0, 3.0], [0, 1, 1]
    plain = Network.from_edges(sup, buy, wt, sector, ess)
    flagged = Network.from_edges(sup, buy, wt, sector, ess, essential_links=[True, False])
    shock = np.array([1.0, 0.0, 0.0])  # supplier 0 (the only sector-0 input of firm 2) fails
    linear = propagate(plain, shock, replaceability=False, direction="down")
    leontief = propagate(flagged, shock, replaceability=False, direction="down")
    assert linear.hd[2] == pytest.approx(0.75)  # loses its 1/4 input share
    assert leontief.hd[2] == 0.0  # its essential sector-0 input is gone


def test_rejects_bad_input():
    with pytest.raises(ValueError):
        Network.from_edges([0], [1], [-1.0], [0, 0], np.ones((1, 1)))
    with pytest.raises(ValueError):
        Network.from_edges([0], [5], [1.0], [0, 0], np.ones((1, 1)))
    with pytest.raises(ValueError):
        Network.from_edges([0], [1], [1.0], [0, 0], np.full((1, 1), 3))
