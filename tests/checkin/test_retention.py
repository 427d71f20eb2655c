"""Entry records past their retention go, with a frozen clock: the entry log
after 31 days, the refusal audit after 180; nothing younger, nothing else."""
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin.enums import EntryResult
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import Entry, Place
from lianfu.checkin.retention import purge
from lianfu.common.audit import log_activity
from lianfu.common.models import ActivityLog
from tests.conftest import TOWN_A

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 6, 30, 3, 0))


def test_purge_keeps_31_days_of_entries_and_180_of_refusal_audit(firm_x):
    with scopes_disabled():
        place = Place.objects.create(name="一号门", enterprise=firm_x, division_id=TOWN_A)
    ages = (0, 30, 31, 45, 179, 181)
    for days in ages:
        at = NOW - dt.timedelta(days=days, minutes=1)
        with time_machine.travel(at, tick=False):
            entry = Entry.objects.create(place=place, scanned_at=at, result=EntryResult.REFUSED,
                                         status=HealthStatus.RED, reason=f"{days}d")
            log_activity(actor=None, action="checkin.refused", subject=entry, division_code=TOWN_A)
            log_activity(actor=None, action="checkin.place_added", subject=place, division_code=TOWN_A)
    with time_machine.travel(NOW, tick=False):
        done = purge()
        assert (done.entries, done.audit_rows) == (4, 1)
        assert (purge().entries, purge().audit_rows) == (0, 0)            # nothing left to do
        call_command("entry_purge")
    with scopes_disabled():
        assert sorted(Entry.objects.values_list("reason", flat=True)) == ["0d", "30d"]
    kept = ActivityLog.objects.filter(action="checkin.refused").count()
    assert (kept, ActivityLog.objects.filter(action="checkin.place_added").count()) == (5, 6)
