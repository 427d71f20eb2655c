"""The county's list of origin risk levels (labour officers of the county,
administrators for the home county): current and past entries, add, edit, end,
export, and the import of a notice's list (with the mapping step)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.importing.web import ImportKind, job_page, own_job, recent_jobs, rejects_report, store_upload
from lianfu.workforce import areas, risk_changes
from lianfu.workforce.forms_origins import EndRiskForm, RiskForm, RiskImportForm
from lianfu.workforce.importing.risk_columns import LABELS, vocabulary
from lianfu.workforce.importing.risk_jobs import KIND
from lianfu.workforce.models import OriginRisk
from lianfu.workforce.risk import in_force, keeping_county
from lianfu.workforce.risk_tasks import import_risks_task, preview_risks_task

IMPORT_KIND = ImportKind(KIND, vocabulary, LABELS, lambda pk: import_risks_task.enqueue(pk))


def _county(request):
    if not request.user.has_perm("workforce.manage_risk"):
        raise PermissionDenied
    county = keeping_county(request.user)
    if county is None:
        raise PermissionDenied
    return county


def _entries(county):
    return OriginRisk.objects.filter(county=county).select_related("division", "created_by")


def _entry(request, pk: int) -> OriginRisk:
    # Another county's entry is simply not found (the manager is scoped, and the county named).
    return get_object_or_404(_entries(_county(request)), pk=pk)


def _apply_errors(form, error: ValidationError) -> None:
    """The domain's refusals next to the fields they are about."""
    for field, problems in error.message_dict.items():
        name = "area" if field == "division" else field
        form.add_error(name if name in form.fields else None, problems)


@login_required
def risk_levels(request):
    county = _county(request)
    today = timezone.localdate()
    entries = _entries(county).order_by("-effective_from", "division_id", "-id")
    if request.GET.get("export") == "xlsx":
        return _export(entries, today)
    form = RiskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = risk_changes.add_risk(actor=request.user, county=county, **form.entry_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added: %(area)s, %(level)s from %(day)s.") % {
                "area": areas.path_name(entry.division), "level": entry.get_level_display(),
                "day": entry.effective_from.isoformat()})
            return redirect("workforce:risk_levels")
    current = list(entries.filter(in_force(today)))
    current_ids = {e.pk for e in current}
    return render(request, "workforce/risk_levels.html", {
        "county": county, "form": form, "today": today, "current": _named(current),
        "others": _named(e for e in entries if e.pk not in current_ids),
        "recent": recent_jobs(request.user, KIND),
    }, status=400 if form.errors else 200)


def _named(entries) -> list[OriginRisk]:
    out = list(entries)
    for entry in out:
        entry.area = areas.path_name(entry.division)
    return out


@login_required
def risk_edit(request, pk: int):
    entry = _entry(request, pk)
    form = RiskForm(request.POST or None, entry=entry)
    end_form = EndRiskForm(initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            changed = risk_changes.change_risk(actor=request.user, entry=entry, **form.entry_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("workforce:risk_levels")
    return render(request, "workforce/risk_edit.html", {
        "entry": entry, "area": areas.path_name(entry.division), "form": form, "end_form": end_form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def risk_end(request, pk: int):
    entry = _entry(request, pk)
    form = EndRiskForm(request.POST)
    if form.is_valid():
        try:
            risk_changes.end_risk(actor=request.user, entry=entry, day=form.cleaned_data["day"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(area)s: in force until %(day)s.") % {
                "area": areas.path_name(entry.division), "day": entry.effective_to.isoformat()})
    else:
        messages.error(request, _("Give the last day in force."))
    return redirect("workforce:risk_levels")


def _export(entries, today):
    headers = [_("Area"), _("Division code"), _("Risk level"), _("Effective from"), _("Effective until"),
               _("In force today"), _("Source"), _("Added by")]
    current = set(entries.filter(in_force(today)).values_list("pk", flat=True))
    rows = ([areas.path_name(e.division), e.division_id, e.get_level_display(), e.effective_from,
             e.effective_to or "", _("Yes") if e.pk in current else _("No"), e.source,
             e.created_by.display_name if e.created_by else ""] for e in entries)
    return xlsx_response("risk-levels.xlsx", headers, rows, sheet_name=_("Risk levels"))


@login_required
def risk_import(request):
    _county(request)
    form = RiskImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = store_upload(request.user, form.cleaned_data["file"], kind=KIND)
        preview_risks_task.enqueue(job.pk)
        return redirect("workforce:risk_import_job", pk=job.pk)
    return render(request, "workforce/risk_import.html", {"form": form, "recent": recent_jobs(request.user, KIND)})


@login_required
def risk_import_job(request, pk: int):
    _county(request)
    job = own_job(request, pk, KIND)
    return job_page(request, job, kind=IMPORT_KIND, poll_url=reverse("workforce:risk_import_job", args=[job.pk]),
                    report_url=reverse("workforce:risk_import_report", args=[job.pk]),
                    again_url=reverse("workforce:risk_import"), result_url=reverse("workforce:risk_levels"),
                    result_label=_("Risk levels"))


@login_required
def risk_import_report(request, pk: int):
    _county(request)
    return rejects_report(own_job(request, pk, KIND))
