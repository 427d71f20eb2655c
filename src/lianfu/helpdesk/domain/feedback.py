"""After resolution: the enterprise rates the answer (1–5) and may reopen it
within three working days; a dissatisfied rating (1 or 2) reopens it."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.errors import NotAllowed
from lianfu.common.notifications import notify_on_commit
from lianfu.common.workflow import step
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.domain._base import change, record, require, require_status, ticket_url
from lianfu.helpdesk.domain.routing import start_clock, watchers
from lianfu.helpdesk.enums import DISSATISFIED_AT_MOST, EventKind, Status


def _reopen(ticket, *, actor, now, reason: str, seen_version) -> None:
    if not deadlines.can_reopen(ticket.resolved_at, now):
        raise NotAllowed(_("The three working days to reopen this ticket ended on %(until)s: submit a new one.")
                         % {"until": deadlines.local(ticket.reopen_until).strftime("%Y-%m-%d %H:%M")})
    start_clock(ticket, now, status=Status.REOPENED, seen_version=seen_version)
    record(ticket, EventKind.REOPENED, actor=actor, at=now, note=reason, due=ticket.due_at.isoformat())
    notify_on_commit(watchers(ticket), "ticket.reopened", ticket_url(ticket), number=ticket.pk,
                     enterprise=ticket.enterprise.name, reason=reason)


@step
def reopen_ticket(*, actor, ticket, reason: str, seen_version: int | None = None):
    require(actor, "helpdesk.give_feedback", ticket)
    require_status(ticket, (Status.RESOLVED,), _("Only a resolved ticket can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is still not solved.")})
    with transaction.atomic():
        _reopen(ticket, actor=actor, now=timezone.now(), reason=reason[:500], seen_version=seen_version)
    return ticket


@step
def rate_ticket(*, actor, ticket, rating: int, comment: str = "", seen_version: int | None = None):
    """Satisfied (3–5): the ticket closes. Dissatisfied (1–2): it reopens while
    the window is open, and closes with the rating after it."""
    require(actor, "helpdesk.give_feedback", ticket)
    require_status(ticket, (Status.RESOLVED,), _("Only a resolved ticket can be rated."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    comment = (comment or "").strip()[:500]
    now = timezone.now()
    version = ticket.version if seen_version is None else seen_version
    with transaction.atomic():
        change(ticket, version, rating=rating)
        record(ticket, EventKind.RATED, actor=actor, at=now, note=comment, rating=rating)
        if rating <= DISSATISFIED_AT_MOST and deadlines.can_reopen(ticket.resolved_at, now):
            _reopen(ticket, actor=actor, now=now, reason=comment or _("Rated %(rating)d of 5.") % {"rating": rating},
                    seen_version=ticket.version)
        else:
            change(ticket, ticket.version, status=Status.CLOSED, closed_at=now)
            record(ticket, EventKind.CLOSED, actor=actor, at=now)
    return ticket
