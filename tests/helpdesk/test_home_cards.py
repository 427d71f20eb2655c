"""What the helpdesk puts on each role's first screen."""
import pytest

from lianfu.helpdesk import domain
from tests.helpdesk.pages import element, long_sessions, page_text, submit, tickets, zh  # noqa: F401  (fixtures)
from tests.helpdesk.tickets_fixtures import UNSURE, at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_department_home_is_its_inbox_with_countdowns(staff, tickets, clock, login):
    clock.move_to(at(2, 17))
    response = login(staff["economy"]).get("/")
    assert element(response, "inbox-open").text == "2"
    assert element(response, "inbox-overdue").text == "0"
    row = element(response, f"inbox-{tickets['x'].pk}").text
    assert zh("%(span)s left", span=zh("%(minutes)d min", minutes=30)) in row
    assert element(response, f"inbox-{tickets['x_logistics'].pk}") is None


def test_an_empty_department_home_says_what_will_appear(staff, login):
    html = page_text(login(staff["labour"]).get("/"))
    assert zh("Problems reported by enterprises and routed to your department will appear here, each with its "
              "deadline.") in html


def test_the_county_home_counts_the_queue_and_the_overdue(personas, firm_x, tickets, clock, login):
    submit(personas["firm_x"], firm_x, UNSURE)
    clock.move_to(at(3, 9))
    response = login(personas["county"]).get("/")
    assert element(response, "dispatch-count").text == "1"
    assert element(response, "open-tickets-count").text == "3"
    assert element(response, "overdue-tickets-count").text == "3"
    assert 'href="/helpdesk/overdue/"' in page_text(response)


def test_the_town_home_counts_its_own_tickets_without_the_queue(personas, tickets, login):
    response = login(personas["town_b"]).get("/")
    assert element(response, "open-tickets-count").text == "1"
    assert element(response, "dispatch-count") is None


def test_the_enterprise_home_lists_my_tickets_and_a_big_report_button(personas, staff, tickets, login):
    domain.resolve_ticket(actor=staff["transport"], ticket=tickets["x_logistics"], resolution="已开通行证")
    response = login(personas["firm_x"]).get("/")
    assert 'href="/helpdesk/report/"' in page_text(response)
    assert element(response, "report-problem") is not None
    mine = element(response, "my-tickets").text
    assert f"#{tickets['x'].pk}" in mine and f"#{tickets['y'].pk}" not in mine
    assert zh("Rate the answer") in element(response, f"my-ticket-{tickets['x_logistics'].pk}").text


def test_an_officer_finds_the_report_link_on_the_firms_page(personas, firm_x, firm_y, login):
    html = page_text(login(personas["liaison_a"]).get(f"/enterprises/{firm_x.uscc}/"))
    assert f'href="/helpdesk/report/{firm_x.uscc}/"' in html
