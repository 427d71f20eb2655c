"""The owner's work on a routed ticket: accept, "not ours", ask for more
time (the county decides), resolve."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.common.errors import NotAllowed
from lianfu.common.notifications import county_officers_over, enterprise_users, notify_on_commit
from lianfu.common.workflow import step
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.domain._base import change, record, require, require_status, ticket_url
from lianfu.helpdesk.domain.routing import owners
from lianfu.helpdesk.enums import WORKING_STATUSES, Channel, EventKind, Extension, Status
from lianfu.helpdesk.group_replies import post_resolution
from lianfu.helpdesk.models import MAX_TEXT_LENGTH

NOT_WORKING = gettext_lazy("This ticket is not with a department or town now.")


def _reason(value: str, field: str, limit: int = 500) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Say why: this field is required.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value


@step
def accept_ticket(*, actor, ticket, seen_version: int | None = None):
    require(actor, "helpdesk.work_ticket", ticket)
    require_status(ticket, (Status.ROUTED, Status.REOPENED), _("Only a newly routed or reopened ticket is accepted."))
    now = timezone.now()
    with transaction.atomic():
        change(ticket, seen_version, status=Status.ACCEPTED)
        record(ticket, EventKind.ACCEPTED, actor=actor, at=now)
    return ticket


@step
def return_ticket(*, actor, ticket, reason: str, seen_version: int | None = None):
    """"Not ours": back to the dispatcher, with the reason, off this owner's clock."""
    require(actor, "helpdesk.work_ticket", ticket)
    require_status(ticket, WORKING_STATUSES, NOT_WORKING)
    reason = _reason(reason, "reason")
    now = timezone.now()
    previous = ticket.department.name_zh if ticket.department else ticket.town.name
    with transaction.atomic():
        change(ticket, seen_version, status=Status.RETURNED, department=None, routed_at=None, due_at=None,
               escalate_at=None, overdue_noted_at=None, escalated_at=None, extension=Extension.NONE,
               extension_reason="")
        record(ticket, EventKind.RETURNED, actor=actor, at=now, note=reason, previous=previous)
        notify_on_commit(county_officers_over(ticket.town_id), "ticket.returned", ticket_url(ticket),
                         number=ticket.pk, owner=previous, reason=reason)
    return ticket


@step
def request_extension(*, actor, ticket, reason: str, seen_version: int | None = None):
    require(actor, "helpdesk.work_ticket", ticket)
    require_status(ticket, WORKING_STATUSES, NOT_WORKING)
    reason = _reason(reason, "reason")
    now = timezone.now()
    if ticket.extension != Extension.NONE:
        raise NotAllowed(_("An extension was already asked for on this ticket; only one is allowed."))
    if deadlines.is_overdue(ticket.due_at, now):
        raise NotAllowed(_("The deadline has passed: an extension must be asked for before it."))
    with transaction.atomic():
        change(ticket, seen_version, extension=Extension.REQUESTED, extension_reason=reason)
        record(ticket, EventKind.EXTENSION_REQUESTED, actor=actor, at=now, note=reason)
        notify_on_commit(county_officers_over(ticket.town_id), "ticket.extension_requested", ticket_url(ticket),
                         number=ticket.pk, reason=reason)
    return ticket


@step
def decide_extension(*, actor, ticket, grant: bool, note: str = "", seen_version: int | None = None):
    require(actor, "helpdesk.decide_extension", ticket)
    require_status(ticket, WORKING_STATUSES, NOT_WORKING)
    if ticket.extension != Extension.REQUESTED:
        raise NotAllowed(_("No extension is waiting for a decision on this ticket."))
    now = timezone.now()
    with transaction.atomic():
        if grant:
            due = deadlines.extension(ticket.due_at, ticket.difficulty)
            change(ticket, seen_version, extension=Extension.GRANTED, due_at=due,
                   escalate_at=deadlines.escalation_at(ticket.routed_at, due), overdue_noted_at=None,
                   escalated_at=None)
            record(ticket, EventKind.EXTENSION_GRANTED, actor=actor, at=now, note=note, due=due.isoformat())
        else:
            change(ticket, seen_version, extension=Extension.REFUSED)
            record(ticket, EventKind.EXTENSION_REFUSED, actor=actor, at=now, note=note)
        notify_on_commit(owners(ticket), "ticket.extension_decided", ticket_url(ticket), number=ticket.pk,
                         decision=str(ticket.get_extension_display()))
    return ticket


@step
def resolve_ticket(*, actor, ticket, resolution: str, seen_version: int | None = None):
    """Done: the enterprise is asked to rate it and may reopen it for three working days."""
    require(actor, "helpdesk.work_ticket", ticket)
    require_status(ticket, WORKING_STATUSES, NOT_WORKING)
    resolution = _reason(resolution, "resolution", MAX_TEXT_LENGTH)
    now = timezone.now()
    with transaction.atomic():
        change(ticket, seen_version, status=Status.RESOLVED, resolved_at=now, resolution=resolution,
               resolved_on_time=not deadlines.is_overdue(ticket.due_at, now),
               reopen_until=deadlines.reopen_until(now))
        record(ticket, EventKind.RESOLVED, actor=actor, at=now, note=resolution,
               on_time=ticket.resolved_on_time)
        told = {*enterprise_users(ticket.enterprise_id), *([ticket.submitted_by] if ticket.submitted_by else [])}
        notify_on_commit(told, "ticket.resolved", ticket_url(ticket), number=ticket.pk)
        if ticket.channel == Channel.DINGTALK:
            post_resolution(ticket)  # the group it came from hears the answer
    return ticket
