"""Entering a working-day calendar in a test.

TEST_2027 is invented for the tests: the State Council's 2027 schedule could
not be checked when these tests were written, so no real 2027 dates are
claimed anywhere (its names say 测试, "test")."""
import datetime as dt

from lianfu.common.models import WorkCalendar, WorkCalendarEntry

D = dt.date.fromisoformat
TEST_2027 = [
    ("holiday", "测试元旦", D("2027-01-01"), D("2027-01-03")),   # Friday to Sunday
    ("workday", "测试调休", D("2027-01-09"), D("2027-01-09")),   # a Saturday worked
    ("holiday", "测试春节", D("2027-02-06"), D("2027-02-14")),   # Saturday to the next Sunday
]


def enter(year: int, entries=TEST_2027, title: str = "测试日历（非官方）") -> WorkCalendar:
    """Through the ORM, as the admin saves: the model signals clear the cache."""
    calendar = WorkCalendar.objects.create(year=year, source_title=title)
    for kind, name, first, last in entries:
        WorkCalendarEntry.objects.create(calendar=calendar, kind=kind, name=name, first_day=first, last_day=last)
    return calendar
