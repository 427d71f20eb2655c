"""Workforce pages: worker list (masked, filtered, exported), a worker's page
with the logged reveal and the officer's decisions, and the worker import."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.errors import Conflict
from lianfu.common.exports import xlsx_response
from lianfu.common.importing.web import ImportKind, job_page, own_job, recent_jobs, rejects_report, store_upload
from lianfu.common.pagination import page_of, query_without_page
from lianfu.workforce import domain, queries
from lianfu.workforce.enums import StateSource, WorkerState
from lianfu.workforce.forms import WorkerFilterForm, WorkerImportForm
from lianfu.workforce.importing.columns import LABELS, vocabulary
from lianfu.workforce.importing.jobs import KIND
from lianfu.workforce.models import Worker
from lianfu.workforce.tasks import import_workers_task, preview_workers_task

IMPORT_KIND = ImportKind(KIND, vocabulary, LABELS, lambda pk: import_workers_task.enqueue(pk))


@login_required
@permission_required("workforce.view_workers", raise_exception=True)
def worker_list(request):
    form = WorkerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.workers(q=filters.get("q", ""), state=filters.get("state", ""),
                         missing=filters.get("missing", False))
    if request.GET.get("export") == "xlsx":
        return xlsx_response("workers.xlsx", export_headers(), (export_row(w) for w in qs.iterator(chunk_size=2000)),
                             sheet_name=_("Workers"))
    return render(request, "workforce/worker_list.html", {
        "form": form, "page": page_of(request, qs), "query": query_without_page(request), "counts": queries.counts(),
    })


def export_headers() -> list[str]:
    return [_("Name"), _("ID number"), _("Phone"), _("Employer"), _("Credit code"), _("Origin"), _("State"),
            _("Since"), _("Missing from the roster since")]


def export_row(w: Worker) -> list:
    """Masked as on the page: an export never carries more than the page shows."""
    return [w.name, w.id_masked, w.phone_masked, w.enterprise.name, w.enterprise.uscc,
            w.origin.name if w.origin else _("unknown origin"), w.get_state_display(), w.state_since,
            w.missing_since or ""]


def _worker(pk: int) -> Worker:
    # Scoped manager: another county's or another firm's worker is a plain 404.
    return get_object_or_404(Worker.objects.select_related("enterprise", "origin__parent__parent"), pk=pk)


@login_required
@permission_required("workforce.view_workers", raise_exception=True)
def worker_detail(request, pk: int):
    worker = _worker(pk)
    return render(request, "workforce/worker_detail.html", {
        "worker": worker, "changes": worker.changes.select_related("enterprise").order_by("-day", "-id"),
        "can_reveal": request.user.has_perm("workforce.reveal_worker"),
        "can_change": request.user.has_perm("workforce.change_worker"),
        "states": [s for s in WorkerState if s != worker.state],
    })


@login_required
@require_POST
def reveal(request, pk: int):
    return render(request, "workforce/_revealed.html", {"revealed": domain.reveal_worker(actor=request.user,
                                                                                        worker=_worker(pk))})


@login_required
@require_POST
def change(request, pk: int):
    worker = _worker(pk)
    try:
        version = int(request.POST.get("version", ""))
        if request.POST.get("action") == "keep":
            domain.keep_on_roster(actor=request.user, worker=worker, version=version)
        else:
            domain.set_state(actor=request.user, worker=worker, version=version,
                             state=WorkerState(request.POST.get("state", "")), source=StateSource.OFFICER)
    except (ValueError, Conflict) as error:
        messages.error(request, getattr(error, "message", _("Choose a state.")))
    else:
        messages.success(request, _("Saved."))
    return redirect("workforce:worker_detail", pk=pk)


@login_required
@permission_required("workforce.import_workers", raise_exception=True)
def import_upload(request):
    form = WorkerImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = store_upload(request.user, form.cleaned_data["file"], kind=KIND,
                           options={"full": form.cleaned_data["full"], "personal_data": True})
        preview_workers_task.enqueue(job.pk)
        return redirect("workforce:import_job", pk=job.pk)
    return render(request, "workforce/import_form.html", {"form": form, "recent": recent_jobs(request.user, KIND)})


@login_required
def import_job(request, pk: int):
    job = own_job(request, pk, KIND)
    return job_page(request, job, kind=IMPORT_KIND, poll_url=reverse("workforce:import_job", args=[job.pk]),
                    report_url=reverse("workforce:import_report", args=[job.pk]),
                    again_url=reverse("workforce:import"), result_url=reverse("workforce:worker_list"),
                    result_label=_("Workers"))


@login_required
def import_report(request, pk: int):
    return rejects_report(own_job(request, pk, KIND))
