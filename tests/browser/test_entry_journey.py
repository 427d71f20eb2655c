"""Workplace entry in a browser: a firm adds its door and gets the poster; on a
360 px phone a worker identifies once, taps to enter and sees a large green;
a worker with an approved red status sees a large red with what to do; the
firm reads today's entries, masked. Screenshots at each step."""
import datetime as dt
import re

import pytest
from django_scopes import scopes_disabled

from lianfu.checkin import tokens
from lianfu.checkin.enums import RecordState
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import HealthRecord, Place
from lianfu.common import sms
from lianfu.common.roles import Role
from lianfu.workforce.enums import WorkerState
from tests.browser.test_four_sync_journey import PHONE as PHONE_VIEWPORT
from tests.browser.test_four_sync_journey import sign_in
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
GREEN_PHONE, RED_PHONE = "13912345678", "13987654321"
GREEN_ID, RED_ID = id_number(sequence=11), id_number(sequence=12)


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"entry-{n:02d}-{name}.png"), full_page=True)


@pytest.fixture
def firm_people():
    with scopes_disabled():
        firm = EnterpriseFactory(division_id=TOWN_A, name="慈溪市甬达电器有限公司")
    since = dt.date.today() - dt.timedelta(days=10)
    make_worker(firm, "张伟", number=GREEN_ID, phone=GREEN_PHONE, history=[(since, WorkerState.AT_WORK)])
    red = make_worker(firm, "李娜", number=RED_ID, phone=RED_PHONE, history=[(since, WorkerState.AT_WORK)])
    one, two = UserFactory(username="e_health1"), UserFactory(username="e_health2")
    HealthRecord.objects.create(id_hash=red.id_hash, id_masked=red.id_masked, county_id=COUNTY,
                                status=HealthStatus.RED, reason="密接", state=RecordState.APPROVED,
                                proposed_by=one, decided_by=two, decided_at=dt.datetime.now(dt.UTC))
    UserFactory(username="e_firm", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    sms.outbox.clear()
    return firm


def enter_on_a_phone(browser, server, token: str, phone_number: str):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_VIEWPORT).new_page()
    phone.goto(f"{server.url}/e/{token}/")
    phone.wait_for_selector("#phone-form")
    phone.fill("#id_phone", phone_number)
    phone.click("#phone-form button[type=submit]")
    phone.wait_for_selector("#code-form")
    code = re.search(r"\d{6}", [m for m in sms.outbox if m.phone == phone_number][-1].text).group()
    phone.fill("#id_code", code)
    phone.click("#code-form button[type=submit]")
    phone.wait_for_selector("#enter")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#enter")
    phone.wait_for_selector("#result")
    return phone


def test_a_door_code_from_poster_to_green_and_red(live_server, browser, page, screenshot_dir, firm_people, tmp_path):
    sign_in(page, live_server, "e_firm")
    page.click("#nav-entry")
    page.wait_for_selector("#place-form")
    page.fill("#id_name", "一号门")
    page.fill("#id_address", "浒山街道开发大道 1 号")
    page.click("#place-form button[type=submit]")
    page.wait_for_selector("#posters")
    shot(page, screenshot_dir, 1, "firm-door")
    with page.expect_download() as download:
        page.click("#poster-png")
    poster = screenshot_dir / "entry-02-poster.png"          # the poster itself, as printed
    download.value.save_as(poster)
    assert poster.read_bytes().startswith(b"\x89PNG")
    with scopes_disabled():
        place = Place.objects.get()
    token = tokens.issue(place)

    green = enter_on_a_phone(browser, live_server, token, GREEN_PHONE)
    assert green.get_attribute("#result", "data-result") == "admitted"
    assert "准予进入" in green.inner_text("#result")
    shot(green, screenshot_dir, 3, "phone-green")
    # The next morning's scan on the same phone: the camera opens the code (the browser says
    # Sec-Fetch-Site: none), and the answer comes at once, without the tap.
    green.goto(f"{live_server.url}/e/{token}/")
    assert green.get_attribute("#result", "data-result") == "admitted" and green.locator("#enter").count() == 0

    red = enter_on_a_phone(browser, live_server, token, RED_PHONE)
    assert red.get_attribute("#result", "data-result") == "refused"
    assert "禁止进入" in red.inner_text("#result") and "请联系现场工作人员" in red.inner_text("#next-step")
    shot(red, screenshot_dir, 4, "phone-red")

    page.reload()
    page.wait_for_selector("#entries")
    rows = page.locator("#entries tbody tr").all_inner_texts()
    assert len(rows) == 3 and sum("张伟" in r for r in rows) == 2 and any("李娜" in r for r in rows)
    text = page.inner_text("#entries")
    assert GREEN_ID not in text and RED_ID not in text and GREEN_ID[-4:] in text
    assert (page.inner_text("#place-admitted"), page.inner_text("#place-refused")) == ("2", "1")
    shot(page, screenshot_dir, 5, "firm-entries")
