"""Enterprise registry import with real files: nothing good lost, nothing bad stored,
every rejected row named in the report."""
import csv
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.enums import ImportStatus, JobStatus
from lianfu.common.models import ActivityLog, ImportJob
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.importing.enterprises import import_enterprises
from lianfu.registry.models import Division, Enterprise
from tests.common.test_tabular import written_cells
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db

HEADERS_ZH = ["统一社会信用代码", "企业名称", "所属镇街", "行业代码", "是否规上", "从业人数", "联系电话"]
GOOD = [
    [uscc_from_number(1), "慈溪市甬达电器有限公司", "浒山街道", "3857", "是", "320", "13812345678"],
    [uscc_from_number(2), "慈溪市周盛汽配有限公司", "周巷镇", "C3670", "否", "45", "0574-63012345"],
    [uscc_from_number(3), "慈溪市宗汉塑业有限公司", TOWN_A[:9], "2929", "否", "1,200", ""],
]


def bad_checksum(code: str) -> str:
    last = "0" if code[-1] != "0" else "1"
    return code[:-1] + last


def write_csv(path: Path, rows, headers=HEADERS_ZH, encoding="gbk") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx_file(path: Path, rows, headers=HEADERS_ZH) -> Path:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("企业")
    for r, row in enumerate([headers, *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value) if isinstance(value, str) else sheet.write(r, c, value)
    book.close()
    return path


def run(path: Path, within=None):
    return import_enterprises(path, within=within, max_bytes=10 * 2**20)


def stored() -> dict[str, Enterprise]:
    with scopes_disabled():
        return {e.uscc: e for e in Enterprise.objects.all()}


def read_report(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]


def test_gbk_csv_with_chinese_headers_lands_every_good_row(tmp_path):
    result = run(write_csv(tmp_path / "registry.csv", GOOD))
    assert (result.rows, result.created, result.updated, result.unchanged, result.rejected) == (3, 3, 0, 0, 0)
    firms = stored()
    first, second, third = (firms[row[0]] for row in GOOD)
    assert (first.name, first.division_id, first.industry_id, first.above_scale, first.employees) == (
        "慈溪市甬达电器有限公司", TOWN_A, "3857", True, 320)
    assert (second.division_id, second.industry_id, second.contact_phone) == (TOWN_B, "3670", "0574-63012345")
    assert (third.division_id, third.employees) == (TOWN_A, 1200)


def test_rerunning_the_same_file_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "registry.csv", GOOD)
    run(path)
    history_before = Enterprise.history.count()
    result = run(path)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 3, 0)
    assert Enterprise.history.count() == history_before
    assert len(stored()) == 3


