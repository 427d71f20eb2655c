"""The audit trail page: officers read their jurisdiction's events only."""
import pytest
from django.urls import reverse

from lianfu.common.audit import log_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas, firm_x, firm_y):
    log_activity(actor=personas["town_a"], action="enterprise.contact_revealed", subject=firm_x,
                 division_code=firm_x.division_id)
    log_activity(actor=personas["town_b"], action="enterprise.updated", subject=firm_y,
                 division_code=firm_y.division_id, fields=["employees"])


def shown(client) -> list[str]:
    response = client.get(reverse("activity"))
    assert response.status_code == 200
    return [entry.action for entry in response.context["page"].object_list]


@pytest.mark.parametrize("persona,expected", [
    ("county", ["enterprise.updated", "enterprise.contact_revealed"]),
    ("admin", ["enterprise.updated", "enterprise.contact_revealed"]),
    ("town_a", ["enterprise.contact_revealed"]),
    ("town_b", ["enterprise.updated"]),
])
def test_officers_see_their_jurisdictions_events(personas, login, events, persona, expected):
    assert shown(login(personas[persona])) == expected


@pytest.mark.parametrize("persona", ["firm_x", "liaison_a"])
def test_firms_and_liaison_officers_have_no_audit_page(personas, login, events, persona):
    assert login(personas[persona]).get(reverse("activity")).status_code == 403


def test_filter_by_action(personas, login, events):
    response = login(personas["county"]).get(reverse("activity"), {"action": "enterprise.updated"})
    assert [e.action for e in response.context["page"].object_list] == ["enterprise.updated"]
    assert "fields=[&#x27;employees&#x27;]" in response.content.decode()


def test_export_has_the_same_rows_as_the_page(personas, login, events):
    import io

    from python_calamine import CalamineWorkbook
    response = login(personas["town_a"]).get(reverse("activity"), {"export": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert [row[1:3] for row in rows[1:]] == [["p_town_a", "enterprise.contact_revealed"]]
