"""The arguments of GET requests, read strictly: a bad value is a 400 naming
the argument and what was expected, never silently ignored (a client that
misspells a date would otherwise read the wrong 90 days as if they were right).

Per the spec's "Optional Arguments", an empty argument is the same as one not sent.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.helpdesk.enums import OPEN311_CLOSED, Category
from lianfu.helpdesk.open311.render import Open311Error

# "When not specified, the range defaults to most recent 90 days" and a range
# "may not span more than 90 days" (GET Service Requests).
WINDOW = timedelta(days=90)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000
STATUSES = ("open", "closed")

# The W3C profile of ISO 8601 the spec requires: a date, or a date and time
# with its zone (Z or ±hh:mm); a time without a zone is ambiguous by hours.
_W3C_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_W3C_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
                           r"(Z|[+-][0-9]{2}:[0-9]{2})")
_NUMBER = re.compile(r"[0-9]{1,18}")


def _given(params, name: str) -> str | None:
    value = (params.get(name) or "").strip()
    return value or None


def _items(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))


def request_ids(params) -> list[int] | None:
    """service_request_id, comma-separated; None when not given."""
    value = _given(params, "service_request_id")
    if value is None:
        return None
    ids = _items(value)
    bad = [item for item in ids if not _NUMBER.fullmatch(item)]
    if bad or not ids:
        raise Open311Error(400, _("service_request_id: expected request numbers separated by commas, got "
                                  "“%(value)s”.") % {"value": ", ".join(bad) or value})
    if len(ids) > MAX_PAGE_SIZE:
        raise Open311Error(400, _("service_request_id: at most %(limit)d requests at once.")
                           % {"limit": MAX_PAGE_SIZE})
    return [int(item) for item in ids]


def service_codes(params) -> list[str] | None:
    value = _given(params, "service_code")
    if value is None:
        return None
    codes = _items(value)
    unknown = [code for code in codes if code not in Category.values]
    if unknown:
        raise Open311Error(400, _("service_code: unknown “%(codes)s”; expected some of %(known)s.")
                           % {"codes": ", ".join(unknown), "known": ", ".join(Category.values)})
    return codes


def statuses(params) -> list[str] | None:
    value = _given(params, "status")
    if value is None:
        return None
    wanted = _items(value)
    unknown = [status for status in wanted if status not in STATUSES]
    if unknown:
        raise Open311Error(400, _("status: unknown “%(statuses)s”; expected open, closed or both separated "
                                  "by a comma.") % {"statuses": ", ".join(unknown)})
    return wanted


def moment(params, name: str, *, end: bool = False) -> datetime | None:
    """A W3C date-time; a bare date means the whole day in the project's zone
    (its first instant as a start, its last as an end)."""
    value = _given(params, name)
    if value is None:
        return None
    if _W3C_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None:
            return timezone.make_aware(datetime.combine(day, time.max if end else time.min))
    elif _W3C_DATETIME.fullmatch(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise Open311Error(400, _("%(name)s: expected a W3C date-time with its time zone, such as "
                              "2020-02-20T08:00:00+08:00 or 2020-02-20T00:00:00Z; got “%(value)s”.")
                       % {"name": name, "value": value})


def window(params, now: datetime) -> tuple[datetime, datetime | None]:
    """The requested_datetime range: at most 90 days, the latest 90 by default."""
    start, end = moment(params, "start_date"), moment(params, "end_date", end=True)
    if start is None and end is None:
        return now - WINDOW, None
    if start is None:
        return end - WINDOW, end
    if end is None:
        return start, start + WINDOW
    if end < start:
        raise Open311Error(400, _("end_date is before start_date."))
    if end - start > WINDOW:
        raise Open311Error(400, _("start_date to end_date may not span more than 90 days."))
    return start, end


def filters(params, now: datetime) -> Q:
    """What to read: the requests listed by id (which overrides every other
    argument, per the spec), else the window, service codes and statuses."""
    ids = request_ids(params)
    if ids is not None:
        return Q(pk__in=ids)
    start, end = window(params, now)
    query = Q(created_at__gte=start)
    if end is not None:
        query &= Q(created_at__lte=end)
    codes = service_codes(params)
    if codes is not None:
        query &= Q(category__in=codes)
    wanted = statuses(params)
    if wanted is not None and set(wanted) != set(STATUSES):
        closed = Q(status__in=OPEN311_CLOSED)
        query &= closed if wanted == ["closed"] else ~closed
    return query


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def _whole(params, name: str, default: int, limit: int) -> int:
    value = _given(params, name)
    if value is None:
        return default
    if not _NUMBER.fullmatch(value) or not 1 <= int(value) <= limit:
        raise Open311Error(400, _("%(name)s: expected a whole number from 1 to %(limit)d; got “%(value)s”.")
                           % {"name": name, "limit": limit, "value": value})
    return int(value)


def page(params) -> Page:
    """page (from 1) and page_size: not in the spec, whose bodies are bare
    lists; the totals travel in headers (views.paging_headers)."""
    return Page(number=_whole(params, "page", 1, MAX_PAGE),
                size=_whole(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))
