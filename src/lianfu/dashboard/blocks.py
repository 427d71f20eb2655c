"""What the overview and the daily report list beside the figures, for any day
(docs/metrics.md): the chains not yet complete with their blocking suppliers,
and the tickets past their deadline with who holds them. A past day reads as
it was: restarts by their confirmation date, tickets by their dates."""
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.chains.queries import Blocking, blocking_suppliers
from lianfu.dashboard.metrics import chain_progress, end_of, share
from lianfu.helpdesk.enums import WORKING_STATUSES, Status
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department, Enterprise


def as_of(day: date) -> datetime:
    """The moment a day's lists are read at: its end, or now for today."""
    return min(end_of(day), timezone.now())


@dataclass
class ChainBehind:
    lead_uscc: str
    lead_name: str
    town: str
    suppliers: int
    restarted: int
    blocking: Blocking

    @property
    def completion(self) -> float:
        return share(self.restarted, self.suppliers) if self.suppliers else 100.0


def chains_behind(prefix: str, day: date, limit: int | None = None, shown: int = 3) -> list[ChainBehind]:
    """The division's chains with a supplier not restarted on ``day``, the least
    complete first (then the most suppliers waiting), each with its blocking
    suppliers, nearest tier first. Completion is the chain completion figure's."""
    with scopes_disabled():
        chains, members, restarted = chain_progress(prefix, day)
        behind = {pk: lead for pk, lead in chains.items() if any(s not in restarted for s in members.get(pk, []))}
        leads = {pk: (uscc, name, town or "") for pk, uscc, name, town in Enterprise.objects
                 .filter(pk__in=set(behind.values())).values_list("pk", "uscc", "name", "division__name")}
        rows = []
        for pk, lead in behind.items():
            listed = members[pk]
            rows.append((pk, ChainBehind(*leads[lead], len(listed), sum(s in restarted for s in listed), Blocking())))
        rows.sort(key=lambda r: (r[1].completion, r[1].restarted - r[1].suppliers, r[1].lead_name))
        rows = rows[:limit] if limit is not None else rows
        blocking = blocking_suppliers([pk for pk, _row in rows], restarted, shown)
    for pk, row in rows:
        row.blocking = blocking[pk]
    return [row for _pk, row in rows]


def overdue_at(prefix: str, moment: datetime) -> QuerySet[Ticket]:
    """The division's tickets past their deadline at ``moment``: submitted by
    then, deadline passed, and still being worked on or resolved only later.
    Now, that is the helpdesk's overdue board (helpdesk.queries.overdue)."""
    with scopes_disabled():
        return (Ticket.objects.filter(town__code__startswith=prefix, due_at__lte=moment, created_at__lte=moment)
                .exclude(status=Status.MERGED)
                .filter(Q(status__in=WORKING_STATUSES) | Q(resolved_at__gt=moment))
                .order_by("due_at", "id"))


@dataclass
class OwnerOverdue:
    owner: str
    overdue: int


def overdue_by_owner(prefix: str, moment: datetime) -> list[OwnerOverdue]:
    """How many tickets each owner (a department, or the towns' own triage) had
    past deadline at ``moment``, the most first."""
    with scopes_disabled():
        counts = list(overdue_at(prefix, moment).order_by().values("department_id").annotate(n=Count("id")))
        departments = Department.objects.in_bulk([c["department_id"] for c in counts if c["department_id"]])
    rows = [OwnerOverdue(departments[c["department_id"]].name if c["department_id"] else _("Town triage"), c["n"])
            for c in counts]
    return sorted(rows, key=lambda r: (-r.overdue, r.owner))
