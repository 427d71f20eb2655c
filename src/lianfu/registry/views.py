"""Enterprise pages: list (filter, sort, page, export), detail, contact reveal, import."""
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.masking import mask_phone
from lianfu.common.models import ImportJob
from lianfu.registry import domain, queries
from lianfu.registry.forms import EnterpriseEditForm, EnterpriseFilterForm, ImportForm
from lianfu.registry.importing import jobs
from lianfu.registry.models import Enterprise
from lianfu.registry.tasks import import_enterprises_task

PAGE_SIZE = 50


@login_required
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET or None, user=request.user)
    flt = form.to_filter()
    qs = queries.enterprises(flt)
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "registry/_enterprise_table.html" if request.htmx else "registry/enterprise_list.html"
    return render(request, template, {"form": form, "page": page, "query": _query_without_page(request)})


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


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
        job = _store_upload(request.user, form.cleaned_data["file"])
        import_enterprises_task.enqueue(job.pk)
        return redirect("registry:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(kind=jobs.KIND, created_by=request.user)[:10]
    return render(request, "registry/import_form.html", {"form": form, "recent": recent})


def _store_upload(user, upload) -> ImportJob:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # Never trust the client's file name on disk: a fresh name, the original kept as data.
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportJob.objects.create(kind=jobs.KIND, created_by=user, original_name=upload.name[:255],
                                    stored_path=str(path))


def _own_job(request, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, kind=jobs.KIND, created_by=request.user)


@login_required
def import_job(request, pk: int):
    job = _own_job(request, pk)
    template = "registry/_import_progress.html" if request.htmx else "registry/import_job.html"
    return render(request, template, {"job": job})


@login_required
def import_report(request, pk: int):
    job = _own_job(request, pk)
    if not job.report_path or not Path(job.report_path).is_file():
        raise Http404
    return FileResponse(open(job.report_path, "rb"), as_attachment=True, filename=f"rejects-{job.pk}.xlsx")
