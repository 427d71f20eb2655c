"""The dispatcher's queue: order, the classifier's guesses, why each ticket is
there, the duplicate hint with merge, routing inline (htmx) and its refusals."""
import re

import pytest

from lianfu.helpdesk import domain
from lianfu.helpdesk.classifier import default_classifier
from lianfu.helpdesk.enums import Category, Difficulty, EventKind, Status
from tests.helpdesk.pages import (  # noqa: F401  (long_sessions: a fixture)
    HTMX,
    element,
    events,
    fresh,
    long_sessions,
    page_text,
    submit,
    xlsx_rows,
    zh,
)
from tests.helpdesk.tickets_fixtures import UNSURE, at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
UNSURE_TOO = "麻烦你们帮忙看看"


def rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="ticket-(\d+)" class="dispatch-row">', page_text(response))]


@pytest.fixture
def queued(personas, staff, firm_x, firm_y, clock):
    """Firm Y's unsure text at 10:00, firm X's at 11:00, and firm X's copper
    problem (routed to 经信局, then sent back "not ours") at 09:00."""
    clock.move_to(at(2, 9))
    returned = submit(personas["firm_x"], firm_x)
    clock.move_to(at(2, 10))
    y = submit(personas["firm_y"], firm_y, UNSURE)
    clock.move_to(at(2, 11))
    x = submit(personas["firm_x"], firm_x, UNSURE_TOO)
    domain.return_ticket(actor=staff["economy"], ticket=returned, reason="属于商务局的外贸问题")
    return {"returned": fresh(returned), "y": y, "x": x}


def test_the_queue_lists_waiting_tickets_oldest_first_with_why(personas, queued, login):
    assert (queued["y"].status, queued["x"].status) == (Status.NEW, Status.NEW)
    response = login(personas["county"]).get("/helpdesk/dispatch/")
    assert rows(response) == [queued["returned"].pk, queued["y"].pk, queued["x"].pk]
    returned = element(response, f"ticket-{queued['returned'].pk}").text
    assert zh("Returned by %(owner)s: %(reason)s", owner="经信局", reason="属于商务局的外贸问题") in returned
    unsure = element(response, f"ticket-{queued['y'].pk}").text
    prediction = default_classifier().predict(UNSURE)
    assert zh("Classifier unsure: %(confidence)d%% sure of “%(category)s”", confidence=round(
        100 * prediction.confidence), category=zh(prediction.category.label)) in unsure
    for category, confidence in prediction.ranked[:3]:
        assert f"{zh(category.label)} {round(100 * confidence)}%" in unsure
    assert rows(login(personas["county"]).get("/helpdesk/dispatch/?sort=-waiting")) == [
        queued["x"].pk, queued["y"].pk, queued["returned"].pk]
    assert rows(login(personas["county"]).get("/helpdesk/dispatch/?reason=returned")) == [queued["returned"].pk]


def test_the_route_form_starts_from_the_best_guess(personas, queued, login):
    response = login(personas["county"]).get("/helpdesk/dispatch/")
    row = page_text(response).split(f'id="ticket-{queued["y"].pk}"')[1].split("</tr>")[0]
    best = default_classifier().predict(UNSURE).category
    assert re.findall(r'<option value="(\w+)" selected>', row) == [best]


def test_routing_inline_swaps_the_row_and_starts_the_clock(personas, departments, queued, clock, login):
    y = queued["y"]
    clock.move_to(at(2, 14))
    response = login(personas["county"]).post(f"/helpdesk/dispatch/{y.pk}/", {
        "action": "route", "route-version": y.version, "route-category": Category.SUPPLY,
        "route-difficulty": Difficulty.HARD}, **HTMX)
    assert response.status_code == 200
    assert page_text(response).lstrip().startswith(f'<tr id="ticket-{y.pk}"')
    assert zh("Ticket routed.") in element(response, f"ticket-{y.pk}").text
    ticket = fresh(y)
    assert (ticket.status, ticket.category, ticket.difficulty, ticket.department, ticket.due_at) == (
        Status.ROUTED, Category.SUPPLY, Difficulty.HARD, departments["economy"], at(4, 17, 30))
    assert y.pk not in rows(login(personas["county"]).get("/helpdesk/dispatch/"))


def test_routing_from_a_stale_row_is_409_in_the_row(personas, queued, login):
    y = queued["y"]
    stale = y.version
    domain.supplement_ticket(actor=personas["firm_y"], ticket=y, text="补充：急")
    response = login(personas["county"]).post(f"/helpdesk/dispatch/{y.pk}/", {
        "action": "route", "route-version": stale, "route-category": Category.SUPPLY,
        "route-difficulty": Difficulty.ORDINARY}, **HTMX)
    assert response.status_code == 409
    assert zh("Someone changed this record since you opened it; reload and try again.") in element(
        response, f"ticket-{y.pk}").text
    assert fresh(y).status == Status.NEW


def test_routing_without_htmx_comes_back_to_the_queue(personas, queued, login):
    x = queued["x"]
    response = login(personas["county"]).post(f"/helpdesk/dispatch/{x.pk}/", {
        "action": "route", "route-version": x.version, "route-category": Category.LABOR,
        "route-difficulty": Difficulty.ORDINARY})
    assert response.status_code == 302 and response["Location"] == "/helpdesk/dispatch/"
    assert fresh(x).category == Category.LABOR


def test_an_earlier_open_ticket_of_the_same_firm_is_offered_for_merging(personas, queued, login):
    x, returned = queued["x"], queued["returned"]
    response = login(personas["county"]).get("/helpdesk/dispatch/")
    assert element(response, f"duplicate-{x.pk}-{returned.pk}") is not None
    assert element(response, f"duplicate-{returned.pk}-{x.pk}") is None      # only earlier ones
    assert not re.search(rf'id="duplicate-{queued["y"].pk}-', page_text(response))   # another firm
    merged = login(personas["county"]).post(f"/helpdesk/dispatch/{x.pk}/", {
        "action": "merge", "merge-version": x.version, "merge-into": returned.pk}, **HTMX)
    assert merged.status_code == 200
    assert (fresh(x).status, fresh(x).merged_into_id) == (Status.MERGED, returned.pk)
    assert events(returned)[-1] == (EventKind.SUPPLEMENTED, UNSURE_TOO)


def test_merging_into_another_firms_ticket_is_refused(personas, queued, login):
    x = queued["x"]
    response = login(personas["county"]).post(f"/helpdesk/dispatch/{x.pk}/", {
        "action": "merge", "merge-version": x.version, "merge-into": queued["y"].pk}, **HTMX)
    assert response.status_code == 200
    assert zh("Choose another open ticket of the same enterprise.") in element(response, f"ticket-{x.pk}").text
    assert fresh(x).status == Status.NEW


def test_the_queue_exports_its_rows(personas, queued, login):
    table = xlsx_rows(login(personas["county"]).get("/helpdesk/dispatch/?export=xlsx"))
    assert table[0][:4] == [zh("Ticket"), zh("Enterprise"), zh("Credit code"), zh("Town")]
    assert [int(r[0]) for r in table[1:]] == [queued["returned"].pk, queued["y"].pk, queued["x"].pk]
    assert [r[9] for r in table[1:]] == ["", "", f"#{queued['returned'].pk}"]
