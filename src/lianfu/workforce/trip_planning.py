"""Charter trips as the labour bureau runs them: who waits where, a plan packed
by workforce.trips (OR-Tools CP-SAT, lower bound beside it), the vehicles and
their seats stored, and each trip's departure and arrival moving its workers
to "returning" and "back" (which the on-duty rate reads).

Who waits: workers of the county's firms who are away, want to return and are
not already on a planned or departed trip, with a known origin; grouped by
origin county and destination (the employer's town). Origins whose risk level
is high on the departure day are never picked up: their workers are counted
as excluded."""
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common import bulk
from lianfu.common.audit import log_activity
from lianfu.common.errors import NotAllowed
from lianfu.common.workflow import update_versioned
from lianfu.registry.models import Division
from lianfu.workforce import maps, roster_days, trips
from lianfu.workforce.enums import PlanState, RiskLevel, StateSource, TripStatus, WorkerState
from lianfu.workforce.models import Trip, TripPlan, TripSeat, Worker, WorkerStateChange
from lianfu.workforce.risk import RiskBook

ACTIVE_TRIPS = (TripStatus.PLANNED, TripStatus.DEPARTED)
HighRisk = Callable[[str], bool]       # 12-digit origin code -> whether it may not be picked up


@dataclass
class Waiting:
    """The workers waiting to come back, as the solver's groups and their worker ids."""
    groups: list[trips.Group]
    workers: dict[tuple[str, str], list[int]]     # (origin 6, destination 12) -> worker ids, by id
    unknown_origin: int


def waiting(county: Division, high_risk: HighRisk) -> Waiting:
    """Reads the whole county, whoever asks (callers check the right to plan)."""
    with scopes_disabled():
        on_trips = TripSeat.objects.filter(trip__status__in=ACTIVE_TRIPS).values("worker_id")
        rows = (Worker.objects.filter(enterprise__division__code__startswith=county.prefix, state=WorkerState.AWAY,
                                      wants_return=True)
                .exclude(pk__in=on_trips).order_by("pk")
                .values_list("pk", "origin_id", "enterprise__division_id"))
        workers: dict[tuple[str, str], list[int]] = defaultdict(list)
        risky: dict[tuple[str, str], bool] = {}
        unknown = 0
        for pk, origin, town in rows:
            if origin is None:
                unknown += 1
                continue
            key = (origin[:6], town or county.code)
            workers[key].append(pk)
            if key not in risky:
                risky[key] = high_risk(origin)
    groups = [trips.Group(origin=o, city=o[:4], destination=d, workers=len(ids), high_risk=risky[(o, d)])
              for (o, d), ids in sorted(workers.items())]
    return Waiting(groups, dict(workers), unknown)


def high_risk_on(county: Division, day: dt.date) -> HighRisk:
    """Whether an origin is high-risk on ``day`` by the county's list (workforce.risk)."""
    book = RiskBook(county, day)
    return lambda code: book.level(code) == RiskLevel.HIGH


def city_centroids() -> dict[str, tuple[float, float]]:
    """City (4 digits) -> (lon, lat): pick-ups are close when their cities are."""
    return {code[:4]: point for code, point in maps.city_centroids().items()}


def start_plan(*, actor, county: Division, name: str, vehicle: str, capacity: int, max_distance_km: int,
               max_dropoffs: int | None, time_limit_s: int, departs_on: dt.date) -> TripPlan:
    """A plan in the COMPUTING state; tasks.pack_trip_plan_task packs it."""
    plan = TripPlan.objects.create(
        county=county, name=name, vehicle=vehicle, capacity=capacity, max_distance_km=max_distance_km,
        max_dropoffs=max_dropoffs, time_limit_s=time_limit_s, departs_on=departs_on, created_by=actor)
    log_activity(actor=actor, action="trips.plan_started", subject=plan, division_code=county.code,
                 name=name, capacity=capacity)
    return plan


def pack(plan: TripPlan, high_risk: HighRisk) -> TripPlan:
    """Pack the plan's vehicles and store them with their seats, or record why not."""
    try:
        found = waiting(plan.county, high_risk)
        rules = trips.Rules(capacity=plan.capacity, max_distance_km=float(plan.max_distance_km),
                            max_dropoffs=plan.max_dropoffs, time_limit_s=float(plan.time_limit_s))
        centroids = city_centroids()
        result = trips.plan_trips(found.groups, rules, centroids)
        trips.check_plan(found.groups, rules, centroids, result)    # never store a plan that breaks a rule
        store_plan(plan, found, result)
    except Exception as error:  # the page must stop polling and say so
        with scopes_disabled():
            TripPlan.objects.filter(pk=plan.pk).update(state=PlanState.FAILED, error=str(error)[:2000])
        raise
    with scopes_disabled():
        plan.refresh_from_db()
    return plan


