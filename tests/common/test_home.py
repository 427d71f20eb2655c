"""Each role's first screen, and what it must not show."""
import pytest
from django.urls import reverse

from lianfu.common.roles import Role
from lianfu.registry.models import Department
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_county_officer_sees_counts_for_every_town(personas, login, firm_x, firm_y):
    html = home(login(personas["county"]))
    assert "浒山街道" in html and "周巷镇" in html
    assert firm_x.name in html  # the largest above-scale firms


def test_town_officer_sees_only_own_town(personas, login, firm_x, firm_y):
    html = home(login(personas["town_a"]))
    assert "浒山街道" in html and "周巷镇" not in html
    assert firm_y.name not in html


def test_enterprise_user_sees_own_firm_only(personas, login, firm_x, firm_y):
    html = home(login(personas["firm_x"]))
    assert firm_x.name in html and firm_y.name not in html
    assert "周巷镇" not in html


def test_department_staff_sees_inbox_not_firms(login, firm_x):
    department = Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en="Economy Bureau")
    staff = UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=department)
    html = home(login(staff))
    assert "经信局" in html and firm_x.name not in html


def test_admin_site_is_in_chinese_for_administrators(personas, login):
    response = login(personas["admin"]).get("/admin/")
    assert response.status_code == 200 and "站点管理" in response.content.decode()


def test_admin_site_is_closed_to_officers(personas, login):
    assert login(personas["county"]).get("/admin/").status_code == 302


def test_admin_enterprise_form_shows_the_phone_masked(personas, login, firm_x):
    html = login(personas["admin"]).get(f"/admin/registry/enterprise/{firm_x.pk}/change/").content.decode()
    assert "138****5678" in html and "13812345678" not in html
