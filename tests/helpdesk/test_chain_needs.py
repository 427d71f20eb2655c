"""A chain's needs list: its members' open tickets; officers read the text,
the lead firm only that a supplier has a problem open; other firms find nothing."""
import pytest

from lianfu.common.roles import Role
from lianfu.helpdesk import domain
from tests.chains.conftest import chain, net  # noqa: F401  (the hand-built network)
from tests.factories.accounts import UserFactory
from tests.helpdesk.pages import (  # noqa: F401  (long_sessions: a fixture)
    LOGISTICS,
    element,
    long_sessions,
    page_text,
    submit,
    table_rows,
    xlsx_rows,
    zh,
)
from tests.helpdesk.tickets_fixtures import COPPER, at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
SECRET = "乙冲压资金链紧张，工资发不出"


@pytest.fixture
def needs(personas, staff, net, chain, clock):
    """甲铜业 (tier 1, town A) is short of copper; 乙冲压 (tier 1, town B) of
    money; 戊钢材 (tier 3) had a logistics problem, resolved; the lead's own
    ticket is not a supplier's need. Then it is Tuesday 13:00."""
    county = personas["county"]
    a = submit(county, net["a"])
    clock.move_to(at(2, 11))
    b = submit(county, net["b"], SECRET)
    t = submit(county, net["t"], LOGISTICS)
    domain.resolve_ticket(actor=staff["transport"], ticket=t, resolution="已开通行证")
    own = submit(personas["firm_x"], net["lead"], "厂房租金减免怎么申请")
    clock.move_to(at(3, 13))
    return {"a": a, "b": b, "t": t, "own": own}


def test_an_officer_reads_the_members_problems(personas, net, needs, login):
    response = login(personas["county"]).get(f"/chains/{net['lead'].uscc}/needs/")
    assert response.status_code == 200
    assert [row[:6] for row in table_rows(response, "needs-table")] == [
        ["乙冲压", "1", "周巷镇", zh("Funds and financing"), zh("Routed"),
         zh("%(days)d d %(hours)d h", days=1, hours=2)],
        ["甲铜业", "1", "浒山街道", zh("Raw materials and supply chain"), zh("Routed"),
         zh("%(days)d d %(hours)d h", days=1, hours=3)]]
    assert SECRET in page_text(response) and COPPER in page_text(response)
    assert f'href="/helpdesk/tickets/{needs["a"].pk}/"' in page_text(response)


def test_the_lead_firm_sees_that_a_supplier_needs_help_not_what_it_wrote(personas, net, needs, login):
    response = login(personas["firm_x"]).get(f"/chains/{net['lead'].uscc}/needs/")
    assert response.status_code == 200
    assert [row[0] for row in table_rows(response, "needs-table")] == ["乙冲压", "甲铜业"]
    html = page_text(response)
    assert SECRET not in html and COPPER not in html and "/helpdesk/tickets/" not in html
    assert element(response, "needs-privacy") is not None
    export = xlsx_rows(login(personas["firm_x"]).get(f"/chains/{net['lead'].uscc}/needs/?export=xlsx"))
    assert export[0] == [zh(h) for h in ("Supplier", "Tier", "Town", "Category", "Status", "Open for")]
    assert all(SECRET not in str(cell) for row in export for cell in row)


def test_a_town_officer_reads_the_text_but_opens_only_its_towns_tickets(personas, net, needs, login):
    response = login(personas["town_a"]).get(f"/chains/{net['lead'].uscc}/needs/")
    html = page_text(response)
    assert SECRET in html
    assert f'href="/helpdesk/tickets/{needs["a"].pk}/"' in html
    assert f'href="/helpdesk/tickets/{needs["b"].pk}/"' not in html


@pytest.mark.parametrize("who", ["firm_y", "town_b"])
def test_an_unrelated_firm_or_town_finds_no_needs_list(personas, net, needs, login, who):
    assert login(personas[who]).get(f"/chains/{net['lead'].uscc}/needs/").status_code == 404


def test_a_supplier_does_not_open_its_leads_needs_list(personas, net, needs, login):
    supplier = UserFactory(username="p_a", role=Role.ENTERPRISE_USER, division_id=None, enterprise=net["a"])
    assert login(supplier).get(f"/chains/{net['lead'].uscc}/needs/").status_code == 404


def test_filters_and_the_officers_export(personas, net, needs, login):
    client = login(personas["county"])
    filtered = client.get(f"/chains/{net['lead'].uscc}/needs/?category=finance")
    assert [row[0] for row in table_rows(filtered, "needs-table")] == ["乙冲压"]
    export = xlsx_rows(client.get(f"/chains/{net['lead'].uscc}/needs/?export=xlsx&sort=created"))
    assert export[0][-2:] == [zh("Ticket"), zh("Problem")]
    assert [(r[0], r[-1]) for r in export[1:]] == [("甲铜业", COPPER), ("乙冲压", SECRET)]


def test_the_chain_pages_link_to_the_needs_list(personas, net, chain, login):
    html = page_text(login(personas["county"]).get(f"/chains/{net['lead'].uscc}/"))
    assert f'href="/chains/{net["lead"].uscc}/needs/"' in html


def test_a_resolved_need_leaves_the_list(personas, staff, net, needs, login):
    domain.resolve_ticket(actor=staff["economy"], ticket=needs["a"], resolution="已协调")
    response = login(personas["county"]).get(f"/chains/{net['lead'].uscc}/needs/")
    assert [row[0] for row in table_rows(response, "needs-table")] == ["乙冲压"]
