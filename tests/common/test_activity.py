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
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0).to_python()
    # the page's words; the event's code last, for filtering in Excel
    assert [row[1:3] + row[4:] for row in rows[1:]] == [
        ["p_town_a", "p_town_a 查看了慈溪市甬达电器有限公司的联系电话", "enterprise.contact_revealed"]]


def test_the_page_tells_each_event_in_words(personas, login, events):
    html = login(personas["county"]).get(reverse("activity")).content.decode()
    assert "p_town_a 查看了慈溪市甬达电器有限公司的联系电话" in html
    assert "p_town_b 修改了慈溪市周盛汽配有限公司的" in html
    assert "<code>" not in html and ">enterprise.updated<" not in html


def test_the_page_in_english(personas, login, events, settings):
    client = login(personas["county"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("activity")).content.decode()
    assert "p_town_a viewed the contact phone of 慈溪市甬达电器有限公司" in html
    assert "p_town_b edited the employees of 慈溪市周盛汽配有限公司" in html


def test_the_filter_offers_families_of_events_in_words(personas, login, events):
    response = login(personas["county"]).get(reverse("activity"), {"action": "ticket."})
    html = response.content.decode()
    assert '<option value="ticket." selected>诉求</option>' in html
    assert list(response.context["page"].object_list) == []
