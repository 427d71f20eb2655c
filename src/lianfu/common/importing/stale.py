"""Failing import jobs whose worker died, instead of letting their page poll
"running" forever.

A running job records its worker ("host:pid") and a heartbeat that
common.importing.jobs refreshes every few seconds. The job is stale when

- its worker ran on this host and that process no longer exists (known at
  once: a worker killed by the OOM killer, a deploy or Ctrl-C), or
- its heartbeat is older than ``settings.LIANFU_IMPORT_STALE_SECONDS``
  (a worker on another host, a hung worker, or a reused pid).

Saving is one transaction, which the database rolls back when its connection
dies with the worker, so a stale job saved nothing. Failing it is a
conditional UPDATE on (pk, status=running): a job that ended meanwhile, or that
another request failed first, is left alone and logged once.
"""
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.common.enums import JobStatus
from lianfu.common.models import ImportJob


def this_worker() -> str:
    """How a job names the process running it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(worker: str) -> str:
    """The cause, when ``worker`` ran on this host and its process has ended; "" otherwise
    (another host, a worker not recorded, or a process that still exists)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) <= 0:
        return ""
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return _("process %(pid)s on %(host)s no longer runs") % {"pid": pid, "host": host}
    except OSError:  # PermissionError: it exists, under another user
        return ""
    return ""


def _cause(job: ImportJob, now: datetime) -> str:
    """Why ``job`` (running) is stale, or "" when it is not."""
    gone = _process_gone(job.worker)
    if gone:
        return gone
    # A job marked running before heartbeats existed counts from its upload.
    last_sign = job.heartbeat_at or job.created_at
    if last_sign < now - timedelta(seconds=settings.LIANFU_IMPORT_STALE_SECONDS):
        return _("no sign of life since %(time)s") % {
            "time": timezone.localtime(last_sign).strftime("%Y-%m-%d %H:%M:%S")}
    return ""


def fail_if_stale(job: ImportJob, now: datetime | None = None) -> bool:
    """Fail ``job`` if it is running and stale; ``job`` is updated in place either
    way it ends (failed here, or found finished by someone else)."""
    if job.status != JobStatus.RUNNING:
        return False
    now = now or timezone.now()
    cause = _cause(job, now)
    if not cause:
        return False
    error = _("The import stopped because its worker ended (%(cause)s); nothing was saved. "
              "Upload the file again.") % {"cause": cause}
    with transaction.atomic():
        failed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, finished_at=now, error=error)
        if failed:
            job.status, job.finished_at, job.error = JobStatus.FAILED, now, error
            log_activity(actor=job.created_by, action=f"import.{job.kind}.failed", subject=job,
                         division_code=job.options.get("division_code", ""),
                         file=job.original_name, worker=job.worker, error=error)
    if not failed:
        job.refresh_from_db()
    return bool(failed)


def fail_stale_jobs(now: datetime | None = None) -> int:
    """Fail every stale running job; how many were failed."""
    now = now or timezone.now()
    running = ImportJob.objects.filter(status=JobStatus.RUNNING).select_related("created_by").order_by("pk")
    return sum(fail_if_stale(job, now) for job in running)
