"""The demo supply network (demo/chains_step.py), read from a small demo
(3,000 firms, seed 2020) and from tiny ones for determinism. Exact figures are
those of seed 2020: the generator is deterministic, so a change in them means
the demo changed and should be looked at."""
from collections import Counter
from statistics import median

import pytest
from stdnum.cn import uscc

from lianfu.chains.enums import Essential, LinkSource
from lianfu.demo.network_outside import COUNTIES
from lianfu.demo.network_sectors import ITEMS
from tests.demo.facts import COUNTY6

pytestmark = pytest.mark.django_db


def test_chains_step_is_deterministic_for_a_seed(demo_run):
    first = demo_run("tiny", 7)
    again = demo_run("tiny", 7, take=2)   # generated on its own, not the same run read twice
    other = demo_run("tiny", 8)
    assert first.links and first.members
    assert again.links == first.links
    assert again.members == first.members
    assert again.stages == first.stages
    assert other.links != first.links
    assert other.members != first.members


def compressor_buyers(facts) -> set[str]:
    """The lead firms the bottlenecks step's compressor maker supplies: it joins
    their chains as one more direct, outside supplier (demo/bottlenecks_step.py)."""
    return {buyer for _s, buyer, item, *_rest in facts.links if item == "压缩机"}


def test_the_county_trades_ten_links_per_firm_without_self_links(small_demo):
    pairs = [(s, b) for s, b, *_rest in small_demo.links]
    # chains_step draws ten per firm; bottlenecks_step adds 73 for the mill's and
    # the park's buyers and 4 from the compressor maker
    assert len(pairs) == 10 * small_demo.firm_count + 77 == 30_077
    assert len(set(pairs)) == len(pairs)
    assert not [p for p in pairs if p[0] == p[1]]


def test_ten_lead_firms_with_30_to_142_direct_suppliers(small_demo):
    maker = compressor_buyers(small_demo)
    direct = [small_demo.direct[lead] - (lead in maker) for lead in small_demo.lead_usccs]
    assert direct == [142, 100, 89, 39, 45, 111, 53, 54, 62, 97]
    assert len(maker) == 4
    assert all(30 <= n <= 450 for n in direct)


def test_the_firm_login_leads_the_largest_chain_and_firm2_leads_one(small_demo):
    firm, firm2 = small_demo.logins["firm"], small_demo.logins["firm2"]
    assert small_demo.lead_usccs[:2] == [firm, firm2]
    assert max(small_demo.direct.values()) == small_demo.direct[firm] == 143  # the compressor maker's included
    sizes = small_demo.chain_size
    assert max(sizes.values()) == sizes[firm] == 337
    assert sorted(sizes.values(), reverse=True)[1] < sizes[firm]


def test_assembly_firms_lead_beyond_the_two_logins(small_demo):
    industries = [small_demo.enterprises[code]["industry_id"] for code in small_demo.lead_usccs[2:]]
    assert all(code[:3] == "385" or code in ("3670", "3812") for code in industries)
    assert all(small_demo.enterprises[code]["above_scale"] for code in small_demo.lead_usccs[2:])


def test_about_15_percent_of_members_are_outside_the_county(small_demo):
    outside = [m for m in small_demo.members if not m[3]]
    assert len(small_demo.members) == 2093 + 4  # the compressor maker in four chains
    assert len(outside) == 291 + 4
    assert 0.10 <= len(outside) / len(small_demo.members) <= 0.20
    for lead in small_demo.lead_usccs:  # every chain, not only on average
        mine = [m for m in small_demo.members if m[0] == lead]
        assert 0.05 <= sum(not m[3] for m in mine) / len(mine) <= 0.30


def test_outside_suppliers_are_registered_in_their_own_county(small_demo):
    outside = small_demo.outside()
    counties = {code for code, _weight in COUNTIES}
    assert len(outside) == 97 + 1  # the compressor maker
    for code, firm in outside.items():
        assert uscc.is_valid(code)
        assert code[2:8] == firm["division_id"][:6]
        assert code[2:8] in counties and code[2:8] != COUNTY6
        assert firm["name"].endswith("公司") and not firm["name"].startswith("慈溪")
    statuses = Counter(firm["status"] for firm in outside.values())
    assert statuses == {"pending": 56, "active": 41 + 1}
    yuyao = [firm for code, firm in outside.items() if code[2:8] == "330281"]
    assert yuyao and all(
        f["name"].startswith("余姚市") and f["address"].startswith("浙江省宁波市余姚市") for f in yuyao
    )
    assert any(f["division_id"].endswith("000000") for f in yuyao)  # town unknown
    assert any(not f["division_id"].endswith("000000") for f in yuyao)  # a real town


def test_outside_members_are_counted_outside(small_demo):
    outside = small_demo.outside()
    assert all((member in outside) == (not inside) for _lead, member, _tier, inside in small_demo.members)


def test_trees_go_four_tiers_deep(small_demo):
    assert Counter(m[2] for m in small_demo.members) == {1: 792 + 4, 2: 722, 3: 421, 4: 158}
    firm = small_demo.logins["firm"]
    assert {m[2] for m in small_demo.members if m[0] == firm} == {1, 2, 3, 4}


def test_suppliers_are_shared_between_chains(small_demo):
    chains_of = Counter(member for _lead, member, _tier, _in in small_demo.members)
    shared = [member for member, n in chains_of.items() if n >= 2]
    assert len(shared) == 364 + 1  # the compressor maker
    assert max(chains_of.values()) == 10  # a hub in every chain


def test_a_few_suppliers_serve_very_many_buyers(small_demo):
    buyers = sorted(Counter(s for s, *_rest in small_demo.links).values())
    assert median(buyers) == 4
    assert buyers[-1] == 489
    assert buyers[-1] >= 100 * median(buyers)


def test_link_attributes_look_like_declared_lists(small_demo):
    links = small_demo.links
    essential = Counter(link[4] for link in links)
    assert essential.most_common(1)[0][0] == Essential.UNKNOWN
    assert essential[Essential.YES] and essential[Essential.NO]
    assert set(link[6] for link in links) == set(LinkSource.values)
    assert all(float(link[3]) > 0 for link in links)
    stock = [link[5] for link in links if link[5] is not None]
    assert 0.55 <= len(stock) / len(links) <= 0.65
    assert all(0 <= days <= 30 for days in stock)
    assert sum(3 <= days <= 10 for days in stock) / len(stock) > 0.7
    assert 0.35 <= sum(link[7] for link in links) / len(links) <= 0.45


def test_items_are_named_by_the_suppliers_trade(small_demo):
    bearings = [link[2] for link in small_demo.links
                if small_demo.enterprises[link[0]]["industry_id"] == "3451"]
    assert bearings and set(bearings) == {"轴承"}
    copper = {link[2] for link in small_demo.links if small_demo.enterprises[link[0]]["industry_id"] == "3251"}
    assert copper and copper <= set(ITEMS["3251"])

