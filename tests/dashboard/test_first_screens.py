"""The officers' first screens on the hand-built county of test_metrics: the
county officer's home is the county overview (headline, trend, figures by town
with their export, chains with their blocking suppliers, overdue tickets by
owner, workers away); a town officer's home answers "what needs me today in my
town" (firms by stage, nobody surveyed, went backwards) and shows nothing of
the sibling town. The overview page has every block in place."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lianfu.restart import domain
from tests.dashboard.test_metrics import county  # noqa: F401 (the hand-built county)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.LIANFU_OVERVIEW_CACHE_SECONDS = 0


def block(page: str, block_id: str) -> str:
    return re.search(rf'id="{block_id}".*?</(section|table)>', page, re.S).group(0)


def rows(html: str) -> list[list[str]]:
    out = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells:
            out.append(cells)
    return out


def test_the_county_home_is_the_overview(county, personas, login):
    page = login(personas["county"]).get("/").content.decode()
    for block_id in ("figures-headline", "trend", "figures-by-town", "chains-behind", "overdue-owners",
                     "people-kpis", "workflow-kpis", "helpdesk-kpis"):
        assert f'id="{block_id}"' in page, block_id
    towns = rows(block(page, "towns"))
    assert [r[:4] for r in towns] == [["浒山街道", "3", "2", "66.7"], ["周巷镇", "3", "1", "33.3"]]
    chains = rows(block(page, "chains-behind"))
    assert chains == [["慈溪市甬达电器有限公司", "5", "1", "40.0", "40%", "丙轴承、丁电镀、戊钢材"]]
    assert 'id="town-stages"' not in page


def test_the_overview_page_has_every_block_in_place(county, personas, login):
    page = login(personas["county"]).get(reverse("dashboard:overview")).content.decode()
    assert rows(block(page, "chains-not-complete")) == [
        ["慈溪市甬达电器有限公司", "浒山街道", "5", "2", "40.0", "丙轴承、丁电镀、戊钢材"]]
    assert rows(block(page, "overdue-owners")) == [["没有超过期限的工单。"]]
    for block_id in ("people-kpis", "workflow-kpis", "helpdesk-kpis", "restart-first-card", "daily-report"):
        assert f'id="{block_id}"' in page, block_id


def test_a_town_officer_sees_their_towns_stages_gaps_and_drops_only(county, personas, members, login):
    today = timezone.localdate()
    domain.record_survey(actor=members["a"], enterprise=county["a"], surveyed_on=today, capacity_pct=30,
                         headcount_total=100, headcount_on_duty=40, headcount_away=60, blockers=[])
    page = login(personas["town_a"]).get("/").content.decode()
    stages = dict(re.findall(r'id="stage-(\w+)".*?class="value"[^>]*>(\d+)<', page, re.S))
    assert stages == {"not_surveyed": "1", "surveyed": "0", "filed": "0", "approved": "0",
                      "prevention_passed": "0", "restarted": "2"}        # 戊; 甬达 甲
    assert [r[0] for r in rows(block(page, "not-surveyed"))] == ["戊钢材"]
    assert rows(block(page, "went-backwards")) == [["甲铜业", "60", "30"]]   # restarted at 60, surveyed at 30
    assert 'id="figures-by-town"' not in page and "周巷镇" not in block(page, "town-stages")
    page_b = login(personas["town_b"]).get("/").content.decode()
    assert [r[0] for r in rows(block(page_b, "not-surveyed"))] == ["慈溪市周盛汽配有限公司"]
    assert rows(block(page_b, "went-backwards")) == [["本镇没有倒退的企业。"]]
    assert "甲铜业" not in page_b and "戊钢材" not in page_b


def test_a_firm_that_went_back_a_week_ago_is_not_listed_today(county, personas, members, login):
    week_ago = timezone.localdate() - timedelta(days=8)
    domain.record_survey(actor=members["a"], enterprise=county["a"], surveyed_on=week_ago, capacity_pct=30,
                         headcount_total=100, headcount_on_duty=40, headcount_away=60, blockers=[])
    page = login(personas["town_a"]).get("/").content.decode()
    assert rows(block(page, "went-backwards")) == [["本镇没有倒退的企业。"]]


def test_the_stage_links_filter_the_enterprise_list(county, personas, login):
    client = login(personas["town_a"])
    page = client.get(reverse("registry:enterprise_list"), {"stage": "not_surveyed"}).content.decode()
    assert "戊钢材" in page and "甲铜业" not in page and "周盛" not in page
    page = client.get(reverse("registry:enterprise_list"), {"stage": "restarted"}).content.decode()
    assert "甲铜业" in page and "甬达" in page and "戊钢材" not in page and "乙冲压" not in page
    api = client.get("/api/enterprises", {"stage": "restarted"}).json()
    assert sorted(e["name"] for e in api["items"]) == ["慈溪市甬达电器有限公司", "甲铜业"]


def test_firms_and_liaison_officers_keep_their_own_first_screens(county, personas, login):
    page = login(personas["firm_x"]).get("/").content.decode()
    assert 'id="figures-headline"' not in page and 'id="town-stages"' not in page
    page = login(personas["liaison_a"]).get("/").content.decode()
    assert 'id="figures-headline"' not in page and 'id="town-stages"' not in page
