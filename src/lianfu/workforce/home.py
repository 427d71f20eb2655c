"""The labour officer's first screen: workers away and back, the on-duty rate
today and over the last two weeks (workforce/onduty.py), the firms lowest on
it, the records waiting for a decision, where the workers away come from (the
origin map's provinces) and the charter trips not yet arrived."""
import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.registry.models import Division, Enterprise
from lianfu.workforce import queries
from lianfu.workforce.enums import TripStatus, WorkerState
from lianfu.workforce.models import TripPlan, TripSeat, Worker
from lianfu.workforce.onduty import OnDutyBook, total
from lianfu.workforce.origin_map import origin_figures
from lianfu.workforce.risk import keeping_county
from lianfu.workforce.trip_planning import ACTIVE_TRIPS

CURVE_DAYS = 14
LOWEST = 10
# A firm of two people at 0 % is not where a labour officer starts.
LOWEST_MIN_HEADCOUNT = 10
ORIGIN_ROWS = 6
TREND_DAYS = 7


def by_town(book: OnDutyBook, town_of: dict[int, str], today: dt.date) -> list[dict]:
    """Each town's on-duty figure today and a week before (the firms' figures
    summed: the one definition of workforce/onduty.py), the lowest rate first."""
    now, before = book.firms_on(today), book.firms_on(today - dt.timedelta(days=TREND_DAYS))
    towns: dict[str, tuple[list, list]] = {}
    for pk, town in town_of.items():
        pair = towns.setdefault(town or "", ([], []))
        if pk in now:
            pair[0].append(now[pk])
        if pk in before:
            pair[1].append(before[pk])
    names = dict(Division.objects.filter(code__in=[t for t in towns if t]).values_list("code", "name"))
    rows = [{"code": code, "name": names.get(code, code), "today": total(a), "before": total(b)}
            for code, (a, b) in towns.items() if a]
    return sorted(rows, key=lambda r: (r["today"].rate if r["today"].rate is not None else 101, r["name"]))


def labour_cards(user) -> dict:
    if not user.has_perm("workforce.view_workers"):
        return {}
    today = timezone.localdate()
    firms = Enterprise.objects.all()          # scoped to the user's reach
    book = OnDutyBook(firms)
    figures = book.firms_on(today)
    town_of = dict(firms.values_list("pk", "division_id"))
    names = dict(firms.filter(pk__in=[f for f, x in figures.items() if x.headcount >= LOWEST_MIN_HEADCOUNT])
                 .values_list("pk", "name"))
    lowest = sorted(((figures[pk], pk, name) for pk, name in names.items()), key=lambda x: (x[0].rate, x[2]))
    days = [today - dt.timedelta(days=n) for n in range(CURVE_DAYS - 1, -1, -1)]
    return {"workforce": {
        "counts": queries.counts(),
        "today": total(figures.values()),   # the figures just read, not read again
        "curve": book.curve(days),
        "towns": by_town(book, town_of, today),
        "trend_days": TREND_DAYS,
        "lowest": [{"pk": pk, "name": name, "figure": figure} for figure, pk, name in lowest[:LOWEST]],
        "origins": origin_figures(Worker.objects.all(), at=None, day=today, county=keeping_county(user)),
        "origin_rows": ORIGIN_ROWS,
        "trips": trips_in_progress() if user.has_perm("workforce.manage_trips") else None,
    }}


def enterprise_cards(user) -> dict:
    """A firm's own people on its home: today's on-duty figure (the one definition),
    who is away or on the way back, its trips not yet arrived, its open positions."""
    if not user.has_perm("workforce.view_workers") or user.enterprise_id is None:
        return {}
    counts = queries.counts()                 # Worker.objects is scoped to the firm
    if not counts["on_roster"]:
        return {"our_workers": {"empty": True}}
    figure = OnDutyBook([user.enterprise_id]).firm(user.enterprise_id, timezone.localdate())
    on_trips = (TripSeat.objects.filter(trip__status__in=ACTIVE_TRIPS, worker__enterprise_id=user.enterprise_id)
                .count())
    return {"our_workers": {"empty": False, "counts": counts, "today": figure, "on_trips": on_trips}}


def trips_in_progress() -> list[dict]:
    """Plans with a vehicle planned or on the road: its vehicles by status and the workers on them."""
    plans = list(TripPlan.objects.filter(trips__status__in=ACTIVE_TRIPS).distinct().annotate(
        planned=Count("trips", filter=Q(trips__status=TripStatus.PLANNED), distinct=True),
        departed=Count("trips", filter=Q(trips__status=TripStatus.DEPARTED), distinct=True),
    ).order_by("departs_on", "pk"))
    riders = dict(TripSeat.objects.filter(trip__plan__in=[p.pk for p in plans], trip__status__in=ACTIVE_TRIPS)
                  .order_by().values("trip__plan").annotate(n=Count("id")).values_list("trip__plan", "n"))
    return [{"plan": p, "planned": p.planned, "departed": p.departed, "workers": riders.get(p.pk, 0)} for p in plans]


def people_figures(prefix: str) -> dict:
    """For the county's (or a town's) overview: workers away, on the way back
    and back, and the workers on charter trips not yet arrived, counted over the
    division's firms. Counts only, no person: the officers who read the overview
    do not all read worker records."""
    with scopes_disabled():
        workers = Worker.objects.filter(enterprise__division__code__startswith=prefix)
        counts = workers.aggregate(away=Count("id", filter=Q(state=WorkerState.AWAY)),
                                   returning=Count("id", filter=Q(state=WorkerState.RETURNING)),
                                   back=Count("id", filter=Q(state=WorkerState.BACK)))
        seats = TripSeat.objects.filter(trip__status__in=ACTIVE_TRIPS,
                                        worker__enterprise__division__code__startswith=prefix)
        counts["on_trips"] = seats.count()
        counts["trips"] = seats.order_by().values("trip_id").distinct().count()
    return counts
