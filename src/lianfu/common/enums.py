from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    WORKDAY = "workday", _("Make-up working day")


class ImportStatus(models.TextChoices):
    """An import job's status: a background job's, plus the web upload's wait
    for the user to confirm the column mapping."""
    MAPPING = "mapping", _("Awaiting column mapping")
    QUEUED = JobStatus.QUEUED.value, JobStatus.QUEUED.label
    RUNNING = JobStatus.RUNNING.value, JobStatus.RUNNING.label
    DONE = JobStatus.DONE.value, JobStatus.DONE.label
    FAILED = JobStatus.FAILED.value, JobStatus.FAILED.label
