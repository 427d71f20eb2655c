"""Uploading a lead firm's supplier list, following its import, and the blank template."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.chains.importing.columns import COLUMNS, EXAMPLES, LABELS, NOTES, vocabulary
from lianfu.chains.importing.jobs import KIND
from lianfu.chains.tasks import import_suppliers_task, preview_suppliers_task
from lianfu.common.exports import xlsx_response
from lianfu.common.importing.web import ImportKind, job_page, own_job, recent_jobs, rejects_report, store_upload
from lianfu.registry.forms import ImportForm
from lianfu.registry.models import Enterprise

IMPORT_KIND = ImportKind(KIND, vocabulary, LABELS, lambda pk: import_suppliers_task.enqueue(pk))


class SupplierListForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Supplier list")


def column_help() -> list[dict]:
    """One line per column for the upload page: the headers the file may use and an example."""
    return [{"label": col.label, "chinese": col.aliases[0], "english": col.field, "required": col.required,
             "example": EXAMPLES[col.field], "note": NOTES.get(col.field, "")} for col in COLUMNS]


@login_required
def supplier_import(request, uscc: str):
    # The scoped manager makes a lead outside the user's reach a plain 404.
    lead = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    if not request.user.has_perm("chains.import_suppliers", lead):
        raise PermissionDenied
    form = SupplierListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = store_upload(request.user, form.cleaned_data["file"], kind=KIND, options={"lead": lead.pk})
        preview_suppliers_task.enqueue(job.pk)
        return redirect("chains:supplier_import_job", pk=job.pk)
    recent = recent_jobs(request.user, KIND, options__lead=lead.pk)
    return render(request, "chains/supplier_import.html",
                  {"lead": lead, "form": form, "columns": column_help(), "recent": recent})


@login_required
def supplier_import_job(request, pk: int):
    job = own_job(request, pk, KIND)
    # Scoped: if the lead has left the user's reach, the page offers no way back to it.
    lead_code = Enterprise.objects.filter(pk=job.options.get("lead")).values_list("uscc", flat=True).first()
    return job_page(request, job, kind=IMPORT_KIND, poll_url=reverse("chains:supplier_import_job", args=[job.pk]),
                    report_url=reverse("chains:supplier_import_report", args=[job.pk]),
                    again_url=reverse("chains:supplier_import", args=[lead_code]) if lead_code else reverse("home"),
                    result_url=reverse("chains:chain_detail", args=[lead_code]) if lead_code else "",
                    result_label=_("Open the supplier tree"))


@login_required
def supplier_import_report(request, pk: int):
    return rejects_report(own_job(request, pk, KIND))


@login_required
def supplier_template(request):
    """Headers only: an example row left in by mistake would be imported."""
    return xlsx_response("supplier-list-template.xlsx", [col.aliases[0] for col in COLUMNS], [],
                         sheet_name=_("Suppliers"))
