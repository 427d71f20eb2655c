"""A problem from a phone to its rating, in a browser: the firm reports on a
360 px screen (the count follows the typing; an empty text is refused next to
the field), the department accepts and resolves it from its inbox, the firm
rates it with the big buttons, and the county's board draws its chart."""
import pytest
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.helpdesk.enums import Channel, Status
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department
from tests.browser.test_four_sync_journey import PHONE, fits_the_phone, sign_in
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.restart.pages import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_AGENT = "Mozilla/5.0 (Linux; Android 10; HMA-AL00) AppleWebKit/537.36 Chrome/80.0 Mobile Safari/537.36"
COPPER = "上游铜材供应商没复工，库存只够三天"


@pytest.fixture
def world(db):
    firm = EnterpriseFactory(name="慈溪市甬达电器有限公司", division_id=TOWN_A)
    economy = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    UserFactory(username="firm_user", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    UserFactory(username="dept_user", role=Role.DEPARTMENT_STAFF, division_id=None, department=economy)
    UserFactory(username="county_user", role=Role.COUNTY_OFFICER, division_id=COUNTY)
    UserFactory(username="town_user", role=Role.TOWN_OFFICER, division_id=TOWN_A)
    return {"firm": firm, "economy": economy}


def the_ticket() -> Ticket:
    with scopes_disabled():
        return Ticket.objects.select_related("department").get()


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"helpdesk-{n:02d}-{name}.png"), full_page=True)


def test_a_problem_from_the_phone_to_its_rating(live_server, browser, page, screenshot_dir, world):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, user_agent=PHONE_AGENT).new_page()
    sign_in(phone, live_server, "firm_user")
    phone.click("#report-problem")
    phone.wait_for_selector("#report-form")
    assert fits_the_phone(phone)
    phone.click("#report-form button[type=submit]")
    phone.wait_for_selector("#field-text .error")
    assert zh("Describe the problem: the text is empty.") in phone.inner_text("#field-text .error")
    phone.fill("#id_text", COPPER)
    assert phone.inner_text("#text-count-n") == str(len(COPPER))
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 1, "report")
    phone.click("#report-form button[type=submit]")
    phone.wait_for_selector("#ticket-facts")
    ticket = the_ticket()
    assert (ticket.status, ticket.department, ticket.town_id, ticket.channel) == (
        Status.ROUTED, world["economy"], TOWN_A, Channel.MOBILE)
    told = phone.inner_text(".messages")
    assert "经信局" in told and "浒山街道" in told and fits_the_phone(phone)
    shot(phone, screenshot_dir, 2, "reported")

    # The firm's town has it in its inbox too (the department owns the resolution).
    sign_in(page, live_server, "town_user")
    page.goto(f"{live_server.url}/helpdesk/inbox/")
    assert COPPER[:10] in page.locator(f"#inbox-{ticket.pk}").inner_text()

    sign_in(page, live_server, "dept_user")
    row = page.locator(f"#inbox-{ticket.pk}")
    assert COPPER[:10] in row.inner_text()
    shot(page, screenshot_dir, 3, "department-home")
    row.locator("a").first.click()
    page.click("#accept-submit")
    page.fill("#id_resolve-resolution", "已协调宁波供应商本周供货")
    page.click("#resolve-submit")
    page.wait_for_selector(".messages")
    assert the_ticket().status == Status.RESOLVED
    shot(page, screenshot_dir, 4, "resolved")

    phone.goto(f"{live_server.url}/helpdesk/tickets/{ticket.pk}/")
    phone.click("#action-rate label:has-text('5')")
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 5, "rate")
    phone.click("#rate-submit")
    phone.wait_for_selector(".messages")
    assert (the_ticket().status, the_ticket().rating) == (Status.CLOSED, 5)

    sign_in(page, live_server, "county_user")
    page.goto(f"{live_server.url}/helpdesk/overdue/")
    page.wait_for_selector("#on-time-chart svg")
    assert "经信局" in page.inner_text("#on-time-table")
    shot(page, screenshot_dir, 6, "overdue-board")
