"""Who reaches which helpdesk page, and who does not even learn a ticket exists."""
import pytest

from tests.helpdesk.pages import element, long_sessions, page_text, png, submit, tickets  # noqa: F401  (fixtures)
from tests.helpdesk.tickets_fixtures import clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def user_of(name, personas, staff):
    return staff[name[5:]] if name.startswith("dept_") else personas[name]


@pytest.mark.parametrize("who,status", [
    ("dept_economy", 200), ("dept_transport", 404), ("town_a", 200), ("town_b", 404), ("firm_x", 200),
    ("firm_y", 404), ("county", 200), ("liaison_a", 200), ("admin", 200),
])
def test_the_ticket_page_is_found_only_by_those_who_may_read_it(personas, staff, tickets, login, who, status):
    response = login(user_of(who, personas, staff)).get(f"/helpdesk/tickets/{tickets['x'].pk}/")
    assert response.status_code == status
    if status == 200:
        assert "上游铜材供应商没复工" in element(response, "ticket-text").text


@pytest.mark.parametrize("who,visible", [
    ("dept_economy", ["x", "y"]), ("dept_transport", ["x_logistics"]), ("town_a", ["x", "x_logistics"]),
    ("town_b", ["y"]), ("county", ["x", "y", "x_logistics"]),
])
def test_each_inbox_holds_only_its_own_tickets(personas, staff, tickets, login, who, visible):
    html = page_text(login(user_of(who, personas, staff)).get("/helpdesk/inbox/"))
    shown = sorted(key for key, t in tickets.items() if f'id="inbox-{t.pk}"' in html)
    assert shown == sorted(visible)


@pytest.mark.parametrize("url", ["/helpdesk/inbox/", "/helpdesk/dispatch/", "/helpdesk/overdue/"])
def test_an_enterprise_reaches_no_officer_list(personas, tickets, login, url):
    assert login(personas["firm_x"]).get(url).status_code == 403


@pytest.mark.parametrize("who", ["town_a", "dept_economy", "firm_x", "liaison_a"])
def test_only_the_county_opens_the_dispatch_queue(personas, staff, tickets, login, who):
    client = login(user_of(who, personas, staff))
    assert client.get("/helpdesk/dispatch/").status_code == 403
    assert client.post(f"/helpdesk/dispatch/{tickets['x'].pk}/", {"action": "route"}).status_code in (403, 404)


@pytest.mark.parametrize("who", ["town_a", "dept_economy", "firm_x", "liaison_a"])
def test_only_the_county_opens_the_overdue_board(personas, staff, tickets, login, who):
    assert login(user_of(who, personas, staff)).get("/helpdesk/overdue/").status_code == 403


def test_the_county_opens_the_queue_and_the_board(personas, tickets, login):
    client = login(personas["county"])
    assert client.get("/helpdesk/dispatch/").status_code == 200
    assert client.get("/helpdesk/overdue/").status_code == 200


@pytest.mark.parametrize("who,firm,status", [
    ("liaison_a", "firm_x", 200), ("liaison_a", "firm_y", 404), ("town_b", "firm_x", 404),
    ("county", "firm_y", 200), ("firm_x", "firm_y", 404), ("firm_x", "firm_x", 200), ("dept_economy", "firm_x", 403),
])
def test_reporting_on_a_firms_behalf_needs_it_within_reach(personas, staff, firm_x, firm_y, login, who, firm, status):
    uscc = {"firm_x": firm_x, "firm_y": firm_y}[firm].uscc
    assert login(user_of(who, personas, staff)).get(f"/helpdesk/report/{uscc}/").status_code == status


def test_the_own_report_form_is_for_enterprise_users(personas, login):
    assert login(personas["firm_x"]).get("/helpdesk/report/").status_code == 200
    assert login(personas["county"]).get("/helpdesk/report/").status_code == 403


def test_an_attachment_is_downloaded_only_by_those_who_read_the_ticket(personas, staff, firm_x, clock, login):
    ticket = submit(personas["firm_x"], firm_x, attachments=[png("site photo.png")])
    attachment = ticket.attachments.get()
    url = f"/helpdesk/tickets/{ticket.pk}/files/{attachment.pk}/"
    response = login(staff["economy"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    for who in ("firm_y", "town_b"):
        assert login(personas[who]).get(url).status_code == 404
    assert login(staff["transport"]).get(url).status_code == 404
    # Another ticket's file is not reachable through a ticket one may read.
    other = submit(personas["firm_x"], firm_x, "厂房租金减免怎么申请")
    assert login(personas["firm_x"]).get(f"/helpdesk/tickets/{other.pk}/files/{attachment.pk}/").status_code == 404


def test_the_navigation_offers_each_role_its_helpdesk_pages(personas, staff, login):
    def links(user) -> set[str]:
        html = page_text(login(user).get("/"))
        return {name for name in ("nav-report", "nav-dispatch", "nav-inbox", "nav-overdue") if f'id="{name}"' in html}

    assert links(personas["firm_x"]) == {"nav-report"}
    assert links(personas["county"]) == {"nav-dispatch", "nav-inbox", "nav-overdue"}
    assert links(personas["town_a"]) == {"nav-inbox"}
    assert links(staff["economy"]) == {"nav-inbox"}
    assert links(personas["liaison_a"]) == set()
