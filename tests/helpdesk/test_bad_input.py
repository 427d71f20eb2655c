"""Bad input to submit_ticket: each a clear error naming the field, and
nothing stored half — no ticket, no event, no file."""
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.helpdesk import domain
from lianfu.helpdesk.domain import submit
from lianfu.helpdesk.models import Ticket, TicketAttachment, TicketEvent
from tests.helpdesk.tickets_fixtures import COPPER, clock, departments, staff  # noqa: F401 (fixtures)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
FIVE_MB = 5 * 1024 * 1024


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list:
    folder = settings.MEDIA_ROOT / "tickets"
    return sorted(folder.iterdir()) if folder.exists() else []


def nothing_stored() -> bool:
    with scopes_disabled():
        return not (Ticket.objects.exists() or TicketEvent.objects.exists() or TicketAttachment.objects.exists()
                    or stored_files())


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English (their zh-hans form is the catalogue's business)."""
    with translation.override("en"):
        yield


@pytest.fixture
def submit_as_firm(personas, firm_x, staff, clock):
    def run(text=COPPER, attachments=()):
        return domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=text, attachments=attachments)
    return run


@pytest.mark.parametrize("text,message", [
    ("", "Describe the problem: the text is empty."),
    ("  \n\t ", "Describe the problem: the text is empty."),
    ("铜" * 4001, "The text has 4001 characters; at most 4000 are accepted."),
])
def test_text_refusals(submit_as_firm, text, message):
    with pytest.raises(ValidationError) as refused:
        submit_as_firm(text=text)
    assert refused.value.message_dict == {"text": [message]}
    assert nothing_stored()


def test_4000_characters_are_accepted(submit_as_firm):
    ticket = submit_as_firm(text="铜" * 4000)
    assert len(ticket.text) == 4000


def test_markup_is_stored_as_typed(submit_as_firm):
    text = "<script>alert('x')</script> 铜材断供 <b>急</b>"
    ticket = submit_as_firm(text=text)
    with scopes_disabled():
        assert Ticket.objects.get(pk=ticket.pk).text == text


@pytest.mark.parametrize("files,message", [
    ([upload("big.png", PNG + b"\x00" * (FIVE_MB - len(PNG) + 1))], "“big.png” is larger than 5 MB."),
    ([upload("photo.png", b"PK\x03\x04" + PNG)], "“photo.png” is not a JPEG, PNG or PDF file."),
    ([upload("page.pdf", b"<html><script>alert(1)</script>", "application/pdf")],
     "“page.pdf” is not a JPEG, PNG or PDF file."),
    ([upload("run.exe", b"MZ\x90\x00", "application/octet-stream")], "“run.exe” is not a JPEG, PNG or PDF file."),
    ([upload(f"p{i}.png", PNG) for i in range(4)], "At most 3 files can be attached."),
    # One good file before a bad one: refused whole, the good one not kept.
    ([upload("ok.png", PNG), upload("bad.png", b"GIF89a")], "“bad.png” is not a JPEG, PNG or PDF file."),
])
def test_attachment_refusals(submit_as_firm, files, message):
    with pytest.raises(ValidationError) as refused:
        submit_as_firm(attachments=files)
    assert refused.value.message_dict == {"attachments": [message]}
    assert nothing_stored()


def test_good_attachments_are_stored_under_fresh_names(submit_as_firm):
    ticket = submit_as_firm(attachments=[upload("现场.png", PNG), upload("a.jpg", JPEG, "image/jpeg"),
                                         upload("清单.pdf", PDF, "application/pdf")])
    with scopes_disabled():
        rows = list(TicketAttachment.objects.filter(ticket=ticket).values_list("original_name", "content_type",
                                                                               "size"))
    assert rows == [("现场.png", "image/png", len(PNG)), ("a.jpg", "image/jpeg", len(JPEG)),
                    ("清单.pdf", "application/pdf", len(PDF))]
    assert [p.suffix for p in stored_files()] and sorted(p.suffix for p in stored_files()) == [".jpg", ".pdf", ".png"]
    assert not any("现场" in p.name for p in stored_files())


def test_a_crash_after_the_files_are_written_leaves_nothing(submit_as_firm, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("power cut")
    monkeypatch.setattr(submit, "route", crash)
    with pytest.raises(RuntimeError):
        submit_as_firm(attachments=[upload("ok.png", PNG)])
    assert nothing_stored()
