"""The daily report (dashboard/report.py), read back cell by cell with openpyxl,
on test_metrics' hand-built county plus two tickets past their deadline:

    T1 丁电镀 (town B), 交通运输局, due 02-24 17:30, still being worked on
    T2 戊钢材 (town A, renamed to a formula), town triage, due 02-25 12:00, resolved late 02-26 10:00

On 02-25 (the day before, 02-24): restarted 甲 甬达 乙 → 3 of 6 = 50.0 (2 of 6 = 33.3);
above-scale 甬达 1 of 1; capacity (60·100 + 80·300 + 50·50) / 450 = 72.2 (乙 still at its
survey's 10: 30500 / 450 = 67.8); on duty (10 + 150 + 5) / 450 = 36.7; chain 2 of 5 = 40.0
(1 of 5 = 20.0), blocking 丙 (tier 1), 丁 (tier 2), 戊 (tier 3); tickets 1 of 1 on time;
overdue at the day's end: T1 by 1 d 6 h 30 min, T2 by 12 h.
Today: as on 02-28 (50.0, 100.0, 72.6, 38.9, 40.0) and 4 tickets resolved, 2 on time = 50.0;
overdue: T1 only."""
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from lianfu.dashboard.report import build_daily_report
from lianfu.helpdesk.enums import Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department, Division, Industry
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.dashboard.test_metrics import county, restart  # noqa: F401 (the hand-built county)

pytestmark = pytest.mark.django_db
D = datetime.date
EVIL = '=HYPERLINK("http://evil.example/","点我")'
SHEETS_ZH = ["日报", "按镇街", "按行业", "未完成产业链", "超期工单"]


