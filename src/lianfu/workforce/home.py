"""The labour officer's first screen: workers away and back, the on-duty rate
today and over the last two weeks (workforce/onduty.py), the firms lowest on
it, the records waiting for a decision, where the workers away come from (the
origin map's provinces) and the charter trips not yet arrived."""
import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from lianfu.registry.models import Enterprise
from lianfu.workforce import queries
from lianfu.workforce.enums import TripStatus
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


def labour_cards(user) -> dict:
    if not user.has_perm("workforce.view_workers"):
        return {}
    today = timezone.localdate()
    firms = Enterprise.objects.all()          # scoped to the user's reach
    book = OnDutyBook(firms)
    figures = book.firms_on(today)
    names = dict(firms.filter(pk__in=[f for f, x in figures.items() if x.headcount >= LOWEST_MIN_HEADCOUNT])
                 .values_list("pk", "name"))
    lowest = sorted(((figures[pk], pk, name) for pk, name in names.items()), key=lambda x: (x[0].rate, x[2]))
    days = [today - dt.timedelta(days=n) for n in range(CURVE_DAYS - 1, -1, -1)]
    return {"workforce": {
        "counts": queries.counts(),
        "today": total(figures.values()),   # the figures just read, not read again
        "curve": book.curve(days),
        "lowest": [{"pk": pk, "name": name, "figure": figure} for figure, pk, name in lowest[:LOWEST]],
        "origins": origin_figures(Worker.objects.all(), at=None, day=today, county=keeping_county(user)),
        "origin_rows": ORIGIN_ROWS,
        "trips": trips_in_progress() if user.has_perm("workforce.manage_trips") else None,
    }}


def trips_in_progress() -> list[dict]:
    """Plans with a vehicle planned or on the road: its vehicles by status and the workers on them."""
    plans = list(TripPlan.objects.filter(trips__status__in=ACTIVE_TRIPS).distinct().annotate(
        planned=Count("trips", filter=Q(trips__status=TripStatus.PLANNED), distinct=True),
        departed=Count("trips", filter=Q(trips__status=TripStatus.DEPARTED), distinct=True),
    ).order_by("departs_on", "pk"))
    riders = dict(TripSeat.objects.filter(trip__plan__in=[p.pk for p in plans], trip__status__in=ACTIVE_TRIPS)
                  .order_by().values("trip__plan").annotate(n=Count("id")).values_list("trip__plan", "n"))
    return [{"plan": p, "planned": p.planned, "departed": p.departed, "workers": riders.get(p.pk, 0)} for p in plans]
