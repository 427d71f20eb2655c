"""A ticket's whole life through its page: the owner accepts, asks for more
time, the county grants it, the owner resolves, the enterprise rates; a low
rating reopens; a stale page gets 409; forms only for those allowed."""
import pytest

from lianfu.helpdesk.enums import EventKind, Extension, Status
from tests.helpdesk.pages import element, events, fresh, long_sessions, page_text, submit, zh  # noqa: F401
from tests.helpdesk.tickets_fixtures import at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def copper(personas, staff, firm_x, clock):
    return submit(personas["firm_x"], firm_x)


def url(ticket) -> str:
    return f"/helpdesk/tickets/{ticket.pk}/"


def act(client, ticket, action, **fields):
    data = {"action": action, f"{action}-version": fresh(ticket).version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(url(ticket), data)


def offered(client, ticket) -> set[str]:
    html = page_text(client.get(url(ticket)))
    names = ("accept", "resolve", "extension", "return", "decide", "rate", "reopen", "route", "merge")
    return {name for name in names if f'id="action-{name}"' in html}


def test_the_full_workflow_through_the_pages(personas, staff, copper, clock, login):
    dept, county, firm = login(staff["economy"]), login(personas["county"]), login(personas["firm_x"])
    assert offered(dept, copper) == {"accept", "resolve", "extension", "return"}
    assert offered(firm, copper) == set()
    assert element(dept.get(url(copper)), "ticket-deadline").text == "2020-03-02 17:30 " + zh(
        "%(span)s left", span=zh("%(hours)d h %(minutes)d min", hours=7, minutes=30))

    assert act(dept, copper, "accept").status_code == 302
    assert fresh(copper).status == Status.ACCEPTED
    clock.move_to(at(2, 15))
    assert act(dept, copper, "extension", reason="需要协调外地供应商").status_code == 302
    assert fresh(copper).extension == Extension.REQUESTED
    assert offered(county, copper) == {"decide"}
    assert "extension" not in offered(dept, copper)

    response = county.post(url(copper), {"action": "decide", "decide-version": fresh(copper).version,
                                         "decide-decision": "grant", "decide-note": "同意"})
    assert response.status_code == 302
    assert (fresh(copper).extension, fresh(copper).due_at) == (Extension.GRANTED, at(3, 17, 30))

    clock.move_to(at(3, 11))
    assert act(dept, copper, "resolve", resolution="已协调宁波供应商供货").status_code == 302
    assert (fresh(copper).status, fresh(copper).resolved_on_time) == (Status.RESOLVED, True)
    assert offered(firm, copper) == {"rate", "reopen"}
    assert offered(dept, copper) == set()

    assert act(firm, copper, "rate", rating="5", comment="很及时").status_code == 302
    assert (fresh(copper).status, fresh(copper).rating) == (Status.CLOSED, 5)
    timeline = element(firm.get(url(copper)), "timeline").text
    for kind in (EventKind.SUBMITTED, EventKind.ROUTED, EventKind.ACCEPTED, EventKind.EXTENSION_REQUESTED,
                 EventKind.EXTENSION_GRANTED, EventKind.RESOLVED, EventKind.RATED, EventKind.CLOSED):
        assert zh(EventKind(kind).label) in timeline
    assert "需要协调外地供应商" in timeline and "很及时" in timeline
    assert [kind for kind, _note in events(copper)] == [
        "submitted", "classified", "routed", "accepted", "extension_requested", "extension_granted", "resolved",
        "rated", "closed"]


def test_a_low_rating_reopens_the_ticket_with_a_new_deadline(personas, staff, copper, clock, login):
    dept, firm = login(staff["economy"]), login(personas["firm_x"])
    act(dept, copper, "resolve", resolution="已处理")
    clock.move_to(at(3, 9))
    assert act(firm, copper, "rate", rating="2", comment="还是没有原料").status_code == 302
    ticket = fresh(copper)
    assert (ticket.status, ticket.rating, ticket.due_at) == (Status.REOPENED, 2, at(3, 17, 30))
    assert offered(dept, copper) == {"accept", "resolve", "extension", "return"}


def test_reopening_with_a_reason_while_the_window_is_open(personas, staff, copper, clock, login):
    act(login(staff["economy"]), copper, "resolve", resolution="已处理")
    firm = login(personas["firm_x"])
    response = act(firm, copper, "reopen", reason="")
    assert response.status_code == 200
    assert element(response, "field-reopen-reason").text.endswith(zh("Say what is still not solved."))
    assert act(firm, copper, "reopen", reason="供应商又停了").status_code == 302
    assert fresh(copper).status == Status.REOPENED


def test_the_reopen_form_disappears_when_the_window_closes(personas, staff, copper, clock, login):
    act(login(staff["economy"]), copper, "resolve", resolution="已处理")
    clock.move_to(at(5, 17, 30))   # 17:30 of the third working day after Monday
    assert offered(login(personas["firm_x"]), copper) == {"rate"}


def test_a_stale_page_gets_409_and_keeps_what_was_typed(personas, staff, copper, login):
    dept = login(staff["economy"])
    seen = fresh(copper).version
    act(dept, copper, "accept")
    response = dept.post(url(copper), {"action": "resolve", "resolve-version": seen,
                                       "resolve-resolution": "已协调供货"})
    assert response.status_code == 409
    assert element(response, "refusal").text == zh(
        "Someone changed this record since you opened it; reload and try again.")
    form = element(response, "action-resolve")
    assert "已协调供货" in form.text and form.value("resolve-version") == str(fresh(copper).version)
    assert fresh(copper).status == Status.ACCEPTED


def test_a_step_the_state_forbids_is_422(personas, staff, copper, clock, login):
    dept = login(staff["economy"])
    clock.move_to(at(2, 18))   # past the deadline
    response = act(dept, copper, "extension", reason="来不及")
    assert response.status_code == 422
    assert element(response, "refusal").text == zh("The deadline has passed: an extension must be asked for "
                                                   "before it.")


def test_a_missing_reason_is_an_error_next_to_the_field(personas, staff, copper, login):
    response = act(login(staff["economy"]), copper, "return", reason="  ")
    assert response.status_code == 200
    assert element(response, "field-return-reason").text.endswith(
        zh("Say why this ticket is not yours, so the dispatcher can send it on."))
    assert fresh(copper).status == Status.ROUTED


def test_saying_not_ours_sends_it_back_and_the_department_loses_sight(personas, staff, copper, login):
    dept = login(staff["economy"])
    response = act(dept, copper, "return", reason="属于交通运输局")
    assert response.status_code == 302 and response["Location"] == "/"
    assert fresh(copper).status == Status.RETURNED
    assert dept.get(url(copper)).status_code == 404
    assert offered(login(personas["county"]), copper) == {"route"}


def test_an_action_the_user_may_not_take_is_403(personas, staff, copper, login):
    assert act(login(personas["firm_x"]), copper, "accept").status_code == 403
    assert act(login(personas["town_a"]), copper, "resolve", resolution="x").status_code == 403
    assert fresh(copper).status == Status.ROUTED


def test_the_town_works_a_ticket_it_triages_itself(personas, staff, firm_x, clock, login):
    ticket = submit(personas["firm_x"], firm_x, "有个事情想咨询")
    town = login(personas["town_a"])
    page = town.get(url(ticket))
    assert zh("Town triage") in element(page, "ticket-department").text
    assert offered(town, ticket) == {"accept", "resolve", "extension", "return"}
    assert offered(login(personas["town_b"]), ticket) == set()
