"""What a calendar entry must satisfy; pure, shared by the model, the forms,
the admin and the domain."""
import datetime as dt
from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lianfu.common.enums import DayKind

# A holiday longer than this is a typing error (the longest so far, the 2020
# Spring Festival as extended, ran ten days).
LONGEST_ENTRY_DAYS = 31
SATURDAY = 5


def year_window(year: int) -> tuple[dt.date, dt.date]:
    """The days a year's notice may name: its own year and the month either
    side, because a notice sometimes settles a day across New Year (the 2012
    notice made Saturday 31 December 2011 a working day)."""
    return dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)


def days_of(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    return (first + dt.timedelta(days=i) for i in range((last - first).days + 1))


def entry_errors(year: int | None, kind: str, first: dt.date | None, last: dt.date | None) -> dict[str, list[str]]:
    """Field -> messages for one entry (empty when it is acceptable)."""
    if first is None or last is None:
        return {}
    if last < first:
        return {"last_day": [_("The last day comes before the first day.")]}
    errors: dict[str, list[str]] = {}
    if (last - first).days >= LONGEST_ENTRY_DAYS:
        errors.setdefault("last_day", []).append(
            _("An entry longer than %(days)d days is most likely a typing error.") % {"days": LONGEST_ENTRY_DAYS})
    if year is not None:
        start, end = year_window(year)
        if first < start or last > end:
            errors.setdefault("first_day", []).append(
                _("The days of the %(year)d calendar fall between %(start)s and %(end)s.")
                % {"year": year, "start": start.isoformat(), "end": end.isoformat()})
    if kind == DayKind.WORKDAY and not errors:
        weekdays = [day for day in days_of(first, last) if day.weekday() < SATURDAY]
        if weekdays:
            errors["first_day"] = [
                _("A make-up working day is a Saturday or Sunday; %(day)s is a %(weekday)s.")
                % {"day": weekdays[0].isoformat(), "weekday": date_format(weekdays[0], "l")}]
    return errors


def overlap_errors(entries: Iterable[tuple[str, dt.date, dt.date]]) -> list[str]:
    """Messages for days named by two entries of one calendar; ``entries`` are
    (name, first day, last day)."""
    seen: dict[dt.date, str] = {}
    errors = []
    for name, first, last in entries:
        for day in days_of(first, last):
            if day in seen:
                errors.append(_("%(day)s is in both “%(first)s” and “%(second)s”.")
                              % {"day": day.isoformat(), "first": seen[day], "second": name})
                break
            seen[day] = name
    return errors
