"""The working-day deadline clock, with exact instants and no real clock.

Calendar facts relied on (chinese_calendar 1.11.0, checked in the tests that
need them): 9-13 and 16-20 March 2020 are plain Monday-Friday weeks; the 2020
Spring Festival holiday ran 24 Jan - 2 Feb (extended; Saturday 1 Feb lost its
make-up status) and Sunday 19 Jan was a make-up working day; Labour Day 2020
was 1-5 May with make-up working days Sunday 26 April and Saturday 9 May.
"""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lianfu.common.workdays import lookup
from lianfu.helpdesk import deadlines as d

# The clock reads the county's entered calendars (none here) before the package.
pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> dt.datetime:
    """An instant in Shanghai from 'YYYY-MM-DD HH:MM[:SS]'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def iso(moment: dt.datetime) -> str:
    # Comparing ISO text checks the instant and the +08:00 offset at once.
    return moment.isoformat()


# --- deadlines in a plain week ------------------------------------------------

@pytest.mark.parametrize(("routed", "difficulty", "due"), [
    ("2020-03-09 10:00", "ordinary", "2020-03-09T17:30:00+08:00"),  # Monday: same day
    ("2020-03-09 10:00", "hard", "2020-03-11T17:30:00+08:00"),      # Monday is day 1 -> Wednesday
    ("2020-03-09 18:00", "ordinary", "2020-03-10T17:30:00+08:00"),  # after hours: next day
    ("2020-03-09 18:00", "hard", "2020-03-12T17:30:00+08:00"),      # Tuesday is day 1 -> Thursday
    ("2020-03-09 07:00", "ordinary", "2020-03-09T17:30:00+08:00"),  # before opening counts the day
])
def test_deadline_in_a_plain_week(routed, difficulty, due):
    assert iso(d.deadline(at(routed), difficulty)) == due


@pytest.mark.parametrize(("routed", "due"), [
    ("2020-03-09 17:29", "2020-03-09T17:30:00+08:00"),
    ("2020-03-09 17:29:59", "2020-03-09T17:30:00+08:00"),
    ("2020-03-09 17:30", "2020-03-10T17:30:00+08:00"),
    ("2020-03-09 17:31", "2020-03-10T17:30:00+08:00"),
])
def test_ordinary_deadline_around_the_end_of_the_working_day(routed, due):
    assert iso(d.deadline(at(routed), "ordinary")) == due


@pytest.mark.parametrize(("routed", "difficulty", "due"), [
    ("2020-03-13 18:00", "ordinary", "2020-03-16T17:30:00+08:00"),  # Friday evening -> Monday
    ("2020-03-13 10:00", "hard", "2020-03-17T17:30:00+08:00"),      # Fri, Mon, Tue
    ("2020-03-14 10:00", "ordinary", "2020-03-16T17:30:00+08:00"),  # Saturday -> Monday
    ("2020-03-14 10:00", "hard", "2020-03-18T17:30:00+08:00"),      # Saturday -> Mon, Tue, Wed
    ("2020-03-15 23:59", "ordinary", "2020-03-16T17:30:00+08:00"),  # Sunday night -> Monday
])
def test_deadline_across_a_weekend(routed, difficulty, due):
    assert iso(d.deadline(at(routed), difficulty)) == due


# --- public holidays and make-up working days -------------------------------------

def test_the_package_has_the_extended_2020_spring_festival():
    off = [dt.date(2020, 1, 24) + dt.timedelta(days=i) for i in range(10)]
    assert [d.is_working_day(day) for day in off] == [False] * 10
    assert d.is_working_day(dt.date(2020, 1, 23)) and d.is_working_day(dt.date(2020, 2, 3))


@pytest.mark.parametrize(("routed", "difficulty", "due"), [
    ("2020-01-23 18:00", "ordinary", "2020-02-03T17:30:00+08:00"),  # eve of the holiday -> resumption
    ("2020-01-23 10:00", "hard", "2020-02-04T17:30:00+08:00"),      # 23 Jan, 3 Feb, 4 Feb
    ("2020-01-28 10:00", "hard", "2020-02-05T17:30:00+08:00"),      # inside the holiday
    ("2020-02-01 10:00", "ordinary", "2020-02-03T17:30:00+08:00"),  # cancelled make-up Saturday
])
def test_deadline_across_the_2020_spring_festival(routed, difficulty, due):
    assert iso(d.deadline(at(routed), difficulty)) == due


@pytest.mark.parametrize(("routed", "difficulty", "due"), [
    ("2020-04-30 18:00", "ordinary", "2020-05-06T17:30:00+08:00"),  # 1-5 May off
    ("2020-04-30 10:00", "hard", "2020-05-07T17:30:00+08:00"),      # 30 Apr, 6 May, 7 May
    ("2020-04-24 10:00", "hard", "2020-04-27T17:30:00+08:00"),      # Fri, make-up Sun 26, Mon 27
])
def test_deadline_across_labour_day_2020(routed, difficulty, due):
    assert iso(d.deadline(at(routed), difficulty)) == due


@pytest.mark.parametrize(("routed", "due"), [
    ("2020-05-09 10:00", "2020-05-09T17:30:00+08:00"),  # make-up Saturday: due that Saturday
    ("2020-04-26 10:00", "2020-04-26T17:30:00+08:00"),  # make-up Sunday
    ("2020-05-08 18:00", "2020-05-09T17:30:00+08:00"),  # Friday evening -> the make-up Saturday
])
def test_ordinary_deadline_falls_on_a_make_up_working_day(routed, due):
    assert iso(d.deadline(at(routed), "ordinary")) == due


# --- inputs and outputs -------------------------------------------------------------

def test_deadline_of_a_utc_instant_is_returned_in_shanghai_time():
    routed = dt.datetime(2020, 3, 9, 9, 31, tzinfo=dt.UTC)  # 17:31 in Shanghai
    due = d.deadline(routed, "ordinary")
    assert (iso(due), due.tzinfo) == ("2020-03-10T17:30:00+08:00", SHANGHAI)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="time-zone-aware"):
        d.deadline(dt.datetime(2020, 3, 9, 10, 0), "ordinary")


def test_unknown_difficulty_is_refused():
    with pytest.raises(ValueError, match="unknown difficulty 'urgent'"):
        d.deadline(at("2020-03-09 10:00"), "urgent")


def test_nth_working_day_needs_a_positive_count():
    with pytest.raises(ValueError, match="at least 1"):
        d.nth_working_day(dt.date(2020, 3, 9), 0)


# --- working time -------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "minutes"), [
    ("2020-03-09 10:00", "2020-03-09 17:30", 450),
    ("2020-03-13 16:00", "2020-03-16 09:00", 120),   # weekend contributes nothing
    ("2020-01-23 17:00", "2020-02-03 09:00", 60),    # nor does the Spring Festival
    ("2020-03-09 18:00", "2020-03-10 08:30", 0),     # nor the night
    ("2020-03-10 10:00", "2020-03-09 10:00", 0),     # end before start
    ("2020-03-09 10:00", "2020-03-09 10:00:59", 0),  # a started minute does not count
])
def test_working_minutes(start, end, minutes):
    assert d.working_minutes(at(start), at(end)) == minutes


@pytest.mark.parametrize(("start", "minutes", "result"), [
    ("2020-03-13 17:00", 60, "2020-03-16T09:00:00+08:00"),  # over the weekend
    ("2020-03-13 17:00", 30, "2020-03-13T17:30:00+08:00"),  # ends the day, not Monday 08:30
    ("2020-03-09 07:00", 1, "2020-03-09T08:31:00+08:00"),   # before opening
    ("2020-04-30 17:00", 60, "2020-05-06T09:00:00+08:00"),  # over Labour Day
    ("2020-03-14 10:00", 0, "2020-03-14T10:00:00+08:00"),   # nothing to add
])
def test_add_working_minutes(start, minutes, result):
    assert iso(d.add_working_minutes(at(start), minutes)) == result


def test_negative_working_minutes_are_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        d.add_working_minutes(at("2020-03-09 10:00"), -1)


@pytest.mark.parametrize(("routed", "difficulty", "minutes"), [
    ("2020-03-09 10:00", "ordinary", 450),
    ("2020-03-09 10:00", "hard", 450 + 540 + 540),
    ("2020-03-14 10:00", "ordinary", 540),  # routed on Saturday: all of Monday
    ("2020-03-09 17:29", "ordinary", 1),
])
def test_allowed_minutes(routed, difficulty, minutes):
    routed_at = at(routed)
    assert d.allowed_minutes(routed_at, d.deadline(routed_at, difficulty)) == minutes


# --- overdue and escalation -------------------------------------------------------------

def test_overdue_from_the_deadline_on():
    due = at("2020-03-09 17:30")
    assert [d.is_overdue(due, at(now)) for now in ("2020-03-09 17:29", "2020-03-09 17:29:59", "2020-03-09 17:30")] \
        == [False, False, True]
    assert d.is_overdue(due, dt.datetime(2020, 3, 9, 9, 30, tzinfo=dt.UTC))  # 17:30 in Shanghai


@pytest.mark.parametrize(("routed", "difficulty", "escalates"), [
    # 450 allowed -> 1350: Monday 450, Tuesday 540, Wednesday 360.
    ("2020-03-09 10:00", "ordinary", "2020-03-11T14:30:00+08:00"),
    # 1530 allowed -> 4590: Monday 450, seven full days, then 360.
    ("2020-03-09 10:00", "hard", "2020-03-19T14:30:00+08:00"),
    # 540 allowed -> 1620: exactly Monday to Wednesday, so Wednesday 17:30.
    ("2020-03-14 10:00", "ordinary", "2020-03-18T17:30:00+08:00"),
    # 450 allowed -> 1350: 23 Jan 450, 3 Feb 540, 4 Feb 360.
    ("2020-01-23 10:00", "ordinary", "2020-02-04T14:30:00+08:00"),
])
def test_escalation_at_three_times_the_allowed_working_time(routed, difficulty, escalates):
    routed_at = at(routed)
    assert iso(d.escalation_at(routed_at, d.deadline(routed_at, difficulty))) == escalates


@pytest.mark.parametrize(("now", "escalated"), [
    ("2020-03-11 14:29", False),
    ("2020-03-11 14:29:59", False),
    ("2020-03-11 14:30", True),
])
def test_escalation_exactly_at_the_boundary(now, escalated):
    routed_at = at("2020-03-09 10:00")
    assert d.is_escalated(routed_at, at("2020-03-09 17:30"), at(now)) is escalated


@pytest.mark.parametrize(("now", "escalated"), [
    ("2020-03-18 17:29", False),
    ("2020-03-18 17:30", True),
])
def test_escalation_boundary_at_the_end_of_a_working_day(now, escalated):
    routed_at = at("2020-03-14 10:00")
    assert d.is_escalated(routed_at, at("2020-03-16 17:30"), at(now)) is escalated


def test_escalation_counts_from_the_extended_deadline():
    # 990 allowed -> 2970: Monday 450, Tue-Fri 2160, then 360 on the next Monday.
    escalates = d.escalation_at(at("2020-03-09 10:00"), at("2020-03-10 17:30"))
    assert iso(escalates) == "2020-03-16T14:30:00+08:00"


# --- extension --------------------------------------------------------------------------------

@pytest.mark.parametrize(("due", "difficulty", "extended"), [
    ("2020-03-09 17:30", "ordinary", "2020-03-10T17:30:00+08:00"),
    ("2020-03-13 17:30", "ordinary", "2020-03-16T17:30:00+08:00"),  # Friday -> Monday
    ("2020-03-11 17:30", "hard", "2020-03-16T17:30:00+08:00"),      # Thu, Fri, Mon
    ("2020-04-30 17:30", "ordinary", "2020-05-06T17:30:00+08:00"),  # over Labour Day
    ("2020-04-29 17:30", "hard", "2020-05-07T17:30:00+08:00"),      # 30 Apr, 6 May, 7 May
    ("2020-05-08 17:30", "ordinary", "2020-05-09T17:30:00+08:00"),  # make-up Saturday
])
def test_extension_grants_the_same_allowance_again(due, difficulty, extended):
    assert iso(d.extension(at(due), difficulty)) == extended


# --- reopening --------------------------------------------------------------------------------

@pytest.mark.parametrize(("resolved", "until"), [
    ("2020-03-09 15:00", "2020-03-12T17:30:00+08:00"),  # Mon -> Tue, Wed, Thu
    ("2020-03-09 20:00", "2020-03-12T17:30:00+08:00"),  # the hour of resolution does not matter
    ("2020-03-12 09:00", "2020-03-17T17:30:00+08:00"),  # Thu -> Fri, Mon, Tue
    ("2020-03-14 11:00", "2020-03-18T17:30:00+08:00"),  # Saturday -> Mon, Tue, Wed
    ("2020-01-22 10:00", "2020-02-04T17:30:00+08:00"),  # 23 Jan, 3 Feb, 4 Feb
    ("2020-01-18 10:00", "2020-01-21T17:30:00+08:00"),  # make-up Sunday 19 Jan counts
])
def test_reopen_window_ends_on_the_third_working_day_after_resolution(resolved, until):
    assert iso(d.reopen_until(at(resolved))) == until


@pytest.mark.parametrize(("now", "allowed"), [
    ("2020-03-12 17:29", True),
    ("2020-03-12 17:30", False),
])
def test_reopen_closes_at_the_end_of_the_window(now, allowed):
    assert d.can_reopen(at("2020-03-09 15:00"), at(now)) is allowed


# --- years the package does not cover ------------------------------------------------------

def test_the_package_covers_2004_to_2026_but_not_2027():
    assert [lookup.package_covers(year) for year in (2003, 2004, 2020, 2026, 2027, 2031)] \
        == [False, True, True, True, False, False]


def test_uncovered_year_falls_back_to_monday_to_friday():
    # 1 Jan and 1 Oct 2031 are Wednesdays: holidays in fact, working days for the fallback.
    assert [d.is_working_day(dt.date(2031, 1, day)) for day in range(1, 8)] \
        == [True, True, True, False, False, True, True]
    assert iso(d.deadline(at("2031-09-30 18:00"), "ordinary")) == "2031-10-01T17:30:00+08:00"
    assert iso(d.deadline(at("2031-01-03 18:00"), "ordinary")) == "2031-01-06T17:30:00+08:00"
    assert iso(d.deadline(at("2031-01-01 10:00"), "hard")) == "2031-01-03T17:30:00+08:00"


def test_fallback_ignores_holidays_when_the_calendar_does_not_cover_the_year(monkeypatch):
    # Pretend 2020 were unpublished: Friday 24 Jan (Spring Festival) becomes a working day.
    monkeypatch.setattr(lookup, "package_covers", lambda year: False)
    lookup.invalidate()  # answers are cached
    assert iso(d.deadline(at("2020-01-23 18:00"), "ordinary")) == "2020-01-24T17:30:00+08:00"
    assert d.is_working_day(dt.date(2020, 5, 9)) is False  # nor make-up days
