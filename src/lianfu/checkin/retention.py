"""How long entry records live: the entry log 31 days (enough to trace a case
back two incubation periods), the security audit of refusals (ActivityLog rows
of checkin.refused and checkin.code_refused) 180 days. Purged by
`lianfu entry_purge`, which `lianfu serve` runs with each helpdesk sweep."""
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin.models import Entry
from lianfu.common.models import ActivityLog

ENTRY_DAYS = 31
AUDIT_DAYS = 180
AUDITED = ("checkin.refused", "checkin.code_refused")
BATCH = 10_000


@dataclass(frozen=True)
class Purged:
    entries: int
    audit_rows: int


def _delete_in_batches(queryset) -> int:
    """Oldest first, a batch per transaction: never one lock over millions of rows."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                return deleted
            deleted += queryset.model.objects.filter(pk__in=ids).delete()[0]


def purge(now: dt.datetime | None = None) -> Purged:
    now = now or timezone.now()
    with scopes_disabled():
        entries = _delete_in_batches(Entry.objects.filter(scanned_at__lt=now - dt.timedelta(days=ENTRY_DAYS)))
        audit = _delete_in_batches(ActivityLog.objects.filter(
            action__in=AUDITED, at__lt=now - dt.timedelta(days=AUDIT_DAYS)))
    return Purged(entries, audit)
