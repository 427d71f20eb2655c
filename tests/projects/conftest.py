"""A small library: projects in 浒山街道 (town A) and 周巷镇 (town B) of Cixi,
written directly (the domain is tested on its own), and the people around them."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.projects.models import Project
from lianfu.registry.models import Division
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory

YUYAO = "330281000000"


def days(n: int) -> dt.date:
    """Today (Asia/Shanghai) plus ``n`` days."""
    return timezone.localdate() + dt.timedelta(days=n)


def make_project(code: str, *, town: str = TOWN_A, county: str = COUNTY, total: int = 10000, **fields) -> Project:
    fields.setdefault("name", f"项目{code}")
    with scopes_disabled():
        return Project.objects.create(county_id=county, town_id=town, code=code, total_investment=Decimal(total),
                                      **fields)


def reload(project: Project) -> Project:
    with scopes_disabled():
        return Project.objects.get(pk=project.pk)


@pytest.fixture
def county(db) -> Division:
    return Division.objects.get(code=COUNTY)


@pytest.fixture
def town_a(db) -> Division:
    return Division.objects.get(code=TOWN_A)


@pytest.fixture
def town_b(db) -> Division:
    return Division.objects.get(code=TOWN_B)


@pytest.fixture
def library(personas):
    """A in town A (signed, land overdue), B in town B (started), C in town A
    whose responsible officer is town A's liaison officer."""
    return {
        "a": make_project("CX-001", name="铝基复合新材料项目", stage="signed", planned_land=days(-5),
                          planned_started=days(30), leader_name="张伟", leader_post="副市长"),
        "b": make_project("CX-002", town=TOWN_B, name="汽车行李架项目", stage="started", total=5000,
                          planned_completed=days(200)),
        "c": make_project("CX-003", name="健身体育用品项目", officer=personas["liaison_a"]),
    }


@pytest.fixture
def dept_user(db):
    from lianfu.registry.models import Department
    department = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy")
    return UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=department)


@pytest.fixture
def login():
    """The shared ``login`` in English: these tests read the pages' words as they
    are written in the code (the Chinese catalogue may word them its own way)."""
    from django.conf import settings
    from django.test import Client

    def client_for(user) -> Client:
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return client_for