def at(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def overdue_ticket(firm, *, department, created, due, resolved=None):
    with scopes_disabled():
        return Ticket.objects.create(
            enterprise=firm, town_id=firm.division_id, submitter=Submitter.ENTERPRISE, channel=Channel.WEB,
            text="物流受阻", category=Category.LOGISTICS, confidence=0.9, department=department,
            status=Status.RESOLVED if resolved else Status.ACCEPTED, created_at=created, routed_at=created,
            due_at=due, resolved_at=resolved, resolved_on_time=False if resolved else None)


@pytest.fixture
def report_county(county):
    with scopes_disabled():
        county["t"].name = EVIL
        county["t"].save(update_fields=["name"])
        transport = Department.objects.create(code="transport", county_id=COUNTY, name_zh="交通运输局",
                                              name_en="Transport")
    t1 = overdue_ticket(county["s"], department=transport, created=at(D(2020, 2, 24), 9),
                        due=at(D(2020, 2, 24), 17, 30))
    t2 = overdue_ticket(county["t"], department=None, created=at(D(2020, 2, 23), 9), due=at(D(2020, 2, 25), 12),
                        resolved=at(D(2020, 2, 26), 10))
    return {**county, "t1": t1, "t2": t2}


def build(division_code: str, day: D) -> openpyxl.Workbook:
    out = io.BytesIO()
    build_daily_report(out, Division.objects.get(code=division_code), day)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def names(*codes) -> list[str]:
    found = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    return [found[code] for code in codes]


def test_a_past_days_first_sheet_has_the_headline_the_day_before_and_the_counts(report_county):
    book = build(COUNTY, D(2020, 2, 25))
    assert book.sheetnames == SHEETS_ZH
    sheet = rows(book["日报"])
    assert sheet[0][0] == "慈溪市企业复工复产日报"
    assert sheet[1][0] == "统计日期 2020-02-25，截至当日 24:00"
    assert sheet[3] == ["指标", "2020-02-25", "2020-02-24", "变化", "口径"]
    assert [row[1:4] for row in sheet[4:10]] == [
        [50.0, 33.3, 16.7],     # restart rate
        [100.0, 100.0, 0.0],    # above-scale
        [72.2, 67.8, 4.4],      # capacity
        [36.7, 36.7, 0.0],      # on duty
        [40.0, 20.0, 20.0],     # chain completion
        [100.0, 100.0, 0.0]]    # tickets on time
    assert sheet[4][0] == "复工率"
    assert sheet[11][:4] == ["数量", "2020-02-25", "2020-02-24", "变化"]
    assert [row[1:4] for row in sheet[12:20]] == [
        [6, 6, 0], [3, 2, 1], [1, 1, 0], [1, 1, 0], [1, 1, 0], [0, 0, 0], [1, 1, 0], [1, 1, 0]]
    assert sheet[21][0] == "说明" and all(row[0] for row in sheet[22:29]) and sheet[29][0] is None
    assert sheet[30][0].startswith("由 lianfu 生成于 ")


def test_a_past_days_lists_read_as_they_were(report_county):
    book = build(COUNTY, D(2020, 2, 25))
    town_a, town_b = names(TOWN_A, TOWN_B)
    by_town = rows(book["按镇街"])
    assert by_town[2] == ["镇街", "企业数", "已复工", *(f"{label} (%)" for label in (
        "复工率", "规上企业复工率", "产能恢复", "到岗率", "产业链配套复工率", "诉求按时办结率"))]
    assert by_town[3:] == [
        [town_a, 3, 2, 66.7, 100.0, 75.0, 40.0, 40.0, 100.0],   # 甬达 甲 戊; (60·100 + 80·300) / 400
        [town_b, 3, 1, 33.3, "—", 50.0, 10.0, "—", "—"],        # 周盛 乙 丁: no above-scale firm, chain, ticket
        ["合计", 6, 3, 50.0, 100.0, 72.2, 36.7, 40.0, 100.0]]
    industry = dict(Industry.objects.filter(code__in=["38", "36"]).values_list("code", "name_zh"))
    assert [row[:3] for row in rows(book["按行业"])[3:]] == [[industry["38"], 5, 3], [industry["36"], 1, 0],
                                                            ["合计", 6, 3]]
    chains = rows(book["未完成产业链"])
    assert chains[3:] == [[1, "慈溪市甬达电器有限公司", town_a, 5, 2, 40.0, f"丙轴承、丁电镀、{EVIL}"]]
    overdue = rows(book["超期工单"])
    t1, t2 = report_county["t1"], report_county["t2"]
    assert [row[:5] for row in overdue[3:5]] == [
        [t1.pk, "丁电镀", str(Category.LOGISTICS.label), "交通运输局", town_b],
        [t2.pk, EVIL, str(Category.LOGISTICS.label), "镇街自行处理", town_a]]
    assert [row[5] for row in overdue[3:5]] == [datetime.datetime(2020, 2, 24, 17, 30),
                                                 datetime.datetime(2020, 2, 25, 12, 0)]
    assert [row[:2] for row in overdue[7:]] == [["承办单位", "超时诉求"], ["交通运输局", 1], ["镇街自行处理", 1]]


def test_todays_report_reads_now(report_county):
    today = timezone.localdate()
    book = build(COUNTY, today)
    sheet = rows(book["日报"])
    assert sheet[1][0].startswith(f"统计日期 {today.isoformat()}，截至 ") and sheet[1][0][-3] == ":"
    assert [row[1:4] for row in sheet[4:10]] == [
        [50.0, 50.0, 0.0], [100.0, 100.0, 0.0], [72.6, 72.6, 0.0], [38.9, 38.9, 0.0], [40.0, 40.0, 0.0],
        [50.0, 50.0, 0.0]]
    assert [row[1] for row in sheet[12:20]] == [6, 3, 1, 1, 1, 0, 4, 2]
    overdue = rows(book["超期工单"])
    assert [row[0] for row in overdue[3:5]] == [report_county["t1"].pk, None]       # T2 was resolved since
    assert [row[:2] for row in overdue[6:]] == [["承办单位", "超时诉求"], ["交通运输局", 1]]


def test_the_same_past_day_gives_the_same_cells_whenever_built(report_county, personas, members):
    first = build(COUNTY, D(2020, 2, 25))
    restart(personas, members, "s", report_county["s"], timezone.localdate(), 90)    # 丁 restarts today
    again = build(COUNTY, D(2020, 2, 25))
    for name in SHEETS_ZH:
        before, after = rows(first[name]), rows(again[name])
        if name == "日报":   # but the "generated at" line
            before, after = before[:-1], after[:-1]
        assert before == after


def test_every_sheet_prints_landscape_a4_one_page_wide_with_its_header_repeated(report_county):
    book = build(COUNTY, D(2020, 2, 25))
    layout = {}
    for sheet in book.worksheets:
        setup = sheet.page_setup
        layout[sheet.title] = (sheet.freeze_panes, sheet.print_title_rows, sheet.print_area)
        assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0)
        assert setup.fitToWidth in (None, 1)          # 1 is the attribute's default: left out of the file
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_options.gridLines
        assert any(merged.coord.startswith("A1:") for merged in sheet.merged_cells.ranges)    # the title
        assert all(sheet.column_dimensions[col].width >= 6 for col in "ABC")
    assert layout == {
        "日报": ("A5", "$1:$4", "'日报'!$A$1:$E$31"),
        "按镇街": ("A4", "$1:$3", "'按镇街'!$A$1:$I$6"),
        "按行业": ("A4", "$1:$3", "'按行业'!$A$1:$I$6"),
        "未完成产业链": ("A4", "$1:$3", "'未完成产业链'!$A$1:$G$4"),
        "超期工单": ("A4", "$1:$3", "'超期工单'!$A$1:$G$10")}
    assert book["日报"]["B5"].number_format == "0.0" and book["日报"]["B13"].number_format == "#,##0"


