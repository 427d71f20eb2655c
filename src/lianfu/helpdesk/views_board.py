"""The county's overdue board: every ticket past its deadline (the escalated
ones marked), and each department's on-time rate as a bar chart with its table."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import query_without_page
from lianfu.helpdesk import queries
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.views import countdown_cell, owner_name, page_rows, require, stamp


@login_required
def overdue_board(request):
    require(request.user, "helpdesk.view_overdue_board")
    now = timezone.now()
    escalated_only = request.GET.get("escalated") == "1"
    overdue = queries.overdue(request.user, now)
    escalated = overdue.filter(escalate_at__lte=now)
    shown = escalated if escalated_only else overdue
    rates = queries.on_time_by_department(request.user, now)
    export = request.GET.get("export")
    if export == "xlsx":
        return _export_overdue(shown, now)
    if export == "rates":
        return _export_rates(rates)
    return render(request, "helpdesk/overdue_board.html", {
        "page": page_rows(request, shown, now), "query": query_without_page(request),
        "escalated_only": escalated_only, "overdue_count": overdue.count(), "escalated_count": escalated.count(),
        "rates": [rate_row(r) for r in rates],
        "chart": [[owner_label(r), rate_pct(r)] for r in rates],
    })


def rate_row(rate) -> dict:
    return {"owner": owner_label(rate), "resolved": rate.resolved, "on_time": rate.on_time, "pct": rate_pct(rate),
            "open": rate.open, "overdue": rate.overdue}


def owner_label(rate) -> str:
    return rate.department.name if rate.department else _("Town triage")


def rate_pct(rate) -> float | None:
    """Per cent with one decimal (2 of 3 → 66.7), None when nothing was resolved yet."""
    return None if rate.rate is None else round(100 * rate.rate, 1)


def _export_overdue(tickets, now):
    headers = [_("Ticket"), _("Enterprise"), _("Category"), _("Owner"), _("Town"), _("Status"), _("Deadline"),
               _("Overdue by")]
    rows = ([t.pk, t.enterprise.name, t.get_category_display(), owner_name(t), t.town.name, t.get_status_display(),
             stamp(t.due_at), countdown_cell(t)] for t in with_countdowns(tickets, now))
    return xlsx_response("overdue.xlsx", headers, rows, sheet_name=_("Overdue"))


def _export_rates(rates):
    headers = [_("Owner"), _("Resolved"), _("On time"), _("On-time rate (%)"), pgettext("tickets", "Open"),
               _("Overdue now")]
    rows = ([row["owner"], row["resolved"], row["on_time"], "" if row["pct"] is None else row["pct"], row["open"],
             row["overdue"]] for row in map(rate_row, rates))
    return xlsx_response("on-time-by-department.xlsx", headers, rows, sheet_name=_("On-time rate"))
