"""The dispatcher's queue work: route a ticket the classifier was unsure of
(or a department sent back), and merge duplicates."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.errors import NotAllowed
from lianfu.common.workflow import step
from lianfu.helpdesk.domain._base import change, record, require, require_status
from lianfu.helpdesk.domain.corrections import record_correction
from lianfu.helpdesk.domain.routing import route
from lianfu.helpdesk.enums import DISPATCH_STATUSES, OPEN_STATUSES, Category, Difficulty, EventKind, Status


@step
def dispatch_ticket(*, actor, ticket, category: str, difficulty: str = Difficulty.ORDINARY,
                    seen_version: int | None = None):
    """Route a queued or returned ticket. The dispatcher's category is a label
    the classifier learns from: it is stored as a correction whatever the
    classifier said (the timeline's "classified" event keeps its guess)."""
    require(actor, "helpdesk.dispatch_ticket", ticket)
    require_status(ticket, DISPATCH_STATUSES, _("Only a ticket waiting for dispatch can be routed."))
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category “%(code)s”.") % {"code": category}})
    if difficulty not in Difficulty.values:
        raise ValidationError({"difficulty": _("Unknown difficulty “%(code)s”.") % {"code": difficulty}})
    now = timezone.now()
    with transaction.atomic():
        route(ticket, category=category, difficulty=difficulty, actor=actor, now=now, seen_version=seen_version)
        # Confirming the classifier's guess on an unsure text teaches it as much as overruling it.
        record_correction(actor=actor, text=ticket.text, category=category)
    return ticket


@step
def merge_ticket(*, actor, ticket, into, seen_version: int | None = None):
    """The dispatcher folds a duplicate into the enterprise's earlier ticket:
    its text joins that ticket's timeline and it closes as merged."""
    require(actor, "helpdesk.dispatch_ticket", ticket)
    require_status(ticket, DISPATCH_STATUSES, _("Only a ticket waiting for dispatch can be merged."))
    if into.pk == ticket.pk or into.enterprise_id != ticket.enterprise_id or into.status not in OPEN_STATUSES:
        raise NotAllowed(_("A ticket can only be merged into another open ticket of the same enterprise."))
    now = timezone.now()
    with transaction.atomic():
        change(ticket, seen_version, status=Status.MERGED, merged_into=into, closed_at=now)
        record(ticket, EventKind.MERGED, actor=actor, at=now, into=into.pk)
        record(into, EventKind.SUPPLEMENTED, actor=actor, at=now, note=ticket.text, merged=ticket.pk)
    return ticket
