"""The on-duty rate (到岗率): its one definition (docs/metrics.md), for a
firm, any set of firms, and any past day.

A firm's figure on day D is (on duty, headcount) from the newer of two kinds
of evidence dated on or before D:
- its roster: the workers whose latest state change on or before D is at this
  firm and not "left"; on duty = at work or back. Dated by the latest state
  change on or before D that began or ended a worker's stay at the firm
  (kept by day in RosterDay: workforce/roster_days.py).
- its latest survey on or before D: headcount_on_duty / headcount_total.
The newer wins; on the same day the roster wins (it counts people, not a
reported total). A roster of nobody gives way to the survey. No evidence: no
figure, and the firm is left out of every sum (shown as "—", never as 0 %).
A set of firms: the sum of on duty over the sum of headcount of the firms with
a figure."""
import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, QuerySet, Sum
from django_scopes import scopes_disabled

from lianfu.restart.models import Survey
from lianfu.workforce.models import RosterDay

ROSTER, SURVEY = "roster", "survey"


@dataclass(frozen=True)
class OnDuty:
    on_duty: int
    headcount: int
    source: str = ""              # ROSTER | SURVEY ("" for a sum)
    as_of: dt.date | None = None

    @property
    def rate(self) -> float | None:
        """Percent, one decimal; None without a headcount."""
        return round(100 * self.on_duty / self.headcount, 1) if self.headcount else None


def total(figures: Iterable[OnDuty]) -> OnDuty:
    on_duty = headcount = 0
    for figure in figures:
        on_duty, headcount = on_duty + figure.on_duty, headcount + figure.headcount
    return OnDuty(on_duty, headcount)


class _Roster:
    """Every firm's roster counts on every day: the running sums of its
    RosterDay rows (workforce/roster_days.py), dated by the latest row."""

    def __init__(self, firm_ids: Iterable[int] | QuerySet | None):
        rows = RosterDay.objects.order_by("enterprise_id", "day")
        if firm_ids is not None:
            rows = rows.filter(enterprise_id__in=firm_ids)
        # firm -> (days, [(headcount, on duty) from that day on])
        self.cumulative: dict[int, tuple[list[dt.date], list[tuple[int, int]]]] = {}
        firm_days = firm_counts = None
        last_firm, headcount, on_duty = None, 0, 0
        for firm, day, dh, dd in rows.values_list("enterprise_id", "day", "headcount_change", "on_duty_change") \
                .iterator(chunk_size=5000):
            if firm != last_firm:
                firm_days, firm_counts = self.cumulative.setdefault(firm, ([], []))
                last_firm, headcount, on_duty = firm, 0, 0
            headcount, on_duty = headcount + dh, on_duty + dd
            firm_days.append(day)
            firm_counts.append((headcount, on_duty))

    @property
    def firms(self) -> set[int]:
        return set(self.cumulative)

    def on(self, firm: int, day: dt.date) -> OnDuty | None:
        days, counts = self.cumulative.get(firm, ((), ()))
        i = bisect_right(days, day) - 1
        if i < 0:
            return None
        headcount, on_duty = counts[i]
        return OnDuty(on_duty, headcount, ROSTER, days[i])


class _RosterOn:
    """The same counts for one day only, summed by the database: a row per
    firm instead of every firm's whole history (a county's figures of a day)."""

    def __init__(self, firm_ids: Iterable[int] | QuerySet | None, day: dt.date):
        rows = RosterDay.objects.filter(day__lte=day)
        if firm_ids is not None:
            rows = rows.filter(enterprise_id__in=firm_ids)
        self.day = day
        self.counts = {firm: (headcount, on_duty, as_of) for firm, headcount, on_duty, as_of in rows
                       .values("enterprise_id").order_by()
                       .annotate(headcount=Sum("headcount_change"), on_duty=Sum("on_duty_change"), as_of=Max("day"))
                       .values_list("enterprise_id", "headcount", "on_duty", "as_of")}

    @property
    def firms(self) -> set[int]:
        return set(self.counts)

    def on(self, firm: int, day: dt.date) -> OnDuty | None:
        if day != self.day:
            raise ValueError(f"this roster was read for {self.day}, not {day}")
        found = self.counts.get(firm)
        return None if found is None else OnDuty(found[1], found[0], ROSTER, found[2])