def test_changed_value_updates_and_is_recorded_in_history(tmp_path):
    run(write_csv(tmp_path / "a.csv", GOOD))
    changed = [row[:] for row in GOOD]
    changed[0][5] = "350"
    result = run(write_csv(tmp_path / "b.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    firm = stored()[GOOD[0][0]]
    assert firm.employees == 350
    assert [h.employees for h in firm.history.order_by("history_date")] == [320, 350]


def test_blank_cell_keeps_the_stored_value(tmp_path):
    run(write_csv(tmp_path / "a.csv", GOOD))
    blanked = [row[:] for row in GOOD]
    blanked[0][5] = ""
    assert run(write_csv(tmp_path / "b.csv", blanked)).unchanged == 3
    assert stored()[GOOD[0][0]].employees == 320


def test_xlsx_with_chinese_headers_and_typed_cells(tmp_path):
    rows = [[GOOD[0][0], GOOD[0][1], "浒山街道", 3857, "是", 320, "13812345678"]]
    result = run(write_xlsx_file(tmp_path / "registry.xlsx", rows))
    assert (result.created, result.rejected) == (1, 0)
    firm = stored()[GOOD[0][0]]
    assert (firm.industry_id, firm.employees, firm.division_id) == ("3857", 320, TOWN_A)


def test_english_headers_are_understood(tmp_path):
    headers = ["uscc", "name", "town", "industry", "above_scale", "employees", "contact_phone"]
    result = run(write_csv(tmp_path / "en.csv", GOOD, headers=headers, encoding="utf-8-sig"))
    assert (result.created, result.rejected) == (3, 0)


def test_bad_rows_are_reported_and_good_rows_still_land(tmp_path):
    rows = [
        GOOD[0],
        [bad_checksum(uscc_from_number(4)), "校验位错误有限公司", "浒山街道", "3857", "否", "10", ""],
        ["91330282ABC", "长度错误有限公司", "浒山街道", "3857", "否", "10", ""],
        GOOD[1],
        [GOOD[0][0], "重复行有限公司", "浒山街道", "3857", "否", "10", ""],
        [uscc_from_number(5), "未知镇街有限公司", "火星镇", "3857", "否", "10", ""],
        [uscc_from_number(6), "行业错误有限公司", "浒山街道", "9999", "否", "10", ""],
        [uscc_from_number(7), "人数错误有限公司", "浒山街道", "3857", "否", "很多", ""],
        [uscc_from_number(8), "", "浒山街道", "3857", "否", "10", ""],
    ]
    with translation.override("en"):
        result = run(write_csv(tmp_path / "mixed.csv", rows))
    assert (result.rows, result.created, result.rejected) == (9, 2, 7)
    assert set(stored()) == {GOOD[0][0], GOOD[1][0]}
    assert [(r.row, r.field) for r in result.rejections] == [
        (3, "credit code"), (4, "credit code"), (6, "credit code"), (7, "town"), (8, "industry"),
        (9, "employees"), (10, "name")]
    assert result.rejections[2].reason == "the same credit code as row 2"
    assert result.rejections[3].reason == ("no town of this name or like it in your jurisdiction; if it is an old "
                                           "name, a county officer can add it under Old town names")


def test_formula_cells_are_stored_as_text_and_neutralised_on_export(tmp_path, personas, login):
    formula = '=HYPERLINK("http://evil.example","点我")'
    rows = [[uscc_from_number(9), formula, "浒山街道", "3857", "否", "10", ""]]
    assert run(write_csv(tmp_path / "formula.csv", rows)).created == 1
    assert stored()[uscc_from_number(9)].name == formula
    response = login(personas["county"]).get(reverse("registry:enterprise_list"), {"export": "xlsx", "q": "HYPERLINK"})
    content = b"".join(response.streaming_content)
    exported = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    # The exact text, kept from being a formula by the cell's quote-prefix format.
    assert exported.to_python()[1][1] == formula
    (tmp_path / "export.xlsx").write_bytes(content)
    assert written_cells(tmp_path / "export.xlsx")["B2"] == (formula, True, False)


def test_town_outside_the_importers_jurisdiction_is_rejected(tmp_path):
    town_a = Division.objects.get(code=TOWN_A)
    result = run(write_csv(tmp_path / "two-towns.csv", GOOD[:2]), within=town_a)
    assert result.created == 1
    assert [(r.row, r.field, r.value) for r in result.rejections] == [(3, "镇街", "周巷镇")]


def test_oversized_file_fails_whole_and_stores_nothing(tmp_path, settings):
    path = write_csv(tmp_path / "big.csv", GOOD * 200)
    settings.LIANFU_IMPORT_MAX_BYTES = 1024
    job = ImportJob.objects.create(kind="enterprises", original_name="big.csv", stored_path=str(path))
    from lianfu.registry.importing.jobs import run_job
    run_job(job)
    assert job.status == JobStatus.FAILED and job.error
    assert stored() == {}


def test_zip_bomb_is_refused_and_stores_nothing(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * 2**20
            for _ in range(300):
                member.write(chunk)
    from lianfu.common.tabular import TabularError
    with pytest.raises(TabularError) as caught:
        run(path)
    assert caught.value.code == "zip_bomb"
    assert stored() == {}


def test_web_upload_runs_the_job_and_offers_the_rejects_report(tmp_path, personas, login):
    rows = [*GOOD, [bad_checksum(uscc_from_number(4)), "校验位错误有限公司", "浒山街道", "3857", "否", "10", ""]]
    path = write_csv(tmp_path / "upload.csv", rows)
    client = login(personas["county"])
    with open(path, "rb") as handle:
        response = client.post(reverse("registry:import"), {"file": handle})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:import_job", args=[job.pk])
    # The mapping step: our guesses, confirmed as they stand.
    assert job.status == ImportStatus.MAPPING
    guesses = {c["letter"]: c["field"] for c in job.summary["preview"]["columns"]}
    assert guesses == {"A": "uscc", "B": "name", "C": "town", "D": "industry", "E": "above_scale",
                       "F": "employees", "G": "contact_phone"}
    confirmed = client.post(response["Location"], guesses)
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == (JobStatus.DONE, 3, 1)
    page = client.get(response["Location"]).content.decode()
    assert reverse("registry:import_report", args=[job.pk]) in page
    report = client.get(reverse("registry:import_report", args=[job.pk]))
    rejected = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content))).get_sheet_by_index(0)
    assert [row[:3] for row in rejected.to_python()[1:]] == [[5.0, rows[3][0], "校验位错误有限公司"]]
    assert ActivityLog.objects.filter(action="import.enterprises.done", actor=personas["county"]).count() == 1
    history = Enterprise.history.filter(uscc=GOOD[0][0]).get()
    assert (history.history_type, history.history_user, history.name) == ("+", personas["county"], GOOD[0][1])


