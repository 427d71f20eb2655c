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


class RiskLevel(models.TextChoices):
    """The three colours of the origin map (2020's 低/中/高风险地区)."""
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class VehicleKind(models.TextChoices):
    BUS = "bus", _("Coach")
    TRAIN = "train", _("Train car")
    FLIGHT = "flight", _("Flight")


# Seats of each kind as 2020's charters had them; every plan may set its own.
DEFAULT_SEATS = {VehicleKind.BUS: 53, VehicleKind.TRAIN: 118, VehicleKind.FLIGHT: 180}


class TripStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DEPARTED = "departed", _("Departed")
    ARRIVED = "arrived", _("Arrived")
    CANCELLED = "cancelled", _("Cancelled")


class PositionSource(models.TextChoices):
    FIRM = "firm", _("entered by the firm")
    OFFICER = "officer", _("entered by the labour officer")
    SURVEY = "survey", _("from the survey")


class PlanState(models.TextChoices):
    COMPUTING = "computing", _("Computing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
