"""Places with a door code, the devices workers identified once, the one-time
codes that identified them, the health records of the embedded provider, and
the entry log every scan appends to."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.checkin.enums import EntryResult, PlaceKind, RecordState
from lianfu.checkin.health import HealthStatus


class Place(models.Model):
    """A workplace door: an enterprise's site or an office building."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.SITE)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="places")
    division = models.ForeignKey("registry.Division", verbose_name=_("town"), on_delete=models.PROTECT,
                                 related_name="+")
    address = models.CharField(_("address"), max_length=200, blank=True)
    # A token names the period it is valid for: one day by default, longer for a
    # poster nobody reprints daily (a door screen can show each day's own).
    rotation_days = models.PositiveSmallIntegerField(_("new code every (days)"), default=1)
    # Raised to revoke at once every token issued so far (a leaked photo).
    key_version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(division="division__code__under", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["division_id", "name", "id"]
        constraints = [
            models.CheckConstraint(name="place_kind_known", condition=Q(kind__in=PlaceKind.values)),
            models.CheckConstraint(name="place_rotation_1_to_31", condition=Q(rotation_days__gte=1,
                                                                                rotation_days__lte=31)),
        ]

    def __str__(self):
        return self.name


class Device(models.Model):
    """A phone a worker identified on once (phone number and a one-time code): its
    cookie holds a random secret, stored here only as a keyed hash."""

    secret_hash = models.CharField(max_length=32, unique=True)
    worker = models.ForeignKey("workforce.Worker", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identified device")
        verbose_name_plural = _("identified devices")


class OneTimeCode(models.Model):
    phone_hash = models.CharField(max_length=32, db_index=True)
    code_hash = models.CharField(max_length=32)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class HealthRecord(models.Model):
    """A status set by a health official, in force once a second official approves it."""

    id_hash = models.CharField(_("ID number (keyed hash)"), max_length=32)
    id_masked = models.CharField(_("ID number"), max_length=18)
    # The health department of this county keeps the record (its officials' reach).
    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=HealthStatus.choices)
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=RecordState.choices, default=RecordState.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("health status record")
        verbose_name_plural = _("health status records")
        indexes = [models.Index(fields=["id_hash", "state", "decided_at"])]
        constraints = [
            models.CheckConstraint(name="health_record_status_known", condition=Q(status__in=HealthStatus.values)),
            models.CheckConstraint(name="health_record_state_known", condition=Q(state__in=RecordState.values)),
            # The second approver is another official (the four-eyes rule).
            models.CheckConstraint(name="health_record_two_officials",
                                   condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by"))),
        ]


class Entry(models.Model):
    """One scan at a door, as answered: the entry log (kept 31 days; refusals are
    also kept 180 days in the security audit, as ActivityLog rows)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey("workforce.Worker", null=True, on_delete=models.SET_NULL, related_name="+")
    # The worker's employer at the scan (the on-duty rate counts admitted scans at its own places).
    enterprise = models.ForeignKey("registry.Enterprise", null=True, on_delete=models.SET_NULL, related_name="+",
                                   db_index=False)
    scanned_at = models.DateTimeField(_("time"))
    result = models.CharField(_("result"), max_length=8, choices=EntryResult.choices)
    status = models.CharField(_("health status"), max_length=8, choices=HealthStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, blank=True)

    objects = ScopedManager(division="place__division__code__under", enterprise="place__enterprise_id")

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-scanned_at", "-id"]
        indexes = [models.Index(fields=["place", "scanned_at"]), models.Index(fields=["worker", "scanned_at"]),
                   models.Index(fields=["enterprise", "scanned_at"]), models.Index(fields=["scanned_at"])]
        constraints = [models.CheckConstraint(name="entry_result_known", condition=Q(result__in=EntryResult.values))]