class _Surveys:
    def __init__(self, firm_ids: Iterable[int] | None):
        surveys = Survey.objects.order_by("enterprise_id", "surveyed_on", "id")
        if firm_ids is not None:
            surveys = surveys.filter(enterprise_id__in=firm_ids)
        self.by_firm: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
        for firm, day, on_duty, headcount in surveys.values_list(
                "enterprise_id", "surveyed_on", "headcount_on_duty", "headcount_total"):
            days, figures = self.by_firm[firm]
            if days and days[-1] == day:   # the later survey of the same day stands
                figures[-1] = OnDuty(on_duty, headcount, SURVEY, day)
            else:
                days.append(day)
                figures.append(OnDuty(on_duty, headcount, SURVEY, day))

    def on(self, firm: int, day: dt.date) -> OnDuty | None:
        if firm not in self.by_firm:
            return None
        days, figures = self.by_firm[firm]
        i = bisect_right(days, day) - 1
        return figures[i] if i >= 0 else None


class OnDutyBook:
    """The evidence of a set of firms (None: every firm), read once, then asked
    for any firm and day. Reads unscoped: callers pass the firms their user may see."""

    def __init__(self, firm_ids: Iterable[int] | QuerySet | None = None, *, day: dt.date | None = None):
        """``firm_ids``: ids, or a query of enterprises (read as a subquery:
        a county's tens of thousands of ids never travel as parameters).
        ``day``: the book answers for that day only, read faster."""
        if isinstance(firm_ids, QuerySet):
            ids, self.firms = firm_ids.values("pk"), set(firm_ids.values_list("pk", flat=True))
        else:
            ids = None if firm_ids is None else list(firm_ids)
            self.firms = set(ids) if ids is not None else None
        with scopes_disabled():
            self.roster = _Roster(ids) if day is None else _RosterOn(ids, day)
            self.surveys = _Surveys(ids)
        if self.firms is None:
            self.firms = self.roster.firms | set(self.surveys.by_firm)

    def firm(self, firm: int, day: dt.date) -> OnDuty | None:
        roster, survey = self.roster.on(firm, day), self.surveys.on(firm, day)
        if roster is not None and roster.headcount and (survey is None or roster.as_of >= survey.as_of):
            return roster
        return survey

    def firms_on(self, day: dt.date, firms: Iterable[int] | None = None) -> dict[int, OnDuty]:
        found = {}
        for firm in (self.firms if firms is None else firms):
            figure = self.firm(firm, day)
            if figure is not None:
                found[firm] = figure
        return found

    def total_on(self, day: dt.date, firms: Iterable[int] | None = None) -> OnDuty:
        return total(self.firms_on(day, firms).values())

    def curve(self, days: Iterable[dt.date], firms: Iterable[int] | None = None) -> list[tuple[dt.date, OnDuty]]:
        firms = list(self.firms if firms is None else firms)
        return [(day, self.total_on(day, firms)) for day in days]


def firm_on_duty(firm_ids: Iterable[int], day: dt.date) -> dict[int, OnDuty]:
    """Each firm's figure on ``day`` (firms without one are absent)."""
    ids = list(firm_ids)
    return OnDutyBook(ids).firms_on(day, ids)


def on_duty_pairs(firm_ids: Iterable[int], day: dt.date) -> dict[int, tuple[int, int]]:
    """firm_on_duty as plain pairs, for common.figures (pages of lower layers)."""
    return {firm: (f.on_duty, f.headcount) for firm, f in firm_on_duty(firm_ids, day).items()}
