"""Single-source risk on a hand-built network (docs/engine.md §8.1).

Sectors: 0 copper, 1 steel, 2 plastics, 3 appliances, 4 paint, 5 packaging.

    pos  firm  sector      in county   sells to
    0    L     appliances  yes         (lead)
    1    A     copper      yes         L 300
    2    B     copper      no          L 100
    3    C     steel       no          L 50
    4    D     plastics    yes         L 200, X 10
    5    E     plastics    yes         X 60
    6    P     paint       no          D 80
    7    Q     steel       yes         A 40
    8    X     appliances  yes         (second lead)
    9    K     packaging   no          L 30, X 20
"""

import numpy as np
import pytest

from lianfu.supplynet import Network, generate, supply_tree
from lianfu.supplynet.single_source import county_list, critical_links, lead_inputs, upstream

L, A, B, C, D, E, P, Q, X, K = range(10)
COPPER, STEEL, PLASTICS, APPLIANCES, PAINT, PACKAGING = range(6)
SECTOR = [APPLIANCES, COPPER, COPPER, STEEL, PLASTICS, PLASTICS, PAINT, STEEL, APPLIANCES, PACKAGING]
IN_COUNTY = np.array([True, True, False, False, True, True, False, True, True, False])
EDGES = [(A, L, 300), (B, L, 100), (C, L, 50), (D, L, 200), (K, L, 30), (P, D, 80), (Q, A, 40),
         (E, X, 60), (D, X, 10), (K, X, 20)]


@pytest.fixture
def net():
    sup, buy, wt = zip(*EDGES)
    return Network.from_edges(sup, buy, wt, SECTOR, np.ones((6, 6), dtype=int), firm_ids=np.arange(100, 110))


def rows(result):
    return [(int(result.lead[r]), int(result.sector[r]), int(result.suppliers[r]), int(result.in_county[r]),
             round(float(result.hhi[r]), 6), bool(result.sole_source[r]), bool(result.outside_only[r]),
             result.no_alternative(r).tolist()) for r in range(len(result.lead))]


def test_per_lead_and_input_sector(net):
    assert rows(lead_inputs(net, IN_COUNTY, [L, X])) == [
        # copper: A 300 + B 100 -> shares 3/4, 1/4 -> HHI 9/16 + 1/16; B has A in the county, A has none
        (L, COPPER, 2, 1, 0.625, False, False, [A]),
        # steel only from outside (C), but Q is a steel firm in the county: an alternative
        (L, STEEL, 1, 0, 1.0, True, True, []),
        # plastics from D alone, and E is another plastics firm in the county
        (L, PLASTICS, 1, 1, 1.0, True, False, []),
        # packaging only from outside, and the county has no packaging firm
        (L, PACKAGING, 1, 0, 1.0, True, True, [K]),
        # plastics: E 60 + D 10 -> (6/7)² + (1/7)² = 37/49; each is the other's alternative
        (X, PLASTICS, 2, 2, round(37 / 49, 6), False, False, []),
        (X, PACKAGING, 1, 0, 1.0, True, True, [K]),
    ]


def test_a_lead_with_no_suppliers_has_no_rows(net):
    result = lead_inputs(net, IN_COUNTY, [K])
    assert rows(result) == [] and result.no_alt_ptr.tolist() == [0]


def test_critical_links_are_sole_sources_without_a_county_alternative(net):
    sup, buy = critical_links(net, IN_COUNTY)
    # Q is in the county, but the only steel firm there besides C (outside): A has no alternative to it
    assert sorted(zip(sup.tolist(), buy.tolist())) == [(P, D), (Q, A), (K, L), (K, X)]


def test_county_list_counts_each_lead_once_over_its_whole_tree(net):
    result = county_list(net, IN_COUNTY, [L, X])
    # L's tree: L A B C D K P Q; X's tree: X D E K P. P (tier 2 via D) hits both, as K does;
    # ties ranked by position (P=6 before K=9); Q only hits L.
    assert result.firm.tolist() == [P, K, Q]
    assert result.chains.tolist() == [2, 2, 1]
    assert [result.leads_of(r).tolist() for r in range(3)] == [[L, X], [L, X], [L]]


def test_a_second_county_firm_of_the_sector_removes_the_risk(net):
    in_county = IN_COUNTY.copy()
    in_county[C] = True          # now two steel firms in the county: Q has C as an alternative, C has Q
    assert county_list(net, in_county, [L, X]).firm.tolist() == [P, K]
    assert rows(lead_inputs(net, in_county, [L]))[1] == (L, STEEL, 1, 1, 1.0, True, False, [])


def test_the_buyer_is_not_its_own_alternative_and_the_lead_is_not_counted_for_itself():
    # 0 and 1 both make sector 0 and sell to each other; 2 (sector 1) sells to 0; all in the county.
    net = Network.from_edges([1, 0, 2], [0, 1, 0], [5.0, 5.0, 1.0], [0, 0, 1], np.ones((2, 2), dtype=int))
    in_county = np.ones(3, dtype=bool)
    assert rows(lead_inputs(net, in_county, [0])) == [(0, 0, 1, 1, 1.0, True, False, [1]),
                                                      (0, 1, 1, 1, 1.0, True, False, [2])]
    result = county_list(net, in_county, [0])
    assert result.firm.tolist() == [1, 2] and result.chains.tolist() == [1, 1]   # 0 itself left out


def test_the_mask_must_cover_every_firm(net):
    with pytest.raises(ValueError):
        lead_inputs(net, IN_COUNTY[:5], [L])


def test_the_tree_is_the_alternatives_supply_tree():
    net = generate(400, seed=3)
    for lead in (0, 17, 399):
        assert np.array_equal(upstream(net, lead), supply_tree(net, lead))
