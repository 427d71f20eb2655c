"""Charter trips: a plan (the rules it was packed under and its figures beside
the lower bound), its vehicles, and who sits in each."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.workforce.enums import PlanState, TripStatus, VehicleKind


class TripPlan(models.Model):
    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.CASCADE,
                               related_name="+")
    name = models.CharField(_("name"), max_length=100)
    vehicle = models.CharField(_("vehicle"), max_length=8, choices=VehicleKind.choices)
    capacity = models.PositiveSmallIntegerField(_("seats per vehicle"))
    max_distance_km = models.PositiveIntegerField(_("pick-ups at most this far apart (km)"), default=0)
    max_dropoffs = models.PositiveSmallIntegerField(_("towns one vehicle may serve"), null=True, blank=True)
    time_limit_s = models.PositiveSmallIntegerField(_("solver time limit (s)"), default=20)
    departs_on = models.DateField(_("departure day"))
    # Packed by a background task (the solver's time limit is seconds): the
    # page polls until ready, or says why it failed.
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.COMPUTING)
    error = models.TextField(blank=True)
    # The solver's figures, printed beside the plan.
    workers_planned = models.PositiveIntegerField(default=0)
    workers_excluded = models.PositiveIntegerField(default=0)   # high-risk origins: not picked up
    vehicles = models.PositiveIntegerField(default=0)
    lower_bound = models.PositiveIntegerField(default=0)
    pickups = models.PositiveIntegerField(default=0)
    solver_status = models.CharField(max_length=10, blank=True)
    solve_seconds = models.FloatField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # An enterprise sees the plans that carry its workers (queries add distinct()).
    objects = ScopedManager(division="county__code__under", enterprise="trips__seats__worker__enterprise_id")

    class Meta:
        verbose_name = _("charter trip plan")
        verbose_name_plural = _("charter trip plans")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(name="trip_plan_vehicle_known",
                                              condition=Q(vehicle__in=VehicleKind.values))]


class Trip(models.Model):
    """One vehicle of a plan."""

    plan = models.ForeignKey(TripPlan, on_delete=models.CASCADE, related_name="trips")
    number = models.PositiveSmallIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=TripStatus.choices, default=TripStatus.PLANNED)
    departed_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedManager(division="plan__county__code__under", enterprise="seats__worker__enterprise_id")

    class Meta:
        verbose_name = _("charter trip")
        verbose_name_plural = _("charter trips")
        ordering = ["plan_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="trip_number_unique_in_plan"),
            models.CheckConstraint(name="trip_status_known", condition=Q(status__in=TripStatus.values)),
        ]


class TripSeat(models.Model):
    """A worker on a trip: picked up at their origin, dropped at their employer's town."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="seats")
    worker = models.ForeignKey("workforce.Worker", on_delete=models.CASCADE, related_name="seats")
    origin = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey("registry.Division", on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager(division="trip__plan__county__code__under", enterprise="worker__enterprise_id")

    class Meta:
        ordering = ["trip_id", "origin_id", "destination_id", "id"]
        constraints = [models.UniqueConstraint(fields=["trip", "worker"], name="trip_seat_once_per_trip")]
