"""Running any import as a recorded job (web upload or CLI): status, progress,
failure, rejects report and the ActivityLog row, the same for every kind."""
import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.enums import JobStatus
from lianfu.common.importing.report import write_rejects_report
from lianfu.common.importing.result import ImportResult
from lianfu.common.models import ImportJob
from lianfu.common.tabular import TabularError

logger = logging.getLogger(__name__)

# import_xxx(path, *, max_bytes, progress, user) with its kind's own arguments bound.
Importer = Callable[..., ImportResult]


def _throttled_progress(job: ImportJob, extra=None):
    """Forward every step to ``extra`` (a CLI bar); store validation progress on
    the job at most twice a second (the page polls it)."""
    last = [0.0]

    def progress(step: str, done: int, total: int) -> None:
        if extra:
            extra(step, done, total)
        now = time.monotonic()
        if step == "validating" and (now - last[0] > 0.5 or done == total):
            last[0] = now
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    return progress


def _finish(job: ImportJob, result: ImportResult) -> None:
    job.status = JobStatus.DONE
    job.rows_total = job.rows_done = result.rows
    job.created, job.updated, job.unchanged, job.rejected = (
        result.created, result.updated, result.unchanged, result.rejected)
    if result.rejections:
        report = Path(job.options.get("report") or Path(job.stored_path).with_suffix(".rejects.xlsx"))
        write_rejects_report(report, result.rejections)
        job.report_path = str(report)


def run_import_job(job: ImportJob, importer: Importer, *, division_code: str = "", progress=None) -> ImportJob:
    """Run ``importer`` on the job's file and record how it ended. ``division_code``
    files the ActivityLog row under a jurisdiction (its officers read it)."""
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        result = importer(Path(job.stored_path), max_bytes=settings.LIANFU_IMPORT_MAX_BYTES,
                          progress=_throttled_progress(job, progress), user=job.created_by)
    except TabularError as error:
        job.status, job.error = JobStatus.FAILED, str(error)
    except Exception:
        # Saving is one transaction, so nothing half-written remains; the job
        # must still end, or its page would poll forever.
        logger.exception("import job %s failed", job.pk)
        job.status, job.error = JobStatus.FAILED, _("The import stopped on an unexpected error; nothing was saved. "
                                                     "The file is kept; please tell the administrator.")
    else:
        _finish(job, result)
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        log_activity(actor=job.created_by, action=f"import.{job.kind}.{job.status}", subject=job,
                     division_code=division_code, file=job.original_name, created=job.created,
                     updated=job.updated, unchanged=job.unchanged, rejected=job.rejected, error=job.error)
    return job
