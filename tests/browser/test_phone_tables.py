"""On a 360 px phone a wide table scrolls sideways in its own box: every column
stays (the chain list's town, the second column, was once hidden on phones),
and the page itself fits the screen."""
import pytest

from tests.browser.test_four_sync_journey import LEAD, PHONE, fits_the_phone, sign_in, world  # noqa: F401 (world)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wide_table_keeps_every_column_on_a_phone(live_server, browser, world, screenshot_dir):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, live_server, "county_user")
    phone.goto(f"{live_server.url}/chains/")
    first = phone.locator("#chains tbody tr").first
    cells = first.locator("td")
    assert LEAD in cells.nth(0).inner_text() and "浒山街道" in cells.nth(1).inner_text()
    assert all(cells.nth(i).is_visible() for i in range(cells.count()))
    assert phone.locator("#chains thead th").nth(1).is_visible() and fits_the_phone(phone)
    table = phone.locator("#chains")
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")        # wider than the screen: it scrolls
    phone.screenshot(path=str(screenshot_dir / "phone-chain-list.png"), full_page=True)
