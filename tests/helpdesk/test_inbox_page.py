"""Department and town inboxes: nearest deadline first, exact countdowns
(wall-clock), overdue rows red with the words, escalated marked, filters, the
done tab and the Excel export with the page's columns."""
import re

import pytest

from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import Difficulty
from tests.helpdesk.pages import (  # noqa: F401  (long_sessions: a fixture)
    LOGISTICS,
    element,
    fresh,
    long_sessions,
    page_text,
    submit,
    xlsx_rows,
    zh,
)
from tests.helpdesk.tickets_fixtures import TOWN_TRIAGE, at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="inbox-(\d+)" class="inbox-row', page_text(response))]


def left(**parts) -> str:
    unit = "%(days)d d %(hours)d h" if "days" in parts else "%(hours)d h %(minutes)d min"
    return zh("%(span)s left", span=zh(unit, **parts))


def late(**parts) -> str:
    unit = "%(days)d d %(hours)d h" if "days" in parts else "%(hours)d h %(minutes)d min"
    return zh("Overdue by %(span)s", span=zh(unit, **parts))


@pytest.fixture
def inbox(personas, staff, firm_x, firm_y, clock):
    """Monday 10:00: firm Y's copper problem (hard: due Wednesday 17:30), then
    firm X's (ordinary: due Monday 17:30); firm X's logistics problem; firm X's
    question the town triages itself."""
    hard = submit(personas["firm_y"], firm_y, difficulty=Difficulty.HARD)
    ordinary = submit(personas["firm_x"], firm_x)
    return {"hard": hard, "ordinary": ordinary, "logistics": submit(personas["firm_x"], firm_x, LOGISTICS),
            "triage": submit(personas["firm_x"], firm_x, TOWN_TRIAGE)}


def test_nearest_deadline_first_with_the_time_left(staff, inbox, login):
    response = login(staff["economy"]).get("/helpdesk/inbox/")
    assert rows(response) == [inbox["ordinary"].pk, inbox["hard"].pk]
    assert left(hours=7, minutes=30) in element(response, f"inbox-{inbox['ordinary'].pk}").text
    assert left(days=2, hours=7) in element(response, f"inbox-{inbox['hard'].pk}").text
    assert 'class="inbox-row overdue"' not in page_text(response)


def test_an_overdue_row_is_red_and_says_so_and_escalation_is_marked(staff, inbox, clock, login):
    ordinary = inbox["ordinary"].pk
    clock.move_to(at(3, 19, 30))
    response = login(staff["economy"]).get("/helpdesk/inbox/")
    assert f'<tr id="inbox-{ordinary}" class="inbox-row overdue">' in page_text(response)
    row = element(response, f"inbox-{ordinary}").text
    assert late(days=1, hours=2) in row and zh("Escalated") not in row
    clock.move_to(at(4, 14, 30))   # three times the allowed working time since Monday 10:00
    row = element(login(staff["economy"]).get("/helpdesk/inbox/"), f"inbox-{ordinary}").text
    assert late(days=1, hours=21) in row and zh("Escalated") in row
    hard = element(login(staff["economy"]).get("/helpdesk/inbox/"), f"inbox-{inbox['hard'].pk}").text
    assert left(hours=3, minutes=0) in hard and zh("Escalated") not in hard


def test_the_town_sees_its_tickets_and_which_it_handles_itself(personas, inbox, login):
    response = login(personas["town_a"]).get("/helpdesk/inbox/")
    assert sorted(rows(response)) == sorted([inbox["ordinary"].pk, inbox["logistics"].pk, inbox["triage"].pk])
    assert zh("Town triage") in element(response, f"inbox-{inbox['triage'].pk}").text
    assert zh("Town triage") not in element(response, f"inbox-{inbox['ordinary'].pk}").text


def test_filters_by_category_status_overdue_and_text(personas, staff, inbox, clock, login):
    county = login(personas["county"])
    assert rows(county.get("/helpdesk/inbox/?category=logistics")) == [inbox["logistics"].pk]
    domain.accept_ticket(actor=staff["economy"], ticket=inbox["hard"])
    assert rows(county.get("/helpdesk/inbox/?status=accepted")) == [inbox["hard"].pk]
    assert rows(county.get("/helpdesk/inbox/?q=周盛")) == [inbox["hard"].pk]
    clock.move_to(at(3, 9))
    assert sorted(rows(login(personas["county"]).get("/helpdesk/inbox/?overdue=on"))) == sorted(
        [inbox["ordinary"].pk, inbox["logistics"].pk, inbox["triage"].pk])


def test_resolved_tickets_move_to_the_done_tab(staff, inbox, login):
    domain.resolve_ticket(actor=staff["economy"], ticket=inbox["ordinary"], resolution="已协调")
    client = login(staff["economy"])
    assert rows(client.get("/helpdesk/inbox/")) == [inbox["hard"].pk]
    done = client.get("/helpdesk/inbox/?tab=done")
    assert rows(done) == [inbox["ordinary"].pk]
    assert zh("Yes") in element(done, f"inbox-{inbox['ordinary'].pk}").text   # on time


def test_the_export_has_the_pages_columns(staff, inbox, clock, login):
    clock.move_to(at(2, 16))
    table = xlsx_rows(login(staff["economy"]).get("/helpdesk/inbox/?export=xlsx"))
    assert table[0] == [zh(h) for h in ("Ticket", "Enterprise", "Problem", "Category", "Owner", "Town", "Status",
                                        "Deadline", "Time left", "Submitted at")]
    ordinary = fresh(inbox["ordinary"])
    assert table[1] == [ordinary.pk, "慈溪市甬达电器有限公司", ordinary.text, zh("Raw materials and supply chain"),
                        "经信局", "浒山街道", zh("Routed"), "2020-03-02 17:30", left(hours=1, minutes=30),
                        "2020-03-02 10:00"]
    assert [r[0] for r in table[1:]] == [inbox["ordinary"].pk, inbox["hard"].pk]


def test_an_empty_inbox_says_what_will_appear(staff, login, clock):
    response = login(staff["labour"]).get("/helpdesk/inbox/")
    assert zh("No open ticket. Problems routed to you appear here, nearest deadline first, each with the time "
              "left.") in page_text(response)
