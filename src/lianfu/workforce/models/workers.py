"""Workforce records. A worker's ID number is never stored in clear
(common/pii.py): ``id_hash`` matches and deduplicates, ``id_masked`` is what
pages show, ``sealed`` holds the ID number, phone and household address for a
logged reveal. Every change of a worker's state or employer is a
WorkerStateChange row, so the roster and the on-duty rate of any past day can
be rebuilt from them (workforce/onduty.py)."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.workforce.enums import OriginSource, StateSource, WorkerState


def _scoped(path: str):
    return ScopedManager(division=f"{path}__division__code__under", enterprise=f"{path}_id")


class Worker(models.Model):
    # The foreign keys here and on WorkerStateChange have no index of their own:
    # the composite indexes of Meta lead with them and serve the same lookups,
    # and each index less is a tenth less time for a 500,000-row import.
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("employer"), on_delete=models.CASCADE,
                                   related_name="workers", db_index=False)
    name = models.CharField(_("name"), max_length=50)
    id_hash = models.CharField(_("ID number (keyed hash)"), max_length=32, unique=True)
    id_masked = models.CharField(_("ID number"), max_length=18)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    # Keyed hash of the phone (common/pii.phone_key): a worker identifies at a
    # workplace door by phone number and a one-time code (checkin).
    phone_hash = models.CharField(max_length=32, blank=True, db_index=True)
    sealed = models.TextField(_("sealed personal data"))
    # Keyed hash of what ``sealed`` holds: a re-import sees whether the ID
    # number, phone or address changed without opening (or re-sealing) anything.
    sealed_digest = models.CharField(max_length=32)
    origin = models.ForeignKey("registry.Division", verbose_name=_("origin"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+", db_index=False)
    origin_source = models.CharField(_("origin from"), max_length=10, choices=OriginSource.choices)
    insured_from = models.DateField(_("insured from"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=50, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=WorkerState.choices)
    state_since = models.DateField(_("since"))
    wants_return = models.BooleanField(_("wants to return"), default=False)
    # The first day a later full import of the employer's roster did not list
    # the worker: flagged for the labour officer, never deleted silently.
    missing_since = models.DateField(_("missing from the roster since"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = _scoped("enterprise")

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["enterprise_id", "id"]
        indexes = [models.Index(fields=["enterprise", "state"]), models.Index(fields=["origin", "state"])]
        constraints = [
            models.CheckConstraint(name="worker_state_known", condition=Q(state__in=WorkerState.values)),
            models.CheckConstraint(name="worker_origin_source_known",
                                   condition=Q(origin_source__in=OriginSource.values)),
            models.CheckConstraint(name="worker_unknown_origin_has_none",
                                   condition=~Q(origin_source=OriginSource.UNKNOWN) | Q(origin__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"

    @property
    def on_roster(self) -> bool:
        return self.state != WorkerState.LEFT


class WorkerStateChange(models.Model):
    """From ``day`` on, ``worker`` was in ``state`` at ``enterprise`` (the
    employer then: a move to another employer is a change too)."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="changes", db_index=False)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField(_("day"))
    state = models.CharField(_("state"), max_length=10, choices=WorkerState.choices)
    source = models.CharField(_("source"), max_length=10, choices=StateSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = _scoped("enterprise")

    class Meta:
        verbose_name = _("worker state change")
        verbose_name_plural = _("worker state changes")
        ordering = ["worker_id", "day", "id"]
        indexes = [models.Index(fields=["worker", "day"]), models.Index(fields=["enterprise", "day"])]
        constraints = [models.CheckConstraint(name="worker_change_state_known",
                                              condition=Q(state__in=WorkerState.values))]


class RosterDay(models.Model):
    """How a firm's roster moved on one day: the workers who joined it (or
    changed state in it) minus those who ended a stay there, as headcount and
    as on duty, and how many state changes touched it that day. Derived from
    WorkerStateChange and kept with it by workforce/roster_days.py, so a day's
    roster of tens of thousands of firms is a sum over a few rows per firm,
    not a walk through every worker's history."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField(_("day"))
    headcount_change = models.IntegerField(default=0)
    on_duty_change = models.IntegerField(default=0)
    changes = models.IntegerField(default=0)

    objects = _scoped("enterprise")

    class Meta:
        verbose_name = _("roster day")
        verbose_name_plural = _("roster days")
        constraints = [models.UniqueConstraint(fields=["enterprise", "day"], name="roster_day_once_per_firm")]
