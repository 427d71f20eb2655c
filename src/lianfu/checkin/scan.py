"""One scan at a door, the hottest path in lianfu: the code checked (no query
for a forged one), the device's worker, the per-minute cap, the health status,
and one append to the entry log, committed before the answer goes out (an
admitted scan is never lost, whatever happens to the server after).

A worker admitted at a door of their own employer who was not on duty (away,
returning) is at work from that day: the state change the on-duty rate reads
(workforce/onduty.py), written in the same transaction."""
import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lianfu.checkin.enums import EntryResult, Refusal
from lianfu.checkin.health import HealthStatus, provider
from lianfu.checkin.models import Entry, Place
from lianfu.common.audit import log_activity
from lianfu.workforce.domain import present_at_work
from lianfu.workforce.models import Worker

logger = logging.getLogger("lianfu.checkin")
CAP_PER_MINUTE = 3          # scans of one worker at one place in a minute; more are refused unlogged
MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class ScanAnswer:
    admitted: bool
    place: Place | None
    at: dt.datetime
    status: HealthStatus = HealthStatus.UNKNOWN
    refusal: Refusal | None = None


def refuse_code(place: Place | None, refusal: Refusal, now: dt.datetime) -> ScanAnswer:
    """A code that admits nobody: audited under its place when it names one we know."""
    if place is None:
        logger.warning("checkin: refused a code (%s)", refusal)
    else:
        log_activity(actor=None, action="checkin.code_refused", subject=place, division_code=place.division_id,
                     reason=str(refusal))
    return ScanAnswer(False, place, now, refusal=refusal)


def scan(place: Place, worker: Worker, now: dt.datetime | None = None) -> ScanAnswer:
    now = now or timezone.now()
    recent = Entry.objects.filter(worker=worker, place=place, scanned_at__gte=now - MINUTE).count()
    if recent >= CAP_PER_MINUTE:
        # Not logged: a loop of scans must not become a loop of writes.
        return ScanAnswer(False, place, now, refusal=Refusal.TOO_MANY)
    answer = provider().status_of(worker.id_hash)
    admitted = answer.status == HealthStatus.GREEN
    refusal = None if admitted else (Refusal.UNKNOWN if answer.status == HealthStatus.UNKNOWN
                                     else Refusal.NOT_GREEN)
    with transaction.atomic():
        entry = Entry.objects.create(
            place=place, worker=worker, enterprise_id=worker.enterprise_id, scanned_at=now,
            result=EntryResult.ADMITTED if admitted else EntryResult.REFUSED, status=answer.status,
            reason=(answer.reason or "")[:20])
        if admitted and place.enterprise_id == worker.enterprise_id:
            present_at_work(worker, timezone.localdate(now))      # on duty from today (workforce/onduty.py)
        if not admitted:
            log_activity(actor=None, action="checkin.refused", subject=entry, division_code=place.division_id,
                         place=place.pk, worker=worker.pk, status=str(answer.status), reason=answer.reason)
    return ScanAnswer(admitted, place, now, answer.status, refusal)
