"""Resilience planning as a county officer sees it (issue 17), in Chinese:
restart first with its reasons, the single-source list, a drill and the
comparison of two. Screenshots resilience-01 … 04 in test-output/browser/.

The lead (慈溪市甬达电器有限公司, 浒山) buys 冲压件 from a stamper in 浒山, which
buys 铜棒 from a copper-rod mill in 周巷, closed until it restarts in 5 days;
another copper mill in 周巷 is open. It buys 开关 from one switch maker in 佛山,
the only one anywhere near: a single source with no alternative in the county."""
from datetime import timedelta

import pytest
from django.utils import timezone

from lianfu.chains.domain import ensure_chain
from lianfu.common.roles import Role
from lianfu.restart import domain
from tests.browser.test_four_sync_journey import sign_in
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LEAD, STAMPER, COPPER = "慈溪市甬达电器有限公司", "慈溪市浒山冲压件厂", "慈溪市周巷铜棒厂"
SPARE, SWITCH = "慈溪市周巷铜材二厂", "佛山市顺德开关厂"
FOSHAN_TOWN = "440606101000"


@pytest.fixture
def world(db):
    county = UserFactory(username="county", role=Role.COUNTY_OFFICER, division_id="330282000000")
    lead = EnterpriseFactory(name=LEAD, industry_id="3857", division_id=TOWN_A, above_scale=True)
    stamper = EnterpriseFactory(name=STAMPER, industry_id="3360", division_id=TOWN_A)
    copper = EnterpriseFactory(name=COPPER, industry_id="3251", division_id=TOWN_B)
    spare = EnterpriseFactory(name=SPARE, industry_id="3251", division_id=TOWN_B)
    switch = EnterpriseFactory(name=SWITCH, industry_id="3824", division_id=FOSHAN_TOWN)
    link(stamper, lead, 400, item="冲压件", stock_days=1)
    link(copper, stamper, 300, item="铜棒", stock_days=1)
    link(spare, EnterpriseFactory(name="慈溪市别家电器厂", industry_id="3857", division_id=TOWN_B), 50, item="铜带")
    link(switch, lead, 100, item="开关", stock_days=5)
    domain.record_survey(actor=county, enterprise=copper, capacity_pct=0, headcount_total=60, headcount_on_duty=0,
                         headcount_away=60, planned_restart=timezone.localdate() + timedelta(days=5))
    ensure_chain(actor=None, lead=lead)
    return {"county": county}


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"resilience-{n:02d}-{name}.png"), full_page=True)


def test_restart_first_single_source_and_drills_in_the_browser(live_server, page, screenshot_dir, world):
    sign_in(page, live_server, "county")

    page.goto(f"{live_server.url}/chains/restart-first/")
    page.click("#compute")
    page.wait_for_selector("#restart-first")
    first = page.locator("#restart-first tbody tr").first.inner_text()
    assert COPPER in first and LEAD in first and "向慈溪市浒山冲压件厂供铜棒" in first and SPARE in first
    shot(page, screenshot_dir, 1, "restart-first")

    page.click("#nav-single-source")
    page.wait_for_url(f"{live_server.url}/chains/single-source/")
    assert SWITCH in page.locator("main").inner_text()
    shot(page, screenshot_dir, 2, "single-source")

    page.click("#nav-drills")
    for name, fill in (("周巷停产三天", lambda: page.check(f"input[name=towns][value='{TOWN_B}']")),
                       ("县外供应减半五天", lambda: page.check("input[name=outside][value=county]"))):
        page.click("#new-drill")
        page.fill("#id_name", name)
        fill()
        page.fill("#id_days", "3" if "三" in name else "5")
        page.fill("#id_capacity_pct", "0" if "三" in name else "50")
        page.click("#drill-form button[type=submit]")
        page.wait_for_selector("#kpi-1")
        assert page.locator("h1").inner_text().endswith(name)
        if "三" in name:
            shot(page, screenshot_dir, 3, "drill")
        page.click("#nav-drills")
        # The click only starts the navigation: wait for the list, or the boxes below are read from the old page.
        page.wait_for_url(f"{live_server.url}/chains/drills/")
    boxes = page.locator("#compare-form input[name=ids]")
    assert boxes.count() == 2
    for box in boxes.all():
        box.check()
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**/chains/drills/compare/**")
    text = page.locator("main").inner_text()
    assert "周巷停产三天" in text and "县外供应减半五天" in text and LEAD in text
    shot(page, screenshot_dir, 4, "drill-compare")
