"""The major-project library in a browser: a town officer opens the library
from the navigation, sees the late project flagged, records the stage it
reached on its page; the county reads the leaders' page (the chart drawn with
its table beside it); on a 360 px phone the list scrolls in its own box.
Screenshots at each step."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.projects.models import Project, ProjectUpdate
from tests.browser.test_four_sync_journey import PHONE, fits_the_phone, sign_in
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"projects-{n:02d}-{name}.png"), full_page=True)


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def library():
    town = UserFactory(username="town_user", role=Role.TOWN_OFFICER, division_id=TOWN_A, first_name="王主任")
    UserFactory(username="county_user", role=Role.COUNTY_OFFICER, division_id=COUNTY, first_name="陈局长")
    rows = [
        ("ZD2020001", TOWN_A, "铝基复合新材料项目", "signed", 53000,
         {"planned_land": day(-6), "planned_started": day(40)}),
        ("ZD2020002", TOWN_A, "年产1250万套健身体育用品项目", "approvals", 12500, {"planned_started": day(12)}),
        ("ZD2020003", TOWN_B, "年产200万套汽车行李架项目", "started", 9800, {"planned_completed": day(-3)}),
        ("ZD2020004", TOWN_A, "年产5万个冲浪板、8万艘皮划艇项目", "completed", 8050, {}),
        ("ZD2020005", TOWN_B, "光伏组件及储能设备项目", "", 61000, {"planned_signed": day(20)}),
    ]
    with scopes_disabled():
        for code, where, name, stage, total, planned in rows:
            Project.objects.create(county_id=COUNTY, town_id=where, code=code, name=name, stage=stage,
                                   total_investment=Decimal(total), investment_this_year=Decimal(total) / 4,
                                   leader_name="张伟", leader_post="副市长", officer=town if where == TOWN_A else None,
                                   **planned)
        return Project.objects.get(code="ZD2020001")


def test_a_town_officer_records_the_land_and_the_county_reads_the_leaders_page(live_server, browser, page,
                                                                              screenshot_dir, library):
    sign_in(page, live_server, "town_user")
    page.click("#nav-projects")
    page.wait_for_selector("#projects")
    rows = page.locator("#projects tbody tr")
    assert rows.count() == 3                                     # the town's three, not 周巷镇's
    assert page.get_attribute(f"#project-{library.pk}", "class") == "overdue"
    shot(page, screenshot_dir, 1, "list")

    page.click(f"#project-{library.pk} td:nth-child(2) a")
    page.wait_for_selector("#update-form")
    assert page.get_attribute("#stage-land", "class") == "overdue"
    page.fill("#id_on", day(-1).isoformat())
    page.select_option("#id_stage", "land")
    page.fill("#id_note", "土地出让合同已签订，完成摘牌")
    page.click("#update-form button[type=submit]")
    page.wait_for_selector(".messages li")
    assert page.get_attribute("#stage-land", "class") is None    # reached: no longer late
    assert "土地出让合同已签订" in page.inner_text("#update-table")
    shot(page, screenshot_dir, 2, "project")
    with scopes_disabled():
        project = Project.objects.get(pk=library.pk)
        assert (project.stage, project.reached_land) == ("land", day(-1))
        assert ProjectUpdate.objects.filter(project=project, recorded_by__username="town_user").count() == 1

    sign_in(page, live_server, "county_user")
    page.click("#nav-projects")
    page.click("#to-leaders")
    page.wait_for_selector("#stage-chart svg")
    counts = {row.get_attribute("id"): row.locator("td").nth(1).inner_text()
              for row in page.locator("#stage-figures tbody tr").all()}
    assert counts == {"figures-none": "1", "figures-signed": "0", "figures-land": "1", "figures-approvals": "1",
                      "figures-started": "1", "figures-completed": "1"}
    assert page.locator("#overdue-table tbody tr.overdue").count() == 1       # 行李架: completion late
    shot(page, screenshot_dir, 3, "leaders")


def test_the_list_scrolls_in_its_own_box_on_a_phone(live_server, browser, screenshot_dir, library):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, live_server, "county_user")
    phone.goto(f"{live_server.url}/projects/")
    phone.wait_for_selector("#projects")
    assert fits_the_phone(phone)
    table = phone.locator("#projects")
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    cells = phone.locator("#projects tbody tr").first.locator("td")
    assert cells.count() == 10 and "ZD2020001" in cells.nth(0).inner_text()
    shot(phone, screenshot_dir, 4, "list-phone")
    phone.goto(f"{live_server.url}/projects/{library.pk}/")
    phone.wait_for_selector("#update-form")
    assert fits_the_phone(phone)
    phone.context.close()
