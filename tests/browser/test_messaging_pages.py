"""The messaging pages in a browser: a county officer sets how they are told
outside the app (and reads it back, the number masked), adds the town's
DingTalk robot and sends it a test message that reaches the loopback
platform, lets it take problems from the group (its AppSecret), then sends again a
text message that was given up; a firm's user gets a code to link their
DingTalk account. The settings page on a 360 px phone too. Screenshots at
each step."""
import re

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.messaging.delivery import enqueue, sms_to
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery, Robot
from lianfu.messaging.rendering import Rendered
from tests.browser.test_four_sync_journey import PHONE as PHONE_VIEWPORT
from tests.browser.test_four_sync_journey import sign_in
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.messaging.conftest import DING_SECRET, DING_TOKEN, platform  # noqa: F401  (the loopback robots)
from tests.restart.pages import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOBILE = "13812345678"
APP_SECRET = "app-secret-of-the-lianfu-robot"


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"messaging-{n:02d}-{name}.png"), full_page=True)


@pytest.fixture
def officer(db):
    return UserFactory(username="m_county", first_name="王科长", role=Role.COUNTY_OFFICER, division_id=COUNTY,
                       email="wang@cixi.example")


@pytest.fixture
def firm_user(db):
    firm = EnterpriseFactory(name="慈溪市甬达电器有限公司", division_id=TOWN_A)
    return UserFactory(username="m_firm", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)


def test_settings_channels_and_the_delivery_log(live_server, browser, page, screenshot_dir, officer, firm_user,
                                                platform):  # noqa: F811
    sign_in(page, live_server, "m_county")
    page.click("#nav-message-settings")
    page.wait_for_selector("#settings-form")
    page.select_option("#id_sms", "yes")
    page.fill("#id_phone", MOBILE)
    page.select_option("#id_mode", "each")
    page.fill("#id_quiet_start", "21:30")
    page.fill("#id_quiet_end", "07:30")
    page.click("#settings-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert page.inner_text("#in-force-sms").startswith(zh("Yes, to %(phone)s", phone="138****5678"))
    assert page.inner_text("#in-force-quiet").startswith("21:30–07:30")
    assert MOBILE not in page.content()
    assert page.get_attribute("#id_phone", "placeholder") == "138****5678"
    shot(page, screenshot_dir, 1, "settings")

    phone = browser.new_context(locale="zh-CN", viewport=PHONE_VIEWPORT).new_page()
    sign_in(phone, live_server, "m_county")
    phone.goto(f"{live_server.url}/messaging/settings/")
    phone.wait_for_selector("#settings-form")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, screenshot_dir, 4, "settings-phone")
    phone.context.close()

    page.click("#nav-channels")
    page.wait_for_selector("#robot-form")
    page.select_option("#id_kind", "dingtalk")
    page.fill("#id_name", "浒山街道复工群")
    page.select_option("#id_division", TOWN_A)
    page.fill("#id_webhook_url", f"{settings.LIANFU_DINGTALK_WEBHOOK_BASE}?access_token={DING_TOKEN}")
    page.fill("#id_secret", DING_SECRET)
    page.click("#robot-form button[type=submit]")
    with scopes_disabled():
        robot = Robot.objects.get()
    row = f"#robot-{robot.pk}"
    page.wait_for_selector(row)
    assert DING_TOKEN not in page.content() and DING_SECRET not in page.content()
    page.click(f"{row} button.send-test")
    page.wait_for_selector("#recent-deliveries tr.current")
    delivery = Delivery.objects.get(robot=robot)
    assert delivery.state == DeliveryState.SENT
    assert zh("Sent") in page.inner_text(f"#delivery-{delivery.pk}")
    assert [m["token"] for m in platform.received] == [DING_TOKEN]
    page.click(f"{row} details.takes-messages summary")
    page.fill(f"{row} input[name=callback_secret]", APP_SECRET)
    page.click(f"{row} details.takes-messages button[type=submit]")
    page.wait_for_selector(f"{row} code.callback-url")
    assert page.inner_text(f"{row} code.callback-url").endswith(f"/helpdesk/dingtalk/{robot.pk}/")
    assert APP_SECRET not in page.content()
    shot(page, screenshot_dir, 2, "channels")

    [given_up] = enqueue(key="browser:sms", message=Rendered("诉求已超过办理时限", "诉求已超过办理时限", ""),
                         targets=[sms_to(MOBILE, officer)], kind="ticket.overdue")
    Delivery.objects.filter(pk=given_up.pk).update(state=DeliveryState.DEAD, next_attempt_at=None,
                                                   last_error="the provider refused the number")
    page.click("#nav-deliveries")
    page.wait_for_selector("#deliveries")
    assert MOBILE not in page.content() and "138****5678" in page.inner_text(f"#delivery-{given_up.pk}")
    page.click(f"#delivery-{given_up.pk} button.send-again")
    page.wait_for_selector(".messages")
    assert Delivery.objects.get(pk=given_up.pk).state == DeliveryState.SENT
    assert page.locator(f"#delivery-{given_up.pk} button.send-again").count() == 0
    shot(page, screenshot_dir, 3, "deliveries")

    # A firm's user links their DingTalk account: a code to send to the robot.
    firm = browser.new_context(locale="zh-CN", viewport=PHONE_VIEWPORT).new_page()
    sign_in(firm, live_server, firm_user.username)
    firm.goto(f"{live_server.url}/messaging/settings/")
    firm.click("#dingtalk-code")
    firm.wait_for_selector(".messages")
    assert re.search(r"绑定 \d{6}", firm.inner_text(".messages"))
    shot(firm, screenshot_dir, 5, "dingtalk-link-phone")
    firm.context.close()
