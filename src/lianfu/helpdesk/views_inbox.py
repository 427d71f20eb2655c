"""The inbox: a department's tickets, or a town's (the ones the town handles
itself marked), nearest deadline first with a countdown; a "done" tab."""
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import query_without_page
from lianfu.helpdesk import queries
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.forms import InboxFilterForm
from lianfu.helpdesk.views import countdown_cell, owner_name, page_rows, require, stamp

SORTS = {
    "deadline": ("due_at", "id"), "-created": ("-created_at", "-id"), "created": ("created_at", "id"),
    "-resolved": ("-resolved_at", "-id"), "resolved": ("resolved_at", "id"),
}


@login_required
def inbox(request):
    require(request.user, "helpdesk.view_inbox")
    done = request.GET.get("tab") == "done"
    form = InboxFilterForm(request.GET, done=done)
    now = timezone.now()
    tickets = filtered(queries.inbox(request.user, done=done), now, **form.values())
    if request.GET.get("export") == "xlsx":
        return (_export_done if done else _export_open)(tickets, now)
    return render(request, "helpdesk/inbox.html", {
        "form": form, "done": done, "page": page_rows(request, tickets, now), "query": query_without_page(request)})


def filtered(tickets, now, *, sort: str, q: str = "", status: str = "", category: str = "", overdue: bool = False,
             tab: str = ""):
    if q:
        tickets = tickets.filter(Q(enterprise__name__contains=q) | Q(enterprise__uscc=q) | Q(text__contains=q))
    if status:
        tickets = tickets.filter(status=status)
    if category:
        tickets = tickets.filter(category=category)
    if overdue:
        tickets = tickets.filter(due_at__lte=now)
    return tickets.order_by(*SORTS[sort])


def _export_open(tickets, now):
    headers = [_("Ticket"), _("Enterprise"), _("Problem"), _("Category"), _("Owner"), _("Town"), _("Status"),
               _("Deadline"), _("Time left"), _("Submitted at")]
    rows = ([t.pk, t.enterprise.name, t.text, t.get_category_display(), owner_name(t), t.town.name,
             t.get_status_display(), stamp(t.due_at), countdown_cell(t), stamp(t.created_at)]
            for t in with_countdowns(tickets, now))
    return xlsx_response("inbox.xlsx", headers, rows, sheet_name=_("Inbox"))


def _export_done(tickets, now):
    headers = [_("Ticket"), _("Enterprise"), _("Problem"), _("Category"), _("Owner"), _("Town"), _("Status"),
               _("Resolved at"), _("On time"), _("Satisfaction")]
    rows = ([t.pk, t.enterprise.name, t.text, t.get_category_display(), owner_name(t), t.town.name,
             t.get_status_display(), stamp(t.resolved_at), _yes_no(t.resolved_on_time), t.rating or ""]
            for t in tickets)
    return xlsx_response("inbox-done.xlsx", headers, rows, sheet_name=_("Done"))


def _yes_no(value) -> str:
    return "" if value is None else (_("Yes") if value else _("No"))