def test_another_users_import_job_is_404(tmp_path, personas, login):
    job = ImportJob.objects.create(kind="enterprises", created_by=personas["county"], original_name="x.csv",
                                   stored_path=str(tmp_path / "x.csv"), status=JobStatus.DONE)
    assert login(personas["town_a"]).get(reverse("registry:import_job", args=[job.pk])).status_code == 404


def test_cli_import_writes_the_report(tmp_path, capsys):
    rows = [*GOOD, ["123", "坏代码有限公司", "浒山街道", "3857", "否", "10", ""]]
    report = tmp_path / "rejects.xlsx"
    call_command("import_data", "enterprises", str(write_csv(tmp_path / "cli.csv", rows)), "--report", str(report))
    out = capsys.readouterr().out
    assert "4 rows: 3 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert [(int(r[0]), r[1], r[2]) for r in read_report(report)] == [(5, "123", "坏代码有限公司")]


def test_unexpected_error_ends_the_job_as_failed_and_saves_nothing(tmp_path, monkeypatch):
    from lianfu.registry.importing import enterprises, jobs

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(enterprises.bulk, "record_history", explode)
    path = write_csv(tmp_path / "registry.csv", GOOD)
    job = ImportJob.objects.create(kind="enterprises", original_name="registry.csv", stored_path=str(path))
    jobs.run_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert stored() == {}
    assert path.exists()


def test_web_upload_over_the_size_limit_is_refused_at_the_form(tmp_path, personas, login, settings):
    settings.LIANFU_IMPORT_MAX_BYTES = 1024
    path = write_csv(tmp_path / "big.csv", GOOD * 50)
    with open(path, "rb") as handle:
        response = login(personas["county"]).post(reverse("registry:import"), {"file": handle})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "1.0\xa0KB" in errors[0]
    assert not ImportJob.objects.exists()


def test_cli_import_as_a_user_without_the_right_is_refused(tmp_path, personas):
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_data", "enterprises", str(write_csv(tmp_path / "x.csv", GOOD)), "--as", "p_firm_x")
    assert not set(stored()) & {row[0] for row in GOOD}
