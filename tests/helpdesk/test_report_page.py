"""The phone-first report form: where a ticket goes, bad input refused whole,
markup kept as typed but never rendered, and the duplicate offer."""
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import Channel, EventKind, Status, Submitter
from lianfu.helpdesk.models import MAX_TEXT_LENGTH, Ticket
from tests.helpdesk.pages import (  # noqa: F401  (long_sessions: a fixture)
    COPPER,
    PDF,
    element,
    events,
    fresh,
    long_sessions,
    page_text,
    png,
    submit,
    ticket_count,
    zh,
)
from tests.helpdesk.tickets_fixtures import at, clock, departments, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
SIMILAR = "上游铜材供应商还没复工，库存只剩两天了"
PHONE = "Mozilla/5.0 (Linux; Android 10; HMA-AL00) AppleWebKit/537.36 Chrome/80.0 Mobile Safari/537.36"


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "tickets"
    return sorted(folder.iterdir()) if folder.exists() else []


def latest():
    with scopes_disabled():
        return fresh(Ticket.objects.latest("id"))


def test_a_firm_reports_and_is_told_where_it_went(personas, departments, firm_x, clock, login):
    client = login(personas["firm_x"])
    form = client.get("/helpdesk/report/")
    assert element(form, "report-form") is not None
    assert 'maxlength="4000"' in page_text(form) and 'id="text-count"' in page_text(form)
    response = client.post("/helpdesk/report/", {"text": COPPER, "attachments": [png(), SimpleUploadedFile(
        "invoice.pdf", PDF, content_type="application/pdf")]})
    ticket = latest()
    assert response.status_code == 302 and response["Location"] == f"/helpdesk/tickets/{ticket.pk}/"
    assert (ticket.status, ticket.department, ticket.town_id, ticket.channel, ticket.submitter) == (
        Status.ROUTED, departments["economy"], "330282004000", Channel.WEB, Submitter.ENTERPRISE)
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        zh("Ticket #%(number)d was sent to %(department)s and %(town)s; due %(due)s.", number=ticket.pk,
           department="经信局", town="浒山街道", due="2020-03-02 17:30")]
    assert sorted(ticket.attachments.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert len(stored_files()) == 2
    page = client.get(response["Location"])
    assert element(page, "ticket-department").text == "经信局"
    assert element(page, "ticket-town").text == "浒山街道"


def test_a_phone_report_is_marked_mobile(personas, departments, firm_x, clock, login):
    login(personas["firm_x"]).post("/helpdesk/report/", {"text": COPPER}, HTTP_USER_AGENT=PHONE)
    assert latest().channel == Channel.MOBILE


def test_an_unsure_text_waits_for_the_dispatcher_and_says_so(personas, departments, firm_x, clock, login):
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": "请帮忙协调一下"})
    ticket = latest()
    assert ticket.status == Status.NEW
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        zh("Ticket #%(number)d is waiting for the dispatcher, who sends it to the right department.",
           number=ticket.pk)]


def test_a_liaison_officer_reports_on_the_firms_behalf(personas, departments, firm_x, clock, login):
    response = login(personas["liaison_a"]).post(f"/helpdesk/report/{firm_x.uscc}/", {"text": COPPER})
    ticket = latest()
    assert response.status_code == 302
    assert (ticket.enterprise, ticket.submitter, ticket.submitted_by) == (
        firm_x, Submitter.LIAISON, personas["liaison_a"])


