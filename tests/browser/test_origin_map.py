"""The origin map in a browser, as a labour officer uses it: the provinces of
China coloured by risk with the workers away on circles, a click on 安徽省 opens
its cities, a click on 阜阳市 its counties, the table beside the map follows each
step, the breadcrumb goes back up, and the table exports to Excel. A screenshot
at each level, and one on a phone."""
import datetime as dt

import pytest
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.roles import Role
from lianfu.workforce import maps
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.models import OriginRisk, Worker
from tests.browser.test_four_sync_journey import fits_the_phone, sign_in
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANHUI, FUYANG, LINQUAN, JIESHOU = "340000000000", "341200000000", "341221000000", "341282000000"
HEFEI = "340100000000"
DAY = "2020-02-16"
PHONE = {"width": 360, "height": 740}
# origin county -> (workers away, of whom want to return)
AWAY = {"341221": (6, 4), "341282": (3, 1), "340122": (2, 2), "511923": (4, 0), "420106": (1, 1)}


@pytest.fixture
def world(db):
    firm = EnterpriseFactory(name="慈溪市甬达电器有限公司", division_id=TOWN_A)
    sequence = 0
    for origin, (away, wants) in AWAY.items():
        for n in range(away):
            sequence += 1
            worker = make_worker(firm, f"工人{sequence}", number=id_number(origin, "19900101", sequence),
                                 history=[(dt.date(2020, 2, 10), WorkerState.AWAY)])
            with scopes_disabled():
                Worker.objects.filter(pk=worker.pk).update(wants_return=n < wants)
    unknown = make_worker(firm, "无名", number=id_number("330282", "19900101", 999),
                          history=[(dt.date(2020, 2, 10), WorkerState.AWAY)])
    with scopes_disabled():
        Worker.objects.filter(pk=unknown.pk).update(origin=None, origin_source="unknown")
        for division, level in ((ANHUI, RiskLevel.LOW), (FUYANG, RiskLevel.HIGH), ("420000000000", RiskLevel.HIGH),
                                (LINQUAN, RiskLevel.MEDIUM)):
            OriginRisk.objects.create(county_id=COUNTY, division_id=division, level=level,
                                      effective_from=dt.date(2020, 2, 1))
    UserFactory(username="labour_user", role=Role.LABOUR_OFFICER, division_id=COUNTY)


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"origin-map-{n:02d}-{name}.png"), full_page=True)


def wait_for_level(page, code: str) -> None:
    page.wait_for_selector(f"#origin-map[data-ready='{code}']")
    page.wait_for_selector(f"#origin-panel[data-at='{code if code != 'china' else ''}']")


