"""What every helpdesk page shares: finding a ticket the user may read (one
they may not is simply not found, 404), the row facts lists show, and the
Excel cells for them.

The pages: views_report.py (report a problem), views_dispatch.py (the
dispatcher's queue), views_inbox.py (department and town inboxes),
views_ticket.py (one ticket and its timeline), views_board.py (the county's
overdue board), views_needs.py (a chain's needs list)."""
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.pagination import page_of
from lianfu.common.workflow import require  # noqa: F401  (the pages import it from here)
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.queries import visible_tickets

PAGE_SIZE = 50


def ticket_for(user, pk: int) -> Ticket:
    ticket = get_object_or_404(visible_tickets(user), pk=pk)
    require(user, "helpdesk.view_ticket", ticket)
    return ticket


def stamp(moment) -> str:
    """2020-03-06 17:30 in the project's zone, or "" (Excel cells and messages)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def owner_name(ticket: Ticket) -> str:
    return ticket.department.name if ticket.department_id else _("Town triage")


def page_rows(request, tickets, now, size: int = PAGE_SIZE):
    """A page of tickets, each with its countdown."""
    page = page_of(request, tickets, size)
    page.object_list = with_countdowns(page.object_list, now)
    return page


def countdown_cell(ticket) -> str:
    marks = [ticket.countdown.text] if ticket.countdown else []
    if getattr(ticket, "escalated", False):
        marks.append(_("Escalated"))
    return " · ".join(marks)
