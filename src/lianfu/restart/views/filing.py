"""同步备案: the lead firm's chain package (or a lone firm's own filing) and
the filing page where members confirm, returned firms resubmit and officers review."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from lianfu.chains import queries as chain_queries
from lianfu.common.scoping import reach_checker
from lianfu.common.workflow import require
from lianfu.restart import domain, queries
from lianfu.restart.checklists import checklist
from lianfu.restart.enums import FilingStatus
from lianfu.restart.errors import WorkflowError
from lianfu.restart.forms import CommitmentsForm, PackageForm
from lianfu.restart.models import Filing
from lianfu.restart.stages import latest_filing
from lianfu.restart.views import filing_actions
from lianfu.restart.views._base import enterprise_context, enterprise_for, refused


@login_required
def package(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.file")
    chain = queries.lead_chain(enterprise)
    if chain is None:
        return _file_alone(request, enterprise)
    current = latest_filing(enterprise.pk)
    # The lead files itself too unless a filing of its own is already in progress
    # (submit_package then leaves it alone, so the page does not ask for it).
    files_itself = current is None or current.status == FilingStatus.RETURNED
    inside = sorted(chain_queries.members(chain, in_county=True), key=lambda m: (m.tier, m.town, m.name))
    filed = queries.active_filings_of_members(chain)
    open_ids = [m.enterprise_id for m in inside if m.enterprise_id not in filed]
    form = _package_form(request, enterprise, open_ids, files_itself)
    context = {**enterprise_context(enterprise), "chain": chain, "form": form, "current": current,
               "files_itself": files_itself,
               "inside": [(m, FilingStatus(filed[m.enterprise_id]).label if m.enterprise_id in filed else None)
                          for m in inside],
               "outside": chain_queries.members(chain, in_county=False),
               "checked": _checked(request, open_ids)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed_package = domain.submit_package(
                actor=request.user, lead=enterprise, member_ids=data["members"],
                headcount_planned=data.get("headcount_planned"), commitments=data.get("commitments", ()))
        except WorkflowError as error:
            return refused(request, "restart/package.html", context, error)
        with scopes_disabled():   # the package spans the chain's towns
            count = filed_package.filings.count()
            own = filed_package.filings.filter(enterprise=enterprise).first()
        messages.success(request, _("Package filed: %(n)d filings, each reviewed on its own.") % {"n": count})
        return redirect("restart:filing", pk=own.pk) if own else redirect("restart:package", uscc=enterprise.uscc)
    return render(request, "restart/package.html", context)


def _package_form(request, enterprise, open_ids, files_itself) -> PackageForm:
    data = request.POST if request.method == "POST" else None
    form = PackageForm(data, items=checklist(enterprise), member_ids=open_ids, initial={"members": open_ids})
    if not files_itself:
        del form.fields["headcount_planned"], form.fields["commitments"]
    return form


def _checked(request, open_ids) -> set[int]:
    """Every open supplier at first; after a refused submit, what the user had checked."""
    if request.method != "POST":
        return set(open_ids)
    return {int(v) for v in request.POST.getlist("members") if v.isdigit()}


def _file_alone(request, enterprise):
    current = latest_filing(enterprise.pk)
    leads = queries.supplied_leads(enterprise)
    form = None
    if not leads and current is None:
        form = CommitmentsForm(request.POST if request.method == "POST" else None, items=checklist(enterprise))
    context = {**enterprise_context(enterprise), "form": form, "current": current, "leads": leads}
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            filing = domain.file_alone(actor=request.user, enterprise=enterprise, **form.filing_fields())
        except WorkflowError as error:
            return refused(request, "restart/file_alone.html", context, error)
        messages.success(request, _("Filed: the town or county will review it."))
        return redirect("restart:filing", pk=filing.pk)
    return render(request, "restart/file_alone.html", context)


def _get_filing(pk: int) -> Filing:
    # Scoped: a filing of a firm outside the user's reach is a 404.
    return get_object_or_404(Filing.objects.select_related(
        "enterprise", "enterprise__division", "package", "package__lead", "reviewed_by"), pk=pk)


@login_required
def filing(request, pk: int):
    record = _get_filing(pk)
    require(request.user, "restart.view_progress", record.enterprise)
    if request.method != "POST":
        return render(request, "restart/filing.html", filing_context(request.user, record))
    outcome = filing_actions.perform(request.user, record, request.POST)
    if outcome.done:
        messages.success(request, DONE_MESSAGES[outcome.action])
        return redirect("restart:filing", pk=record.pk)
    record = _get_filing(pk)
    context = filing_context(request.user, record, {outcome.action: outcome.form})
    if outcome.error is not None:
        return refused(request, "restart/filing.html", context, outcome.error)
    return render(request, "restart/filing.html", context)


DONE_MESSAGES = {
    "confirm": gettext_lazy("Filing confirmed and sent for review."),
    "resubmit": gettext_lazy("Filing resubmitted for review."),
    "approve": gettext_lazy("Filing approved."),
    "return": gettext_lazy("Filing returned with your reason."),
}


def filing_context(user, record: Filing, bound: dict | None = None) -> dict:
    items = {item.code: item.text for item in checklist(record.enterprise)}
    context = {**enterprise_context(record.enterprise), "filing": record,
               "commitments": [items.get(code, code) for code in record.commitments],
               "forms": {**filing_actions.offered(user, record), **(bound or {})}}
    package = record.package
    # A supplier must not learn who else supplies its lead: members are for the lead and officers.
    if package is not None and (user.enterprise_id is None or user.enterprise_id == package.lead_id):
        reaches = reach_checker(user)
        context["members"] = [(f, reaches(f.enterprise)) for f in queries.package_members(record)]
    return context
