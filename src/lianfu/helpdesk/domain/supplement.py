"""The enterprise accepts the duplicate offer: what it wrote (and the files it
re-attached) joins its open ticket's timeline instead of starting a second ticket."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.notifications import notify_on_commit
from lianfu.common.workflow import step
from lianfu.helpdesk.domain._base import change, record, require, require_status, ticket_url
from lianfu.helpdesk.domain.routing import owners
from lianfu.helpdesk.domain.submit import check_attachments, clean_text, remove_stored, save_attachments
from lianfu.helpdesk.enums import OPEN_STATUSES, EventKind


@step
def supplement_ticket(*, actor, ticket, text: str, attachments=()):
    require(actor, "helpdesk.submit_ticket", ticket.enterprise)
    require_status(ticket, OPEN_STATUSES, _("This ticket is no longer open: submit a new one."))
    text = clean_text(text)
    checked = check_attachments(attachments)
    now = timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            change(ticket, None)   # a version bump: a page showing the old timeline is now stale
            save_attachments(ticket, checked, stored)
            record(ticket, EventKind.SUPPLEMENTED, actor=actor, at=now, note=text,
                   **({"attachments": len(stored)} if stored else {}))
            if ticket.routed_at is not None:
                notify_on_commit(owners(ticket), "ticket.supplemented", ticket_url(ticket), number=ticket.pk,
                                 enterprise=ticket.enterprise.name)
    except BaseException:
        remove_stored(stored)
        raise
    return ticket
