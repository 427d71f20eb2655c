"""Reused reads: which tickets a user sees, the work lists, the overdue board."""
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from lianfu.common.roles import Role
from lianfu.common.scoping import scope_for
from lianfu.helpdesk.enums import DISPATCH_STATUSES, OPEN_STATUSES, WORKING_STATUSES, Status
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department

RELATED = ("enterprise", "town", "department")


def visible_tickets(user) -> QuerySet[Ticket]:
    """Every ticket ``user`` may read (helpdesk.view_ticket as a query). Call
    inside the user's scope (the middleware activates it for every request)."""
    tickets = Ticket.objects.select_related(*RELATED)
    if not user.is_authenticated:
        return tickets.none()
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return tickets.all()
    if user.role == Role.ENTERPRISE_USER:
        return tickets.filter(enterprise_id=user.enterprise_id)
    if user.role == Role.DEPARTMENT_STAFF:
        return tickets.filter(department_id=user.department_id)
    if user.role in (Role.COUNTY_OFFICER, Role.TOWN_OFFICER, Role.LIAISON_OFFICER) and user.division_id:
        return tickets.filter(town__code__under=scope_for(user)["division"])
    return tickets.none()


def dispatch_queue(user) -> QuerySet[Ticket]:
    return visible_tickets(user).filter(status__in=DISPATCH_STATUSES).order_by("created_at", "id")


def inbox(user, *, done: bool = False) -> QuerySet[Ticket]:
    """A department's or town's open tickets, nearest deadline first. A town
    sees every ticket of its enterprises; the ones it owns (no department)
    are marked in the page."""
    tickets = visible_tickets(user)
    if done:
        return tickets.filter(status__in=(Status.RESOLVED, Status.CLOSED)).order_by("-resolved_at", "-id")
    return tickets.filter(status__in=WORKING_STATUSES).order_by("due_at", "id")


def open_tickets(user) -> QuerySet[Ticket]:
    return visible_tickets(user).filter(status__in=OPEN_STATUSES)


@dataclass
class DepartmentRate:
    department: Department | None   # None: the towns' own triage
    resolved: int
    on_time: int
    open: int
    overdue: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None


def on_time_by_department(user, now) -> list[DepartmentRate]:
    """Per owner (department, or "town triage"): resolved, of them on time, open, overdue now."""
    rows = (visible_tickets(user).exclude(status__in=(*DISPATCH_STATUSES, Status.MERGED))
            .values("department_id")
            .annotate(resolved=Count("id", filter=Q(resolved_on_time__isnull=False)),
                      on_time=Count("id", filter=Q(resolved_on_time=True)),
                      open=Count("id", filter=Q(status__in=WORKING_STATUSES)),
                      overdue=Count("id", filter=overdue_filter(now))))
    rows = list(rows)
    departments = Department.objects.in_bulk([row["department_id"] for row in rows if row["department_id"]])
    rates = [DepartmentRate(department=departments.get(row["department_id"]), resolved=row["resolved"],
                            on_time=row["on_time"], open=row["open"], overdue=row["overdue"]) for row in rows]
    # Worst first: the board is read to see who needs a push.
    return sorted(rates, key=lambda r: (r.rate if r.rate is not None else 2, -r.overdue))


def overdue_filter(now) -> Q:
    """Overdue: still being worked on and its deadline has come (deadlines.is_overdue),
    the one definition every page and rule filters by."""
    return Q(status__in=WORKING_STATUSES, due_at__lte=now)


def overdue(user, now) -> QuerySet[Ticket]:
    return visible_tickets(user).filter(overdue_filter(now)).order_by("due_at", "id")


def chain_needs(member_ids, *, open_only: bool = True) -> QuerySet[Ticket]:
    """Tickets of a chain's members (the chain's needs list, 需求清单); call
    with scopes disabled: members sit in many towns and counties."""
    tickets = Ticket.objects.filter(enterprise_id__in=member_ids).select_related(*RELATED)
    if open_only:
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    return tickets.order_by("-created_at", "-id")
