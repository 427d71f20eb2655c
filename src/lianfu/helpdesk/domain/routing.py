"""Routing: a ticket goes to its category's department and its enterprise's
town together, with its deadline clock starting now."""
from lianfu.common.notifications import notify_on_commit, officers_over
from lianfu.common.roles import Role
from lianfu.helpdesk import deadlines
from lianfu.helpdesk.domain._base import change, record, ticket_url
from lianfu.helpdesk.enums import EventKind, Extension, Status
from lianfu.helpdesk.routing import department_for


def department_staff(department_id):
    from lianfu.accounts.models import User
    return User.objects.filter(role=Role.DEPARTMENT_STAFF, department_id=department_id, is_active=True)


def owners(ticket):
    """Who must act: the department's staff, or the town's officers for town triage."""
    if ticket.department_id is not None:
        return list(department_staff(ticket.department_id))
    return officers_over(ticket.town_id, roles={Role.TOWN_OFFICER})


def watchers(ticket):
    """Everyone a routed ticket lands with: the owners and the town's officers."""
    return {*owners(ticket), *officers_over(ticket.town_id, roles={Role.TOWN_OFFICER})}


def start_clock(ticket, now, status=Status.ROUTED, seen_version=None, **changes) -> None:
    """A new deadline from ``now``; each owner's turn (routing, re-routing after
    "not ours", reopening) may ask for its one extension."""
    due = deadlines.deadline(now, ticket.difficulty)
    change(ticket, seen_version, status=status, routed_at=now, due_at=due,
           escalate_at=deadlines.escalation_at(now, due), overdue_noted_at=None, escalated_at=None,
           resolved_at=None, resolved_on_time=None, reopen_until=None, extension=Extension.NONE,
           extension_reason="", **changes)


def route(ticket, *, category: str, difficulty: str, actor, now, seen_version=None) -> None:
    department = department_for(ticket.town_id, category)
    ticket.difficulty = difficulty
    start_clock(ticket, now, seen_version=seen_version, category=category, difficulty=difficulty,
                department=department)
    record(ticket, EventKind.ROUTED, actor=actor, at=now, category=category, difficulty=difficulty,
           department=department.name_zh if department else "", town=ticket.town.name,
           due=ticket.due_at.isoformat())
    notify_on_commit(watchers(ticket), "ticket.routed", ticket_url(ticket), number=ticket.pk,
                     enterprise=ticket.enterprise.name, due=deadlines.local(ticket.due_at).strftime("%m-%d %H:%M"))
