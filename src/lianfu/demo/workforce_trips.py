"""Demo step part: a week of charter coaches, as the labour bureaus ran them in
2020 (Yinzhou: 21,200 workers on 824 buses, flights and trains).

The riders are the roster's own, so the trips agree with every figure already
written: a migrant from outside Zhejiang whose state is "returning" on one of
the window's last seven days took that day's coach (workforce_days makes some
migrants return the day before they are back). Each day's riders are packed by
the product's own planner (workforce.trips: fewest 53-seat coaches, pick-ups
within 300 km) into a plan of the county's labour officer, stored by
trip_planning.store_plan as any plan is. Its coaches then stand as they would:
arrived the next morning, or still on the road on the window's last day (those
riders are still returning). The riders' state changes of those two days are
marked as the trip's. Riders from an origin that is high-risk on the day are
never picked up (the planner counts them as excluded); they come back by
themselves, as the roster has it.

Deterministic per seed: the planner's search is, unless its wall-clock limit
cuts it short; the limit here leaves it ample room for a day's riders."""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django_scopes import scopes_disabled

from lianfu.demo import workforce_days as days
from lianfu.demo.context import DemoContext
from lianfu.demo.workforce_roster import moment
from lianfu.registry.models import Division
from lianfu.workforce import trip_planning, trips
from lianfu.workforce.enums import DEFAULT_SEATS, PlanState, StateSource, TripStatus, VehicleKind, WorkerState
from lianfu.workforce.models import Trip, TripPlan, TripSeat, WorkerStateChange

TRIP_DAYS = 7                      # departures on the window's last seven days
# 150 km carries ~28 workers a coach, as Yinzhou's 824 vehicles carried 25.7 in 2020.
MAX_DISTANCE_KM = 150
TIME_LIMIT_S = 20                  # per plan; a day's riders pack in a second or two
LOCAL_PROVINCE = "33"              # Zhejiang's own migrants come back by themselves
PLANNED_AT, DEPARTS_AT, ARRIVES_AT = dt.time(17), dt.time(8), dt.time(7)
CHUNK = 5_000                      # ids per UPDATE (SQLite's bound parameters)


@dataclass
class WeekTally:
    plans: int = 0
    coaches: int = 0
    lower_bound: int = 0
    riders: int = 0
    excluded: int = 0
    on_the_road: int = 0


def departure_days() -> list[dt.date]:
    return days.DAYS[-TRIP_DAYS:]


def riders_by_day(county: Division) -> dict[dt.date, dict[tuple[str, str], list[int]]]:
    """Departure day -> (origin county 6, destination town) -> worker ids, in id order."""
    out: dict[dt.date, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = (WorkerStateChange.objects
            .filter(state=WorkerState.RETURNING, day__in=departure_days(),
                    enterprise__division__code__startswith=county.prefix, worker__origin__isnull=False)
            .exclude(worker__origin__code__startswith=LOCAL_PROVINCE)
            .order_by("day", "worker_id")
            .values_list("day", "worker_id", "worker__origin_id", "enterprise__division_id"))
    for day, worker, origin, town in rows:
        out[day][(origin[:6], town or county.code)].append(worker)
    return out


def _mark_as_trips(worker_ids: list[int], departed: dt.date, arrived: dt.date | None) -> None:
    """The riders' state changes of the departure (and arrival) day come from the trip."""
    for start in range(0, len(worker_ids), CHUNK):
        chunk = worker_ids[start:start + CHUNK]
        WorkerStateChange.objects.filter(worker_id__in=chunk, day=departed, state=WorkerState.RETURNING) \
            .update(source=StateSource.TRIP)
        if arrived is not None:
            WorkerStateChange.objects.filter(worker_id__in=chunk, day=arrived, state=WorkerState.BACK) \
                .update(source=StateSource.TRIP)


def plan_day(ctx: DemoContext, labour, day: dt.date, riders: dict[tuple[str, str], list[int]],
             tally: WeekTally) -> None:
    county = ctx.county
    high_risk = trip_planning.high_risk_on(county, day)
    found = trip_planning.Waiting(
        groups=[trips.Group(origin=o, city=o[:4], destination=d, workers=len(ids), high_risk=high_risk(o))
                for (o, d), ids in sorted(riders.items())],
        workers=dict(riders), unknown_origin=0)
    capacity = DEFAULT_SEATS[VehicleKind.BUS]
    # The search's budget is TIME_LIMIT_S's worth, its wall-clock limit three times that: on a loaded
    # machine the budget still ends the search, so the seed alone decides the plan.
    rules = trips.Rules(capacity=capacity, max_distance_km=float(MAX_DISTANCE_KM), time_limit_s=3.0 * TIME_LIMIT_S,
                        work_limit_s=float(TIME_LIMIT_S))
    centroids = trip_planning.city_centroids()
    result = trips.plan_trips(found.groups, rules, centroids)
    trips.check_plan(found.groups, rules, centroids, result)
    plan = TripPlan.objects.create(
        county=county, name=f"{day.month}月{day.day}日 返岗包车", vehicle=VehicleKind.BUS, capacity=capacity,
        max_distance_km=MAX_DISTANCE_KM, time_limit_s=TIME_LIMIT_S, departs_on=day, state=PlanState.COMPUTING,
        created_by=labour)
    trip_planning.store_plan(plan, found, result)
    TripPlan.objects.filter(pk=plan.pk).update(created_at=moment(day - dt.timedelta(days=1), PLANNED_AT))
    arrived = day + dt.timedelta(days=1) if day < days.LAST_DAY else None
    Trip.objects.filter(plan=plan).update(
        status=TripStatus.ARRIVED if arrived else TripStatus.DEPARTED, departed_at=moment(day, DEPARTS_AT),
        arrived_at=moment(arrived, ARRIVES_AT) if arrived else None)
    seated = list(TripSeat.objects.filter(trip__plan=plan).order_by("worker_id").values_list("worker_id", flat=True))
    _mark_as_trips(seated, day, arrived)
    tally.plans += 1
    tally.coaches += len(result.vehicles)
    tally.lower_bound += result.lower_bound
    tally.riders += result.workers_planned
    tally.excluded += result.workers_excluded
    tally.on_the_road += 0 if arrived else result.workers_planned


def charter_week(ctx: DemoContext, labour) -> WeekTally:
    """Plan and run the week's coaches; the caller's transaction."""
    tally = WeekTally()
    with scopes_disabled():
        for day, riders in sorted(riders_by_day(ctx.county).items()):
            plan_day(ctx, labour, day, riders, tally)
    return tally


def summary_line(tally: WeekTally) -> str:
    first, last = departure_days()[0], departure_days()[-1]
    return (f"workforce: charter coaches {first:%d %b}–{last:%d %b}: {tally.plans} plans, {tally.coaches:,} coaches "
            f"(lower bound {tally.lower_bound:,}) for {tally.riders:,} workers, {tally.on_the_road:,} of them still "
            f"on the road; {tally.excluded:,} from high-risk origins not picked up")