def click_region(page, code: str) -> None:
    """A real click on the map, at the region's label point (as drawn by ECharts)."""
    lon, lat = maps.centroids()[code]
    x, y = page.evaluate("""([lon, lat]) => {
        const chart = echarts.getInstanceByDom(document.getElementById('origin-map'));
        return chart.convertToPixel({geoIndex: 0}, [lon, lat]);
    }""", [lon, lat])
    box = page.locator("#origin-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def table(page) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in page.locator("#origin-table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText))")]


def test_a_labour_officer_drills_down_from_china_to_a_city_and_back(live_server, page, browser, screenshot_dir,
                                                                    world, tmp_path):
    sign_in(page, live_server, "labour_user")
    page.click("#nav-origin-map")
    page.wait_for_url(f"{live_server.url}/workers/origins/")
    page.fill("#id_day", DAY)
    page.click("#origin-day button[type=submit]")
    wait_for_level(page, "china")
    # Provinces: 安徽 (low) with 11 away, 四川 (not listed) 4, 湖北 (high) 1; one worker of unknown origin.
    assert [row[:4] for row in table(page)] == [["安徽省", "11", "7", "3"], ["四川省", "4", "0", "0"],
                                                ["湖北省", "1", "1", "1"]]
    assert page.inner_text("#origin-unknown") == "1" and page.inner_text("#origin-away") == "16"
    assert page.locator("#origin-map svg path").count() > 30          # the provinces, drawn offline
    shot(page, screenshot_dir, 1, "china")

    click_region(page, ANHUI)
    wait_for_level(page, ANHUI)
    assert page.inner_text("#origin-here") == "安徽省"
    rows = table(page)
    assert [row[:4] for row in rows[:2]] == [["阜阳市", "9", "5", "3"], ["合肥市", "2", "2", "0"]]
    assert len(rows) == 16 and page.url.endswith(f"at={ANHUI}&day={DAY}")
    page.click("#measure-wants")            # the circles count those who want to return
    assert page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('origin-map'))
        .getOption().series[0].data.map(d => [d.code, d.value[2]])""") == [[FUYANG, 5], [HEFEI, 2]]
    shot(page, screenshot_dir, 2, "province")

    click_region(page, FUYANG)
    wait_for_level(page, FUYANG)
    assert page.inner_text("#origin-here") == "阜阳市"
    rows = table(page)
    assert [row[:4] for row in rows[:2]] == [["临泉县", "6", "4", "0"], ["界首市", "3", "1", "3"]]
    assert "中" in rows[0][4] or "Medium" in rows[0][4]
    assert page.locator("#origin-trail a").evaluate_all("links => links.map(a => a.dataset.at)") == ["", ANHUI]
    shot(page, screenshot_dir, 3, "city")

    page.click(f"#origin-trail a[data-at='{ANHUI}']")
    wait_for_level(page, ANHUI)
    assert [row[:2] for row in table(page)[:2]] == [["阜阳市", "9"], ["合肥市", "2"]]

    with page.expect_download() as download:
        page.click("#origin-export")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"origins-{ANHUI}-{DAY}.xlsx"
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert rows[2][:5] == ["阜阳市", FUYANG, 9, 5, 3] and rows[3][:5] == ["合肥市", HEFEI, 2, 2, 0]
    shot(page, screenshot_dir, 4, "back-to-province")

    # The browser's back button retraces the steps, table and map alike.
    for level in (FUYANG, ANHUI, "china"):
        page.go_back()
        wait_for_level(page, level)
    assert table(page)[0][:2] == ["安徽省", "11"]

    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, live_server, "labour_user")
    phone.goto(f"{live_server.url}/workers/origins/?at={ANHUI}&day={DAY}")
    wait_for_level(phone, ANHUI)
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 5, "phone")


def test_a_firm_enters_and_closes_a_position_on_its_phone(live_server, browser, screenshot_dir, world):
    firm = EnterpriseFactory(name="慈溪市周盛汽配有限公司", division_id=TOWN_A)
    UserFactory(username="firm_user", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, live_server, "firm_user")
    phone.click("#nav-positions")
    phone.wait_for_selector("#add-position-form")
    phone.fill("#id_title", "   ")              # blank once trimmed: refused by the server, next to the field
    phone.fill("#id_count", "30")
    phone.fill("#id_note", "包吃住，两班倒")
    phone.click("#add-position-form button[type=submit]")
    phone.wait_for_selector("#add-position-form .has-error #id_title")
    assert phone.input_value("#id_note") == "包吃住，两班倒" and fits_the_phone(phone)
    phone.fill("#id_title", "装配工")
    phone.click("#add-position-form button[type=submit]")
    phone.wait_for_selector("#open-positions .position-cards li[id^=position-]")
    assert "30" in phone.inner_text("#open-positions") and fits_the_phone(phone)
    shot(phone, screenshot_dir, 6, "firm-positions-phone")
    phone.locator("#open-positions button[id^=close-position-]").first.click()
    phone.wait_for_selector("#closed-positions")
    assert phone.locator("#open-positions li[id^=position-]").count() == 0

    # The labour officer sees nothing open now, and the risk list beside the map.
    sign_in(phone, live_server, "labour_user")
    phone.goto(f"{live_server.url}/workers/risks/")
    phone.wait_for_selector("#risk-current-table")
    assert phone.locator("#risk-current-table tbody tr[id^=risk-]").count() == 4 and fits_the_phone(phone)
    shot(phone, screenshot_dir, 7, "risk-levels-phone")
