"""An enterprise registry import in a browser, as a county officer does it:
the file has a title row merged across, a totals row and two headers we do
not know; the officer maps one (职工总数 → employees) and ignores the other in
the mapping step, reads the summary (landed / skipped / rejected / columns
ignored), downloads the rejects report, fixes the bad credit code in it and
uploads that same file: the mapping step offers the saved choices and the
fixed row lands, nothing else changes. A screenshot at each step."""
import re

import openpyxl
import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from stdnum.cn import uscc as stdnum_uscc

from lianfu.common.importing.describe import column_text, skipped_text
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.importing.parsing import LABELS
from lianfu.registry.models import Enterprise
from tests.browser.test_four_sync_journey import sign_in
from tests.conftest import TOWN_A, TOWN_B
from tests.restart.pages import zh

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "慈溪市规上工业企业名单（2020年2月）"
HEADERS = ["统一社会信用代码", "企业名称", "所属镇街", "行业代码", "职工总数", "备用列X"]
GOOD = [   # code, name, town, industry, 职工总数, 备用列X
    [uscc_from_number(201), "慈溪市海通电器有限公司", "浒山街道", "3857", 120, "甲"],
    [uscc_from_number(202), "慈溪市周巷汽配有限公司", "周巷镇", "3670", 85, "乙"],
    [uscc_from_number(203), "慈溪市新城塑业有限公司", "浒山街道", "2929", 40, "丙"],
]
FIXED = uscc_from_number(204)
WRONG = FIXED[:-1] + ("0" if FIXED[-1] != "0" else "1")   # the check character mistyped
BAD = [WRONG, "慈溪市校验电子有限公司", "周巷镇", "3857", 60, "丁"]
TOTAL_EMPLOYEES = 120 + 85 + 40 + 60
LANDED = "%(created)s created, %(updated)s updated, %(unchanged)s unchanged"


