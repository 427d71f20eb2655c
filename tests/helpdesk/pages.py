"""Helpers and fixtures shared by the helpdesk page tests (the clock, the
departments and their staff come from tickets_fixtures)."""
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.helpdesk import domain
from lianfu.helpdesk.models import Ticket, TicketEvent
from tests.helpdesk.tickets_fixtures import COPPER  # noqa: F401  (re-exported)
from tests.restart.pages import element, page_text, zh  # noqa: F401  (re-exported)

HTMX = {"HTTP_HX_REQUEST": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
LOGISTICS = "货车司机进不了高速，原料运不进来，物流停了"


class _Cells(HTMLParser):
    """The body rows of one table, each a list of its cells' texts."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self.cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response, table_id: str) -> list[list[str]]:
    cells = _Cells(table_id)
    cells.feed(page_text(response))
    return [row for row in cells.rows if row]


def fresh(ticket) -> Ticket:
    with scopes_disabled():
        return Ticket.objects.select_related("enterprise", "town", "department").get(pk=ticket.pk)


def ticket_count() -> int:
    with scopes_disabled():
        return Ticket.objects.count()


def events(ticket) -> list[tuple[str, str]]:
    return list(TicketEvent.objects.filter(ticket_id=ticket.pk).order_by("at", "id").values_list("kind", "note"))


def png(name="photo.png", size=None) -> SimpleUploadedFile:
    body = PNG if size is None else PNG + b"\x00" * (size - len(PNG))
    return SimpleUploadedFile(name, body, content_type="image/png")


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def submit(actor, enterprise, text=COPPER, **extra) -> Ticket:
    return fresh(domain.submit_ticket(actor=actor, enterprise=enterprise, text=text, **extra))


@pytest.fixture
def tickets(personas, staff, firm_x, firm_y, clock):
    """Monday 2 March 2020 10:00: the same copper problem from firm X (town A)
    and firm Y (town B), both routed to 经信局; a logistics problem of firm X
    routed to 交通运输局."""
    return {"x": submit(personas["firm_x"], firm_x), "y": submit(personas["firm_y"], firm_y),
            "x_logistics": submit(personas["firm_x"], firm_x, LOGISTICS)}


@pytest.fixture(autouse=True)
def long_sessions(settings):
    """The clock jumps days in these tests; a 2-hour idle session would log everyone out between steps."""
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600
