"""The clock's side effects, run by ``lianfu helpdesk sweep`` (every few
minutes in production, see docs/operations.md): note overdue tickets and tell
their owners, escalate to the county at three times the allowed time, close
resolved tickets whose reopen window ended. Pages never wait for it: they
read due_at and escalate_at directly."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.notifications import county_officers_over, notify_on_commit
from lianfu.helpdesk.domain._base import record, ticket_url
from lianfu.helpdesk.domain.routing import owners
from lianfu.helpdesk.enums import WORKING_STATUSES, EventKind, Status
from lianfu.helpdesk.models import Ticket


@dataclass
class SweepResult:
    overdue: int = 0
    escalated: int = 0
    closed: int = 0


def sweep(now=None) -> SweepResult:
    """Idempotent: each effect is claimed by a conditional UPDATE, so two sweeps
    at once (or a re-run) never write an event twice."""
    now = now or timezone.now()
    result = SweepResult()
    with scopes_disabled():
        working = Ticket.objects.filter(status__in=WORKING_STATUSES).select_related("enterprise", "town")
        for ticket in working.filter(due_at__lte=now, overdue_noted_at__isnull=True):
            with transaction.atomic():
                if _claim(ticket, overdue_noted_at=now, field="overdue_noted_at"):
                    record(ticket, EventKind.OVERDUE, at=now, due=ticket.due_at.isoformat())
                    notify_on_commit(owners(ticket), "ticket.overdue", ticket_url(ticket), number=ticket.pk,
                                     enterprise_id=ticket.enterprise_id)
                    result.overdue += 1
        for ticket in working.filter(escalate_at__lte=now, escalated_at__isnull=True):
            with transaction.atomic():
                if _claim(ticket, escalated_at=now, field="escalated_at"):
                    record(ticket, EventKind.ESCALATED, at=now, escalate_at=ticket.escalate_at.isoformat())
                    notify_on_commit(county_officers_over(ticket.town_id), "ticket.escalated", ticket_url(ticket),
                                     number=ticket.pk, enterprise=ticket.enterprise.name,
                                     enterprise_id=ticket.enterprise_id)
                    result.escalated += 1
        for ticket in Ticket.objects.filter(status=Status.RESOLVED, reopen_until__lte=now).select_related("enterprise"):
            with transaction.atomic():
                if Ticket.objects.filter(pk=ticket.pk, status=Status.RESOLVED).update(
                        status=Status.CLOSED, closed_at=now, updated_at=now):
                    record(ticket, EventKind.CLOSED, at=now, reason="reopen_window_ended")
                    result.closed += 1
    return result


def _claim(ticket, *, field: str, **changes) -> bool:
    """Set ``changes`` only if ``field`` is still empty and the ticket still working."""
    return bool(Ticket.objects.filter(pk=ticket.pk, status__in=WORKING_STATUSES, **{f"{field}__isnull": True})
                .update(**changes))
