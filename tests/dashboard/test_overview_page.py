"""The overview page and the daily snapshot: the headline of the reader's
division with its change since the day before (from yesterday's snapshot), the
tables by town and industry and their exports, the trend from the snapshots;
a town officer reads their town only, a firm gets 403."""
import io
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from lianfu.dashboard.models import Snapshot
from lianfu.registry.models import Division
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.dashboard.test_metrics import county, restart  # noqa: F401 (the hand-built county)

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:overview")


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.LIANFU_OVERVIEW_CACHE_SECONDS = 0


def kpi(page: str, key: str) -> str:
    block = re.search(rf'id="kpi-{key}">(.*?)</div>', page, re.S).group(1)
    value = re.search(r'class="value">([^<]*)<', block).group(1)
    change = re.search(r'class="change">([^<]*)<', block)
    return f"{value} {change.group(1)}" if change else value


def test_the_snapshot_command_writes_each_county_once_a_day(county):
    yesterday = timezone.localdate() - timedelta(days=1)
    out = StringIO()
    for _run in range(2):
        call_command("dashboard", "snapshot", "--date", yesterday.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [f"dashboard snapshot: 330282 {yesterday.isoformat()}: 3 of 6 firms "
                                           "restarted"] * 2
    [snapshot] = Snapshot.objects.all()
    assert (snapshot.county_id, snapshot.day, snapshot.figures["total"]["restarted"]) == (COUNTY, yesterday, 3)
    assert set(snapshot.figures["by_town"]) == {TOWN_A, TOWN_B}


def test_the_county_reads_its_headline_with_the_change_since_yesterday(county, personas, members, login):
    yesterday = timezone.localdate() - timedelta(days=1)
    call_command("dashboard", "snapshot", "--date", yesterday.isoformat(), stdout=StringIO())
    restart(personas, members, "s", county["s"], timezone.localdate(), 90)   # 丁 restarts today
    page = login(personas["county"]).get(URL).content.decode()
    assert kpi(page, "restart_rate") == "66.7% +16.7"           # 4 of 6, was 3 of 6
    assert kpi(page, "capacity") == "73.0% +0.4"                # 丁 at 90 instead of 80: 34300 / 470
    assert kpi(page, "chain_completion") == "60.0% +20.0"       # 3 of 5 suppliers
    assert kpi(page, "on_time_rate") == "66.7% 0.0"
    assert 'id="towns"' in page and 'id="industries"' in page
    assert re.search(r'id="trend-data"[^>]*>\[\["' + yesterday.isoformat() + r'", 50\.0, 72\.6, 38\.9\]\]', page)


def test_the_town_export_has_the_rows_of_the_page(county, personas, login):
    answer = login(personas["county"]).get(URL, {"export": "towns"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    rows = sheet.get_sheet_by_index(0).to_python()
    names = dict(Division.objects.filter(code__in=[TOWN_A, TOWN_B]).values_list("code", "name"))
    body = {row[0]: row[1:4] for row in rows if row and row[0] in names.values()}
    assert body == {names[TOWN_A]: [3, 2, 66.7], names[TOWN_B]: [3, 1, 33.3]}


def test_the_trend_export_has_the_rows_of_the_chart(county, personas, login):
    yesterday = timezone.localdate() - timedelta(days=1)
    call_command("dashboard", "snapshot", "--date", yesterday.isoformat(), stdout=StringIO())
    answer = login(personas["county"]).get(URL, {"export": "trend"})
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    rows = [row for row in sheet.get_sheet_by_index(0).to_python() if any(cell != "" for cell in row)]
    assert rows == [["日期", "复工率 (%)", "产能恢复 (%)", "到岗率 (%)"],
                    [yesterday.isoformat(), 50.0, 72.6, 38.9]]              # the chart's one point (trend-data above)
    assert login(personas["firm_x"]).get(URL, {"export": "trend"}).status_code == 403


def test_a_town_officer_reads_their_town_only_and_a_firm_is_refused(county, personas, login):
    page = login(personas["town_b"]).get(URL).content.decode()
    assert kpi(page, "restart_rate").startswith("33.3%")          # 乙 of 周盛 乙 丁
    assert 'id="towns"' not in page
    page_a = login(personas["town_a"]).get(URL).content.decode()
    assert kpi(page_a, "restart_rate").startswith("66.7%")        # 甬达 甲 of 甬达 甲 戊
    assert login(personas["firm_x"]).get(URL).status_code == 403
    assert login(personas["liaison_a"]).get(URL).status_code == 403


def test_the_officers_home_shows_the_headline_and_links_to_the_overview(county, personas, login):
    page = login(personas["county"]).get("/").content.decode()
    card = re.search(r'id="home-kpi-restart_rate" href="([^"]+)"><span class="value">([^<]+)<', page)
    assert card.groups() == (URL, "50.0%")
    assert 'id="figures-headline"' not in login(personas["firm_x"]).get("/").content.decode()
