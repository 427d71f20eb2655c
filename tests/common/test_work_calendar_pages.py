"""The county bureau (and administrators, also in the admin) enter a year's
holidays and make-up working days; every save is audited and the deadline
clock uses it at once. The dates are invented for the tests."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.formats import date_format

from lianfu.common.models import ActivityLog, WorkCalendar
from lianfu.common.workdays import lookup
from lianfu.common.workdays.domain import save_calendar
from lianfu.helpdesk import deadlines
from tests.restart.pages import element, page_text, zh
from tests.workdays_fixtures import D, enter

pytestmark = pytest.mark.django_db

SOURCE = {"source_title": "测试通知（非官方）", "source_url": "www.gov.cn/zhengce/test.htm"}
NEW_YEAR = {"kind": "holiday", "name": "测试元旦", "first_day": "2027-01-01", "last_day": "2027-01-03"}
MAKE_UP = {"kind": "workday", "name": "测试调休", "first_day": "2027-01-09", "last_day": ""}


def posted(*rows: dict, stored: int = 0, prefix: str = "entries", **fields) -> dict:
    data = {**SOURCE, **fields, f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": stored,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def stored(year: int) -> list[tuple]:
    return list(WorkCalendar.objects.get(year=year).entries.values_list("kind", "name", "first_day", "last_day"))


def test_the_county_enters_2027_and_the_clock_uses_it_at_once(personas, login):
    client = login(personas["county"])
    assert deadlines.is_working_day(D("2027-01-01")) is True     # the fallback, cached
    assert client.get("/calendar/2027/").status_code == 200
    response = client.post("/calendar/2027/", posted(NEW_YEAR, MAKE_UP, {"kind": "holiday"}))
    assert response.status_code == 302 and response["Location"] == "/calendar/"
    assert stored(2027) == [("holiday", "测试元旦", D("2027-01-01"), D("2027-01-03")),
                            ("workday", "测试调休", D("2027-01-09"), D("2027-01-09"))]   # an empty last day: one day
    calendar = WorkCalendar.objects.get(year=2027)
    assert (calendar.source_url, calendar.updated_by) == ("https://www.gov.cn/zhengce/test.htm", personas["county"])
    assert [deadlines.is_working_day(D(day)) for day in ("2027-01-01", "2027-01-04", "2027-01-09")] \
        == [False, True, True]
    log = ActivityLog.objects.get(action="work_calendar.saved")
    assert (log.actor, log.division_code, log.data["year"], log.data["created"], log.data["before"]) \
        == (personas["county"], "330282000000", 2027, True, [])
    assert log.data["after"] == ["holiday 测试元旦 2027-01-01..2027-01-03", "workday 测试调休 2027-01-09..2027-01-09"]
    row = element(client.get("/calendar/"), "year-2027")
    assert "测试通知（非官方）" in row.text and zh("Entered here") in row.text


def test_editing_replaces_the_entries_and_the_audit_keeps_before_and_after(personas, login):
    calendar = enter(2027)
    ids = list(calendar.entries.values_list("id", flat=True))
    rows = [{"id": ids[0], **NEW_YEAR, "first_day": "2027-01-02"},
            {"id": ids[1], "kind": "workday", "name": "测试调休", "first_day": "2027-01-09", "last_day": "2027-01-09",
             "DELETE": "on"},
            {"id": ids[2], "kind": "holiday", "name": "测试春节", "first_day": "2027-02-06", "last_day": "2027-02-14"}]
    response = login(personas["admin"]).post("/calendar/2027/", posted(*rows, stored=3))
    assert response.status_code == 302
    assert stored(2027) == [("holiday", "测试元旦", D("2027-01-02"), D("2027-01-03")),
                            ("holiday", "测试春节", D("2027-02-06"), D("2027-02-14"))]
    log = ActivityLog.objects.get(action="work_calendar.saved")
    assert (log.data["created"], len(log.data["before"]), len(log.data["after"])) == (False, 3, 2)
    assert "workday 测试调休 2027-01-09..2027-01-09" in log.data["before"]
    assert deadlines.is_working_day(D("2027-01-01")) is True and deadlines.is_working_day(D("2027-01-09")) is False


def friday() -> str:
    with translation.override("zh-hans"):
        return date_format(D("2027-01-08"), "l")


@pytest.mark.parametrize(("rows", "message", "params"), [
    ((NEW_YEAR, {**MAKE_UP, "first_day": "2027-01-02"}),
     "%(day)s is in both “%(first)s” and “%(second)s”.",
     {"day": "2027-01-02", "first": "测试元旦", "second": "测试调休"}),
    (({**MAKE_UP, "first_day": "2027-01-08"},),
     "A make-up working day is a Saturday or Sunday; %(day)s is a %(weekday)s.", {"day": "2027-01-08"}),
    (({**NEW_YEAR, "first_day": "2026-11-30"},),
     "The days of the %(year)d calendar fall between %(start)s and %(end)s.",
     {"year": 2027, "start": "2026-12-01", "end": "2028-01-31"}),
    (({**NEW_YEAR, "last_day": "2026-12-31"},), "The last day comes before the first day.", {}),
    (({**NEW_YEAR, "last_day": "2027-02-01"},),
     "An entry longer than %(days)d days is most likely a typing error.", {"days": 31}),
])
def test_a_wrong_entry_is_refused_with_its_reason_and_nothing_is_stored(personas, login, rows, message, params):
    if "weekday" in message:
        params["weekday"] = friday()
    response = login(personas["county"]).post("/calendar/2027/", posted(*rows))
    assert response.status_code == 200
    assert zh(message, **params) in page_text(response)
    assert not WorkCalendar.objects.exists() and not ActivityLog.objects.exists()
    assert 'value="测试' in page_text(response)   # what was typed is kept


def test_the_source_is_required(personas, login):
    response = login(personas["county"]).post("/calendar/2027/", posted(NEW_YEAR, source_title=""))
    assert response.status_code == 200 and not WorkCalendar.objects.exists()


@pytest.mark.parametrize("persona", ["town_a", "liaison_a", "firm_x"])
def test_only_the_county_bureau_and_administrators_enter_the_calendar(personas, login, persona):
    client = login(personas[persona])
    assert client.get("/calendar/").status_code == 403
    assert client.get("/calendar/2027/").status_code == 403
    assert client.post("/calendar/2027/", posted(NEW_YEAR)).status_code == 403
    assert not WorkCalendar.objects.exists()
    assert element(client.get("/"), "nav-calendar") is None


def test_the_domain_refuses_a_town_officer_too(personas):
    with pytest.raises(PermissionDenied):
        save_calendar(actor=personas["town_a"], year=2027, source_title="测试", source_url="", entries=[])
    assert not WorkCalendar.objects.exists()


def test_the_list_shows_where_each_year_comes_from(personas, login):
    enter(2025, [])
    page = login(personas["county"]).get("/calendar/")
    assert element(page, "nav-calendar") is not None
    assert zh("Entered here") in element(page, "year-2025").text
    assert zh("Missing: Monday to Friday") in element(page, "year-2027").text
    assert login(personas["county"]).get("/calendar/?year=2031")["Location"] == "/calendar/2031/"
    assert login(personas["county"]).get("/calendar/1999/").status_code == 404


# --- the admin ----------------------------------------------------------------------------------

def test_an_administrator_enters_a_year_in_the_admin_audited_and_used_at_once(personas, login):
    response = login(personas["admin"]).post("/admin/common/workcalendar/add/",
                                             posted(NEW_YEAR, MAKE_UP, year=2027, _save="Save"))
    assert response.status_code == 302, page_text(response)
    assert stored(2027)[1] == ("workday", "测试调休", D("2027-01-09"), D("2027-01-09"))
    assert deadlines.is_working_day(D("2027-01-01")) is False
    log = ActivityLog.objects.get(action="work_calendar.saved")
    assert (log.actor, log.data["created"], len(log.data["after"])) == (personas["admin"], True, 2)
    assert WorkCalendar.objects.get(year=2027).updated_by == personas["admin"]


def test_the_admin_refuses_a_day_entered_twice(personas, login):
    response = login(personas["admin"]).post("/admin/common/workcalendar/add/",
                                             posted(NEW_YEAR, {**NEW_YEAR, "name": "重复"}, year=2027, _save="Save"))
    assert response.status_code == 200 and not WorkCalendar.objects.exists()


def test_deleting_a_year_in_the_admin_is_audited_and_brings_back_the_fallback(personas, login):
    calendar = enter(2027)
    assert deadlines.is_working_day(D("2027-01-01")) is False
    change_page = login(personas["admin"]).get(f"/admin/common/workcalendar/{calendar.pk}/change/")
    assert change_page.status_code == 200 and "测试春节" in page_text(change_page)
    response = login(personas["admin"]).post(f"/admin/common/workcalendar/{calendar.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert lookup.source_of(2027) == lookup.Source.WEEKDAYS and deadlines.is_working_day(D("2027-01-01")) is True
    log = ActivityLog.objects.get(action="work_calendar.deleted")
    assert (log.data["year"], len(log.data["before"])) == (2027, 3)
