"""The bottleneck plan on hand-built counties (demo/bottleneck_plan.py): which
links it may add, the shares it sets, and the mill's share of its market."""
import random

import pytest

from lianfu.demo.bottleneck_plan import (
    LEAD_COPPER_STOCK,
    LEAD_OTHER_STOCK,
    County,
    Link,
    market_edits,
    plan_bottlenecks,
)

TOWN = "330282001000"


def county(links, tiers, cluster, closed=(), leads=(1,)):
    return County(cluster=cluster, town={pk: TOWN for pk in cluster}, employees={pk: 10 * pk for pk in cluster},
                  leads=list(leads), tiers=tiers, closed=set(closed),
                  links={(s, b): Link(100 + i, s, b, v, "x", "unknown", None) for i, (s, b, v) in enumerate(links)})


def test_a_link_is_added_only_where_no_tier_moves_and_nobody_joins():
    # lead 1 <- 2 (tier 1) <- 3 (tier 2) <- 4 (tier 3); firm 5 in no chain
    c = county([(2, 1, 10.0), (3, 2, 10.0), (4, 3, 10.0)], {1: {1: 0, 2: 1, 3: 2, 4: 3}},
               {1: "3812", 2: "3360", 3: "3251", 4: "3251", 5: "3251"})
    assert not c.may_add(4, 2)      # would move from tier 3 to tier 2
    assert not c.may_add(4, 1)      # would move from tier 3 to tier 1
    assert not c.may_add(3, 1)      # tier 2 -> tier 1
    assert not c.may_add(5, 2)      # 5 would join the chain
    assert not c.may_add(2, 1)      # the link exists
    assert not c.may_add(1, 2)      # a lead supplies nobody in the trees
    assert c.may_add(2, 3) and c.may_add(3, 4)  # tier 1 -> a tier 2 buyer: tier 1 <= 2 + 1


def test_the_mill_becomes_most_of_the_leads_copper_with_three_days_of_it():
    # lead 1 (motors) buys copper from 2 (closed) and 3, steel from 4; maker 5 buys copper from 3;
    # the mill buys from trader 6
    links = [(2, 1, 10.0), (3, 1, 30.0), (4, 1, 50.0), (3, 5, 20.0), (6, 2, 40.0)]
    tiers = {1: {1: 0, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2}}
    c = county(links, tiers, {1: "3812", 2: "3251", 3: "3251", 4: "3311", 5: "3360", 6: "5191"}, closed={2})
    plan = plan_bottlenecks(c, {}, random.Random(1))
    assert plan.park is None   # no plating firm: no park
    assert plan.mill.mill == 2 and plan.mill.lead == 1
    mill = c.links[(2, 1)]
    assert (mill.value, mill.item, mill.essential) == (120.0, "铜棒", "yes")   # 30 * 0.8 / 0.2
    assert c.links[(3, 1)].stock_days == mill.stock_days == LEAD_COPPER_STOCK
    assert c.links[(4, 1)].stock_days == c.links[(6, 2)].stock_days == LEAD_OTHER_STOCK
    edited, new = plan.changed(c)
    # (3, 5): the maker's other copper takes the maker's stock of copper
    assert {(link.supplier, link.buyer) for link in edited} == {(2, 1), (3, 1), (4, 1), (6, 2), (3, 5)}
    assert c.links[(3, 5)].stock_days == c.links[(2, 5)].stock_days
    assert plan.mill.parts_makers == [5] and c.links[(2, 5)].pk is None   # a new link: 2 is tier 1, 5 tier 2
    assert {(link.supplier, link.buyer) for link in new} == {(2, 5)}


def test_the_park_serves_an_assembler_through_a_new_link_when_the_trees_allow():
    # lead 1 (fridges) <- 2 (appliance parts, tier 1) <- 5 (steel, tier 2); plating firms 4 (tier 1) and 3
    # (tier 2, selling to 5); plating firm 9 in another town
    links = [(2, 1, 10.0), (5, 2, 10.0), (3, 5, 10.0), (4, 1, 5.0), (6, 1, 15.0)]
    c = county(links, {1: {1: 0, 2: 1, 3: 3, 4: 1, 5: 2, 6: 1}},
               {1: "3851", 2: "3857", 3: "3360", 4: "3360", 5: "3311", 6: "3360"})
    plan = plan_bottlenecks(c, {3: TOWN, 4: TOWN, 9: "330282002000"}, random.Random(1))
    assert plan.park.town == TOWN and plan.park.firms == [4, 3]   # largest first
    assert plan.park.assemblers == [1, 2] and plan.park.served == [1, 2]
    assert c.links[(4, 1)].value == 45.0   # 15 of other plating (firm 6) * 0.75 / 0.25
    assert c.links[(4, 2)].pk is None and c.links[(4, 2)].value == 3.0   # new; 30 % of all 2 buys
    assert c.links[(4, 2)].item == "电镀件" and (3, 2) not in c.links   # 3 (tier 3) may not supply a tier 1
    assert plan.mill is None             # no copper lead, no mill


@pytest.mark.parametrize(("share", "expected"), [(0.8, {11: 250.0, 12: 250.0}), (0.5, {})])
def test_the_mills_other_sales_rise_until_it_sells_its_share_of_the_market(share, expected):
    # mill 1: link 10 set by the plan (100), links 11 and 12 free (50 each); others sell 150
    sales = [(10, 1, 60.0), (11, 1, 50.0), (12, 1, 50.0), (20, 2, 100.0), (21, 3, 50.0)]
    raised = market_edits(1, sales, {10: 100.0}, share)
    assert raised == expected   # 150 * 0.8 / 0.2 = 600 wanted, 100 fixed: 500 over two links of 50
