"""What every ticket step shares: the permission check, the timeline event
(which is also the audit row's twin) and the version-checked change."""
from django.urls import reverse
from django.utils import timezone

from lianfu.common.audit import log_activity
from lianfu.common.errors import NotAllowed
from lianfu.common.workflow import require, update_versioned
from lianfu.helpdesk.models import Ticket, TicketEvent

__all__ = ["change", "record", "require", "require_status", "ticket_url"]


def require_status(ticket: Ticket, allowed, message) -> None:
    if ticket.status not in allowed:
        raise NotAllowed(message)


def record(ticket: Ticket, kind: str, *, actor=None, note: str = "", at=None, **data) -> TicketEvent:
    """One timeline line and one ActivityLog row for the same change."""
    at = at or timezone.now()
    event = TicketEvent.objects.create(ticket=ticket, kind=kind, actor=actor, note=note, at=at, data=data)
    log_activity(actor=actor, action=f"ticket.{kind}", subject=ticket, division_code=ticket.town_id,
                 enterprise=ticket.enterprise.uscc, **data)
    return event


def change(ticket: Ticket, seen_version: int | None, **changes) -> None:
    """Apply ``changes`` if the ticket is still at ``seen_version`` (the version
    the actor's page showed; None = the one just read)."""
    changes.setdefault("updated_at", timezone.now())
    update_versioned(ticket, ticket.version if seen_version is None else seen_version, **changes)


def ticket_url(ticket: Ticket) -> str:
    return reverse("helpdesk:ticket", args=[ticket.pk])