def store_plan(plan: TripPlan, found: Waiting, result: trips.Plan) -> None:
    """The packed vehicles as trips, their seats taken by the waiting workers in id
    order, and the figures on the plan, which is then READY."""
    with transaction.atomic(), scopes_disabled():
        Trip.objects.bulk_create([Trip(plan=plan, number=n) for n in range(1, len(result.vehicles) + 1)])
        trip_ids = dict(Trip.objects.filter(plan=plan).values_list("number", "pk"))
        queues = {key: list(ids) for key, ids in found.workers.items()}
        seats = []
        for number, vehicle in enumerate(result.vehicles, start=1):
            for (origin, destination), count in vehicle.loads.items():
                taken, queues[(origin, destination)] = (queues[(origin, destination)][:count],
                                                        queues[(origin, destination)][count:])
                # Origins are counties (or a city a retired code resolved to), never
                # towns: the 6 digits padded are the division's own code.
                seats += [(trip_ids[number], worker, origin.ljust(12, "0"), destination) for worker in taken]
        bulk.insert_values(TripSeat, ("trip", "worker", "origin", "destination"), seats)
        TripPlan.objects.filter(pk=plan.pk).update(
            state=PlanState.READY, workers_planned=result.workers_planned,
            workers_excluded=result.workers_excluded, vehicles=len(result.vehicles), lower_bound=result.lower_bound,
            pickups=result.pickups, solver_status=str(result.status), solve_seconds=round(result.solve_seconds, 3))
        log_activity(actor=plan.created_by, action="trips.planned", subject=plan, division_code=plan.county_id,
                     vehicles=len(result.vehicles), lower_bound=result.lower_bound,
                     workers=result.workers_planned, excluded=result.workers_excluded)


def _move_workers(trip: Trip, state: WorkerState, day: dt.date) -> int:
    ids = list(trip.seats.values_list("worker_id", flat=True))
    with scopes_disabled():
        Worker.objects.filter(pk__in=ids).update(state=state, state_since=day, updated_at=timezone.now())
        firms = dict(Worker.objects.filter(pk__in=ids).values_list("pk", "enterprise_id"))
        with roster_days.kept(ids):
            bulk.insert_values(WorkerStateChange, ("worker", "enterprise", "day", "state", "source", "created_at"),
                               [(pk, firms[pk], day, state, StateSource.TRIP, timezone.now()) for pk in ids])
    return len(ids)


def _require(actor) -> None:
    if not actor.has_perm("workforce.manage_trips"):
        raise PermissionDenied


def _move(actor, trip: Trip, version: int, *, after: TripStatus, to: TripStatus, stamp: str,
          state: WorkerState) -> int:
    """The trip's next status and its workers' new state; the caller's transaction."""
    _require(actor)
    if trip.status != after:
        raise NotAllowed(_not_now(trip))
    update_versioned(trip, version, status=to, **{stamp: timezone.now()})
    return _move_workers(trip, state, timezone.localdate())


def depart(*, actor, trip: Trip, version: int) -> None:
    """The vehicle left: its workers are returning."""
    with transaction.atomic():
        moved = _move(actor, trip, version, after=TripStatus.PLANNED, to=TripStatus.DEPARTED, stamp="departed_at",
                      state=WorkerState.RETURNING)
        log_activity(actor=actor, action="trips.departed", subject=trip, division_code=trip.plan.county_id,
                     number=trip.number, workers=moved)


def arrive(*, actor, trip: Trip, version: int) -> None:
    """The vehicle arrived: its workers are back, and count as on duty."""
    with transaction.atomic():
        moved = _move(actor, trip, version, after=TripStatus.DEPARTED, to=TripStatus.ARRIVED, stamp="arrived_at",
                      state=WorkerState.BACK)
        log_activity(actor=actor, action="trips.arrived", subject=trip, division_code=trip.plan.county_id,
                     number=trip.number, workers=moved)


def cancel(*, actor, trip: Trip, version: int) -> None:
    """A planned trip that will not run: its workers wait again for the next plan."""
    _require(actor)
    if trip.status != TripStatus.PLANNED:
        raise NotAllowed(_not_now(trip))
    with transaction.atomic():
        update_versioned(trip, version, status=TripStatus.CANCELLED)
        log_activity(actor=actor, action="trips.cancelled", subject=trip, division_code=trip.plan.county_id,
                     number=trip.number)


def _not_now(trip: Trip) -> str:
    return _("Trip %(number)s is %(status)s: this step is not possible now.") % {
        "number": trip.number, "status": trip.get_status_display()}
