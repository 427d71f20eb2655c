"""The deadline clock across the end of the package's data (chinesecalendar
1.11.0 stops at 2026): an entered calendar, the Monday-Friday fallback, the
package still used for the years it has, and the cache kept fresh.

The 2027 dates are invented for the tests (tests/workdays_fixtures.py)."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianfu.common.models import WorkCalendar, WorkCalendarEntry
from lianfu.common.workdays import lookup
from lianfu.common.workdays.domain import Entry, save_calendar
from lianfu.helpdesk import deadlines as d
from tests.helpdesk.pages import submit
from tests.helpdesk.test_deadlines import at, iso
from tests.helpdesk.tickets_fixtures import clock, departments, staff  # noqa: F401  (fixtures)
from tests.workdays_fixtures import TEST_2027, D, enter

pytestmark = pytest.mark.django_db

ACROSS_NEW_YEAR = ["2026-12-31 18:00", "2026-12-31 10:00", "2027-01-08 18:00", "2027-02-05 10:00"]
DIFFICULTIES = ["ordinary", "hard", "ordinary", "hard"]


def deadlines() -> list[str]:
    return [iso(d.deadline(at(routed), difficulty)) for routed, difficulty in zip(ACROSS_NEW_YEAR, DIFFICULTIES)]


def test_a_deadline_from_31_december_2026_counts_the_entered_2027_calendar():
    enter(2027)
    assert deadlines() == [
        "2027-01-04T17:30:00+08:00",   # 1-3 January off -> Monday
        "2027-01-05T17:30:00+08:00",   # Thursday 31 Dec (package), Monday 4, Tuesday 5
        "2027-01-09T17:30:00+08:00",   # Friday evening -> the make-up Saturday
        "2027-02-16T17:30:00+08:00",   # Friday 5 Feb, 6-14 Feb off, Monday 15, Tuesday 16
    ]
    assert lookup.source_of(2027) == lookup.Source.ENTERED


def test_without_a_2027_calendar_the_clock_counts_monday_to_friday_and_says_so():
    assert deadlines() == [
        "2027-01-01T17:30:00+08:00",   # New Year's Day counted as a working day
        "2027-01-04T17:30:00+08:00",   # Thursday 31 Dec, Friday 1 Jan, Monday 4
        "2027-01-11T17:30:00+08:00",   # Saturday 9 is a weekend day
        "2027-02-09T17:30:00+08:00",   # Friday 5, Monday 8, Tuesday 9: the holiday is not known
    ]
    assert lookup.source_of(2027) == lookup.Source.WEEKDAYS
    assert lookup.years_missing(dt.date(2026, 12, 2)) == [2027]


def test_the_fallback_is_logged_once_per_year(caplog):
    deadlines()
    d.deadline(at("2031-01-01 10:00"), "hard")
    assert [r.getMessage()[:50] for r in caplog.records if r.name == lookup.__name__] == [
        "No official working-day calendar for 2027: countin",
        "No official working-day calendar for 2031: countin"]


def test_2026_still_comes_from_the_package_when_2027_is_entered():
    enter(2027)
    # The package's 2026 Spring Festival: 15-23 February off, Saturdays 14 and 28 February worked.
    assert iso(d.deadline(at("2026-02-13 18:00"), "ordinary")) == "2026-02-14T17:30:00+08:00"
    assert iso(d.deadline(at("2026-02-13 18:00"), "hard")) == "2026-02-25T17:30:00+08:00"
    assert lookup.source_of(2026) == lookup.Source.PACKAGE


def test_an_entered_year_replaces_the_package_for_that_year():
    enter(2026, [("holiday", "测试", D("2026-03-02"), D("2026-03-03"))])
    assert d.is_working_day(D("2026-02-16")) is True     # the package's Spring Festival no longer applies
    assert d.is_working_day(D("2026-02-14")) is False    # nor its make-up Saturday
    assert iso(d.deadline(at("2026-02-27 18:00"), "ordinary")) == "2026-03-04T17:30:00+08:00"


def test_a_day_the_next_notice_names_across_new_year_overrides_the_package():
    enter(2027, [("holiday", "测试元旦", D("2026-12-31"), D("2027-01-01"))])
    assert [d.is_working_day(D(day)) for day in ("2026-12-30", "2026-12-31", "2027-01-01", "2027-01-04")] \
        == [True, False, False, True]
    assert iso(d.deadline(at("2026-12-30 18:00"), "ordinary")) == "2027-01-04T17:30:00+08:00"


def test_extension_and_reopen_window_run_into_the_entered_year():
    enter(2027)
    assert iso(d.extension(at("2026-12-31 17:30"), "ordinary")) == "2027-01-04T17:30:00+08:00"
    assert iso(d.reopen_until(at("2026-12-30 15:00"))) == "2027-01-05T17:30:00+08:00"   # 31 Dec, 4 and 5 Jan
    # 9 working hours allowed (Monday 4 January); three times that ends Wednesday 6 January.
    assert iso(d.escalation_at(at("2026-12-31 18:00"), at("2027-01-04 17:30"))) == "2027-01-06T17:30:00+08:00"


# --- the cache ----------------------------------------------------------------------------------

def test_saving_a_calendar_clears_the_cached_days_at_once(personas, django_capture_on_commit_callbacks):
    assert deadlines()[0] == "2027-01-01T17:30:00+08:00"   # cached: 1 January works
    with django_capture_on_commit_callbacks(execute=True):
        save_calendar(actor=personas["county"], year=2027, source_title="测试日历（非官方）", source_url="",
                      entries=[Entry(*row) for row in TEST_2027])
    assert deadlines()[0] == "2027-01-04T17:30:00+08:00"


def test_admin_style_edits_clear_the_cache_through_the_model_signals():
    calendar = enter(2027, [])
    assert d.is_working_day(D("2027-01-01")) is True        # entered, nothing named: a plain Friday
    entry = WorkCalendarEntry.objects.create(calendar=calendar, kind="holiday", name="测试", first_day=D("2027-01-01"),
                                             last_day=D("2027-01-01"))
    assert d.is_working_day(D("2027-01-01")) is False
    entry.delete()
    assert d.is_working_day(D("2027-01-01")) is True
    calendar.delete()
    assert lookup.source_of(2027) == lookup.Source.WEEKDAYS


def test_another_process_s_edit_is_seen_once_the_cache_expires(monkeypatch):
    assert d.is_working_day(D("2027-01-01")) is True
    # bulk_create sends no signal: to this process it is as unseen as another process's write.
    calendar = WorkCalendar.objects.bulk_create([WorkCalendar(year=2027, source_title="测试")])[0]
    WorkCalendarEntry.objects.bulk_create([WorkCalendarEntry(calendar=calendar, kind="holiday", name="测试",
                                                             first_day=D("2027-01-01"), last_day=D("2027-01-01"))])
    assert d.is_working_day(D("2027-01-01")) is True
    later = lookup.time.monotonic() + lookup.CACHE_SECONDS
    monkeypatch.setattr(lookup.time, "monotonic", lambda: later)
    assert d.is_working_day(D("2027-01-01")) is False


def test_the_calendars_are_read_once_then_every_lookup_is_cached():
    enter(2027)
    with CaptureQueriesContext(connection) as first:
        d.deadline(at("2026-12-31 18:00"), "hard")
    with CaptureQueriesContext(connection) as after:
        for routed in ACROSS_NEW_YEAR * 50:
            d.escalation_at(at(routed), d.deadline(at(routed), "hard"))
    assert (len(first), len(after)) == (1, 0)


# --- a ticket through the domain ------------------------------------------------------------------

@pytest.mark.parametrize(("entered", "due", "escalates"), [
    (True, "2027-01-04T17:30:00+08:00", "2027-01-06T17:30:00+08:00"),    # 1-3 January off
    (False, "2027-01-01T17:30:00+08:00", "2027-01-05T17:30:00+08:00"),   # no 2027 calendar: Friday 1 Jan works
])
def test_a_ticket_routed_on_the_evening_of_31_december_2026(entered, due, escalates, personas, staff, firm_x, clock):
    if entered:
        enter(2027)
    clock.move_to(at("2026-12-31 18:00"))
    ticket = submit(personas["firm_x"], firm_x)
    assert (iso(d.local(ticket.routed_at)), iso(d.local(ticket.due_at)), iso(d.local(ticket.escalate_at))) \
        == ("2026-12-31T18:00:00+08:00", due, escalates)
