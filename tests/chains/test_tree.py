"""The supplier tree on the hand-built network of conftest.py."""
from datetime import date, timedelta

import pytest

from lianfu.chains.graph import load_supplier_graph
from lianfu.chains.tree import TreeView, summary, unfold
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

EVERYTHING = TreeView(sees_all_stock=True, own_enterprise_id=None, reaches=lambda firm: True)


def shape(node: dict) -> tuple:
    """(name, tier, flags, children) without the other fields."""
    flags = "cycle" if node["cycle"] else "repeat" if node["repeat"] else ""
    return (node["name"], node["tier"], flags, [shape(c) for c in node["children"]])


def tree_of(lead, depth=4, **kwargs):
    tree = unfold(load_supplier_graph(lead.pk, depth), **kwargs)
    return tree, EVERYTHING.nested(tree)


def test_every_path_is_unfolded_with_tiers_and_the_cycle_stops(net):
    tree, data = tree_of(net["lead"])
    T = ("戊钢材", 4, "", [])
    assert shape(data) == ("慈溪市甬达电器有限公司", 0, "", [
        ("丙轴承", 1, "", [("慈溪市甬达电器有限公司", 2, "cycle", [])]),
        ("甲铜业", 1, "", [
            ("乙冲压", 2, "", [("丁电镀", 3, "", [T])]),
            ("丁电镀", 2, "", [("戊钢材", 3, "", [])]),
        ]),
        ("乙冲压", 1, "", [("丁电镀", 2, "", [("戊钢材", 3, "", [])])]),
    ])
    assert tree.node_count == 12 and not tree.truncated


def test_shared_suppliers_are_counted_once_at_their_shallowest_tier(net):
    graph = load_supplier_graph(net["lead"].pk, 4)
    assert {graph.firms[pk].name: graph.tier[pk] for pk in graph.supplier_ids} == {
        "丙轴承": 1, "甲铜业": 1, "乙冲压": 1, "丁电镀": 2, "戊钢材": 3}
    assert summary(graph) == {
        "suppliers": 5, "by_tier": {1: 3, 2: 1, 3: 1}, "in_county": 4, "out_of_county": 1,
        "by_stage": {"not_surveyed": 5, "surveyed": 0, "filed": 0, "approved": 0, "prevention_passed": 0,
                     "restarted": 0},
        "done": {"survey": 0, "filing": 0, "prevention": 0, "restart": 0}, "completion": 0.0,
    }


def test_depth_limit_stops_the_tree_and_the_count(net):
    graph = load_supplier_graph(net["lead"].pk, 2)
    _tree, data = tree_of(net["lead"], depth=2)
    assert shape(data)[3][1] == ("甲铜业", 1, "", [("乙冲压", 2, "", []), ("丁电镀", 2, "", [])])
    assert sorted(graph.firms[pk].name for pk in graph.supplier_ids) == ["丁电镀", "丙轴承", "乙冲压", "甲铜业"]
    one = load_supplier_graph(net["lead"].pk, 1)
    assert sorted(one.firms[pk].name for pk in one.supplier_ids) == ["丙轴承", "乙冲压", "甲铜业"]


def test_a_spent_node_budget_shows_repeated_firms_once_without_their_suppliers(net):
    tree, data = tree_of(net["lead"], budget=5)
    assert tree.truncated and tree.node_count == 9
    a = shape(data)[3][1]
    assert a == ("甲铜业", 1, "", [("乙冲压", 2, "repeat", []), ("丁电镀", 2, "", [("戊钢材", 3, "", [])])])
    assert shape(data)[3][2] == ("乙冲压", 1, "", [("丁电镀", 2, "repeat", [])])


def test_a_pure_cycle_between_suppliers_terminates(db, firm_x):
    p, q = EnterpriseFactory(name="P"), EnterpriseFactory(name="Q")
    link(p, firm_x)
    link(q, p)
    link(p, q)
    _tree, data = tree_of(firm_x, depth=8)
    assert shape(data)[3] == [("P", 1, "", [("Q", 2, "", [("P", 3, "cycle", [])])])]


def test_links_carry_item_value_share_and_place(net):
    _tree, data = tree_of(net["lead"])
    c, a, _b = data["children"]
    assert (c["item"], c["annual_value"], c["share"], c["county"], c["in_county"], c["town"]) == (
        "轴承", 600.0, 0.6, "宁波市余姚市", False, "")
    assert (a["stock_days"], a["town"], a["in_county"]) == (3.0, "浒山街道", True)
    b_under_a, s_under_a = a["children"]
    assert (b_under_a["share"], s_under_a["share"]) == (0.5833, 0.4167)


def test_expired_links_are_not_in_the_tree(net):
    gone = EnterpriseFactory(name="已停供")
    link(gone, net["lead"], valid_to=date.today() - timedelta(days=1))
    _tree, data = tree_of(net["lead"])
    assert "已停供" not in [c["name"] for c in data["children"]]


@pytest.mark.parametrize("own, expected", [(None, [None, None]), ("lead", [3.0, None])])
def test_stock_days_are_shown_to_the_buyer_only(net, own, expected):
    view = TreeView(sees_all_stock=False, own_enterprise_id=net[own].pk if own else None, reaches=lambda f: False)
    data = view.nested(unfold(load_supplier_graph(net["lead"].pk, 4)))
    a = data["children"][1]
    assert [a["stock_days"], a["children"][0]["stock_days"]] == expected
