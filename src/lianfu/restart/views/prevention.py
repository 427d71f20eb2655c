"""同步防控: the firm's self-check, the town's inspection, and the list of
inspections due (firms approved but not yet inspected and passed)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.common.workflow import require
from lianfu.restart import domain, queries
from lianfu.restart.checklists import checklist
from lianfu.restart.enums import CheckKind
from lianfu.restart.errors import WorkflowError
from lianfu.restart.forms import InspectionForm, ListFilterForm, SelfCheckForm
from lianfu.restart.stages import latest_filing
from lianfu.restart.views._base import enterprise_context, enterprise_for, refused


def _done(check) -> list[str]:
    return [code for code, ok in (check.results if check else {}).items() if ok]


def _checks_context(enterprise, items) -> dict:
    texts = {item.code: item.text for item in items}
    self_check = queries.latest_check(enterprise.pk, CheckKind.SELF)
    inspection = queries.latest_check(enterprise.pk, CheckKind.INSPECTION)
    return {**enterprise_context(enterprise), "self_check": self_check, "inspection": inspection,
            "items": items, "texts": texts,
            "self_done": _done(self_check), "inspection_done": _done(inspection)}


@login_required
def self_check(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.self_check")
    items = checklist(enterprise)
    context = _checks_context(enterprise, items)
    if request.method == "POST":
        form = SelfCheckForm(request.POST, items=items)
        if form.is_valid():
            domain.self_check(actor=request.user, enterprise=enterprise, results=form.results())
            messages.success(request, _("Self-check saved. The town inspects once your filing is approved."))
            return redirect("restart:checklist", uscc=enterprise.uscc)
    else:
        form = SelfCheckForm(items=items, initial={"done": context["self_done"]})
    return render(request, "restart/checklist.html", {**context, "form": form})


@login_required
def inspect(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.inspect")
    items = checklist(enterprise)
    context = {**_checks_context(enterprise, items), "filing": latest_filing(enterprise.pk)}
    if request.method == "POST":
        form = InspectionForm(request.POST, items=items)
        context["form"] = form
        if form.is_valid():
            try:
                domain.inspect(actor=request.user, enterprise=enterprise, results=form.results(),
                               passed=form.passed, remarks=form.cleaned_data["remarks"])
            except WorkflowError as error:
                return refused(request, "restart/inspect.html", context, error)
            messages.success(request, _("Inspection recorded: %(name)s %(verdict)s.") % {
                "name": enterprise.name, "verdict": _("passed") if form.passed else _("did not pass")})
            return redirect("restart:inspections") if request.user.has_perm("restart.view_inspections_due") \
                else redirect("restart:inspect", uscc=enterprise.uscc)
    else:
        # The inspector starts from what the firm declared and corrects it on site.
        context["form"] = InspectionForm(items=items, initial={"done": context["self_done"]})
    return render(request, "restart/inspect.html", context)


def _due_sorts():
    return [("since", _("Waiting longest first")), ("-since", _("Most recent first")), ("name", _("Name")),
            ("town", _("Town"))]


@login_required
def inspections_due(request):
    require(request.user, "restart.view_inspections_due")
    form = ListFilterForm(request.GET, user=request.user, sorts=_due_sorts())
    town, q, sort = form.values()
    qs = queries.inspections_due(town=town, q=q, sort=sort)
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    return render(request, "restart/inspections_due.html", {
        "form": form, "page": page_of(request, qs), "query": query_without_page(request)})


def _export(qs):
    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    headers = [_("Enterprise"), _("Credit code"), _("Town"), _("Approved since"), _("Last self-check")]
    rows = ([e.name, e.uscc, e.division.name if e.division else "", when(e.stage_record.since),
             when(e.last_self_check)] for e in qs.iterator(chunk_size=2000))
    return xlsx_response("inspections-due.xlsx", headers, rows, sheet_name=_("Inspections due"))
