"""Entering a year's working-day calendar (the county's officers on their page,
administrators in the admin): every change is audited and clears the cached
working days."""
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lianfu.common.audit import log_activity
from lianfu.common.models import WorkCalendar, WorkCalendarEntry
from lianfu.common.workdays.lookup import invalidate_on_commit
from lianfu.common.workdays.validation import entry_errors, overlap_errors
from lianfu.common.workflow import require

EDIT_PERMISSION = "common.edit_work_calendar"


@dataclass(frozen=True)
class Entry:
    kind: str
    name: str
    first_day: dt.date
    last_day: dt.date


def describe(entries) -> list[str]:
    """The entries as the audit trail keeps them: "holiday 春节 2027-02-05..2027-02-11"."""
    return [f"{e.kind} {e.name} {e.first_day.isoformat()}..{e.last_day.isoformat()}"
            for e in sorted(entries, key=lambda e: (e.first_day, e.kind))]


def _division_code() -> str:
    # The calendar moves the deadlines of the whole deployment: the home county's officers read the event.
    return settings.LIANFU_HOME_COUNTY.ljust(12, "0")


def audit_saved(*, actor, calendar: WorkCalendar, created: bool, before: list[str]) -> None:
    log_activity(actor=actor, action="work_calendar.saved", subject=calendar, division_code=_division_code(),
                 year=calendar.year, created=created, source=calendar.source_title, source_url=calendar.source_url,
                 before=before, after=describe(calendar.entries.all()))


def audit_deleted(*, actor, calendar: WorkCalendar) -> None:
    log_activity(actor=actor, action="work_calendar.deleted", subject=calendar, division_code=_division_code(),
                 year=calendar.year, source=calendar.source_title, before=describe(calendar.entries.all()))


def _check(year: int, entries: list[Entry]) -> None:
    messages = [message for entry in entries
                for field_messages in entry_errors(year, entry.kind, entry.first_day, entry.last_day).values()
                for message in field_messages]
    messages += overlap_errors((e.name, e.first_day, e.last_day) for e in entries)
    if messages:
        raise ValidationError(messages)


def save_calendar(*, actor, year: int, source_title: str, source_url: str, entries: list[Entry]) -> WorkCalendar:
    """Create or replace ``year``'s calendar: its source and all its entries."""
    require(actor, EDIT_PERMISSION)
    _check(year, entries)
    with transaction.atomic():
        calendar, created = WorkCalendar.objects.select_for_update().get_or_create(
            year=year, defaults={"source_title": source_title, "source_url": source_url, "updated_by": actor})
        before = [] if created else describe(calendar.entries.all())
        if not created:
            calendar.source_title, calendar.source_url, calendar.updated_by = source_title, source_url, actor
            calendar.save(update_fields=["source_title", "source_url", "updated_by", "updated_at"])
            calendar.entries.all().delete()
        WorkCalendarEntry.objects.bulk_create(
            WorkCalendarEntry(calendar=calendar, kind=e.kind, name=e.name, first_day=e.first_day, last_day=e.last_day)
            for e in entries)
        audit_saved(actor=actor, calendar=calendar, created=created, before=before)
        invalidate_on_commit()
    return calendar
