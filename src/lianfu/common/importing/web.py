"""The web side of every import: storing the upload as a job, the mapping
step, and the job's page and rejects report, visible to the uploader only."""
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from lianfu.common.enums import ImportStatus, JobStatus
from lianfu.common.importing.columns import Vocabulary
from lianfu.common.importing.describe import describe
from lianfu.common.importing.mapping import confirm_mapping, mapping_rows, validate_choices
from lianfu.common.importing.stale import fail_if_stale, fail_stale_jobs
from lianfu.common.models import ImportJob


def store_upload(user, upload, *, kind: str, options: dict | None = None) -> ImportJob:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # Never trust the client's file name on disk: a fresh name, the original kept as data.
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportJob.objects.create(kind=kind, created_by=user, original_name=upload.name[:255],
                                    stored_path=str(path), options=options or {})


def recent_jobs(user, kind: str, **filters):
    """The user's last ten jobs of this kind; jobs whose worker died say so."""
    fail_stale_jobs()
    return ImportJob.objects.filter(kind=kind, created_by=user, **filters)[:10]


def own_job(request, pk: int, kind: str) -> ImportJob:
    """Another user's job is a plain 404: its file may name firms outside their reach."""
    return get_object_or_404(ImportJob, pk=pk, kind=kind, created_by=request.user)


@dataclass(frozen=True)
class ImportKind:
    """What the shared pages need to know of one kind of import."""
    kind: str
    vocabulary: Callable[[], Vocabulary]
    labels: dict
    enqueue_import: Callable[[int], object]     # a task's enqueue, given the job's pk


def job_page(request, job: ImportJob, *, kind: ImportKind, poll_url: str, report_url: str, again_url: str,
             result_url: str = "", result_label: str = ""):
    """The job's page, or (htmx polling) just its progress block: the mapping
    step while the job waits for it (a POST confirms it), the progress while it
    runs, then what happened to every row and column. ``result_url`` is where
    the imported data can be seen once the job is done. A job whose worker died
    is failed here, so its page stops polling and says so."""
    fail_if_stale(job)
    errors: list[str] = []
    posted = None
    if request.method == "POST" and job.status == ImportStatus.MAPPING:
        posted = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
        rows = mapping_rows(job, posted)
        errors = validate_choices(rows, kind.vocabulary())
        if not errors:
            if confirm_mapping(job, rows, actor=request.user):
                kind.enqueue_import(job.pk)
            return redirect(poll_url)
    template = "common/_import_progress.html" if request.htmx else "common/import_job.html"
    return render(request, template, {
        "job": job, "poll_url": poll_url, "report_url": report_url, "again_url": again_url,
        "result_url": result_url, "result_label": result_label, "mapping_errors": errors,
        "mapping": mapping_rows(job, posted) if job.status == ImportStatus.MAPPING else [],
        "fields": [(c.field, c.label, c.required) for c in kind.vocabulary().columns],
        "described": describe(job.summary, kind.labels) if job.status == JobStatus.DONE else None,
        "landed": job.created + job.updated + job.unchanged,
    }, status=400 if errors else 200)


def rejects_report(job: ImportJob) -> FileResponse:
    if not job.report_path or not Path(job.report_path).is_file():
        raise Http404
    return FileResponse(open(job.report_path, "rb"), as_attachment=True, filename=f"rejects-{job.pk}.xlsx")
