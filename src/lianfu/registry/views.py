"""Enterprise pages: list (filter, sort, page, export), detail, contact reveal, import."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.importing.web import ImportKind, job_page, own_job, recent_jobs, rejects_report, store_upload
from lianfu.common.masking import mask_phone
from lianfu.common.pagination import page_of, query_without_page
from lianfu.registry import domain, queries
from lianfu.registry.forms import EnterpriseEditForm, EnterpriseFilterForm, ImportForm
from lianfu.registry.importing import jobs
from lianfu.registry.importing.parsing import LABELS, vocabulary
from lianfu.registry.models import Enterprise
from lianfu.registry.tasks import import_enterprises_task, preview_enterprises_task

IMPORT_KIND = ImportKind(jobs.KIND, vocabulary, LABELS, lambda pk: import_enterprises_task.enqueue(pk))


@login_required
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    flt = form.to_filter()
    qs = queries.enterprises(flt)
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    template = "registry/_enterprise_table.html" if request.htmx else "registry/enterprise_list.html"
    return render(request, template, {"form": form, "page": page_of(request, qs), "query": query_without_page(request)})


def export_headers() -> list[str]:
    return [_("Credit code"), _("Name"), _("Short name"), _("Town"), _("Industry code"), _("Industry"),
            _("Above-scale"), _("Employees"), _("Contact person"), _("Contact phone"), _("Address")]


def export_row(e: Enterprise) -> list:
    return [e.uscc, e.name, e.short_name, e.division.name if e.division else "",
            e.industry_id or "", e.industry.name if e.industry else "",
            _("Yes") if e.above_scale else _("No"), e.employees, e.contact_name,
            mask_phone(e.contact_phone), e.address]


def _export(qs):
    return xlsx_response("enterprises.xlsx", export_headers(),
                         (export_row(e) for e in qs.iterator(chunk_size=2000)), sheet_name=_("Enterprises"))


def _get_enterprise(uscc: str) -> Enterprise:
    # The scoped manager makes a firm outside the user's reach a plain 404.
    return get_object_or_404(Enterprise.objects.select_related("division", "industry"), uscc=uscc)


@login_required
def enterprise_detail(request, uscc: str):
    enterprise = _get_enterprise(uscc)
    return render(request, "registry/enterprise_detail.html", {
        "enterprise": enterprise,
        "masked_phone": mask_phone(enterprise.contact_phone),
        "can_reveal": request.user.has_perm("registry.reveal_contact", enterprise),
        "can_edit": request.user.has_perm("registry.change_enterprise", enterprise),
    })


@login_required
def enterprise_edit(request, uscc: str):
    enterprise = _get_enterprise(uscc)
    if not request.user.has_perm("registry.change_enterprise", enterprise):
        raise PermissionDenied
    # The form validates a copy; the domain function changes the record itself.
    form = EnterpriseEditForm(request.POST or None, instance=_get_enterprise(uscc), user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = domain.update_enterprise(actor=request.user, enterprise=enterprise, **form.changes(enterprise))
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect("registry:enterprise_detail", uscc=uscc)
    return render(request, "registry/enterprise_edit.html", {"enterprise": enterprise, "form": form})


@login_required
@require_POST
def reveal_contact(request, uscc: str):
    phone = domain.reveal_contact_phone(actor=request.user, enterprise=_get_enterprise(uscc))
    return render(request, "registry/_phone.html", {"phone": phone})


@login_required
@permission_required("registry.import_enterprises", raise_exception=True)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = store_upload(request.user, form.cleaned_data["file"], kind=jobs.KIND)
        preview_enterprises_task.enqueue(job.pk)
        return redirect("registry:import_job", pk=job.pk)
    recent = recent_jobs(request.user, jobs.KIND)
    return render(request, "registry/import_form.html", {"form": form, "recent": recent})


@login_required
def import_job(request, pk: int):
    job = own_job(request, pk, jobs.KIND)
    return job_page(request, job, kind=IMPORT_KIND, poll_url=reverse("registry:import_job", args=[job.pk]),
                    report_url=reverse("registry:import_report", args=[job.pk]), again_url=reverse("registry:import"))


@login_required
def import_report(request, pk: int):
    return rejects_report(own_job(request, pk, jobs.KIND))
