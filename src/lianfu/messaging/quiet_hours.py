"""Quiet hours: a span of local time (settings.TIME_ZONE, the county's clock)
in which nothing but urgent items is sent. The span may cross midnight (22:00 to
07:00); a start equal to its end means no quiet hours at all."""
from datetime import datetime, time, timedelta

from django.utils import timezone


def quiet_until(now: datetime, start: time, end: time) -> datetime | None:
    """The moment the quiet hours around ``now`` end, or None when ``now`` is
    outside them."""
    if start == end:
        return None
    here = timezone.localtime(now)
    clock, today = here.time(), here.date()
    if start < end:
        inside, end_day = start <= clock < end, today
    else:
        inside = clock >= start or clock < end
        end_day = today + timedelta(days=1) if clock >= start else today
    if not inside:
        return None
    return timezone.make_aware(datetime.combine(end_day, end))


def send_at(now: datetime, start: time, end: time) -> datetime:
    """When an item that is not urgent may go: now, or the end of quiet hours."""
    return quiet_until(now, start, end) or now
