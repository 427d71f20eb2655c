"""A town officer signs in, filters the enterprise list and sees only their town, in Chinese."""
import pytest

from lianfu.common.roles import Role
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_town_officer_filters_enterprise_list_in_chinese(live_server, page, screenshot_dir):
    for i in range(6):
        EnterpriseFactory(name=f"慈溪市浒山电器{i}有限公司", division_id=TOWN_A, above_scale=i % 2 == 0)
        EnterpriseFactory(name=f"慈溪市周巷汽配{i}有限公司", division_id=TOWN_B, above_scale=True)
    UserFactory(username="officer_a", role=Role.TOWN_OFFICER, division_id=TOWN_A)

    page.goto(f"{live_server.url}/accounts/login/")
    assert "登录" in page.title()
    page.fill("#id_username", "officer_a")
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/enterprises/")
    assert page.locator("h1").inner_text() == "企业名录"
    page.select_option("select[name=above_scale]", "1")
    page.wait_for_function("() => document.querySelectorAll('table.enterprises tbody tr').length === 3")

    towns = page.locator("table.enterprises tbody td.town").all_inner_texts()
    names = page.locator("table.enterprises tbody td:first-child").all_inner_texts()
    assert towns == ["浒山街道"] * 3
    assert sorted(names) == ["慈溪市浒山电器0有限公司", "慈溪市浒山电器2有限公司", "慈溪市浒山电器4有限公司"]
    assert "共 3 家企业" in page.locator(".listbar .count").inner_text()
    page.screenshot(path=str(screenshot_dir / "town-officer-enterprise-list.png"), full_page=True)
