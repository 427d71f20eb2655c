"""What the pages say about a deadline: "3 h 20 min left" or "Overdue by
1 d 2 h", and a ticket's age.

Wall-clock time, not working time: the countdown sits next to the deadline it
counts to (2020-03-09 17:30), and the two must agree when a reader checks one
against the other; the working-day rules are already in the deadline itself.
A working-time countdown would also stand still at night and jump on Monday."""
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lianfu.helpdesk.enums import WORKING_STATUSES

MINUTES_PER_DAY = 24 * 60


def span(minutes: int) -> str:
    """Whole minutes in words: "2 d 3 h", "3 h 20 min", "20 min"."""
    days, rest = divmod(max(minutes, 0), MINUTES_PER_DAY)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


@dataclass(frozen=True)
class Countdown:
    overdue: bool
    minutes: int      # whole minutes left, or late when overdue

    @property
    def text(self) -> str:
        if self.overdue:
            return _("Overdue by %(span)s") % {"span": span(self.minutes)}
        return _("%(span)s left") % {"span": span(self.minutes)}

    def __str__(self) -> str:
        return self.text


def countdown(due: dt.datetime | None, now: dt.datetime) -> Countdown | None:
    """None when the ticket has no deadline (waiting for dispatch, or done).
    Overdue from the deadline on, like deadlines.is_overdue."""
    if due is None:
        return None
    if now >= due:
        return Countdown(True, int((now - due).total_seconds() // 60))
    return Countdown(False, int((due - now).total_seconds() // 60))


def age(since: dt.datetime, now: dt.datetime) -> str:
    return span(int((now - since).total_seconds() // 60))


def with_countdowns(tickets, now: dt.datetime) -> list:
    """The tickets, each with ``countdown`` (running ones only) and ``escalated``
    read from the stored instants: pages never wait for the sweep."""
    tickets = list(tickets)
    for ticket in tickets:
        running = ticket.status in WORKING_STATUSES
        ticket.countdown = countdown(ticket.due_at, now) if running else None
        ticket.escalated = running and ticket.escalate_at is not None and now >= ticket.escalate_at
    return tickets
