"""Running any import as a recorded job (web upload or CLI): status, progress,
failure, rejects report and the ActivityLog row, the same for every kind."""
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.common.audit import log_activity
from lianfu.common.enums import JobStatus
from lianfu.common.importing.mapping import with_kept_guesses
from lianfu.common.importing.report import write_rejects_report
from lianfu.common.importing.result import ImportResult
from lianfu.common.importing.stale import fail_stale_jobs, this_worker
from lianfu.common.models import ImportJob
from lianfu.common.tabular import TabularError

logger = logging.getLogger(__name__)

# import_xxx(path, *, max_bytes, progress, user, choices, before_commit) with its kind's own arguments bound.
Importer = Callable[..., ImportResult]


# How often a running job's heartbeat is refreshed when nothing else wrote it;
# common.importing.stale fails a job whose heartbeat is far older than this.
HEARTBEAT_SECONDS = 5.0


def _throttled_progress(job: ImportJob, extra=None):
    """Forward every step to ``extra`` (a CLI bar); store validation progress on
    the job, with a heartbeat, at most twice a second (the page polls it).
    Only validation writes: the "saving" steps run inside the importer's
    transaction, where a write to the job would be invisible until the commit
    (and, on SQLite, hold the job's page up behind the import's write lock)."""
    last = [0.0]

    def progress(step: str, done: int, total: int) -> None:
        if extra:
            extra(step, done, total)
        now = time.monotonic()
        if step == "validating" and (now - last[0] > 0.5 or done == total):
            last[0] = now
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total,
                                                       heartbeat_at=timezone.now())

    return progress


class _Heartbeat(threading.Thread):
    """Refreshes the job's heartbeat every HEARTBEAT_SECONDS, whatever the import
    is doing (reading a big file calls no progress at all), on the thread's own
    database connection: never inside the import's saving transaction. On SQLite
    a beat waits while that transaction holds the write lock, and is skipped if
    it waits too long; the next one comes a few seconds later."""

    def __init__(self, job_pk: int):
        super().__init__(name=f"import-job-{job_pk}-heartbeat", daemon=True)
        self.job_pk = job_pk
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    ImportJob.objects.filter(pk=self.job_pk, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now())
                except Exception:  # a locked or briefly unreachable database: beat again later
                    logger.debug("import job %s: heartbeat skipped", self.job_pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self) -> None:
        self.stopped.set()
        # A beat blocked on a lock finishes on its own (its UPDATE only touches a running job).
        self.join(timeout=1.0)


def _report_path(job: ImportJob) -> Path:
    return Path(job.options.get("report") or Path(job.stored_path).with_suffix(".rejects.xlsx"))


def _report_writer(job: ImportJob):
    """The importer calls this inside its saving transaction: a report that
    cannot be written fails the whole job, so no import lands without the list
    of what it rejected."""
    def write(result: ImportResult) -> None:
        if not result.rejections:
            return
        try:
            write_rejects_report(_report_path(job), result.rejections, result.layout.get("headers", []))
        except Exception as exc:
            logger.exception("import job %s: rejects report failed", job.pk)
            raise TabularError("report_failed", REPORT_FAILED, reason=str(exc) or type(exc).__name__) from exc
    return write


REPORT_FAILED = gettext_lazy("The list of rejected rows could not be written (%(reason)s), so nothing was saved. "
                             "Please tell the administrator, then upload the file again.")


def _discard_personal_upload(job: ImportJob) -> None:
    """A file of personal data (a worker roster: ID numbers, phones, addresses in clear)
    is not kept once its job has ended as planned: what was saved is hashed and sealed,
    and the rejects report is masked. Kept after an unexpected error, for the
    administrator. Only an uploaded copy goes: a file named on the command line is the
    official's own."""
    if not job.options.get("personal_data") or not job.stored_path:
        return
    path = Path(job.stored_path)
    if path.resolve().parent == (Path(settings.MEDIA_ROOT) / "imports").resolve():
        path.unlink(missing_ok=True)


def _finish(job: ImportJob, result: ImportResult) -> None:
    job.status = JobStatus.DONE
    job.rows_total = job.rows_done = result.rows
    job.created, job.updated, job.unchanged, job.rejected = (
        result.created, result.updated, result.unchanged, result.rejected)
    job.summary = with_kept_guesses(result.layout, job.options)
    if result.notes:
        job.summary["notes"] = result.notes
    if result.rejections:
        job.report_path = str(_report_path(job))


def run_import_job(job: ImportJob, importer: Importer, *, division_code: str = "", progress=None) -> ImportJob:
    """Run ``importer`` on the job's file and record how it ended. ``division_code``
    files the ActivityLog row under a jurisdiction (its officers read it)."""
    # Whoever starts a job also ends the jobs of workers that died (the task
    # worker has no start-up hook of ours; `lianfu serve` calls this too).
    fail_stale_jobs()
    job.status, job.worker, job.heartbeat_at = JobStatus.RUNNING, this_worker(), timezone.now()
    # Kept on the job, so that a job failed by another process after its worker
    # died is still filed under its jurisdiction.
    job.options = {**job.options, "division_code": division_code}
    ImportJob.objects.filter(pk=job.pk).update(status=job.status, worker=job.worker, heartbeat_at=job.heartbeat_at,
                                               options=job.options)
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    try:
        result = importer(Path(job.stored_path), max_bytes=settings.LIANFU_IMPORT_MAX_BYTES,
                          progress=_throttled_progress(job, progress), user=job.created_by,
                          choices=job.options.get("choices"), before_commit=_report_writer(job))
    except TabularError as error:
        job.status, job.error = JobStatus.FAILED, str(error)
        _discard_personal_upload(job)
    except Exception:
        # Saving is one transaction, so nothing half-written remains; the job
        # must still end, or its page would poll forever.
        logger.exception("import job %s failed", job.pk)
        job.status, job.error = JobStatus.FAILED, _("The import stopped on an unexpected error; nothing was saved. "
                                                     "The file is kept; please tell the administrator.")
    else:
        _finish(job, result)
        _discard_personal_upload(job)
    finally:
        heartbeat.stop()
    job.finished_at = job.heartbeat_at = timezone.now()
    with transaction.atomic():
        job.save()
        log_activity(actor=job.created_by, action=f"import.{job.kind}.{job.status}", subject=job,
                     division_code=division_code, file=job.original_name, created=job.created,
                     updated=job.updated, unchanged=job.unchanged, rejected=job.rejected, error=job.error)
    return job
