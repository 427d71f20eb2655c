"""Who sees which chain, on pages and in the API: access and isolation."""
import pytest
from django.test import Client

from lianfu.chains.domain import ensure_chain
from lianfu.common.roles import Role
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(personas, net, db):
    from lianfu.registry.models import Department
    dept = Department.objects.create(county_id="330282000000", code="economy", name_zh="经信局", name_en="Economy")
    return {**personas,
            "supplier_b": UserFactory(username="p_b", role=Role.ENTERPRISE_USER, division_id=None, enterprise=net["b"]),
            "dept": UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=dept)}


@pytest.fixture
def other_chain(firm_y):
    """firm_y leads its own chain with one supplier."""
    link(EnterpriseFactory(name="己配件", division_id="330282121000"), firm_y)
    return ensure_chain(actor=None, lead=firm_y)


TREE_STATUS = [("county", 200), ("town_a", 200), ("liaison_a", 200), ("firm_x", 200), ("admin", 200),
               ("town_b", 404), ("firm_y", 404), ("supplier_b", 404), ("dept", 403)]


@pytest.mark.parametrize("persona,status", TREE_STATUS)
def test_tree_api_access_and_isolation(users, chain, login, persona, status):
    response = login(users[persona]).get(f"/api/chains/{chain.lead.uscc}/tree")
    assert response.status_code == status


@pytest.mark.parametrize("persona,status", TREE_STATUS)
def test_tree_page_access_and_isolation(users, chain, login, persona, status):
    response = login(users[persona]).get(f"/chains/{chain.lead.uscc}/")
    assert response.status_code == status
    if status == 200:
        assert chain.lead.name in response.content.decode()


@pytest.mark.parametrize("page", ["gaps/", "outside/", "tree.xlsx", "gaps/?export=xlsx"])
def test_chain_subpages_are_isolated_from_a_sibling_town_and_another_firm(users, chain, login, page):
    assert login(users["town_a"]).get(f"/chains/{chain.lead.uscc}/{page}").status_code == 200
    for persona in ("town_b", "firm_y", "supplier_b"):
        assert login(users[persona]).get(f"/chains/{chain.lead.uscc}/{page}").status_code == 404


def test_anonymous_gets_401_from_the_api_and_the_login_page_from_pages(chain):
    assert Client().get(f"/api/chains/{chain.lead.uscc}/tree").status_code == 401
    response = Client().get(f"/chains/{chain.lead.uscc}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_officer_details_only_for_firms_in_their_jurisdiction(users, chain, login):
    body = login(users["town_a"]).get(f"/api/chains/{chain.lead.uscc}/tree").json()
    detail = {c["name"]: c["detail"] for c in body["tree"]["children"]}
    assert detail == {"丙轴承": False, "甲铜业": True, "乙冲压": False}
    county = login(users["county"]).get(f"/api/chains/{chain.lead.uscc}/tree").json()
    assert {c["name"]: c["detail"] for c in county["tree"]["children"]} == {
        "丙轴承": False, "甲铜业": True, "乙冲压": True}


def test_lead_firm_sees_its_own_stock_days_only(users, chain, login):
    body = login(users["firm_x"]).get(f"/api/chains/{chain.lead.uscc}/tree").json()
    a = body["tree"]["children"][1]
    assert a["name"] == "甲铜业" and a["stock_days"] == 3.0
    link(EnterpriseFactory(name="庚"), users["firm_x"].enterprise)  # nothing else changes
    assert all(child["stock_days"] is None for child in a["children"])
    assert body["summary"]["suppliers"] == 5


def test_lead_firm_does_not_see_another_lead_firms_chain(users, chain, other_chain, login):
    assert login(users["firm_x"]).get(f"/api/chains/{other_chain.lead.uscc}/tree").status_code == 404
    assert login(users["firm_y"]).get(f"/api/chains/{other_chain.lead.uscc}/tree").status_code == 200


def test_supplier_sees_its_chains_and_whom_it_supplies_not_fellow_suppliers(users, chain, other_chain, login):
    body = login(users["supplier_b"]).get("/api/chains/memberships").json()
    assert body == [{"lead_uscc": chain.lead.uscc, "lead_name": "慈溪市甬达电器有限公司", "tier": 1,
                     "buyers": ["慈溪市甬达电器有限公司", "甲铜业"]}]
    page = login(users["supplier_b"]).get("/chains/mine/").content.decode()
    assert "慈溪市甬达电器有限公司" in page and "甲铜业" in page
    for fellow in ("丁电镀", "丙轴承", "戊钢材"):
        assert fellow not in page
    assert login(users["county"]).get("/api/chains/memberships").status_code == 403


def test_enterprise_chain_menu_leads_to_own_chain_or_memberships(users, chain, login):
    assert login(users["firm_x"]).get("/chains/")["Location"] == f"/chains/{chain.lead.uscc}/"
    assert login(users["supplier_b"]).get("/chains/")["Location"] == "/chains/mine/"


def test_county_view_lists_chains_in_jurisdiction_with_counts(users, chain, other_chain, stages, login):
    body = login(users["county"]).get("/api/chains?sort=-suppliers").json()["items"]
    assert [(c["lead_name"], c["suppliers"], c["in_county"], c["out_of_county"], c["restarted"], c["completion"])
            for c in body] == [("慈溪市甬达电器有限公司", 5, 4, 1, 1, 20.0),
                               ("慈溪市周盛汽配有限公司", 1, 1, 0, 0, 0.0)]
    town_a = login(users["town_a"]).get("/api/chains").json()["items"]
    assert [c["lead_name"] for c in town_a] == ["慈溪市甬达电器有限公司"]
    assert login(users["firm_x"]).get("/api/chains").status_code == 403
    page = login(users["town_b"]).get("/chains/").content.decode()
    assert "慈溪市周盛汽配有限公司" in page and "慈溪市甬达电器有限公司" not in page


@pytest.mark.parametrize("url", ["/admin/chains/supplylink/", "/admin/chains/chain/", "/admin/chains/handoff/"])
def test_admin_lists_chain_records(users, chain, net, login, url):
    from lianfu.chains.domain import mark_hand_offs_sent
    from lianfu.registry.models import Division
    mark_hand_offs_sent(actor=users["county"], county=Division.objects.get(code="330282000000"),
                        to_county_code="330281", supplier_ids=[net["c"].pk])
    page = login(users["admin"]).get(url)
    assert page.status_code == 200 and (
        "慈溪市甬达电器有限公司" in page.content.decode() or "丙轴承" in page.content.decode()
    )
