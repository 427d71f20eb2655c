"""Chains on each role's first screen, scoped like everything else."""
import pytest

from lianfu.common.roles import Role
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_officer_home_lists_chains_of_their_jurisdiction_only(personas, chain, login):
    county = login(personas["county"]).get("/").content.decode()
    assert 'id="chains-behind"' in county and "慈溪市甬达电器有限公司" in county
    town_b = login(personas["town_b"]).get("/").content.decode()
    assert 'id="chains-behind"' in town_b and f"/chains/{chain.lead.uscc}/" not in town_b


def test_lead_firm_home_shows_its_chain(personas, chain, stages, login):
    page = login(personas["firm_x"]).get("/").content.decode()
    assert 'id="my-chain"' in page and "5 家配套企业（县内 4 家，县外 1 家）" in page and "20.0%" in page


def test_supplier_home_shows_the_chains_it_supplies(net, chain, login):
    user = UserFactory(username="p_b", role=Role.ENTERPRISE_USER, division_id=None, enterprise=net["b"])
    page = login(user).get("/").content.decode()
    assert 'id="my-memberships"' in page and "慈溪市甬达电器有限公司 · 第 1 层" in page
    assert 'id="my-chain"' not in page
