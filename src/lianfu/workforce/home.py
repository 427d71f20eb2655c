"""The labour officer's first screen: workers away and back, the on-duty rate
today and over the last two weeks (workforce/onduty.py), the firms lowest on
it, and the records waiting for a decision."""
import datetime as dt

from django.utils import timezone

from lianfu.registry.models import Enterprise
from lianfu.workforce import queries
from lianfu.workforce.onduty import OnDutyBook, total

CURVE_DAYS = 14
LOWEST = 10
# A firm of two people at 0 % is not where a labour officer starts.
LOWEST_MIN_HEADCOUNT = 10


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
    }}
