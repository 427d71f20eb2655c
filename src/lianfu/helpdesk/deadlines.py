"""The helpdesk's working-day deadline clock: functions of their arguments and
of China's calendar, which is the only thing read from the database (once,
then cached: common/workdays/lookup.py).

Counting rules:

* A *working day* is a day China works: public holidays are off and make-up
  working days (调休, e.g. Saturday 9 May 2020) are on, as the county entered
  them from the State Council's notice (``WorkCalendar``), else as published in
  ``chinese_calendar``. For a year neither has, Monday to Friday are working
  days, and the year is reported missing (see ``is_working_day``).
* *Working hours* are 08:30-17:30 (Asia/Shanghai) on working days; working
  time is counted only inside them.
* A ticket's *first counted day* is the day it was routed when that is a
  working day and routing happened before 17:30; otherwise (at or after 17:30,
  or on a non-working day) it is the next working day.
* ``deadline``: ordinary -> 17:30 of the first counted day; hard -> 17:30 of
  the third counted day. Monday 10:00 -> ordinary Monday 17:30, hard
  Wednesday 17:30; Monday 18:00 -> ordinary Tuesday, hard Thursday 17:30;
  Saturday -> ordinary Monday, hard Wednesday 17:30 (no holidays around).
* Overdue from the deadline on (``now >= deadline``).
* Escalated to the county from the instant the working time since routing
  reaches three times the allowed working time (routing -> deadline).
* ``extension``: the one extension grants the same allowance again, counted
  in working days after the deadline's day: ordinary +1, hard +3, ending 17:30.
* ``reopen_until``: an enterprise may reopen until 17:30 of the third working
  day after the day of resolution (whatever the hour of resolution); at 17:30
  the window is closed, like a deadline.

All functions take time-zone-aware datetimes (any zone) and return aware
datetimes in ``settings.TIME_ZONE`` (Asia/Shanghai). China has kept no
daylight saving since 1991, so wall-clock arithmetic inside a day is exact.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from lianfu.common.workdays import lookup as workdays

WORKDAY_START = dt.time(8, 30)
WORKDAY_END = dt.time(17, 30)

# Working days a deadline (and an extension) grants, by ticket difficulty;
# keys are the values of the helpdesk's difficulty choices.
ALLOWANCE_DAYS = {"ordinary": 1, "hard": 3}
REOPEN_DAYS = 3
ESCALATION_FACTOR = 3

_ONE_DAY = dt.timedelta(days=1)
_ONE_MINUTE = dt.timedelta(minutes=1)


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the project's zone; naive datetimes are refused because
    guessing their zone would silently shift deadlines by hours."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a time-zone-aware datetime, got naive {moment.isoformat()}")
    return moment.astimezone(zone())


# --- working days -----------------------------------------------------------

def is_working_day(day: dt.date) -> bool:
    """China's official working days: the county's entered calendar, else
    ``chinesecalendar``, else Monday-Friday (common/workdays/lookup.py, which
    caches them per process)."""
    return workdays.is_working_day(day)


def nth_working_day(first: dt.date, n: int) -> dt.date:
    """The ``n``-th working day counting from ``first`` itself (n >= 1)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    day = first - _ONE_DAY
    while n:
        day += _ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, WORKDAY_END, tzinfo=zone())


def _working_hours(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(day, WORKDAY_START, tzinfo=zone()), _end_of(day)


# --- working time -------------------------------------------------------------

def working_time(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Exact working time between two instants (zero when ``end <= start``)."""
    start, end = local(start), local(end)
    total = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        if is_working_day(day):
            opens, closes = _working_hours(day)
            total += max(dt.timedelta(0), min(end, closes) - max(start, opens))
        day += _ONE_DAY
    return total


def working_minutes(start: dt.datetime, end: dt.datetime) -> int:
    """Whole working minutes between two instants (a started minute does not
    count), for countdowns and reports."""
    return working_time(start, end) // _ONE_MINUTE


def add_working_time(start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The earliest instant at which ``amount`` of working time has passed
    since ``start``: a sum that uses up a day exactly ends at that day's
    17:30, not at the next working day's 08:30."""
    if amount < dt.timedelta(0):
        raise ValueError(f"working time to add must not be negative, got {amount}")
    moment = local(start)
    if not amount:
        return moment
    day = moment.date()
    while True:
        if is_working_day(day):
            opens, closes = _working_hours(day)
            begin = max(moment, opens)
            if begin <= closes and begin + amount <= closes:
                return begin + amount
            amount -= max(dt.timedelta(0), closes - begin)
        day += _ONE_DAY


def add_working_minutes(start: dt.datetime, minutes: int) -> dt.datetime:
    return add_working_time(start, minutes * _ONE_MINUTE)


# --- the helpdesk's rules -------------------------------------------------------

def _allowance(difficulty: str) -> int:
    try:
        return ALLOWANCE_DAYS[difficulty]
    except KeyError:
        raise ValueError(f"unknown difficulty {difficulty!r}; expected one of {sorted(ALLOWANCE_DAYS)}") from None


def first_counted_day(routed_at: dt.datetime) -> dt.date:
    """The routing day if routed on a working day before 17:30, else the next
    working day: a ticket routed at 17:30 would otherwise be due at once."""
    routed = local(routed_at)
    day = routed.date()
    if routed.time() >= WORKDAY_END:
        day += _ONE_DAY
    return nth_working_day(day, 1)


def deadline(routed_at: dt.datetime, difficulty: str) -> dt.datetime:
    """17:30 of the first (ordinary) or third (hard) counted working day."""
    return _end_of(nth_working_day(first_counted_day(routed_at), _allowance(difficulty)))


def extension(current_deadline: dt.datetime, difficulty: str) -> dt.datetime:
    """The deadline after the one extension: the same allowance again, in
    working days after the current deadline's day. That only one is granted,
    and only before the deadline, is the caller's rule (it knows the ticket)."""
    day = local(current_deadline).date() + _ONE_DAY
    return _end_of(nth_working_day(day, _allowance(difficulty)))


def allowed_minutes(routed_at: dt.datetime, due: dt.datetime) -> int:
    return working_minutes(routed_at, due)


def is_overdue(due: dt.datetime, now: dt.datetime) -> bool:
    return local(now) >= local(due)


def escalation_at(routed_at: dt.datetime, due: dt.datetime) -> dt.datetime:
    """When the working time since routing reaches three times the allowed
    working time; pass the extended deadline once an extension is granted.
    Computed from exact working time, so seconds in ``routed_at`` are kept."""
    return add_working_time(routed_at, ESCALATION_FACTOR * working_time(routed_at, due))


def is_escalated(routed_at: dt.datetime, due: dt.datetime, now: dt.datetime) -> bool:
    return local(now) >= escalation_at(routed_at, due)


def reopen_until(resolved_at: dt.datetime) -> dt.datetime:
    """17:30 of the third working day after the day of resolution."""
    return _end_of(nth_working_day(local(resolved_at).date() + _ONE_DAY, REOPEN_DAYS))


def can_reopen(resolved_at: dt.datetime, now: dt.datetime) -> bool:
    return local(now) < reopen_until(resolved_at)
