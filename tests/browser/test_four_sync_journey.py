"""The four syncs end to end in a browser: the lead firm files a package for
itself and its suppliers, each supplier confirms on its phone, the county
reviews (one member returned, fixed, resubmitted and approved), the town
inspects, the suppliers confirm their restart, and the chain page shows the
completion move. A screenshot at each step."""
import pytest
from django_scopes import scopes_disabled

from lianfu.chains.domain import ensure_chain
from lianfu.common.roles import Role
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.stages import Stage
from lianfu.restart.enums import FilingStatus
from lianfu.restart.models import Filing
from lianfu.restart.stages import stage_of
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "慈溪市龙头电器有限公司"
SUPPLIERS = {"s1": "慈溪市甲铜业有限公司", "s2": "慈溪市乙冲压有限公司", "s3": "慈溪市丁电镀有限公司"}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(db):
    """A lead in 浒山街道 with three suppliers in the town (丁电镀 at tier 2) and
    one in 余姚 (handed to its county); a user for each, the county and the town."""
    lead = EnterpriseFactory(name=LEAD, division_id=TOWN_A, above_scale=True)
    firms = {key: EnterpriseFactory(name=name, division_id=TOWN_A) for key, name in SUPPLIERS.items()}
    outside = EnterpriseFactory(name="余姚市丙轴承有限公司", division_id=None, uscc=uscc_from_number(505, "330281"))
    link(firms["s1"], lead, 300, item="铜件")
    link(firms["s2"], lead, 120, item="冲压件")
    link(firms["s3"], firms["s1"], 40, item="镀件")
    link(outside, lead, 80, item="轴承")
    ensure_chain(actor=None, lead=lead)
    UserFactory(username="lead_user", role=Role.ENTERPRISE_USER, division_id=None, enterprise=lead)
    for key, firm in firms.items():
        UserFactory(username=f"{key}_user", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    UserFactory(username="county_user", role=Role.COUNTY_OFFICER, division_id=COUNTY)
    UserFactory(username="town_user", role=Role.TOWN_OFFICER, division_id=TOWN_A)
    return {"lead": lead, **firms}


def sign_in(page, server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{server.url}/")


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"four-sync-{n:02d}-{name}.png"), full_page=True)


