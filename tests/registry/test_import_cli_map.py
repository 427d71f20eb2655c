"""The command line's mapping (--map), what it prints about every column and
skipped row, and a rejects report that cannot be written."""
import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.common.enums import JobStatus
from lianfu.common.models import ActivityLog, ImportJob
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.models import Enterprise

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "统一社会信用代码", "企业名称", "所属镇街", "职工总数", "备用列"]
ROWS = [
    ["1", uscc_from_number(31), "慈溪市甲电器有限公司", "浒山街道", "120", "x"],
    ["2", uscc_from_number(32), "慈溪市乙汽配有限公司", "周巷镇", "85", "y"],
    ["3", "", "缺代码有限公司", "周巷镇", "10", ""],
    ["合计", "", "", "", "215", ""],
]


def write_file(path: Path) -> Path:
    with open(path, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["慈溪市规上工业企业名单（2020年2月）"])
        writer.writerow(["填报单位：慈溪市经信局", "", "", "填报日期：2020-02-15"])
        writer.writerow([])
        writer.writerow(HEADERS)
        writer.writerows(ROWS)
    return path


def employees() -> dict[str, int | None]:
    with scopes_disabled():
        return dict(Enterprise.objects.values_list("uscc", "employees"))


def test_map_names_a_column_and_ignores_another_and_the_output_says_what_happened(tmp_path, capsys):
    with translation.override("en"):
        call_command("import_data", "enterprises", str(write_file(tmp_path / "list.csv")),
                     "--map", "职工总数=employees,备用列=", "--report", str(tmp_path / "rejects.xlsx"))
    # The progress bars (rich) share stdout; the report is the rest.
    out = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(("validating", "saving"))]
    assert out == [
        "header found in row 4",
        "mapping used:",
        "  B「统一社会信用代码」 → credit code (known header)",
        "  C「企业名称」 → name (known header)",
        "  D「所属镇街」 → town (known header)",
        "  E「职工总数」 → employees (your choice)",
        "  A「序号」: ignored, not needed (serial numbers, notes, the rejects report's own columns)",
        "  F「备用列」: ignored, ignored by your choice",
        "3 rows skipped:",
        "  row 1 skipped (title row): 慈溪市规上工业企业名单（2020年2月）",
        "  row 2 skipped (information row): 填报单位：慈溪市经信局 | 填报日期：2020-02-15",
        "  row 8 skipped (totals row): 合计 | 215",
        "3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected",
        f"rejected rows: {tmp_path / 'rejects.xlsx'}",
    ]
    assert employees() == {uscc_from_number(31): 120, uscc_from_number(32): 85}
    job = ImportJob.objects.get()
    assert job.options["choices"] == {"职工总数": "employees", "备用列": ""}
    assert [c["fate"] for c in job.summary["columns"]] == ["ignored", "matched", "matched", "matched", "matched",
                                                          "ignored"]


def test_without_map_the_unknown_header_is_ignored_by_name(tmp_path, capsys):
    with translation.override("en"):
        call_command("import_data", "enterprises", str(write_file(tmp_path / "list.csv")))
    out = capsys.readouterr().out
    assert "  E「职工总数」: ignored, not a column this import reads" in out
    assert employees() == {uscc_from_number(31): None, uscc_from_number(32): None}


@pytest.mark.parametrize("mapping,message", [
    ("职工总数=staff", "--map '职工总数=staff': no field 'staff'; fields: uscc, name, short_name"),
    ("职工总数", "--map '职工总数': write header=field (or header= to ignore the column)"),
])
def test_a_bad_map_is_refused_before_anything_is_read(tmp_path, mapping, message):
    with pytest.raises(CommandError) as error:
        call_command("import_data", "enterprises", str(write_file(tmp_path / "list.csv")), "--map", mapping)
    assert str(error.value).startswith(message)
    assert not ImportJob.objects.exists() and employees() == {}


def test_two_columns_for_one_field_are_refused_as_ambiguous_until_mapped(tmp_path, capsys):
    path = tmp_path / "phones.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["统一社会信用代码", "企业名称", "电话", "手机"],
                                      [uscc_from_number(33), "慈溪市丙有限公司", "0574-63012345", "13812345678"]])
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_data", "enterprises", str(path))
    assert str(error.value) == (
        "Some columns could stand for more than one field, or several columns for the same field: "
        "C「电话」 = D「手机」 → contact phone；D「手机」 = C「电话」 → contact phone. "
        "Choose in the mapping step (web) or with --map \"header=field\" (command line).")
    assert employees() == {}
    call_command("import_data", "enterprises", str(path), "--map", "手机=contact_phone,电话=")
    with scopes_disabled():
        assert Enterprise.objects.get().contact_phone == "13812345678"


def test_a_rejects_report_that_cannot_be_written_fails_the_job_and_saves_nothing(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the report's folder should be")
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_data", "enterprises", str(write_file(tmp_path / "list.csv")),
                     "--report", str(blocked / "rejects.xlsx"))
    assert str(error.value).startswith("The list of rejected rows could not be written (")
    assert str(error.value).endswith("), so nothing was saved. Please tell the administrator, then upload the "
                                     "file again.")
    assert employees() == {}
    job = ImportJob.objects.get()
    assert (job.status, job.report_path, job.created) == (JobStatus.FAILED, "", 0)
    assert ActivityLog.objects.filter(action="import.enterprises.failed").count() == 1
