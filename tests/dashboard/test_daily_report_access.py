"""The daily report's ways out: `lianfu report daily` (its errors, the file it
writes, --pdf through LibreOffice) and the download at /overview/report/ (who
gets which division's report, refusals). The workbook's cells are checked in
test_daily_report.py."""
import datetime
import io
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from lianfu.common.roles import Role
from lianfu.dashboard.pdf import pdf_available
from tests.dashboard.test_daily_report import report_county  # noqa: F401 (the county and its overdue tickets)
from tests.dashboard.test_metrics import county  # noqa: F401
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:daily_report")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def report(*args) -> str:
    out = StringIO()
    call_command("report", "daily", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "2020-02-30"], "--date '2020-02-30': expected YYYY-MM-DD"),
    (["--date", "2099-01-01"], "--date 2099-01-01: in the future"),
    (["--county", "999999"], "--county '999999': not a county code"),
    (["--town", "330282999"], "--town '330282999': not a town code"),
    (["--county", "330281", "--town", "330282004"], "--town 330282004: 浒山街道 is not in 余姚市"),
])
def test_the_command_refuses_a_bad_day_or_division(args, message, tmp_path):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        report("--out", str(tmp_path / "r.xlsx"), *args)


def test_the_command_writes_the_report_and_says_where(report_county, tmp_path):
    target = tmp_path / "daily.xlsx"
    said = report("--date", "2020-02-25", "--out", str(target))
    assert said.startswith(f"report daily: 慈溪市 (330282000000) 2020-02-25 written to {target} in ")
    assert openpyxl.load_workbook(target)["日报"]["B5"].value == 50.0
    said = report("--out", str(tmp_path / "town.xlsx"), "--town", "330282121")
    assert f"周巷镇 (330282121000) {timezone.localdate().isoformat()}" in said


def download(client, **query):
    answer = client.get(URL, query)
    assert answer.status_code == 200, answer.content[:300]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    return answer, book


def test_a_county_officer_downloads_the_countys_report(report_county, personas, login):
    answer, book = download(login(personas["county"]), date="2020-02-25")
    assert answer["Content-Disposition"] == 'attachment; filename="daily-report-2020-02-25.xlsx"'
    assert book["日报"]["A1"].value == "慈溪市企业复工复产日报" and "按镇街" in book.sheetnames
    answer, _book = download(login(personas["admin"]))            # an administrator: the home county, today
    assert f"daily-report-{timezone.localdate().isoformat()}.xlsx" in answer["Content-Disposition"]


def test_a_town_officer_gets_their_town_only(report_county, personas, login):
    _answer, book = download(login(personas["town_b"]), date="2020-02-25")
    assert book["日报"]["A1"].value == "周巷镇企业复工复产日报" and "按镇街" not in book.sheetnames
    assert [row[0].value for row in book["超期工单"].iter_rows(min_row=4, max_row=4)] == [report_county["t1"].pk]
    _answer, book = download(login(personas["town_a"]), date="2020-02-25")
    assert book["未完成产业链"]["B4"].value == "慈溪市甬达电器有限公司"
    assert book["超期工单"]["A4"].value == report_county["t2"].pk and book["超期工单"]["A5"].value is None


def test_a_sibling_countys_officer_gets_their_own_county(report_county, login):
    yuyao = UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000")
    _answer, book = download(login(yuyao), date="2020-02-25")
    assert book["日报"]["A1"].value == "余姚市企业复工复产日报"
    assert [book["日报"].cell(row, 2).value for row in range(5, 11)] == ["—"] * 6    # no firm: nothing to count
    assert book["日报"]["B13"].value == 0
    assert book["未完成产业链"].max_row == 4 and isinstance(book["超期工单"]["A4"].value, str)


def test_firms_are_refused_and_strangers_sent_to_sign_in(report_county, personas, login, client):
    assert login(personas["firm_x"]).get(URL).status_code == 403
    answer = client.get(URL)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))


def test_a_bad_or_future_date_is_a_400_that_says_why(personas, login):
    county = login(personas["county"])
    answer = county.get(URL, {"date": "3 March"})
    assert answer.status_code == 400 and "YYYY-MM-DD" in answer.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    answer = county.get(URL, {"date": future})
    assert answer.status_code == 400 and future in answer.content.decode()


def test_without_libreoffice_the_pdf_is_refused_clearly(personas, login, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))          # no soffice anywhere on it
    answer = login(personas["county"]).get(URL, {"format": "pdf"})
    assert answer.status_code == 404 and "LibreOffice" in answer.content.decode()
    with pytest.raises(CommandError, match="LibreOffice is not installed"):
        report("--out", str(tmp_path / "r.xlsx"), "--pdf")


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice is not installed (apt-get install "
                                                "libreoffice-calc-nogui): the PDF cannot be made here")
def test_the_pdf_is_printed_by_libreoffice(report_county, tmp_path, personas, login):
    said = report("--date", "2020-02-25", "--out", str(tmp_path / "daily.xlsx"), "--pdf")
    pdf = tmp_path / "daily.pdf"
    assert f"PDF written to {pdf}" in said and pdf.read_bytes().startswith(b"%PDF")
    answer = login(personas["town_a"]).get(URL, {"date": "2020-02-25", "format": "pdf"})
    assert (answer.status_code, answer["Content-Type"]) == (200, "application/pdf")
    assert answer["Content-Disposition"] == 'attachment; filename="daily-report-2020-02-25.pdf"'
    assert answer.content.startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(SCREENSHOTS / "daily-report-page1")], check=True, timeout=60)
        assert (SCREENSHOTS / "daily-report-page1.png").stat().st_size > 1000
