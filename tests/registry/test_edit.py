"""Editing an enterprise on its page: who may, which fields, and the audit trail."""
import pytest
from django.urls import reverse

from lianfu.common.models import ActivityLog
from lianfu.registry.models import Enterprise
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db


def edit_url(firm) -> str:
    return reverse("registry:enterprise_edit", args=[firm.uscc])


def reload(firm) -> Enterprise:
    return Enterprise.objects.with_scopes_disabled().get(pk=firm.pk)


def form_data(firm, **changes) -> dict:
    """The form as the page renders it (phone blank), with ``changes`` typed in."""
    data = {"name": firm.name, "short_name": firm.short_name, "division": firm.division_id,
            "address": firm.address, "industry": firm.industry_id, "employees": firm.employees,
            "contact_name": firm.contact_name, "contact_phone": ""}
    if firm.above_scale:
        data["above_scale"] = "on"  # an unticked box is simply absent
    return data | changes


def test_town_officer_edits_a_firm_of_the_town(personas, login, firm_x):
    response = login(personas["town_a"]).post(edit_url(firm_x), form_data(firm_x, employees=400))
    assert response.status_code == 302
    firm = reload(firm_x)
    assert (firm.employees, firm.contact_phone, firm.above_scale) == (400, "13812345678", True)
    entry = ActivityLog.objects.get(action="enterprise.updated")
    assert (entry.actor, entry.data) == (personas["town_a"], {"fields": ["employees"]})
    assert [h.employees for h in firm.history.order_by("history_date")] == [320, 400]


def test_edit_page_never_shows_the_full_phone(personas, login, firm_x):
    html = login(personas["town_a"]).get(edit_url(firm_x)).content.decode()
    assert "138****5678" in html and "13812345678" not in html


def test_new_phone_replaces_and_bad_phone_is_refused_next_to_the_field(personas, login, firm_x):
    client = login(personas["town_a"])
    bad = client.post(edit_url(firm_x), form_data(firm_x, contact_phone="12345"))
    assert bad.status_code == 200 and list(bad.context["form"].errors) == ["contact_phone"]
    client.post(edit_url(firm_x), form_data(firm_x, contact_phone="13900001111"))
    assert reload(firm_x).contact_phone == "13900001111"


def test_town_officer_cannot_move_a_firm_to_a_sibling_town(personas, login, firm_x):
    response = login(personas["town_a"]).post(edit_url(firm_x), form_data(firm_x, division=TOWN_B))
    assert response.status_code == 200 and "division" in response.context["form"].errors
    assert reload(firm_x).division_id == TOWN_A


@pytest.mark.parametrize("persona", ["town_b", "firm_y"])
def test_firms_outside_reach_are_404(personas, login, firm_x, persona):
    assert login(personas[persona]).get(edit_url(firm_x)).status_code == 404


def test_enterprise_edits_only_its_own_contact_details(personas, login, firm_x):
    client = login(personas["firm_x"])
    form = client.get(edit_url(firm_x)).context["form"]
    assert set(form.fields) == {"short_name", "address", "employees", "contact_name", "contact_phone",
                                "latitude", "longitude"}
    client.post(edit_url(firm_x), form_data(firm_x, employees=330, name="改名有限公司", division=TOWN_B))
    firm = reload(firm_x)
    assert (firm.employees, firm.name, firm.division_id) == (330, "慈溪市甬达电器有限公司", TOWN_A)


def test_liaison_officer_may_view_but_not_edit(personas, login, firm_x):
    client = login(personas["liaison_a"])
    assert client.get(reverse("registry:enterprise_detail", args=[firm_x.uscc])).status_code == 200
    assert client.get(edit_url(firm_x)).status_code == 403
