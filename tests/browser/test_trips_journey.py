"""The labour officer's day in a browser: the home page (on-duty rate, workers
away, the lowest firms), a charter-trip plan packed beside its lower bound,
its manifest downloaded (masked), a vehicle marked departed and arrived, and
the home page's on-duty rate risen. Screenshots at each step."""
import datetime as dt

import pytest
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.roles import Role
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.models import Worker
from tests.browser.test_four_sync_journey import sign_in
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"trips-{n:02d}-{name}.png"), full_page=True)


@pytest.fixture
def county_people():
    today = dt.date.today()
    with scopes_disabled():
        a = EnterpriseFactory(division_id=TOWN_A, name="慈溪市甬达电器有限公司")
        b = EnterpriseFactory(division_id=TOWN_B, name="慈溪市周盛汽配有限公司")
    for n in range(40):     # 40 from 临泉 (阜阳) and 20 from 平昌 (巴中) away, wanting to come back
        make_worker(a, f"张{n}", number=id_number("341221", "19900101", n + 1), history=[(today, WorkerState.AWAY)])
    for n in range(20):
        make_worker(b, f"李{n}", number=id_number("511923", "19910101", n + 1), history=[(today, WorkerState.AWAY)])
    for n in range(30):
        make_worker(a, f"王{n}", number=id_number("330282", "19850101", n + 1), history=[(today, WorkerState.AT_WORK)])
    with scopes_disabled():
        Worker.objects.filter(state=WorkerState.AWAY).update(wants_return=True)
    return UserFactory(username="labour_b", role=Role.LABOUR_OFFICER, division_id=COUNTY)


def test_a_trip_plan_from_the_labour_home_to_the_arrival(live_server, page, screenshot_dir, county_people, tmp_path):
    sign_in(page, live_server, "labour_b")
    assert page.inner_text("#on-duty-rate") == "33.3%"          # 30 of 90 on duty
    assert page.inner_text("#workers-away") == "60"
    shot(page, screenshot_dir, 1, "labour-home")

    page.click("#nav-trips")
    page.wait_for_selector("#plan-form")
    assert page.inner_text("#waiting-count") == "60"
    page.fill("#id_name", "二月返岗专车")
    page.fill("#id_max_distance_km", "0")
    page.fill("#id_time_limit_s", "5")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#plan-figures")
    # 40 + 20 workers from two cities, coaches of 53, pick-ups in one city only: 1 + 1 vehicles, bound 2.
    assert (page.inner_text("#plan-vehicles"), page.inner_text("#plan-bound"), page.inner_text("#plan-workers")) == (
        "2", "2", "60")
    shot(page, screenshot_dir, 2, "plan")

    with page.expect_download() as download:
        page.click("#manifest-1")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    cells = {str(c) for row in rows for c in row}
    with scopes_disabled():
        numbers = [id_number("341221", "19900101", n + 1) for n in range(40)] + [
            id_number("511923", "19910101", n + 1) for n in range(20)]
    assert not cells & set(numbers)                                   # never a whole ID number
    assert any(c.endswith(numbers[0][-4:]) and "********" in c for c in cells) or any(
        c.endswith(numbers[-1][-4:]) and "********" in c for c in cells)

    for number in (1, 2):
        page.click(f"#trip-{number} button[value=depart]")
        page.wait_for_selector(f"#trip-{number} button[value=arrive]")
        page.click(f"#trip-{number} button[value=arrive]")
        page.wait_for_function(f"document.querySelector('#trip-{number} button') === null")
    shot(page, screenshot_dir, 3, "arrived")

    page.goto(f"{live_server.url}/")
    assert page.inner_text("#on-duty-rate") == "100.0%"
    shot(page, screenshot_dir, 4, "labour-home-after")
