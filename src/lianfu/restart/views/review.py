"""The officers' review queue: filings waiting in their jurisdiction, grouped
by package, approved or returned one by one inline (htmx swaps the row)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.common.workflow import require
from lianfu.restart import queries
from lianfu.restart.forms import ListFilterForm
from lianfu.restart.models import Filing
from lianfu.restart.views import filing_actions
from lianfu.restart.views.filing import DONE_MESSAGES

GROUPS_PER_PAGE = 20


def _sorts():
    return [("waiting", _("Waiting longest first")), ("-waiting", _("Most recent first"))]


@login_required
def review_queue(request):
    return _queue(request)


def _queue(request, *, status: int = 200, refusal: str = ""):
    require(request.user, "restart.view_review_queue")
    form = ListFilterForm(request.GET, user=request.user, sorts=_sorts())
    town, q, sort = form.values()
    groups = queries.review_groups(queries.waiting_filings(town=town, q=q), sort)
    if request.GET.get("export") == "xlsx":
        return _export(groups)
    return render(request, "restart/review_queue.html", {
        "form": form, "page": page_of(request, groups, GROUPS_PER_PAGE), "query": query_without_page(request),
        "total": sum(len(g.filings) for g in groups), "refusal": refusal,
    }, status=status)


@login_required
@require_POST
def review_row(request, pk: int):
    """Approve or return one filing from the queue. With htmx the answer is the
    row itself (409/422 too: the row says why); without, the queue again."""
    filing = get_object_or_404(Filing.objects.select_related("enterprise", "enterprise__division"), pk=pk)
    outcome = filing_actions.perform(request.user, filing, request.POST)
    status = outcome.error.status if outcome.error else 200
    if request.htmx:
        current = get_object_or_404(Filing.objects.select_related("enterprise", "enterprise__division"), pk=pk)
        forms = {} if outcome.done else {outcome.action: outcome.form}
        return render(request, "restart/_review_row.html", {
            "filing": current, "forms": forms, "done": DONE_MESSAGES[outcome.action] if outcome.done else "",
            "refusal": outcome.error.message if outcome.error else ""}, status=status)
    if outcome.done:
        messages.success(request, f"{filing.enterprise.name}: {DONE_MESSAGES[outcome.action]}")
        return redirect("restart:review")
    return _queue(request, status=status, refusal=f"{filing.enterprise.name}: {outcome.refusal}")


def _export(groups):
    now = timezone.now()
    headers = [_("Package"), _("Enterprise"), _("Credit code"), _("Town"), _("Submitted at"), _("Waiting (hours)"),
               _("Headcount at restart"), _("Commitments")]
    rows = ([g.package.lead.name if g.package else _("Filed alone"), f.enterprise.name, f.enterprise.uscc,
             f.enterprise.division.name if f.enterprise.division else "",
             timezone.localtime(f.submitted_at).strftime("%Y-%m-%d %H:%M"),
             round((now - f.submitted_at).total_seconds() / 3600, 1), f.headcount_planned, len(f.commitments)]
            for g in groups for f in g.filings)
    return xlsx_response("review-queue.xlsx", headers, rows, sheet_name=_("Review queue"))
