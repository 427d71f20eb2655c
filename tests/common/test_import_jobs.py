"""Import jobs record their worker and a heartbeat; a job whose worker died is
failed (common.importing.stale) instead of running forever."""
import datetime as dt
import os
import signal
import socket
import subprocess
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from lianfu.common.enums import ImportStatus, JobStatus
from lianfu.common.importing import jobs
from lianfu.common.importing.jobs import run_import_job
from lianfu.common.importing.result import ImportResult
from lianfu.common.importing.stale import fail_stale_jobs
from lianfu.common.models import ActivityLog, ImportJob
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 5, 6, 2, 0, 0, tzinfo=dt.timezone.utc)  # 10:00 in Cixi
HOST = socket.gethostname()
STOPPED = ("The import stopped because its worker ended ({}); nothing was saved. Upload the file again.")


@pytest.fixture(autouse=True)
def _frozen_clock_and_english():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def uploader():
    return UserFactory(username="uploader")


def running_job(user, *, worker: str, heartbeat_ago: float | None, status=JobStatus.RUNNING, kind="enterprises"):
    heartbeat = None if heartbeat_ago is None else NOW - dt.timedelta(seconds=heartbeat_ago)
    return ImportJob.objects.create(kind=kind, created_by=user, original_name="名录.xlsx",
                                    stored_path="/nonexistent/名录.xlsx", status=status,
                                    worker=worker, heartbeat_at=heartbeat)


def state(job) -> tuple:
    job.refresh_from_db()
    return job.status, job.finished_at, job.error


def failure_logs() -> list[tuple]:
    return [(row.actor_id, row.action, row.subject_type, row.subject_id, row.data)
            for row in ActivityLog.objects.order_by("id")]


@pytest.fixture
def dead_pid():
    """The pid of a real process that was killed and reaped, so nothing owns it now."""
    process = subprocess.Popen(["sleep", "30"])
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    return process.pid


def test_a_job_whose_worker_process_was_killed_is_failed_and_logged_once(uploader):
    process = subprocess.Popen(["sleep", "30"])
    job = running_job(uploader, worker=f"{HOST}:{process.pid}", heartbeat_ago=1)
    try:
        assert fail_stale_jobs() == 0  # alive: untouched
        assert state(job) == (JobStatus.RUNNING, None, "")
    finally:
        process.kill()
        assert process.wait(timeout=10) == -signal.SIGKILL
    assert fail_stale_jobs() == 1
    error = STOPPED.format(f"process {process.pid} on {HOST} no longer runs")
    assert state(job) == (JobStatus.FAILED, NOW, error)
    assert failure_logs() == [(uploader.pk, "import.enterprises.failed", "common.importjob", str(job.pk),
                               {"file": "名录.xlsx", "worker": f"{HOST}:{process.pid}", "error": error})]
    assert fail_stale_jobs() == 0
    assert len(failure_logs()) == 1


def test_a_job_on_another_host_with_an_old_heartbeat_is_failed(uploader, settings):
    settings.LIANFU_IMPORT_STALE_SECONDS = 600
    old = running_job(uploader, worker="worker-2:4242", heartbeat_ago=601, kind="suppliers")
    at_the_limit = running_job(uploader, worker="worker-2:4243", heartbeat_ago=600)
    assert fail_stale_jobs() == 1
    error = STOPPED.format("no sign of life since 2024-05-06 09:49:59")
    assert state(old) == (JobStatus.FAILED, NOW, error)
    assert state(at_the_limit) == (JobStatus.RUNNING, None, "")
    assert failure_logs() == [(uploader.pk, "import.suppliers.failed", "common.importjob", str(old.pk),
                               {"file": "名录.xlsx", "worker": "worker-2:4242", "error": error})]


def test_the_stale_limit_is_the_setting(uploader, settings):
    settings.LIANFU_IMPORT_STALE_SECONDS = 60
    job = running_job(uploader, worker="worker-2:4242", heartbeat_ago=61)
    assert fail_stale_jobs() == 1
    assert state(job)[0] == JobStatus.FAILED


def test_a_live_worker_on_this_host_that_gave_no_sign_of_life_is_failed_too(uploader):
    hung = running_job(uploader, worker=f"{HOST}:{os.getpid()}", heartbeat_ago=3600)
    assert fail_stale_jobs() == 1
    assert state(hung) == (JobStatus.FAILED, NOW, STOPPED.format("no sign of life since 2024-05-06 09:00:00"))


def test_a_job_with_a_fresh_heartbeat_and_a_live_worker_is_untouched(uploader):
    here = running_job(uploader, worker=f"{HOST}:{os.getpid()}", heartbeat_ago=30)
    elsewhere = running_job(uploader, worker="worker-2:1", heartbeat_ago=599)
    # Marked running by an older version (no worker, no heartbeat): counted from its upload.
    legacy = running_job(uploader, worker="", heartbeat_ago=None)
    assert fail_stale_jobs() == 0
    assert [state(job) for job in (here, elsewhere, legacy)] == [(JobStatus.RUNNING, None, "")] * 3
    assert failure_logs() == []


def test_a_legacy_running_job_without_heartbeat_is_failed_once_its_upload_is_old(uploader):
    job = running_job(uploader, worker="", heartbeat_ago=None)
    with time_machine.travel(NOW + dt.timedelta(seconds=601), tick=False):
        assert fail_stale_jobs() == 1
    assert state(job) == (JobStatus.FAILED, NOW + dt.timedelta(seconds=601),
                          STOPPED.format("no sign of life since 2024-05-06 10:00:00"))


