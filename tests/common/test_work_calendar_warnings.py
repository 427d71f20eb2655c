"""When this year, or next year from November, has no official calendar: the
system check (lianfu.W001) and the home page of those who can enter it."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.checks import run_checks
from django.db import OperationalError

from lianfu.common.workdays import lookup
from tests.restart.pages import element, page_text
from tests.workdays_fixtures import enter

pytestmark = pytest.mark.django_db


def on(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day} 09:00").replace(tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


def warnings() -> list[tuple[str, str]]:
    return [(w.id, w.msg.split(":")[0]) for w in run_checks(tags=["calendar"])]


def test_the_check_warns_in_december_that_next_year_is_missing():
    with on("2026-12-02"):
        assert warnings() == [("lianfu.W001", "No official working-day calendar for 2027")]


def test_the_check_is_quiet_once_next_year_is_entered():
    enter(2027)
    with on("2026-12-02"):
        assert warnings() == []


def test_next_year_is_not_asked_for_before_november():
    with on("2026-10-31"):
        assert warnings() == []
    with on("2026-11-01"):
        assert warnings() == [("lianfu.W001", "No official working-day calendar for 2027")]


def test_the_check_warns_in_january_that_this_year_is_missing():
    with on("2027-01-04"):
        assert warnings() == [("lianfu.W001", "No official working-day calendar for 2027")]
    with on("2027-11-02"):
        assert [year for _id, year in warnings()] == ["No official working-day calendar for 2027",
                                                      "No official working-day calendar for 2028"]


def test_the_check_is_quiet_before_the_first_migrate(monkeypatch):
    def no_table():
        raise OperationalError("no such table: common_workcalendar")

    monkeypatch.setattr(lookup, "_load", no_table)
    with on("2026-12-02"):
        assert warnings() == []


# --- the home page ------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["county", "admin"])
def test_administrators_see_the_missing_year_on_their_home_page_with_a_link(personas, login, persona):
    with on("2026-12-02"):
        response = login(personas[persona]).get("/")
    warning = element(response, "calendar-missing-2027")
    assert warning is not None and "2027" in warning.text
    assert 'href="/calendar/2027/"' in page_text(response)


@pytest.mark.parametrize("persona", ["town_a", "liaison_a", "firm_x"])
def test_others_are_not_asked_to_enter_the_calendar(personas, login, persona):
    with on("2026-12-02"):
        response = login(personas[persona]).get("/")
    assert response.status_code == 200 and element(response, "calendar-missing") is None


def test_the_home_page_warning_goes_once_the_year_is_entered(personas, login):
    enter(2027)
    with on("2026-12-02"):
        response = login(personas["county"]).get("/")
    assert element(response, "calendar-missing") is None
