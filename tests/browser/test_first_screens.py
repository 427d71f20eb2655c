"""Every role's first screen in a browser, at 1440 px and on a 360 px phone,
on the hand-built county of tests/dashboard/test_metrics: a screenshot of each
(test-output/browser/first-screen-<role>-<width>.png), the block that answers
"what needs me today?" visible, and no page that scrolls sideways on the phone
(a wide table scrolls inside its own box instead)."""
from datetime import date

import pytest
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.liaison.models import Assignment
from lianfu.registry.models import OfficeBuilding
from tests.browser.test_four_sync_journey import sign_in
from tests.chains.conftest import chain, net  # noqa: F401 (the hand-built network)
from tests.conftest import COUNTY, TOWN_A
from tests.dashboard.test_metrics import county  # noqa: F401 (the hand-built county)
from tests.factories.accounts import UserFactory
from tests.helpdesk.tickets_fixtures import departments  # noqa: F401
from tests.restart.conftest import members  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1440, 360)


@pytest.fixture
def people(county, personas, members, departments):  # noqa: F811
    """username -> (role's name in the screenshots, the block its first screen leads with)."""
    UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)
    UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=departments["economy"])
    assert members["a"].division_id is None and personas["town_a"].division_id == TOWN_A
    with scopes_disabled():   # the liaison officer's firms and a building: "my firms" has rows
        for firm in (county["lead"], county["a"]):   # the lead may be firm X, theirs already (personas)
            Assignment.objects.get_or_create(officer=personas["liaison_a"], enterprise=firm, until=None,
                                             defaults={"since": date(2026, 2, 20)})
        tower = OfficeBuilding.objects.create(town_id=TOWN_A, name="慈溪国际商务中心财富大厦", floor_area_m2=12000)
        Assignment.objects.create(officer=personas["liaison_a"], building=tower, since=date(2026, 2, 20))
    return {
        "p_county": ("county-officer", "#figures-headline"),
        "p_town_a": ("town-officer", "#town-stages"),
        "p_labour": ("labour-officer", "#workforce-kpis"),
        "p_dept": ("department", "main h1"),
        "p_liaison_a": ("liaison", "#my-firms"),
        "p_firm_x": ("lead-firm", "#my-chain"),
        "p_a": ("supplier", "#my-tasks"),
        "p_admin": ("administrator", "#figures-headline"),
    }


def test_every_roles_first_screen_fits_a_desk_and_a_phone(live_server, browser, people, screenshot_dir):
    overflowing = []
    for width in WIDTHS:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
        page = context.new_page()
        for username, (role, lead_block) in people.items():
            sign_in(page, live_server, username)
            assert page.locator(lead_block).first.is_visible(), (role, lead_block)
            page.screenshot(path=str(screenshot_dir / f"first-screen-{role}-{width}.png"), full_page=True)
            if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"):
                overflowing.append((role, width))
        context.close()
    assert overflowing == []