def fits_the_phone(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def filing_pk(firm) -> int:
    with scopes_disabled():
        return Filing.objects.filter(enterprise=firm).latest("id").pk


def status_of(firm) -> str:
    with scopes_disabled():
        return Filing.objects.filter(enterprise=firm).latest("id").status


def completion_kpi(page) -> str:
    return page.locator(".kpi", has_text="已复工").locator(".value").inner_text()


def tree_label(page, name: str):
    return page.locator("#tree svg text", has_text=name)


def test_four_syncs_from_package_to_restart(live_server, browser, page, screenshot_dir, world):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    lead, s1, s2, s3 = world["lead"], world["s1"], world["s2"], world["s3"]

    # 0. 甲铜业 records its survey on a phone; a wrong number is flagged by its field, nothing is lost.
    sign_in(phone, live_server, "s1_user")
    assert fits_the_phone(phone)
    phone.click("#task-survey a.button")
    for field, value in (("capacity_pct", "30"), ("headcount_total", "80"), ("headcount_on_duty", "90"),
                         ("headcount_away", "10"), ("needs", "急需口罩两千只")):
        phone.fill(f"#id_{field}", value)
    phone.check("#field-blockers input[value=labour]")
    phone.click("#survey-form button[type=submit]")
    phone.wait_for_selector("#field-headcount_on_duty .error")
    assert (phone.input_value("#id_headcount_on_duty"), phone.input_value("#id_needs")) == ("90", "急需口罩两千只")
    assert phone.is_checked("#field-blockers input[value=labour]") and fits_the_phone(phone)
    shot(phone, screenshot_dir, 0, "survey-error")
    phone.fill("#id_headcount_on_duty", "40")
    phone.click("#survey-form button[type=submit]")
    phone.wait_for_selector("#latest-survey .facts")
    assert "已摸底" in phone.locator(".stage-mark").first.inner_text()

    # 1. The lead firm opens its chain, then files the package from the tree's tabs.
    sign_in(page, live_server, "lead_user")
    page.goto(f"{live_server.url}/chains/{lead.uscc}/")
    page.wait_for_selector("#tree[data-ready='1']")
    assert completion_kpi(page) == "0.0%"
    page.click("#nav-package")
    page.wait_for_url(f"{live_server.url}/restart/package/{lead.uscc}/")
    page.wait_for_selector("#package-form")
    assert sorted(page.locator("#in-county input[name=members]:checked").evaluate_all(
        "boxes => boxes.map(b => b.closest('tr').id)")) == sorted(f"member-{world[k].uscc}" for k in SUPPLIERS)
    assert "余姚市丙轴承有限公司" in page.locator("#outside").inner_text()
    assert "配套企业" in page.locator("#in-county thead").inner_text()
    page.fill("#id_headcount_planned", "280")
    page.check("#field-commitments input[value=masks]")
    page.check("#field-commitments input[value=gate_temperature]")
    shot(page, screenshot_dir, 1, "package")
    page.click("#package-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/restart/filings/{filing_pk(lead)}/")
    members = page.locator("#package-members").inner_text()
    assert all(name in members for name in SUPPLIERS.values()) and "已备案" in members
    assert [status_of(world[k]) for k in SUPPLIERS] == [FilingStatus.AWAITING_MEMBER] * 3

    # 2. Each supplier, on its phone, follows "my tasks" to its filing and confirms it.
    for n, key in enumerate(SUPPLIERS):
        sign_in(phone, live_server, f"{key}_user")
        phone.click("#task-filing a.button")
        phone.wait_for_url(f"{live_server.url}/restart/filings/{filing_pk(world[key])}/")
        assert phone.locator("#package-members").count() == 0          # fellow suppliers stay hidden
        phone.fill("#id_confirm-headcount_planned", str(20 + n))
        phone.check("#field-confirm-commitments input[value=masks]")
        assert fits_the_phone(phone)
        if n == 0:
            shot(phone, screenshot_dir, 2, "member-confirms")
        phone.click("#confirm button[type=submit]")
        phone.wait_for_selector(".stage-filed")
        assert "已备案" in phone.locator("#filing-facts").inner_text()
    assert [stage_of(world[k].pk) for k in SUPPLIERS] == [Stage.FILED] * 3

    # 3. The county reviews the package inline: approves three, returns 丁电镀 with a reason.
    sign_in(page, live_server, "county_user")
    page.goto(f"{live_server.url}/restart/review/")
    assert page.locator("tr.review-row").count() == 4
    assert LEAD in page.locator(".review-group h2").inner_text()
    shot(page, screenshot_dir, 3, "review-queue")
    for firm in (lead, s1, s2):
        row = f"#filing-{filing_pk(firm)}"
        page.click(f"{row} button.approve")
        page.wait_for_selector(f"{row} .fs-approved")
    row = f"#filing-{filing_pk(s3)}"
    page.fill(f"{row} input[name=return-reason]", "承诺书未盖章，请补盖公章后重新提交")
    page.click(f"{row} button.return")
    page.wait_for_selector(f"{row} .fs-returned")
    shot(page, screenshot_dir, 4, "reviewed")
    assert [status_of(f) for f in (lead, s1, s2, s3)] == [FilingStatus.APPROVED] * 3 + [FilingStatus.RETURNED]

    # 4. 丁电镀 reads why, fixes and resubmits.
    sign_in(phone, live_server, "s3_user")
    phone.click("#task-filing a.button")
    assert "承诺书未盖章" in phone.locator("#return-reason").inner_text()
    phone.fill("#id_resubmit-headcount_planned", "24")
    phone.check("#field-resubmit-commitments input[value=disinfection]")
    shot(phone, screenshot_dir, 5, "fix-and-resubmit")
    phone.click("#resubmit button[type=submit]")
    phone.wait_for_selector(".stage-filed")
    assert status_of(s3) == FilingStatus.SUBMITTED

    # 5. The county approves it from the queue.
    page.goto(f"{live_server.url}/restart/review/")
    assert page.locator("tr.review-row").count() == 1
    page.click(f"#filing-{filing_pk(s3)} button.approve")
    page.wait_for_selector(f"#filing-{filing_pk(s3)} .fs-approved")
    shot(page, screenshot_dir, 6, "resubmission-approved")
    assert [stage_of(world[k].pk) for k in SUPPLIERS] == [Stage.APPROVED] * 3

    # 6. The town officer inspects each supplier on site and passes it.
    sign_in(page, live_server, "town_user")
    page.goto(f"{live_server.url}/restart/inspections/")
    assert page.locator("#inspections-due tbody tr").count() == 4        # the lead is due too
    for n, key in enumerate(SUPPLIERS):
        page.click(f"a[href='/restart/inspect/{world[key].uscc}/']")
        # .all() does not wait: the checklist must be on screen before its boxes are listed.
        page.wait_for_url(f"{live_server.url}/restart/inspect/{world[key].uscc}/")
        page.wait_for_selector("#field-done input[type=checkbox]")
        for box in page.locator("#field-done input[type=checkbox]").all():
            box.check()
        page.check("#field-verdict input[value=pass]")
        if n == 0:
            shot(page, screenshot_dir, 7, "inspection")
        page.click("#inspection-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/restart/inspections/")
    assert page.locator("#inspections-due tbody tr").count() == 1
    assert [stage_of(world[k].pk) for k in SUPPLIERS] == [Stage.PREVENTION_PASSED] * 3

    # 7. Each supplier confirms its restart from its tasks.
    for key in SUPPLIERS:
        sign_in(phone, live_server, f"{key}_user")
        assert "防控达标" in phone.locator("#my-tasks").inner_text()
        phone.click("#task-restart a.button")
        phone.fill("#id_capacity_pct", "70")
        if key == "s1":
            assert fits_the_phone(phone)
            shot(phone, screenshot_dir, 8, "restart")
        phone.click("#restart-form button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/")
        assert "已复工" in phone.locator("#my-tasks").inner_text()
    assert [stage_of(world[k].pk) for k in SUPPLIERS] == [Stage.RESTARTED] * 3

    # 8. The chain page: three of the four suppliers restarted (余姚's is its own county's).
    sign_in(page, live_server, "lead_user")
    page.goto(f"{live_server.url}/chains/{lead.uscc}/")
    page.wait_for_selector("#tree[data-ready='1']")
    assert completion_kpi(page) == "75.0%"
    for name in (SUPPLIERS["s1"], SUPPLIERS["s2"]):
        assert tree_label(page, f"{name} · 已复工").count() == 1
    shot(page, screenshot_dir, 9, "chain-restarted")
    phone.context.close()
