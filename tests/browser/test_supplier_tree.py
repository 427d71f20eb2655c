"""A lead firm uploads its supplier list, opens its tree, opens a tier-2
supplier's own suppliers and searches for a supplier; screenshots saved."""
import pytest

from lianfu.common.roles import Role
from lianfu.demo.codes import uscc_from_number
from tests.conftest import TOWN_A
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.registry import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def supplier_list(tmp_path, lead_code: str):
    a, b, s, t = (uscc_from_number(n) for n in (501, 502, 503, 504))
    yuyao = uscc_from_number(505, "330281")
    rows = [
        ["配套企业统一社会信用代码", "配套企业名称", "供应产品", "年供货额（万元）",
         "是否关键", "库存天数", "供货给", "地址"],
        [a, "慈溪市甲铜业有限公司", "铜件", "300", "是", "3", "", "浙江省慈溪市浒山街道北三环东路8号"],
        [b, "慈溪市乙冲压有限公司", "冲压件", "120", "否", "", "", "浙江省慈溪市周巷镇工业园路9号"],
        [yuyao, "余姚市丙轴承有限公司", "轴承", "80", "", "", "", "浙江省余姚市阳明街道1号"],
        [s, "慈溪市丁电镀有限公司", "镀件", "40", "", "", a, "浙江省慈溪市浒山街道开发大道3号"],
        [t, "慈溪市戊钢材有限公司", "钢板", "15", "", "", s, "浙江省慈溪市浒山街道潮塘路5号"],
    ]
    path = tmp_path / "配套企业清单.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="gbk")
    return path


def label(page, text):
    return page.locator("#tree svg text", has_text=text)


def test_lead_firm_uploads_list_and_explores_its_tree(live_server, page, screenshot_dir, tmp_path):
    lead = EnterpriseFactory(name="慈溪市龙头电器有限公司", division_id=TOWN_A, above_scale=True)
    UserFactory(username="lead_user", role=Role.ENTERPRISE_USER, division_id=None, enterprise=lead)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lead_user")
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/chains/{lead.uscc}/import/")
    page.set_input_files("input[type=file]", str(supplier_list(tmp_path, lead.uscc)))
    page.click("button.primary")
    # The mapping step: every header is known, so the guesses stand.
    page.wait_for_selector("#mapping-form")
    page.click("#confirm-mapping")
    page.wait_for_selector(".status-done")
    assert page.inner_text("#count-landed").startswith("5 ")
    assert [page.inner_text(f"#count-{what}").strip() for what in ("skipped", "rejected", "ignored")] == [
        "0", "0", "0"]
    page.screenshot(path=str(screenshot_dir / "supplier-import-done.png"), full_page=True)

    page.click("#import-result")
    page.wait_for_selector("#tree[data-ready='1']")
    assert page.locator("#kpi-suppliers").inner_text() == "5"
    for tier1 in ("慈溪市甲铜业有限公司", "慈溪市乙冲压有限公司", "余姚市丙轴承有限公司"):
        assert label(page, tier1).count() == 1
    assert label(page, "慈溪市丁电镀有限公司").count() == 0  # tier 2 starts closed

    label(page, "慈溪市甲铜业有限公司").click()               # open tier 1 → its tier-2 supplier
    label(page, "慈溪市丁电镀有限公司").wait_for()
    label(page, "慈溪市丁电镀有限公司").click()               # open the tier-2 node → tier 3
    label(page, "慈溪市戊钢材有限公司").wait_for()
    page.screenshot(path=str(screenshot_dir / "supplier-tree-expanded.png"), full_page=True)

    page.click("#tree-collapse")
    page.wait_for_function("() => !document.querySelector('#tree svg').textContent.includes('戊钢材')")
    page.fill("#tree-q", "戊钢")
    page.click("#tree-search button")
    label(page, "慈溪市戊钢材有限公司").wait_for()
    assert page.locator("#tree-status").inner_text() == "找到 1 家，已展开并以红色标出。"
    page.screenshot(path=str(screenshot_dir / "supplier-tree-search.png"), full_page=True)

    with page.expect_download() as download:
        page.click("#tree-png")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"supplier-tree-{lead.uscc}.png"
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and saved.stat().st_size > 10_000