def test_a_formula_looking_firm_name_is_quote_prefixed_text(report_county):
    sheet = build(COUNTY, D(2020, 2, 25))["超期工单"]
    assert (sheet["B5"].value, sheet["B5"].data_type, sheet["B5"].quotePrefix) == (EVIL, "s", True)
    assert sheet["B4"].quotePrefix is False


def test_the_english_report_has_english_sheets_and_titles(report_county):
    with translation.override("en"):
        book = build(COUNTY, D(2020, 2, 25))
    assert book.sheetnames == ["Daily report", "By town", "By industry", "Chains not complete", "Overdue tickets"]
    sheet = rows(book["Daily report"])
    assert sheet[0][0] == "Daily restart report: 慈溪市"
    assert sheet[1][0] == "Date 2020-02-25, as of the end of the day"
    assert sheet[4][0] == "Restart rate" and sheet[12][0] == "Firms"
    assert [row[3:7] for row in rows(book["Overdue tickets"])[3:5]] == [
        ["Transport", names(TOWN_B)[0], datetime.datetime(2020, 2, 24, 17, 30), "1 d 6 h"],
        ["Town triage", names(TOWN_A)[0], datetime.datetime(2020, 2, 25, 12, 0), "12 h 0 min"]]


def test_a_towns_report_has_no_town_sheet_and_only_its_chains_and_tickets(report_county):
    book = build(TOWN_B, D(2020, 2, 25))
    assert book.sheetnames == ["日报", "按行业", "未完成产业链", "超期工单"]
    assert rows(book["日报"])[0][0] == "周巷镇企业复工复产日报"
    assert rows(book["日报"])[4][1:3] == [33.3, 0.0]         # 乙 of 周盛 乙 丁; none the day before
    chains = rows(book["未完成产业链"])
    assert len(chains) == 4 and isinstance(chains[3][0], str)     # the lead firm is in town A: "every chain…"
    assert [row[0] for row in rows(book["超期工单"])[3:4]] == [report_county["t1"].pk]
