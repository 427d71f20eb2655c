"""Enterprise pages with personas: each sees its own reach and gets 404 beyond it."""
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def list_names(client, **params) -> str:
    response = client.get(reverse("registry:enterprise_list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_is_sent_to_login(client, firm_x):
    response = client.get(reverse("registry:enterprise_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_county_officer_lists_firms_of_every_town(personas, login, firm_x, firm_y):
    html = list_names(login(personas["county"]))
    assert firm_x.name in html and firm_y.name in html


def test_town_officer_lists_only_own_town(personas, login, firm_x, firm_y):
    html = list_names(login(personas["town_a"]))
    assert firm_x.name in html
    assert firm_y.name not in html


def test_town_officer_filter_by_sibling_town_shows_nothing(personas, login, firm_y):
    html = list_names(login(personas["town_a"]), town=firm_y.division_id)
    assert firm_y.name not in html


def test_enterprise_user_lists_only_itself(personas, login, firm_x, firm_y):
    html = list_names(login(personas["firm_x"]))
    assert firm_x.name in html and firm_y.name not in html


@pytest.mark.parametrize("persona,firm,status", [
    ("county", "firm_x", 200), ("county", "firm_y", 200),
    ("town_a", "firm_x", 200), ("town_a", "firm_y", 404),
    ("town_b", "firm_x", 404), ("town_b", "firm_y", 200),
    ("firm_x", "firm_x", 200), ("firm_x", "firm_y", 404),
    ("firm_y", "firm_x", 404),
])
def test_enterprise_detail_access(personas, login, request, persona, firm, status):
    enterprise = request.getfixturevalue(firm)
    response = login(personas[persona]).get(reverse("registry:enterprise_detail", args=[enterprise.uscc]))
    assert response.status_code == status


def test_detail_shows_phone_masked(personas, login, firm_x):
    html = login(personas["town_a"]).get(reverse("registry:enterprise_detail", args=[firm_x.uscc])).content.decode()
    assert "138****5678" in html
    assert "13812345678" not in html


def test_revealing_phone_returns_it_and_is_logged(personas, login, firm_x):
    response = login(personas["town_a"]).post(reverse("registry:reveal_contact", args=[firm_x.uscc]))
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    entry = ActivityLog.objects.get(action="enterprise.contact_revealed")
    assert (entry.actor, entry.subject_id, entry.division_code) == (
        personas["town_a"], str(firm_x.pk), firm_x.division_id)


@pytest.mark.parametrize("persona", ["town_b", "firm_y"])
def test_revealing_phone_outside_reach_is_404_and_not_logged(personas, login, firm_x, persona):
    response = login(personas[persona]).post(reverse("registry:reveal_contact", args=[firm_x.uscc]))
    assert response.status_code == 404
    assert not ActivityLog.objects.filter(action="enterprise.contact_revealed").exists()


def test_reveal_requires_csrf_token(personas, firm_x):
    from django.test import Client
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["town_a"])
    assert client.post(reverse("registry:reveal_contact", args=[firm_x.uscc])).status_code == 403


def test_export_has_only_scoped_rows_and_masked_phones(personas, login, firm_x, firm_y):
    response = login(personas["town_a"]).get(reverse("registry:enterprise_list"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0).to_python()
    assert len(rows) == 2  # header + firm X
    assert rows[1][0] == firm_x.uscc
    assert rows[1][9] == "138****5678"


@pytest.mark.parametrize("persona,status", [("county", 200), ("admin", 200), ("town_a", 403), ("firm_x", 403)])
def test_import_page_is_for_county_officers(personas, login, persona, status):
    assert login(personas[persona]).get(reverse("registry:import")).status_code == status


def test_list_filters_by_industry_section_and_scale(personas, login, firm_x, firm_y):
    client = login(personas["county"])
    html = list_names(client, industry="36")
    assert firm_y.name in html and firm_x.name not in html
    html = list_names(client, above_scale="1")
    assert firm_x.name in html and firm_y.name not in html
