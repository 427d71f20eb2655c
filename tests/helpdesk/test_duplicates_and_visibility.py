"""The duplicate rule (same enterprise, same thing, 7 days) and who sees which
tickets (helpdesk.view_ticket as a rule and as a query)."""

import pytest
from django_scopes import scope, scopes_disabled

from lianfu.common.scoping import scope_for
from lianfu.helpdesk import domain
from lianfu.helpdesk.duplicates import find_duplicate, similarity
from lianfu.helpdesk.queries import visible_tickets
from tests.helpdesk.tickets_fixtures import COPPER, TOWN_TRIAGE, at, clock, departments, staff  # noqa: F401


@pytest.mark.parametrize("a,b,expected", [
    (COPPER, "铜材供应商还没开工，我们库存只剩三天了", 0.438),
    (COPPER, "员工返岗需要包车，外省工人回不来", 0.0),
    (COPPER, "铝锭供应商停产了，原料快断了", 0.148),
    ("", COPPER, 0.0),
])
def test_similarity_of_character_bigrams(a, b, expected):
    assert round(similarity(a, b), 3) == expected


@pytest.fixture
def tickets(personas, staff, firm_x, firm_y, clock):
    return {
        "x_copper": domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER),
        "x_other": domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=TOWN_TRIAGE),
        "y_copper": domain.submit_ticket(actor=personas["firm_y"], enterprise=firm_y, text=COPPER),
    }


def test_the_same_thing_within_seven_days_is_a_duplicate(tickets, firm_x, firm_y, unscoped):
    similar = "铜材供应商还没开工，我们库存只剩三天了"
    assert find_duplicate(firm_x.pk, similar, "supply", at(9, 9, 59)) == tickets["x_copper"]
    assert find_duplicate(firm_x.pk, similar, "supply", at(9, 10, 1)) is None       # 7 days have passed
    assert find_duplicate(firm_x.pk, "铝锭供应商停产了，原料快断了", "supply", at(3, 9)) is None
    # The other enterprise's identical ticket is not this one's.
    assert find_duplicate(firm_y.pk, similar, "supply", at(3, 9)) == tickets["y_copper"]


def test_a_closed_ticket_is_no_duplicate(tickets, staff, firm_x, personas, unscoped):
    ticket = tickets["x_copper"]
    domain.resolve_ticket(actor=staff["economy"], ticket=ticket, resolution="已协调")
    domain.rate_ticket(actor=personas["firm_x"], ticket=ticket, rating=5)
    assert find_duplicate(firm_x.pk, COPPER, "supply", at(3, 9)) is None


def seen_by(user) -> set[str]:
    with scope(**scope_for(user)):
        return {t.text + "/" + t.enterprise.name[-6:] for t in visible_tickets(user)}


def test_each_role_sees_exactly_its_tickets(tickets, personas, staff):
    everyone = {f"{COPPER}/电器有限公司", f"{TOWN_TRIAGE}/电器有限公司", f"{COPPER}/汽配有限公司"}
    assert seen_by(personas["county"]) == everyone
    assert seen_by(personas["admin"]) == everyone
    assert seen_by(personas["town_a"]) == {f"{COPPER}/电器有限公司", f"{TOWN_TRIAGE}/电器有限公司"}
    assert seen_by(personas["town_b"]) == {f"{COPPER}/汽配有限公司"}
    assert seen_by(personas["liaison_a"]) == {f"{COPPER}/电器有限公司", f"{TOWN_TRIAGE}/电器有限公司"}
    assert seen_by(personas["firm_x"]) == {f"{COPPER}/电器有限公司", f"{TOWN_TRIAGE}/电器有限公司"}
    assert seen_by(personas["firm_y"]) == {f"{COPPER}/汽配有限公司"}
    assert seen_by(staff["economy"]) == {f"{COPPER}/电器有限公司", f"{COPPER}/汽配有限公司"}
    assert seen_by(staff["labour"]) == set()


def test_the_rule_agrees_with_the_query(tickets, personas, staff):
    users = [*personas.values(), *staff.values()]
    with scopes_disabled():
        for user in users:
            with scope(**scope_for(user)):
                visible = {t.pk for t in visible_tickets(user)}
            for ticket in tickets.values():
                assert user.has_perm("helpdesk.view_ticket", ticket) == (ticket.pk in visible), (user, ticket)
