"""A problem arrives: checked whole before anything is stored, classified,
then routed at once when the classifier is sure (or the client chose the
service), else left for the dispatcher."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common import uploads
from lianfu.common.notifications import county_officers_over, notify_on_commit
from lianfu.common.roles import Role
from lianfu.common.uploads import remove_stored
from lianfu.common.workflow import step
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, default_classifier
from lianfu.helpdesk.domain._base import record, require, ticket_url
from lianfu.helpdesk.domain.routing import route
from lianfu.helpdesk.enums import Category, Channel, Difficulty, EventKind, Submitter
from lianfu.helpdesk.models import MAX_TEXT_LENGTH, Ticket, TicketAttachment

MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_KINDS = {**uploads.IMAGES, **uploads.PDF}
ATTACHMENT_FOLDER = "tickets"


def clean_text(text) -> str:
    """The problem text as stored, or a ValidationError saying what is wrong.
    Kept as written (markup included): pages escape it, never render it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the problem: the text is empty.")})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": _("The text has %(length)d characters; at most %(limit)d are accepted.")
                               % {"length": len(text), "limit": MAX_TEXT_LENGTH}})
    return text


def check_attachments(files) -> list[tuple[object, str, str]]:
    """(file, content type, extension) for each upload, or a ValidationError
    naming the first refused file; nothing is written before all pass."""
    return uploads.check_files(files, field="attachments", kinds=ATTACHMENT_KINDS, max_count=MAX_ATTACHMENTS,
                               max_bytes=MAX_ATTACHMENT_BYTES,
                               too_many=_("At most %(count)d files can be attached."),
                               too_big=_("“%(name)s” is larger than 5 MB."),
                               wrong_kind=_("“%(name)s” is not a JPEG, PNG or PDF file."))


def save_attachments(ticket, checked, stored: list[str]) -> None:
    """Write each checked upload and its row; ``stored`` collects the written
    paths so the caller can remove them when its transaction fails."""
    for upload, content_type, extension in checked:
        relative, size = uploads.store(upload, ATTACHMENT_FOLDER, extension, MAX_ATTACHMENT_BYTES)
        stored.append(relative)
        TicketAttachment.objects.create(ticket=ticket, original_name=(upload.name or "")[-255:],
                                        stored_path=relative, content_type=content_type, size=size)


def submitter_for(actor, channel: str) -> str:
    if actor.role == Role.ENTERPRISE_USER:
        return Submitter.ENTERPRISE
    if actor.role == Role.LIAISON_OFFICER:
        return Submitter.LIAISON
    if channel in (Channel.API, Channel.OPEN311):
        return Submitter.API_CLIENT
    return Submitter.OFFICER


@step
def submit_ticket(*, actor, enterprise, text: str, channel: str = Channel.WEB, category: str | None = None,
                  difficulty: str = Difficulty.ORDINARY, attachments=(), survey_id: int | None = None) -> Ticket:
    """File a problem for ``enterprise``. ``category`` is the client's own
    choice (an Open311 service code): such a ticket is routed without asking
    the classifier's confidence. ``survey_id``: the survey whose needs these
    are (kept on the "submitted" event)."""
    require(actor, "helpdesk.submit_ticket", enterprise)
    text = clean_text(text)
    if category is not None and category not in Category.values:
        raise ValidationError({"category": _("Unknown category “%(code)s”.") % {"code": category}})
    if enterprise.division_id is None:
        raise ValidationError({"enterprise": _("%(name)s has no town on record: ask the county to complete its "
                                               "registration first.") % {"name": enterprise.name}})
    checked = check_attachments(attachments)
    prediction = default_classifier().predict(text)
    now = timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(
                enterprise=enterprise, town_id=enterprise.division_id, submitted_by=actor,
                submitter=submitter_for(actor, channel), channel=channel, text=text,
                category=category or prediction.category, confidence=prediction.confidence,
                difficulty=difficulty, created_at=now, updated_at=now)
            save_attachments(ticket, checked, stored)
            origin = {} if survey_id is None else {"survey": survey_id}
            record(ticket, EventKind.SUBMITTED, actor=actor, at=now, channel=channel, attachments=len(stored), **origin)
            record(ticket, EventKind.CLASSIFIED, at=now, category=prediction.category,
                   confidence=round(prediction.confidence, 3), chosen=category or "")
            if category is not None or prediction.confidence >= CONFIDENCE_THRESHOLD:
                route(ticket, category=ticket.category, difficulty=difficulty, actor=None, now=now)
            else:
                record(ticket, EventKind.QUEUED, at=now, threshold=CONFIDENCE_THRESHOLD)
                notify_on_commit(county_officers_over(ticket.town_id), "ticket.to_dispatch", ticket_url(ticket),
                                 number=ticket.pk, enterprise=enterprise.name,
                                 enterprise_id=enterprise.pk)
    except BaseException:
        remove_stored(stored)
        raise
    return ticket
