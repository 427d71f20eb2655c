from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerState(models.TextChoices):
    """Where a worker on an employer's roster is. AT_WORK and BACK count as on
    duty (docs/metrics.md); LEFT takes the worker off the roster."""
    AT_WORK = "at_work", _("At work")
    AWAY = "away", _("Away")
    RETURNING = "returning", _("Returning")
    BACK = "back", _("Back")
    LEFT = "left", _("Left the employer")


ON_DUTY_STATES = (WorkerState.AT_WORK, WorkerState.BACK)
ON_ROSTER_STATES = tuple(s for s in WorkerState if s != WorkerState.LEFT)


class OriginSource(models.TextChoices):
    """How a worker's home county was found; UNKNOWN is counted, never guessed."""
    ID_NUMBER = "id", _("ID number")
    OLD_CODE = "old_code", _("retired county code in the ID number")
    ADDRESS = "address", _("household address")
    UNKNOWN = "unknown", _("unknown origin")


class StateSource(models.TextChoices):
    IMPORT = "import", _("import")
    SURVEY = "survey", _("survey")
    TRIP = "trip", _("charter trip")
    SCAN = "scan", _("entry scan")
    OFFICER = "officer", _("labour officer")
