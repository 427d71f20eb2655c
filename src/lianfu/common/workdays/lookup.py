"""Is a day a working day in China? In order of authority:

1. the county's entered calendar (``WorkCalendar``): for a year it has entered,
   its holidays are off, its make-up days are on and other days follow the
   week; a day an entered notice names in a neighbouring year (across New
   Year) follows that notice too;
2. the ``chinesecalendar`` package, for the years it was published with
   (1.11.0: 2004-2026);
3. Monday-Friday, so a deadline is always computable; a year counted this way
   is "missing" and said so (``years_missing``: the system check, the home page
   of those who can enter it, and one log line per year and process).

Answers are cached per process like the package's lookups were (a week of
demo tickets asks for the same few days thousands of times): the entered
calendars are read in one query and kept for ``CACHE_SECONDS``. Saving or
deleting a calendar clears the cache of the process that saved it at once
(``invalidate``, from the domain and from model signals); other processes (web
workers, the task worker) see the change within ``CACHE_SECONDS``.
"""
import datetime as dt
import functools
import logging
import time
from dataclasses import dataclass

import chinese_calendar
from django.db import transaction

from lianfu.common.enums import DayKind
from lianfu.common.models import WorkCalendar
from lianfu.common.workdays.validation import days_of

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
SATURDAY = 5
# Next year's schedule is asked for from November on: the State Council
# publishes it between late October and early December (2024's on 25 October
# 2023, 2019's on 6 December 2018), and a warning before then would ask all
# year for something that does not exist yet.
NEXT_YEAR_ASKED_FROM_MONTH = 11


class Source:
    """Where a year's working days come from."""
    ENTERED = "entered"
    PACKAGE = "package"
    WEEKDAYS = "weekdays"


@dataclass(frozen=True)
class Entered:
    years: frozenset[int]
    # Days an entered notice names: True = a make-up working day, False = a holiday.
    days: dict[dt.date, bool]


_entered: Entered | None = None
_expires = 0.0
_warned: set[int] = set()


@functools.cache
def _package_years() -> tuple[int, int]:
    years = chinese_calendar.constants.holidays.keys()
    return min(years).year, max(years).year


def package_covers(year: int) -> bool:
    """Whether ``chinesecalendar`` has the official schedule for ``year`` (it
    raises NotImplementedError for any other year)."""
    first, last = _package_years()
    return first <= year <= last


def _load() -> Entered:
    rows = list(WorkCalendar.objects.values_list("year", "entries__kind", "entries__first_day", "entries__last_day"))
    days: dict[dt.date, bool] = {}
    # A notice's days in its own year are applied last, so they win over a
    # neighbouring year's notice that names the same day.
    for year, kind, first, last in sorted((row for row in rows if row[1]), key=lambda row: row[2].year == row[0]):
        for day in days_of(first, last):
            days[day] = kind == DayKind.WORKDAY
    return Entered(years=frozenset(row[0] for row in rows), days=days)


def entered() -> Entered:
    global _entered, _expires
    current = _entered
    if current is None or time.monotonic() >= _expires:
        current = _load()
        _working.cache_clear()
        _entered, _expires = current, time.monotonic() + CACHE_SECONDS
    return current


def invalidate() -> None:
    """Forget the entered calendars (read again at the next lookup)."""
    global _entered
    _entered = None
    _working.cache_clear()
    _warned.clear()


def invalidate_on_commit() -> None:
    """Now, for the rest of this transaction, and after it commits, so no
    lookup made in between keeps what was read before the commit."""
    invalidate()
    transaction.on_commit(invalidate)


def source_of(year: int) -> str:
    if year in entered().years:
        return Source.ENTERED
    return Source.PACKAGE if package_covers(year) else Source.WEEKDAYS


def years_missing(today: dt.date) -> list[int]:
    """This year and (from November on) next year, when their working days
    would be counted Monday-Friday."""
    years = [today.year] + ([today.year + 1] if today.month >= NEXT_YEAR_ASKED_FROM_MONTH else [])
    return [year for year in years if source_of(year) == Source.WEEKDAYS]


def is_working_day(day: dt.date) -> bool:
    entered()  # reloads once the cache has expired
    return _working(day)


@functools.lru_cache(maxsize=8192)
def _working(day: dt.date) -> bool:
    calendars = entered()
    named = calendars.days.get(day)
    if named is not None:
        return named
    if day.year in calendars.years:
        return day.weekday() < SATURDAY
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    if day.year not in _warned:
        _warned.add(day.year)
        logger.warning("No official working-day calendar for %d: counting Monday to Friday as working days. "
                       "Enter the State Council's schedule for %d.", day.year, day.year)
    return day.weekday() < SATURDAY


def calendar_changed(**kwargs) -> None:
    """Receiver of the calendar models' save and delete signals."""
    invalidate_on_commit()
