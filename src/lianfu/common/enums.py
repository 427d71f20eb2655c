from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    # Uploaded through the web: waiting for the user to confirm the column mapping.
    MAPPING = "mapping", _("Awaiting column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