@pytest.mark.parametrize("text,files,field,message", [
    ("   ", [], "text", ("Describe the problem: the text is empty.", {})),
    ("字" * (MAX_TEXT_LENGTH + 1), [], "text",
     ("The text has %(length)d characters; at most %(limit)d are accepted.", {"length": 4001, "limit": 4000})),
    (COPPER, [png(size=5 * 1024 * 1024 + 1)], "attachments",
     ("“%(name)s” is larger than 5 MB.", {"name": "photo.png"})),
    (COPPER, [SimpleUploadedFile("photo.png", b"PK\x03\x04" + b"\x00" * 40, content_type="image/png")], "attachments",
     ("“%(name)s” is not a JPEG, PNG or PDF file.", {"name": "photo.png"})),
    (COPPER, [SimpleUploadedFile("photo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")],
     "attachments", ("“%(name)s” is not a JPEG, PNG or PDF file.", {"name": "photo.png"})),
    (COPPER, [png(f"p{i}.png") for i in range(4)], "attachments", ("At most %(count)d files can be attached.",
                                                                   {"count": 3})),
])
def test_bad_input_is_a_clear_error_next_to_its_field_and_nothing_is_stored(
        personas, departments, firm_x, clock, login, text, files, field, message):
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": text, "attachments": files})
    assert response.status_code == 200
    assert element(response, f"field-{field}").text.endswith(zh(message[0], **message[1]))
    assert ticket_count() == 0 and stored_files() == []
    if text.strip():   # nothing typed is lost
        assert element(response, "field-text").inputs[0]["tag"] == "textarea"
        assert text in page_text(response)


def test_markup_is_stored_as_typed_and_shown_escaped(personas, departments, firm_x, clock, login):
    text = "<script>alert(1)</script>\n第二行"
    client = login(personas["firm_x"])
    response = client.post("/helpdesk/report/", {"text": text})
    assert latest().text == text
    html = page_text(client.get(response["Location"]))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in html


def test_a_similar_text_within_7_days_is_offered_as_an_addition(personas, departments, firm_x, clock, login):
    first = submit(personas["firm_x"], firm_x)
    clock.move_to(at(4, 9))
    client = login(personas["firm_x"])
    offer = client.post("/helpdesk/report/", {"text": SIMILAR, "attachments": [png()]})
    assert offer.status_code == 200 and ticket_count() == 1 and stored_files() == []
    assert zh("You wrote about this on %(day)s (#%(number)s, %(status)s).", day="2020-03-02 10:00",
              number=first.pk, status=zh("Routed")) in element(offer, "duplicate-offer").text
    assert element(offer, "reattach") is not None          # the file must be chosen again
    assert SIMILAR in element(offer, "offer-form").text     # the text is kept

    added = client.post("/helpdesk/report/", {"text": SIMILAR, "choice": "add", "into": first.pk,
                                              "attachments": [png("again.png")]})
    assert added.status_code == 302 and added["Location"] == f"/helpdesk/tickets/{first.pk}/"
    assert ticket_count() == 1
    assert events(first)[-1] == (EventKind.SUPPLEMENTED, SIMILAR)
    assert list(first.attachments.values_list("original_name", flat=True)) == ["again.png"]


def test_submitting_as_new_skips_the_offer(personas, departments, firm_x, clock, login):
    submit(personas["firm_x"], firm_x)
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": SIMILAR, "choice": "new"})
    assert response.status_code == 302 and ticket_count() == 2
    assert latest().text == SIMILAR


def test_no_offer_after_7_days(personas, departments, firm_x, clock, login):
    submit(personas["firm_x"], firm_x)
    clock.move_to(at(2, 10) + dt.timedelta(days=8))
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": SIMILAR})
    assert response.status_code == 302 and ticket_count() == 2


def test_another_firms_similar_ticket_is_no_duplicate(personas, departments, firm_x, firm_y, clock, login):
    submit(personas["firm_y"], firm_y)
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": SIMILAR})
    assert response.status_code == 302 and ticket_count() == 2


def test_adding_to_a_ticket_closed_meanwhile_is_refused_with_the_text_kept(
        personas, staff, departments, firm_x, clock, login):
    first = submit(personas["firm_x"], firm_x)
    domain.resolve_ticket(actor=staff["economy"], ticket=first, resolution="已协调")
    domain.rate_ticket(actor=personas["firm_x"], ticket=fresh(first), rating=5)
    response = login(personas["firm_x"]).post("/helpdesk/report/", {"text": SIMILAR, "choice": "add",
                                                                    "into": first.pk})
    assert response.status_code == 422
    assert element(response, "refusal").text == zh("This ticket is no longer open: submit a new one.")
    assert SIMILAR in page_text(response) and ticket_count() == 1