def write_registry(path) -> None:
    """Title merged across row 1, the header in row 2, data from row 3 (the bad
    row is row 6), 合计 in row 7."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "规上企业"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for row in [*GOOD, BAD]:
        sheet.append(row)
    sheet.append(["合计", None, None, None, TOTAL_EMPLOYEES, None])
    book.save(path)


def shot(page, screenshot_dir, n: int, name: str) -> None:
    page.screenshot(path=str(screenshot_dir / f"import-{n:02d}-{name}.png"), full_page=True)


def in_zh(function, *args) -> str:
    with translation.override("zh-hans"):
        return function(*args)


def column_line(letter: str, header: str, fate: str, *, field="", how="", reason="") -> str:
    column = {"letter": letter, "header": header, "fate": fate, "field": field, "score": 1.0, "how": how,
              "reason": reason, "other": "", "candidates": []}
    return in_zh(column_text, column, LABELS)


def skipped_line(row: int, why: str, text: str) -> str:
    return in_zh(skipped_text, {"row": row, "why": why, "text": text})


def enterprises() -> dict[str, Enterprise]:
    with scopes_disabled():
        return {e.uscc: e for e in Enterprise.objects.all()}


def upload(page, server, path) -> None:
    page.goto(f"{server.url}/enterprises/import/")
    page.set_input_files("#id_file", str(path))
    page.click("form:has(#id_file) button[type=submit]")
    page.wait_for_selector("#mapping-form")


def list_items(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(f"{selector} li").all_inner_texts()]


def test_an_officer_maps_imports_fixes_the_rejects_and_imports_them_again(
        live_server, page, screenshot_dir, personas, tmp_path):
    before = enterprises()
    assert len(before) == 2          # the personas' two firms
    original = tmp_path / "慈溪市规上工业企业名单.xlsx"
    write_registry(original)
    sign_in(page, live_server, "p_county")

    # 1. Upload: the job page opens on the mapping step.
    page.goto(f"{live_server.url}/enterprises/import/")
    page.set_input_files("#id_file", str(original))
    shot(page, screenshot_dir, 1, "upload")
    page.click("form:has(#id_file) button[type=submit]")
    page.wait_for_selector("#mapping-form")

    # 2. Our guesses: the four known headers matched, the two unknown ones ignored.
    guessed = {letter: page.input_value(f"#mapping-form select[name={letter}]") for letter in "ABCDEF"}
    assert guessed == {"A": "uscc", "B": "name", "C": "town", "D": "industry", "E": "", "F": ""}
    assert page.locator("#mapping-form tbody tr").count() == len(HEADERS)
    assert "120" in page.inner_text("#mapping-form tr[data-column=E]")   # sample values shown
    page.select_option("#mapping-form select[name=E]", "employees")
    shot(page, screenshot_dir, 2, "mapping")
    page.click("#confirm-mapping")
    page.wait_for_selector("#import-summary")

    # 3. The summary: 3 landed, title and totals skipped, 1 rejected, 1 column ignored.
    assert page.inner_text("#count-landed").strip() == "3 (%s)" % zh(LANDED, created="3", updated="0",
                                                                       unchanged="0")
    assert page.inner_text("#count-skipped").strip() == "2"
    assert re.match(r"^1\b", page.inner_text("#count-rejected").strip())
    assert page.inner_text("#count-ignored").strip() == "1"
    columns = list_items(page, "#import-columns")
    assert column_line("E", "职工总数", "matched", field="employees", how="chosen") in columns
    # Left ignored as offered: the summary says why we offered it, not "your choice".
    assert column_line("F", "备用列X", "ignored", reason="unknown") in columns
    # The guesses the officer left alone still say how they were guessed.
    assert column_line("A", "统一社会信用代码", "matched", field="uscc", how="synonym") in columns
    assert len(columns) == len(HEADERS)
    page.click("#import-skipped summary")
    assert list_items(page, "#import-skipped") == [
        skipped_line(1, "title", TITLE), skipped_line(7, "totals", f"合计 | {TOTAL_EMPLOYEES}")]
    shot(page, screenshot_dir, 3, "summary")

    # The mapping took effect: the employee numbers are in the registry.
    after = enterprises()
    assert set(after) == set(before) | {row[0] for row in GOOD}
    for code, name, _town, industry, employees, _spare in GOOD:
        assert (after[code].name, after[code].industry_id, after[code].employees) == (name, industry, employees)
    assert [after[row[0]].division_id for row in GOOD] == [TOWN_A, TOWN_B, TOWN_A]
    assert WRONG not in after and FIXED not in after

    # 4. The rejects report: the bad row as the file had it, and why.
    with page.expect_download() as download:
        page.click("#rejects-report")
    report = tmp_path / download.value.suggested_filename
    download.value.save_as(report)
    assert report.suffix == ".xlsx"
    book = openpyxl.load_workbook(report)
    sheet = book.active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [zh("Original row"), *HEADERS, zh("Rejection reason")]
    assert len(rows) == 2
    number, *cells, reason = rows[1]
    assert int(number) == 6
    assert [str(cell) for cell in cells] == [str(cell) for cell in BAD]
    expected = stdnum_uscc.calc_check_digit(WRONG[:-1])
    assert reason == "%s：%s" % (zh("credit code"), zh(
        "the check character (the last one) should be %(expected)s, not %(given)s: a typing error?",
        expected=expected, given=WRONG[-1]))
    assert expected == FIXED[-1]

    # The officer fixes the code in the report and saves it.
    code_cell = sheet.cell(row=2, column=2)
    assert code_cell.value == WRONG
    code_cell.value = FIXED
    fixed = tmp_path / "rejects-fixed.xlsx"
    book.save(fixed)

    # 5. Re-upload: the mapping step offers the saved choices.
    upload(page, live_server, fixed)
    offered = {letter: page.input_value(f"#mapping-form select[name={letter}]") for letter in "ABCDEFGH"}
    assert offered == {"A": "", "B": "uscc", "C": "name", "D": "town", "E": "industry", "F": "employees",
                       "G": "", "H": ""}
    assert zh("your saved mapping") in page.inner_text("#mapping-form tr[data-column=F]")
    # ...and says why the others are left out: the officer's saved choice, the report's own columns.
    assert zh("ignored by your saved mapping") in page.inner_text("#mapping-form tr[data-column=G]")
    for letter in "AH":
        assert zh("not needed (serial numbers, notes, the rejects report's own columns)") in page.inner_text(
            f"#mapping-form tr[data-column={letter}]")
    shot(page, screenshot_dir, 4, "mapping-saved")
    page.click("#confirm-mapping")
    page.wait_for_selector("#import-summary")

    # 6. The fixed row lands; nothing else changes.
    assert page.inner_text("#count-landed").strip() == "1 (%s)" % zh(LANDED, created="1", updated="0",
                                                                       unchanged="0")
    assert page.inner_text("#count-rejected").strip() == "0"
    assert page.locator("#rejects-report").count() == 0
    assert page.inner_text("#count-skipped").strip() == "0"
    assert page.inner_text("#count-ignored").strip() == "3"    # 原行号, 备用列X, 错误原因
    # Left as the mapping step offered it: from the officer's saved mapping.
    assert column_line("F", "职工总数", "matched", field="employees", how="saved") in list_items(
        page, "#import-columns")
    shot(page, screenshot_dir, 5, "summary-fixed")

    final = enterprises()
    assert set(final) == set(after) | {FIXED} and len(final) == 6
    landed = final[FIXED]
    assert (landed.name, landed.division_id, landed.industry_id, landed.employees) == (
        BAD[1], TOWN_B, "3857", 60)
    for code, firm in after.items():
        assert (final[code].name, final[code].division_id, final[code].employees) == (
            firm.name, firm.division_id, firm.employees)

    page.goto(f"{live_server.url}/enterprises/{FIXED}/")
    assert BAD[1] in page.inner_text("main")
    shot(page, screenshot_dir, 6, "fixed-enterprise")
