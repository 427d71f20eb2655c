"""Importing a project list on the web: upload, the mapping step, the job's
page and its rejects report (the shared pages of common/importing/web.py)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lianfu.common.importing.web import ImportKind, job_page, own_job, recent_jobs, rejects_report, store_upload
from lianfu.common.workflow import require
from lianfu.projects.forms import ProjectImportForm
from lianfu.projects.importing.columns import LABELS, vocabulary
from lianfu.projects.importing.jobs import KIND
from lianfu.projects.tasks import import_projects_task, preview_projects_task

IMPORT_KIND = ImportKind(KIND, vocabulary, LABELS, lambda pk: import_projects_task.enqueue(pk))


@login_required
def import_upload(request):
    require(request.user, "projects.manage_projects")
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = store_upload(request.user, form.cleaned_data["file"], kind=KIND)
        preview_projects_task.enqueue(job.pk)
        return redirect("projects:import_job", pk=job.pk)
    return render(request, "projects/import.html", {"form": form, "recent": recent_jobs(request.user, KIND)})


@login_required
def import_job(request, pk: int):
    require(request.user, "projects.manage_projects")
    job = own_job(request, pk, KIND)
    return job_page(request, job, kind=IMPORT_KIND, poll_url=reverse("projects:import_job", args=[job.pk]),
                    report_url=reverse("projects:import_report", args=[job.pk]),
                    again_url=reverse("projects:import"), result_url=reverse("projects:list"),
                    result_label=_("Major projects"))


@login_required
def import_report(request, pk: int):
    require(request.user, "projects.manage_projects")
    return rejects_report(own_job(request, pk, KIND))
