"""Where the pages and the daily report take a day's figures from
(dashboard/current.py figures_of_day): today's from the cache that `lianfu
dashboard warm` fills, a past day's from its snapshot, rebuilt from the records
when there is none or when asked; a town's always from its own records."""
import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from lianfu.dashboard.current import figures_of_day
from lianfu.dashboard.models import Snapshot
from lianfu.registry.models import Division
from tests.conftest import COUNTY, TOWN_B
from tests.dashboard.test_metrics import CIXI, county, restart  # noqa: F401 (the hand-built county)

pytestmark = pytest.mark.django_db
D = datetime.date(2020, 2, 28)


def test_a_past_day_reads_its_snapshot_until_asked_to_rebuild(county, personas, members):
    call_command("dashboard", "snapshot", "--date", D.isoformat(), stdout=StringIO())
    cixi = Division.objects.get(code=COUNTY)
    assert figures_of_day(cixi, D).total.restarted == 3
    # A restart entered late, dated that day: the snapshot still says 3, a rebuild says 4.
    restart(personas, members, "s", county["s"], D, 90)
    assert figures_of_day(cixi, D).total.restarted == 3
    assert figures_of_day(cixi, D, rebuild=True).total.restarted == 4
    call_command("dashboard", "snapshot", "--date", D.isoformat(), stdout=StringIO())
    assert figures_of_day(cixi, D).total.restarted == 4


def test_without_a_snapshot_a_past_day_and_a_town_are_rebuilt(county):
    assert not Snapshot.objects.exists()
    assert figures_of_day(Division.objects.get(code=COUNTY), D).total.restarted == 3
    call_command("dashboard", "snapshot", "--date", D.isoformat(), stdout=StringIO())
    town = figures_of_day(Division.objects.get(code=TOWN_B), D)
    assert (town.prefix, town.total.firms, town.total.restarted, sorted(town.by_industry)) == (
        TOWN_B[:9], 3, 1, ["36", "38"])


def test_warm_fills_todays_cache_that_the_pages_then_read(county, personas, members):
    out = StringIO()
    call_command("dashboard", "warm", "--keep", "600", stdout=out)
    today = timezone.localdate()
    assert out.getvalue().startswith(f"dashboard warm: {CIXI} {today.isoformat()} in ")
    cixi = Division.objects.get(code=COUNTY)
    assert figures_of_day(cixi, today).total.restarted == 3
    restart(personas, members, "s", county["s"], today, 90)     # within the cache's life: not yet seen
    assert figures_of_day(cixi, today).total.restarted == 3
    call_command("dashboard", "warm", stdout=StringIO())
    assert figures_of_day(cixi, today).total.restarted == 4
    cache.clear()
    assert figures_of_day(cixi, today, rebuild=True).total.restarted == 4
