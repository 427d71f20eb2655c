"""Departments, their staff and a frozen clock for the ticket tests.

The week of 2 March 2020 has no holiday: Monday 10:00 routed → ordinary due
Monday 17:30, hard due Wednesday 17:30."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lianfu.common.roles import Role
from lianfu.registry.models import Department
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
COPPER = "上游铜材供应商没复工，库存只够三天"
UNSURE = "请帮忙协调一下"            # the classifier's best guess is below the threshold
TOWN_TRIAGE = "有个事情想咨询"       # "other": the town's own triage


def at(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2020, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """``clock.move_to(at(...))``: time stands still between moves."""
    with time_machine.travel(at(2, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def departments(db):
    made = {}
    for code, zh in (("economy", "经信局"), ("transport", "交通运输局"), ("labour", "人社局")):
        made[code] = Department.objects.create(code=code, county_id=COUNTY, name_zh=zh, name_en=code.title())
    return made


@pytest.fixture
def staff(departments):
    return {code: UserFactory(username=f"p_dept_{code}", role=Role.DEPARTMENT_STAFF, division_id=None,
                              department=department)
            for code, department in departments.items()}
