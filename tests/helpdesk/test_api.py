"""The helpdesk JSON API with personas: submitting (201, 422 naming the field,
403 right, 404 reach), listing with filters and paging, one ticket with its
timeline, and isolation."""
import json

import pytest
from django.conf import settings
from django.test import Client
from django_scopes import scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.common.roles import Role
from lianfu.helpdesk.domain import resolve_ticket, submit_ticket
from lianfu.helpdesk.enums import Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department
from tests.conftest import COUNTY, TOWN_A
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


TICKETS = "/api/helpdesk/tickets"


@pytest.fixture
def api(login):
    """A logged-in client in English, so messages read the same before and after translation."""
    def client_for(user) -> Client:
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return client_for


def post(client: Client, body: dict):
    return client.post(TICKETS, json.dumps(body), content_type="application/json")


@pytest.fixture
def economy(db):
    return Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局",
                                     name_en="Economy and Information Bureau")


@pytest.fixture
def dept(economy):
    return UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=economy)


def stored(pk: int) -> Ticket:
    with scopes_disabled():
        return Ticket.objects.select_related("department").get(pk=pk)


def file(actor, enterprise, text: str, category: str = "supply") -> Ticket:
    return submit_ticket(actor=actor, enterprise=enterprise, text=text, channel=Channel.WEB, category=category)


def test_anonymous_is_401():
    assert Client().get(TICKETS).status_code == 401


def test_the_enterprise_submits_a_ticket_routed_to_the_department(api, personas, firm_x, economy):
    response = post(api(personas["firm_x"]), {"enterprise_uscc": firm_x.uscc.lower(),
                                                         "text": " 钢材供应商停产，原料断供 ", "category": "supply"})
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = stored(body["id"])
    assert (ticket.channel, ticket.submitter, ticket.department, ticket.status) == (
        Channel.API, Submitter.ENTERPRISE, economy, Status.ROUTED)
    assert {k: body[k] for k in ("enterprise_uscc", "enterprise_name", "town_code", "channel", "text", "category",
                                 "status", "department_code", "department_name", "difficulty", "rating",
                                 "resolution", "version")} == {
        "enterprise_uscc": firm_x.uscc, "enterprise_name": "慈溪市甬达电器有限公司", "town_code": TOWN_A,
        "channel": "api", "text": "钢材供应商停产，原料断供", "category": "supply", "status": "routed",
        "department_code": "economy", "department_name": "Economy and Information Bureau",
        "difficulty": "ordinary", "rating": None, "resolution": "", "version": ticket.version}
    assert body["due_at"] is not None and body["closed_at"] is None


def test_a_bearer_token_submits_as_its_user(personas, firm_x, economy):
    _token, key = ApiToken.issue(user=personas["liaison_a"], name="sync")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
        TICKETS, json.dumps({"enterprise_uscc": firm_x.uscc, "text": "工人返岗需要包车"}),
        content_type="application/json")
    assert response.status_code == 201, response.content
    ticket = stored(response.json()["id"])
    assert (ticket.submitted_by, ticket.submitter, ticket.channel) == (
        personas["liaison_a"], Submitter.LIAISON, Channel.API)


@pytest.mark.parametrize("text, errors", [
    ("   ", {"text": ["Describe the problem: the text is empty."]}),
    ("缺" * 4001, {"text": ["The text has 4001 characters; at most 4000 are accepted."]}),
])
def test_bad_text_is_422_naming_the_field(api, personas, firm_x, text, errors):
    response = post(api(personas["town_a"]), {"enterprise_uscc": firm_x.uscc, "text": text})
    assert response.status_code == 422
    assert response.json() == {"detail": f"text: {errors['text'][0]}", "errors": errors}
    with scopes_disabled():
        assert Ticket.objects.count() == 0


def test_unknown_category_is_422(api, personas, firm_x):
    response = post(api(personas["town_a"]), {"enterprise_uscc": firm_x.uscc, "text": "缺料",
                                                         "category": "potholes"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "body", "category"]


@pytest.mark.parametrize("persona, status", [("town_b", 404), ("firm_y", 404), ("dept", 403)])
def test_submitting_for_an_enterprise_out_of_reach(api, personas, dept, firm_x, persona, status):
    user = dept if persona == "dept" else personas[persona]
    response = post(api(user), {"enterprise_uscc": firm_x.uscc, "text": "原料断供"})
    assert response.status_code == status, response.content
    with scopes_disabled():
        assert Ticket.objects.count() == 0


def test_list_is_newest_first_filtered_and_paged(api, personas, firm_x, dept):
    first = file(personas["town_a"], firm_x, "钢材断供")
    second = file(personas["town_a"], firm_x, "增值税缓缴", "tax")
    third = file(personas["town_a"], firm_x, "铜材缺货")
    resolve_ticket(actor=dept, ticket=first, resolution="已协调")
    client = api(personas["town_a"])
    listed = client.get(TICKETS).json()
    assert (listed["count"], [t["id"] for t in listed["items"]]) == (3, [third.pk, second.pk, first.pk])
    assert [t["id"] for t in client.get(TICKETS, {"category": "supply"}).json()["items"]] == [third.pk, first.pk]
    assert [t["id"] for t in client.get(TICKETS, {"status": "resolved"}).json()["items"]] == [first.pk]
    routed_supply = client.get(TICKETS, {"status": "routed", "category": "supply"}).json()["items"]
    assert [t["id"] for t in routed_supply] == [third.pk]
    page = client.get(TICKETS, {"limit": 2, "offset": 2}).json()
    assert (page["count"], [t["id"] for t in page["items"]]) == (3, [first.pk])
    assert client.get(TICKETS, {"status": "pending"}).status_code == 422
    assert client.get(TICKETS, {"limit": 0}).status_code == 422


def test_one_ticket_with_its_timeline(api, personas, firm_x, dept):
    ticket = file(personas["town_a"], firm_x, "钢材断供")
    resolve_ticket(actor=dept, ticket=ticket, resolution="已协调宁波钢厂供货")
    response = api(personas["firm_x"]).get(f"{TICKETS}/{ticket.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["resolution"]) == (ticket.pk, "resolved", "已协调宁波钢厂供货")
    assert [(e["kind"], e["actor"], e["note"]) for e in body["events"]] == [
        ("submitted", "p_town_a", ""), ("classified", None, ""), ("routed", None, ""),
        ("resolved", "p_dept", "已协调宁波钢厂供货")]
    assert body["events"][2]["data"]["department"] == "经信局"


def test_tickets_are_isolated_between_firms_and_towns(api, personas, firm_x, firm_y, economy):
    of_x = file(personas["town_a"], firm_x, "钢材断供")
    of_y = file(personas["town_b"], firm_y, "集装箱出不了港", "logistics")
    expected = {"county": [of_y.pk, of_x.pk], "town_a": [of_x.pk], "town_b": [of_y.pk], "firm_x": [of_x.pk],
                "firm_y": [of_y.pk], "liaison_a": [of_x.pk]}
    for persona, ids in expected.items():
        assert [t["id"] for t in api(personas[persona]).get(TICKETS).json()["items"]] == ids, persona
    for persona in ("town_b", "firm_y"):
        assert api(personas[persona]).get(f"{TICKETS}/{of_x.pk}").status_code == 404
    assert api(personas["firm_x"]).get(f"{TICKETS}/{of_x.pk}").status_code == 200
    assert api(personas["firm_x"]).get(f"{TICKETS}/{2**63}").status_code == 422
