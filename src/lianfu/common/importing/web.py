"""The web side of every import: storing the upload as a job, and the job's
page and rejects report, visible to the uploader only."""
import uuid
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

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


def own_job(request, pk: int, kind: str) -> ImportJob:
    """Another user's job is a plain 404: its file may name firms outside their reach."""
    return get_object_or_404(ImportJob, pk=pk, kind=kind, created_by=request.user)


def job_page(request, job: ImportJob, *, poll_url: str, report_url: str, again_url: str,
             result_url: str = "", result_label: str = ""):
    """The job's page, or (htmx polling) just its progress block. ``result_url``
    is where the imported data can be seen once the job is done."""
    template = "common/_import_progress.html" if request.htmx else "common/import_job.html"
    return render(request, template, {"job": job, "poll_url": poll_url, "report_url": report_url,
                                      "again_url": again_url, "result_url": result_url,
                                      "result_label": result_label})


def rejects_report(job: ImportJob) -> FileResponse:
    if not job.report_path or not Path(job.report_path).is_file():
        raise Http404
    return FileResponse(open(job.report_path, "rb"), as_attachment=True, filename=f"rejects-{job.pk}.xlsx")
