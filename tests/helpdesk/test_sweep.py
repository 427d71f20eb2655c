"""The sweep: the clock's side effects at their exact instants, once each.

The week of 2 March 2020 has no holiday. A ticket routed Monday 10:00 is due
Monday 17:30 (7.5 working hours) and escalates when three times that has
passed: Wednesday 14:30."""
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from lianfu.common.models import Notification
from lianfu.helpdesk import deadlines, domain
from lianfu.helpdesk.domain.sweep import SweepResult
from lianfu.helpdesk.enums import EventKind, Status
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.tasks import sweep_task
from tests.helpdesk.tickets_fixtures import (  # noqa: F401 (fixtures)
    COPPER,
    at,
    clock,
    departments,
    staff,
)

pytestmark = pytest.mark.django_db
ONE_SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the sweep with its notifications sent, as after a real commit."""
    def run() -> SweepResult:
        with django_capture_on_commit_callbacks(execute=True):
            return domain.sweep()
    return run


@pytest.fixture
def routed(personas, staff, firm_x, clock):
    ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)
    assert (ticket.status, ticket.routed_at, ticket.due_at, ticket.escalate_at) == (
        Status.ROUTED, at(2, 10), at(2, 17, 30), at(4, 14, 30))
    return ticket


def fresh(ticket) -> Ticket:
    with scopes_disabled():
        return Ticket.objects.select_related("enterprise", "town", "department").get(pk=ticket.pk)


def events(ticket, kind) -> list[dt.datetime]:
    with scopes_disabled():
        return list(ticket.events.filter(kind=kind).values_list("at", flat=True))


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_before_the_deadline_the_sweep_does_nothing(routed, clock, commit):
    clock.move_to(at(2, 17, 29, 59))
    assert commit() == SweepResult(0, 0, 0)
    assert events(routed, EventKind.OVERDUE) == [] and fresh(routed).overdue_noted_at is None
    assert told("ticket.overdue") == []


def test_at_the_deadline_one_overdue_event_and_the_department_is_told_once(routed, clock, commit):
    clock.move_to(at(2, 17, 30))
    assert commit() == SweepResult(overdue=1, escalated=0, closed=0)
    assert events(routed, EventKind.OVERDUE) == [at(2, 17, 30)]
    assert fresh(routed).overdue_noted_at == at(2, 17, 30)
    assert told("ticket.overdue") == ["p_dept_economy"]
    clock.move_to(at(2, 17, 35))
    assert commit() == SweepResult(0, 0, 0)  # idempotent: nothing new on the next run
    assert len(events(routed, EventKind.OVERDUE)) == 1 and told("ticket.overdue") == ["p_dept_economy"]


def test_escalation_at_three_times_the_allowed_time_tells_the_county(routed, clock, commit):
    escalate = deadlines.escalation_at(routed.routed_at, routed.due_at)
    assert escalate == at(4, 14, 30)
    clock.move_to(escalate - ONE_SECOND)
    assert commit() == SweepResult(overdue=1, escalated=0, closed=0)
    assert events(routed, EventKind.ESCALATED) == [] and told("ticket.escalated") == []
    clock.move_to(escalate)
    assert commit() == SweepResult(overdue=0, escalated=1, closed=0)
    assert events(routed, EventKind.ESCALATED) == [escalate]
    assert fresh(routed).escalated_at == escalate
    assert told("ticket.escalated") == ["p_county"]
    assert commit() == SweepResult(0, 0, 0)
    assert len(events(routed, EventKind.ESCALATED)) == 1


def test_a_resolved_ticket_closes_when_its_reopen_window_ends_not_before(routed, staff, clock, commit):
    clock.move_to(at(3, 9))
    resolved = domain.resolve_ticket(actor=staff["economy"], ticket=fresh(routed), resolution="已对接铜材供应商")
    until = resolved.reopen_until
    assert until == at(6, 17, 30)  # 17:30 of the third working day after Tuesday
    clock.move_to(until - ONE_SECOND)
    assert commit() == SweepResult(0, 0, 0)
    assert fresh(routed).status == Status.RESOLVED
    clock.move_to(until)
    assert commit() == SweepResult(overdue=0, escalated=0, closed=1)
    ticket = fresh(routed)
    assert (ticket.status, ticket.closed_at) == (Status.CLOSED, until)
    with scopes_disabled():
        closed = ticket.events.get(kind=EventKind.CLOSED)
    assert (closed.at, closed.actor, closed.data) == (until, None, {"reason": "reopen_window_ended"})
    assert commit() == SweepResult(0, 0, 0)


def test_the_command_prints_the_counts(routed, clock):
    clock.move_to(at(4, 14, 30))
    out = StringIO()
    call_command("helpdesk", "sweep", stdout=out)
    assert out.getvalue().strip() == "sweep: 1 overdue noted, 1 escalated, 0 closed"
    out = StringIO()
    call_command("helpdesk", "sweep", stdout=out)
    assert out.getvalue().strip() == "sweep: 0 overdue noted, 0 escalated, 0 closed"


def test_the_task_sweeps_and_returns_the_counts(routed, clock):
    clock.move_to(at(2, 17, 30))
    result = sweep_task.enqueue()
    assert result.return_value == {"overdue": 1, "escalated": 0, "closed": 0}
    assert fresh(routed).overdue_noted_at == at(2, 17, 30)
