"""Capacity now (产能恢复) — the one definition (docs/metrics.md) that the chain
boards, their exports, the county's list of chains and the engine's adapter
(analysis/state.py) all read.

A firm's capacity on day D is the newer of two dated pieces of evidence:

- its restart confirmation (RestartConfirmation, restarted_on on or before D):
  the capacity it restarted at;
- its latest survey on or before D (capacity_pct).

On the same day the confirmation wins (a survey of that day may have been taken
before the restart). A firm with neither has no figure: it is shown as "—",
never as 0 %, and left out of every sum. So a restarted firm never shows the 0 %
of the survey it filed while closed, and a survey after the restart (80 % a
week on) is newer than the confirmation and shows."""
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django_scopes import scopes_disabled

from lianfu.restart.models import RestartConfirmation, Survey

CHUNK = 5000   # ids per IN (…) list: well under SQLite's parameter limit


class Source:
    RESTART = "restart"
    SURVEY = "survey"


@dataclass(frozen=True)
class CapacityNow:
    pct: int        # 0..100
    source: str     # Source.RESTART or Source.SURVEY
    on: date        # the day of that evidence


def _firm_batches(enterprises: Iterable[int] | QuerySet) -> Iterator[list[int] | QuerySet]:
    """A query of enterprises as one subquery (a county's tens of thousands of
    ids never travel as parameters), or ids CHUNK at a time."""
    if isinstance(enterprises, QuerySet):
        yield enterprises.values("pk")
        return
    ids = sorted(set(enterprises))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def latest_surveys_on(enterprises: Iterable[int] | QuerySet, day: date, fields: tuple[str, ...]) -> dict[int, tuple]:
    """enterprise id -> (surveyed_on, *fields) of its latest survey on or before
    ``day``: the newest row per firm picked by a window function. ``enterprises``:
    ids, or a query of enterprises."""
    found = {}
    with scopes_disabled():
        for batch in _firm_batches(enterprises):
            ranked = (Survey.objects.filter(enterprise_id__in=batch, surveyed_on__lte=day)
                      .annotate(rank=Window(RowNumber(), partition_by=[F("enterprise_id")],
                                            order_by=[F("surveyed_on").desc(), F("id").desc()]))
                      .filter(rank=1))
            found.update({pk: tuple(rest) for pk, *rest in ranked.values_list("enterprise_id", "surveyed_on", *fields)})
    return found


def capacity_on(enterprises: Iterable[int] | QuerySet, day: date,
                surveys: dict[int, tuple[date, int]] | None = None) -> dict[int, CapacityNow]:
    """Each firm's capacity on ``day`` (firms without evidence are absent).
    ``enterprises``: ids, or a query of enterprises. ``surveys``: pk ->
    (surveyed_on, capacity_pct) of the latest surveys on or before ``day``,
    when the caller has read them already (one query saved)."""
    if not isinstance(enterprises, QuerySet):
        enterprises = sorted(set(enterprises))
    if surveys is None:
        surveys = latest_surveys_on(enterprises, day, ("capacity_pct",))
    found = {pk: CapacityNow(pct, Source.SURVEY, surveyed_on) for pk, (surveyed_on, pct) in surveys.items()}
    with scopes_disabled():
        for batch in _firm_batches(enterprises):
            confirmed = RestartConfirmation.objects.filter(enterprise_id__in=batch, restarted_on__lte=day)
            for pk, restarted_on, pct in confirmed.values_list("enterprise_id", "restarted_on", "capacity_pct"):
                survey = found.get(pk)
                if survey is None or survey.on <= restarted_on:
                    found[pk] = CapacityNow(pct, Source.RESTART, restarted_on)
    return found
