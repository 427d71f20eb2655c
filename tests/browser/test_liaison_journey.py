"""A liaison officer's round on a 360 px phone: "my firms" (cards, three big
taps per firm), a visit logged with a photo, a need recorded on the next visit
(it becomes a ticket routed to the right department and town), a survey on the
third (the firm's stage moves, on the page and on "my firms"). No page scrolls
sideways; screenshots liaison-01 … liaison-05 in test-output/browser/."""
import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from lianfu.common.roles import Role
from lianfu.helpdesk.enums import Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import Assignment, Visit, VisitPhoto
from lianfu.registry.models import Department
from lianfu.registry.stages import Stage
from lianfu.restart.stages import stage_of
from tests.browser.test_four_sync_journey import PHONE, fits_the_phone, sign_in
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.restart.pages import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIRM = "慈溪市甬达电器有限公司"
COPPER = "上游铜材供应商没复工，库存只够三天"
TAP = 44   # px: the smallest tap target a finger hits reliably


@pytest.fixture
def world(db):
    firm = EnterpriseFactory(name=FIRM, division_id=TOWN_A, above_scale=True, employees=320)
    other = EnterpriseFactory(name="慈溪市周盛汽配有限公司", division_id=TOWN_A, above_scale=True, employees=150)
    economy = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    Department.objects.create(code="labour", county_id=COUNTY, name_zh="人社局", name_en="Labour")
    officer = UserFactory(username="lo_mine", role=Role.LIAISON_OFFICER, division_id=TOWN_A)
    with scopes_disabled():
        for unit in (firm, other):
            Assignment.objects.create(officer=officer, enterprise=unit, since=dt.date(2020, 2, 20))
    return {"firm": firm, "economy": economy, "officer": officer}


@pytest.fixture
def gate_photo(tmp_path):
    path = tmp_path / "gate.png"
    Image.new("RGB", (480, 320), (11, 110, 79)).save(path, "PNG")
    return path


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"liaison-{n:02d}-{name}.png"), full_page=True)


def small_taps(page, selector: str) -> list[tuple[str, int, int]]:
    """The links or buttons under ``selector`` smaller than a finger."""
    boxes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.textContent.trim(), r.width, r.height]; })")
    return [(label, round(w), round(h)) for label, w, h in boxes if w < TAP or h < TAP]


def card(page, firm):
    return page.locator(f"#firm-{firm.uscc}")


def test_an_officer_logs_visits_a_need_and_a_survey_on_a_phone(live_server, browser, screenshot_dir, world,
                                                               gate_photo):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    firm = world["firm"]
    sign_in(phone, live_server, "lo_mine")

    # 1. My firms: a card per firm, its stage, and three taps big enough for a thumb.
    assert phone.locator("#my-firms .unit-card").count() == 2
    assert zh("Not surveyed") in card(phone, firm).locator(".stage-mark").inner_text()
    assert small_taps(phone, "#my-firms .unit-actions a") == [] and small_taps(phone, "#visit-submit") == []
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 1, "my-firms")

    # 2. Record a visit with a photo.
    card(phone, firm).locator("a.record-visit").click()
    phone.wait_for_selector("#visit-form")
    assert phone.input_value("#id_visited_on") == timezone.localdate().isoformat()
    assert not phone.locator("#with-need").is_checked() and not phone.locator("#id_need-text").is_visible()
    phone.select_option("#id_purpose", "prevention")
    phone.fill("#id_findings", "门卫测温登记齐全，车间通风良好")
    phone.set_input_files("#id_photos", str(gate_photo))
    assert fits_the_phone(phone) and small_taps(phone, "#visit-submit") == []
    shot(phone, screenshot_dir, 2, "visit-form")
    phone.click("#visit-submit")
    phone.wait_for_selector("#visit-facts")
    with scopes_disabled():
        visit = Visit.objects.get()
        photo = VisitPhoto.objects.get(visit=visit)
    assert (visit.officer, visit.enterprise, visit.purpose, visit.ticket, visit.survey) == (
        world["officer"], firm, "prevention", None, None)
    # the page is there before its photo (lazy: loaded once in view) has arrived: wait for it, then read its size
    phone.locator("#visit-photos img").scroll_into_view_if_needed()
    phone.wait_for_function("() => { const img = document.querySelector('#visit-photos img');"
                            " return img !== null && img.complete && img.naturalWidth > 0; }")
    assert phone.locator("#visit-photos img").evaluate("img => img.naturalWidth") == 480
    assert phone.locator("#visit-photos img").get_attribute("src") == f"/liaison/visits/photos/{photo.pk}/"
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 3, "visit-recorded")

    # 3. Back on my firms the visit shows; record a need: it becomes a routed ticket.
    phone.goto(f"{live_server.url}/")
    assert timezone.localdate().isoformat() in card(phone, firm).inner_text()
    card(phone, firm).locator("a.record-need").click()
    phone.wait_for_selector("#visit-form")
    assert phone.locator("#with-need").is_checked() and phone.locator("#id_need-text").is_visible()
    phone.fill("#id_need-text", COPPER)
    phone.click("#visit-submit")
    phone.wait_for_selector("#visit-need")
    with scopes_disabled():
        ticket = Ticket.objects.select_related("department").get()
        need_visit = Visit.objects.get(ticket=ticket)
    assert (ticket.enterprise, ticket.department, ticket.town_id, ticket.status, ticket.submitter) == (
        firm, world["economy"], TOWN_A, Status.ROUTED, Submitter.LIAISON)
    assert (need_visit.purpose, need_visit.officer) == ("need", world["officer"])
    assert (phone.inner_text("#visit-ticket-department"), phone.inner_text("#visit-ticket-town")) == (
        "经信局", "浒山街道")
    assert "经信局" in phone.inner_text(".messages") and fits_the_phone(phone)
    shot(phone, screenshot_dir, 4, "need-recorded")

    # 4. Record a survey: the firm's stage moves, on the page and on my firms.
    phone.goto(f"{live_server.url}/")
    card(phone, firm).locator("a.record-survey").click()
    phone.wait_for_selector("#visit-form")
    assert phone.locator("#with-survey").is_checked()
    for field, value in (("capacity_pct", "60"), ("headcount_total", "320"), ("headcount_on_duty", "250"),
                         ("headcount_away", "70")):
        phone.fill(f"#id_survey-{field}", value)
    phone.check("#field-survey-blockers input[value=material]")
    assert fits_the_phone(phone)
    phone.click("#visit-submit")
    phone.wait_for_selector("#visit-survey .facts")
    assert zh("Surveyed") in phone.inner_text("#visit-stage") and stage_of(firm.pk) == Stage.SURVEYED
    assert fits_the_phone(phone)
    shot(phone, screenshot_dir, 5, "survey-recorded")
    phone.goto(f"{live_server.url}/")
    assert zh("Surveyed") in card(phone, firm).locator(".stage-mark").inner_text() and fits_the_phone(phone)

    # 5. My visits: the three, newest first.
    phone.goto(f"{live_server.url}/liaison/visits/")
    assert phone.locator("#my-visits .visit-list li").count() == 3 and fits_the_phone(phone)
    phone.context.close()
