"""同步摸底: the survey form (phone first) with the firm's survey history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.restart import domain
from lianfu.restart.enums import Blocker
from lianfu.restart.forms import SurveyForm
from lianfu.restart.models import Survey
from lianfu.restart.views._base import enterprise_context, enterprise_for

HISTORY_PAGE = 20


@login_required
def survey(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.record_survey")
    history = Survey.objects.filter(enterprise=enterprise).select_related("submitted_by")
    if request.GET.get("export") == "xlsx":
        return _export(enterprise, history)
    latest = history.first()
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            domain.record_survey(actor=request.user, enterprise=enterprise, **form.survey_fields())
            messages.success(request, _("Survey saved."))
            return redirect("restart:survey", uscc=enterprise.uscc)
    else:
        # A new survey starts from the last one: usually only a few numbers change.
        form = SurveyForm(instance=latest) if latest else SurveyForm()
    return render(request, "restart/survey.html", {
        **enterprise_context(enterprise), "form": form, "latest": latest,
        "page": page_of(request, history, HISTORY_PAGE), "query": query_without_page(request),
    })


def _export(enterprise, history):
    labels = dict(Blocker.choices)
    headers = [_("Survey date"), _("Capacity (%)"), _("Headcount"), _("On duty"), _("Still away"),
               _("Stock (days)"), _("Blockers"), _("Planned restart"), _("Needs"), _("Filled in by")]
    rows = ([s.surveyed_on.isoformat(), s.capacity_pct, s.headcount_total, s.headcount_on_duty, s.headcount_away,
             s.stock_days, "、".join(str(labels.get(b, b)) for b in s.blockers),
             s.planned_restart.isoformat() if s.planned_restart else "", s.needs,
             s.submitted_by.display_name if s.submitted_by else ""] for s in history)
    return xlsx_response(f"surveys-{enterprise.uscc}.xlsx", headers, rows, sheet_name=_("Surveys"))