@pytest.mark.parametrize("status", [JobStatus.DONE, JobStatus.FAILED, JobStatus.QUEUED, ImportStatus.MAPPING])
def test_only_running_jobs_are_failed(uploader, dead_pid, status):
    job = running_job(uploader, worker=f"{HOST}:{dead_pid}", heartbeat_ago=3600, status=status)
    assert fail_stale_jobs() == 0
    assert state(job) == (status, None, "")
    assert failure_logs() == []


def test_the_page_of_a_stale_job_shows_it_failed_and_stops_polling(uploader, login, dead_pid, settings):
    job = running_job(uploader, worker=f"{HOST}:{dead_pid}", heartbeat_ago=2)
    client = login(uploader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("registry:import_job", args=[job.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    error = STOPPED.format(f"process {dead_pid} on {HOST} no longer runs")
    assert state(job) == (JobStatus.FAILED, NOW, error)
    assert 'class="status-failed">Failed</strong>' in fragment
    assert f'<div class="error" role="alert">{error}</div>' in fragment
    assert "hx-get" not in fragment
    assert [action for _actor, action, *_rest in failure_logs()] == ["import.enterprises.failed"]
    client.get(url)
    assert len(failure_logs()) == 1


def test_the_page_of_a_live_job_keeps_polling(uploader, login):
    job = running_job(uploader, worker="worker-2:4242", heartbeat_ago=5)
    url = reverse("registry:import_job", args=[job.pk])
    fragment = login(uploader).get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'hx-get="{url}"' in fragment
    assert state(job) == (JobStatus.RUNNING, None, "")


def test_starting_a_job_records_its_worker_and_fails_dead_jobs_first(uploader, dead_pid, tmp_path):
    dead = running_job(uploader, worker=f"{HOST}:{dead_pid}", heartbeat_ago=2)
    job = running_job(uploader, worker="", heartbeat_ago=None, status=JobStatus.QUEUED)
    seen = {}

    def importer(path, *, progress, **_other):
        seen["while running"] = ImportJob.objects.values_list("status", "worker", "heartbeat_at").get(pk=job.pk)
        seen["dead"] = ImportJob.objects.values_list("status", flat=True).get(pk=dead.pk)
        return ImportResult(rows=1, created=1)

    run_import_job(job, importer)
    assert seen == {"while running": (JobStatus.RUNNING, f"{HOST}:{os.getpid()}", NOW), "dead": JobStatus.FAILED}
    job.refresh_from_db()
    assert (job.status, job.worker, job.heartbeat_at, job.finished_at) == (
        JobStatus.DONE, f"{HOST}:{os.getpid()}", NOW, NOW)
    assert [action for _actor, action, *_rest in failure_logs()] == ["import.enterprises.failed",
                                                                      "import.enterprises.done"]


def test_validating_progress_writes_progress_and_heartbeat_and_saving_writes_nothing(uploader):
    job = running_job(uploader, worker="", heartbeat_ago=None, status=JobStatus.QUEUED)
    queries = {}

    def importer(path, *, progress, **_other):
        with CaptureQueriesContext(connection) as validating:
            progress("validating", 2000, 5000)
            progress("validating", 4000, 5000)  # within 0.5 s of the last write: skipped
            progress("validating", 5000, 5000)  # the last one is always written
        with CaptureQueriesContext(connection) as saving:
            progress("saving", 0, 5000)
            progress("saving", 5000, 5000)
        queries["validating"] = [q["sql"] for q in validating.captured_queries]
        queries["saving"] = saving.captured_queries
        queries["job"] = ImportJob.objects.values_list("rows_done", "rows_total", "heartbeat_at").get(pk=job.pk)
        return ImportResult(rows=5000, created=5000)

    bar = []
    run_import_job(job, importer, progress=lambda *step: bar.append(step))
    assert len(queries["validating"]) == 2
    assert all('"heartbeat_at"' in sql and '"rows_done"' in sql for sql in queries["validating"])
    assert queries["saving"] == []
    assert queries["job"] == (5000, 5000, NOW)
    assert bar == [("validating", 2000, 5000), ("validating", 4000, 5000), ("validating", 5000, 5000),
                   ("saving", 0, 5000), ("saving", 5000, 5000)]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_the_import_reports_no_progress(uploader, monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    job = running_job(uploader, worker="", heartbeat_ago=None, status=JobStatus.QUEUED)
    beats = []
    later = NOW + dt.timedelta(minutes=3)

    def importer(path, *, progress, **_other):
        # The heartbeat thread reads the clock too: move it on and wait for a beat.
        traveller.move_to(later)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            beats.append(ImportJob.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk))
            if beats[-1] == later:
                break
            threading.Event().wait(0.02)
        return ImportResult()

    with time_machine.travel(NOW, tick=False) as traveller:
        run_import_job(job, importer)
    assert beats[0] == NOW and beats[-1] == later
    job.refresh_from_db()
    assert (job.status, job.heartbeat_at, job.finished_at) == (JobStatus.DONE, later, later)
    assert [t.name for t in threading.enumerate() if t.name.startswith("import-job-")] == []
