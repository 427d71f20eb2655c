"""Open311 GeoReport v2 over real HTTP against the running server, as an
existing Open311 client would call it: every method in JSON and XML, the
refusals in the spec's error form, paging headers, the privacy rule and
isolation between keys."""
import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.common.roles import Role
from lianfu.helpdesk.domain import resolve_ticket, submit_ticket
from lianfu.helpdesk.enums import CATEGORY_ZH, Category, Channel, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Department, Enterprise
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ECONOMY_EN = "Economy and Information Bureau"
FULL_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
               "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
               "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]
PUBLIC_FIELDS = ["service_request_id", "status", "service_name", "service_code", "agency_responsible",
                 "requested_datetime", "updated_datetime", "expected_datetime"]
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self):
        assert self.headers["content-type"] == "application/json; charset=utf-8"
        return json.loads(self.body)

    def xml(self) -> ET.Element:
        assert self.headers["content-type"] == "text/xml; charset=utf-8"
        assert self.body.startswith(XML_DECLARATION)
        return ET.fromstring(self.body)


@pytest.fixture
def open311(live_server):
    """call(method, "services.json", query=…, form=…): English unless told
    otherwise, so messages read the same before and after translation."""
    address = urlsplit(live_server.url)

    def call(method: str, path: str, *, query=None, form=None, language: str | None = "en") -> Reply:
        target = f"/open311/v2/{path}" + (f"?{urlencode(query)}" if query else "")
        headers = {"Accept-Language": language} if language else {}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    return call


@pytest.fixture
def economy(db):
    return Department.objects.create(code="economy", county_id=COUNTY, name_zh="经信局", name_en=ECONOMY_EN)


@pytest.fixture
def key():
    return lambda user: ApiToken.issue(user=user, name="open311 client")[1]


@pytest.fixture
def placed(firm_x):
    """firm_x with a registered address and coordinates: the request's location."""
    with scopes_disabled():
        Enterprise.objects.filter(pk=firm_x.pk).update(address="北二环中路1号", latitude=Decimal("30.171234"),
                                                       longitude=Decimal("121.266789"))
    return firm_x


def file(actor, enterprise, text="原材料供应短缺，钢材到不了厂", category="supply") -> Ticket:
    ticket = submit_ticket(actor=actor, enterprise=enterprise, text=text, channel=Channel.WEB, category=category)
    with scopes_disabled():
        return Ticket.objects.select_related("department").get(pk=ticket.pk)


def w3c(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def due_text(ticket) -> str:
    return timezone.localtime(ticket.due_at).strftime("%Y-%m-%d %H:%M")


def error(code: int, *descriptions: str) -> list[dict]:
    return [{"code": code, "description": description} for description in descriptions]


# Discovery and services

def test_discovery_names_the_v2_endpoint_in_json_and_xml(open311, live_server):
    reply = open311("GET", "discovery.json")
    assert reply.status == 200
    assert reply.json() == {
        "changeset": "2026-11-23T00:00:00+08:00",
        "contact": f"The county enterprise helpdesk, through this site: {live_server.url}/",
        "key_service": f"Sign in and create an API token at {live_server.url}/accounts/tokens/; send it in the "
                       "X-Api-Key header or as api_key.",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": f"{live_server.url}/open311/v2",
                       "changeset": "2026-11-23T00:00:00+08:00", "type": "production",
                       "formats": ["application/json", "text/xml"]}],
    }
    root = open311("GET", "discovery.xml").xml()
    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert [(child.tag, child.text) for child in endpoint if child.tag != "formats"] == [
        ("specification", "http://wiki.open311.org/GeoReport_v2"), ("url", f"{live_server.url}/open311/v2"),
        ("changeset", "2026-11-23T00:00:00+08:00"), ("type", "production")]
    assert [f.text for f in endpoint.findall("formats/format")] == ["application/json", "text/xml"]


def test_services_are_the_categories_named_in_chinese_unless_english_is_asked_for(open311):
    chinese = open311("GET", "services.json", language=None)
    assert chinese.headers["content-language"] == "zh-hans"
    assert [(s["service_code"], s["service_name"]) for s in chinese.json()] == [
        (c.value, CATEGORY_ZH[c]) for c in Category]
    with translation.override("en"):
        english = [(c.value, str(c.label)) for c in Category]
    by_locale = open311("GET", "services.json", query={"locale": "en_US"}, language="zh-CN").json()
    assert [(s["service_code"], s["service_name"]) for s in by_locale] == english
    by_header = open311("GET", "services.json", language="en-GB,en;q=0.9").json()
    assert [(s["service_code"], s["service_name"]) for s in by_header] == english
    assert by_header[0] == {
        "service_code": "supply", "service_name": "Raw materials and supply chain",
        "description": "Raw materials, parts or suppliers are short or cannot deliver.", "metadata": True,
        "type": "realtime", "keywords": "materials, parts, suppliers, shortage, upstream", "group": "Production"}


def test_services_in_xml(open311):
    root = open311("GET", "services.xml").xml()
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == Category.values
    labour = root.findall("service")[3]
    assert [(child.tag, child.text) for child in labour] == [
        ("service_code", "labor"), ("service_name", "Labour and return to work"),
        ("description", "Workers cannot return or be hired: travel, quarantine, recruitment."),
        ("metadata", "true"), ("type", "realtime"),
        ("keywords", "workers, hiring, return to work, quarantine, travel, dormitory"),
        ("group", "Workforce and prevention")]


def test_service_definition_asks_for_the_credit_code_unless_the_key_is_an_enterprise_s(open311, personas, key):
    reply = open311("GET", "services/finance.json")
    assert reply.status == 200
    assert reply.json() == {"service_code": "finance", "attributes": [{
        "variable": True, "code": "enterprise_uscc", "datatype": "string", "required": True,
        "datatype_description": "18 digits and capital letters. Not needed with an enterprise's own api_key: "
                                "its own enterprise is used.",
        "order": 1, "description": "Unified social credit code of the enterprise the problem is about."}]}
    root = open311("GET", "services/finance.xml", query={"api_key": key(personas["firm_x"])}).xml()
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "finance"
    attribute = root.find("attributes/attribute")
    assert [(child.tag, child.text) for child in attribute][:4] == [
        ("variable", "true"), ("code", "enterprise_uscc"), ("datatype", "string"), ("required", "false")]
    assert attribute.findtext("order") == "1"


def test_unknown_service_format_and_resource_are_404_in_the_spec_error_form(open311):
    reply = open311("GET", "services/potholes.json")
    assert (reply.status, reply.json()) == (404, error(404, "service_code “potholes” was not found."))
    root = open311("GET", "services/potholes.xml").xml()
    assert root.tag == "errors"
    assert [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")] == [
        ("404", "service_code “potholes” was not found.")]
    html = open311("GET", "services.html")
    assert html.status == 404
    assert html.xml().findtext("error/description") == "Unknown format “.html”: use .xml or .json."
    elsewhere = open311("GET", "potholes.json")
    assert (elsewhere.status, elsewhere.json()) == (404, error(404, "No such resource: /open311/v2/potholes.json"))
    wrong_method = open311("POST", "services.json", form={})
    assert (wrong_method.status, wrong_method.headers["allow"]) == (405, "GET, HEAD")


# POST requests

def test_post_files_a_ticket_routed_to_the_category_s_department(open311, personas, firm_x, economy, key):
    form = {"api_key": key(personas["town_a"]), "service_code": "supply",
            "attribute[enterprise_uscc]": firm_x.uscc.lower(), "description": "  钢材供应商停产，下周原料断供  ",
            "lat": "30.17", "long": "121.26", "address_string": "慈溪市浒山街道", "email": "a@example.com",
            "first_name": "三", "last_name": "张", "media_url": "https://example.com/p.jpg"}
    reply = open311("POST", "requests.json", form=form)
    assert reply.status == 200, reply.body
    with scopes_disabled():
        ticket = Ticket.objects.select_related("department").get()
    assert (ticket.enterprise_id, ticket.submitted_by, ticket.submitter, ticket.channel, ticket.text) == (
        firm_x.pk, personas["town_a"], Submitter.API_CLIENT, Channel.OPEN311, "钢材供应商停产，下周原料断供")
    assert (ticket.category, ticket.department, ticket.status) == ("supply", economy, Status.ROUTED)
    assert reply.json() == [{"service_request_id": ticket.pk, "token": str(ticket.token),
                             "service_notice": f"With {ECONOMY_EN}; an answer is due by {due_text(ticket)}.",
                             "account_id": "p_town_a"}]


def test_post_in_xml_with_an_enterprise_key_files_for_its_own_enterprise(open311, personas, firm_x, firm_y, key):
    form = {"api_key": key(personas["firm_x"]), "service_code": "other", "attribute[enterprise_uscc]": firm_y.uscc,
            "description": "园区门口道路施工，货车进不来"}
    root = open311("POST", "requests.xml", form=form).xml()
    with scopes_disabled():
        ticket = Ticket.objects.get()
    assert (ticket.enterprise_id, ticket.channel, ticket.department_id) == (firm_x.pk, Channel.OPEN311, None)
    assert root.tag == "service_requests"
    assert [(child.tag, child.text) for child in root.find("request")] == [
        ("service_request_id", str(ticket.pk)), ("token", str(ticket.token)),
        ("service_notice", f"With 浒山街道; an answer is due by {due_text(ticket)}."), ("account_id", "p_firm_x")]


# Each case: what changes in a good form, the status, the error descriptions.
REFUSALS = {
    "no key": ({"api_key": ""}, 403, [
        "api_key was not provided: create an API token on the API tokens page and send it in the X-Api-Key "
        "header or as api_key."]),
    "bad key": ({"api_key": "lf_not-a-key"}, 403, ["Invalid api_key: it is unknown, revoked or expired."]),
    "revoked key": ({"api_key": "{revoked}"}, 403, ["Invalid api_key: it is unknown, revoked or expired."]),
    "no service": ({"service_code": ""}, 400, ["service_code was not provided."]),
    "unknown service": ({"service_code": "potholes"}, 404, ["service_code “potholes” was not found."]),
    "no description": ({"description": "   "}, 400, ["description: Describe the problem: the text is empty."]),
    "4001 characters": ({"description": "缺" * 4001}, 400, [
        "description: The text has 4001 characters; at most 4000 are accepted."]),
    "nothing but key and service": ({"description": "", "attribute[enterprise_uscc]": ""}, 400, [
        "description: Describe the problem: the text is empty.",
        "attribute[enterprise_uscc] was not provided: give the unified social credit code of the enterprise the "
        "problem is about."]),
    "other town's enterprise": ({"api_key": "{town_b}"}, 404, [
        "No enterprise with the credit code {firm_x} is within this api_key's reach."]),
    "unknown enterprise": ({"attribute[enterprise_uscc]": "91330282000000000X"}, 404, [
        "No enterprise with the credit code 91330282000000000X is within this api_key's reach."]),
    "department staff": ({"api_key": "{dept}"}, 403, ["This api_key may not submit requests for this enterprise."]),
}


def test_post_refusals_in_both_formats_create_nothing(open311, personas, firm_x, economy, key):
    """One live server for every case: each transactional test reloads the divisions."""
    dept = UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=economy)
    revoked_token, revoked = ApiToken.issue(user=personas["town_a"], name="old")
    ApiToken.objects.filter(pk=revoked_token.pk).update(revoked_at=timezone.now())
    names = {"revoked": revoked, "town_b": key(personas["town_b"]), "dept": key(dept), "firm_x": firm_x.uscc}
    form = {"api_key": key(personas["town_a"]), "service_code": "supply", "attribute[enterprise_uscc]": firm_x.uscc,
            "description": "物流车辆通行证办不下来"}
    for case, (change, status, descriptions) in REFUSALS.items():
        sent = {**form, **{name: value.format(**names) for name, value in change.items()}}
        expected = [d.format(**names) for d in descriptions]
        reply = open311("POST", "requests.json", form=sent)
        assert (reply.status, reply.json()) == (status, error(status, *expected)), case
        xml_reply = open311("POST", "requests.xml", form=sent)
        assert xml_reply.status == status, case
        assert [(e.findtext("code"), e.findtext("description")) for e in xml_reply.xml().findall("error")] == [
            (str(status), d) for d in expected], case
    with scopes_disabled():
        assert Ticket.objects.count() == 0


def test_post_accepts_exactly_4000_characters(open311, personas, firm_x, economy, key):
    form = {"api_key": key(personas["county"]), "service_code": "supply", "attribute[enterprise_uscc]": firm_x.uscc,
            "description": "缺" * 4000}
    assert open311("POST", "requests.json", form=form).status == 200
    with scopes_disabled():
        assert len(Ticket.objects.get().text) == 4000


# GET requests: records, privacy, filters, paging, isolation

def test_a_key_reads_full_records_in_json_and_xml(open311, personas, placed, economy, key):
    ticket = file(personas["town_a"], placed)
    reply = open311("GET", "requests.json", query={"api_key": key(personas["firm_x"])})
    assert reply.status == 200
    assert reply.json() == [{
        "service_request_id": ticket.pk, "status": "open", "status_notes": None,
        "service_name": "Raw materials and supply chain", "service_code": "supply",
        "description": "原材料供应短缺，钢材到不了厂", "agency_responsible": ECONOMY_EN,
        "service_notice": f"With {ECONOMY_EN}; an answer is due by {due_text(ticket)}.",
        "requested_datetime": w3c(ticket.created_at), "updated_datetime": w3c(ticket.updated_at),
        "expected_datetime": w3c(ticket.due_at), "address": "北二环中路1号, 浒山街道", "address_id": placed.uscc,
        "zipcode": None, "lat": 30.171234, "long": 121.266789, "media_url": None}]
    assert w3c(ticket.created_at).endswith("+08:00")
    root = open311("GET", "requests.xml", query={"api_key": key(personas["county"])}, language="zh-CN").xml()
    request = root.find("request")
    assert [child.tag for child in request] == FULL_FIELDS
    assert {child.tag: child.text for child in request} == {
        "service_request_id": str(ticket.pk), "status": "open", "status_notes": None, "service_name": "原材料与供应链",
        "service_code": "supply", "description": "原材料供应短缺，钢材到不了厂", "agency_responsible": "经信局",
        "service_notice": request.findtext("service_notice"), "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(ticket.updated_at), "expected_datetime": w3c(ticket.due_at),
        "address": "北二环中路1号, 浒山街道", "address_id": placed.uscc, "zipcode": None, "lat": "30.171234",
        "long": "121.266789", "media_url": None}


def test_without_a_key_only_non_identifying_fields_are_shown(open311, personas, placed, economy):
    ticket = file(personas["town_a"], placed)
    reply = open311("GET", "requests.json")
    assert reply.json() == [{
        "service_request_id": ticket.pk, "status": "open", "service_name": "Raw materials and supply chain",
        "service_code": "supply", "agency_responsible": ECONOMY_EN, "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(ticket.updated_at), "expected_datetime": w3c(ticket.due_at)}]
    root = open311("GET", f"requests/{ticket.pk}.xml").xml()
    assert [child.tag for child in root.find("request")] == PUBLIC_FIELDS
    for body in (reply.body, open311("GET", "requests.xml").body, open311("GET", f"requests/{ticket.pk}.json").body):
        for secret in ("钢材", placed.uscc, placed.name, "北二环", "30.17"):
            assert secret not in body.decode()


def test_closed_statuses_and_the_answer_given(open311, personas, firm_x, economy, key):
    dept = UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=economy)
    done = file(personas["town_a"], firm_x, "钢材断供")
    waiting = file(personas["town_a"], firm_x, "设备配件缺货")
    resolve_ticket(actor=dept, ticket=done, resolution="已协调宁波钢厂供货")
    county = key(personas["county"])
    closed = open311("GET", "requests.json", query={"api_key": county, "status": "closed"}).json()
    assert [(r["service_request_id"], r["status"], r["status_notes"], r["service_notice"]) for r in closed] == [
        (done.pk, "closed", "已协调宁波钢厂供货",
         "Answered; the enterprise may rate the answer or reopen the request.")]
    opened = open311("GET", "requests.json", query={"api_key": county, "status": "open"}).json()
    assert [r["service_request_id"] for r in opened] == [waiting.pk]
    both = open311("GET", "requests.json", query={"api_key": county, "status": "open,closed"}).json()
    assert [r["service_request_id"] for r in both] == [waiting.pk, done.pk]
    public = open311("GET", "requests.json", query={"status": "closed"}).json()
    assert public[0]["status"] == "closed" and "status_notes" not in public[0]


def test_filters_by_service_code_ids_and_dates(open311, personas, firm_x, economy):
    supply = file(personas["town_a"], firm_x, "钢材断供", "supply")
    tax = file(personas["town_a"], firm_x, "增值税能否缓缴", "tax")
    old = file(personas["town_a"], firm_x, "去年的问题", "finance")
    long_ago = timezone.now() - timedelta(days=100)
    with scopes_disabled():
        Ticket.objects.filter(pk=old.pk).update(created_at=long_ago)

    def ids(**query):
        reply = open311("GET", "requests.json", query=query)
        assert reply.status == 200, reply.body
        return [r["service_request_id"] for r in reply.json()]

    assert ids() == [tax.pk, supply.pk]
    assert ids(service_code="tax,finance") == [tax.pk]
    assert ids(service_code="supply", service_request_id=f"{old.pk},{supply.pk}") == [supply.pk, old.pk]
    start = (long_ago - timedelta(days=1)).isoformat(timespec="seconds")
    assert ids(start_date=start) == [old.pk]
    assert ids(end_date=(long_ago + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == [old.pk]
    today = timezone.localdate().isoformat()
    assert ids(start_date=today, end_date=today) == [tax.pk, supply.pk]


BAD_ARGUMENTS = [
    ({"start_date": "yesterday"}, "start_date: expected a W3C date-time with its time zone, such as "
                                  "2020-02-20T08:00:00+08:00 or 2020-02-20T00:00:00Z; got “yesterday”."),
    ({"end_date": "2020-02-20T08:00:00"}, "end_date: expected a W3C date-time with its time zone, such as "
                                          "2020-02-20T08:00:00+08:00 or 2020-02-20T00:00:00Z; got "
                                          "“2020-02-20T08:00:00”."),
    ({"start_date": "2020-02-30"}, "start_date: expected a W3C date-time with its time zone, such as "
                                   "2020-02-20T08:00:00+08:00 or 2020-02-20T00:00:00Z; got “2020-02-30”."),
    ({"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-05-01T00:00:00Z"},
     "start_date to end_date may not span more than 90 days."),
    ({"start_date": "2020-03-01T00:00:00Z", "end_date": "2020-02-01T00:00:00Z"}, "end_date is before start_date."),
    ({"status": "pending"}, "status: unknown “pending”; expected open, closed or both separated by a comma."),
    ({"service_code": "supply,potholes"}, "service_code: unknown “potholes”; expected some of supply, logistics, "
                                          "finance, labor, prevention, approval, tax, trade, utilities, premises, "
                                          "other."),
    ({"service_request_id": "12,abc"}, "service_request_id: expected request numbers separated by commas, got "
                                       "“abc”."),
    ({"page": "0"}, "page: expected a whole number from 1 to 1000000; got “0”."),
    ({"page": "two"}, "page: expected a whole number from 1 to 1000000; got “two”."),
    ({"page_size": "201"}, "page_size: expected a whole number from 1 to 200; got “201”."),
    ({"page_size": "-5"}, "page_size: expected a whole number from 1 to 200; got “-5”."),
]


def test_bad_arguments_are_400_naming_the_argument(open311):
    for query, description in BAD_ARGUMENTS:
        reply = open311("GET", "requests.json", query=query)
        assert (reply.status, reply.json()) == (400, error(400, description)), query
        xml_reply = open311("GET", "requests.xml", query=query)
        assert xml_reply.status == 400, query
        root = xml_reply.xml()
        assert (root.findtext("error/code"), root.findtext("error/description")) == ("400", description), query


def test_pages_with_totals_in_headers(open311, live_server, personas, firm_x, economy, key):
    tickets = [file(personas["town_a"], firm_x, f"第{n}批原料缺货") for n in range(5)]
    newest_first = [t.pk for t in reversed(tickets)]
    api_key = key(personas["town_a"])
    pages = []
    for number in (1, 2, 3):
        reply = open311("GET", "requests.json", query=[("api_key", api_key), ("page_size", "2"), ("page", number)])
        assert (reply.headers["x-total-count"], reply.headers["x-page"], reply.headers["x-page-size"]) == (
            "5", str(number), "2")
        pages.append([r["service_request_id"] for r in reply.json()])
        if number == 2:
            base = f"{live_server.url}/open311/v2/requests.json?page_size=2&page="
            assert reply.headers["link"] == (f'<{base}1>; rel="first", <{base}1>; rel="prev", '
                                             f'<{base}3>; rel="next", <{base}3>; rel="last"')
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]
    beyond = open311("GET", "requests.xml", query={"page_size": "2", "page": "4"})
    assert (beyond.status, len(beyond.xml()), beyond.headers["x-total-count"]) == (200, 0, "5")
    base = f"{live_server.url}/open311/v2/requests.xml?page_size=2&page="
    assert beyond.headers["link"] == f'<{base}1>; rel="first", <{base}3>; rel="prev", <{base}3>; rel="last"'
    default = open311("GET", "requests.json")
    assert (default.headers["x-page-size"], len(default.json())) == ("50", 5)


def test_keys_see_only_their_own_jurisdiction(open311, personas, firm_x, firm_y, economy, key):
    of_x = file(personas["town_a"], firm_x, "钢材断供")
    of_y = file(personas["town_b"], firm_y, "集装箱出不了港", "logistics")

    def listed(user) -> list[int]:
        return [r["service_request_id"] for r in open311("GET", "requests.json", query={"api_key": key(user)}).json()]

    assert listed(personas["county"]) == [of_y.pk, of_x.pk]
    assert listed(personas["town_a"]) == [of_x.pk]
    assert listed(personas["town_b"]) == [of_y.pk]
    assert listed(personas["firm_x"]) == [of_x.pk]
    assert listed(personas["firm_y"]) == [of_y.pk]
    for user in (personas["firm_y"], personas["town_b"]):
        reply = open311("GET", f"requests/{of_x.pk}.json", query={"api_key": key(user)})
        assert (reply.status, reply.json()) == (404, error(404, f"Service request {of_x.pk} was not found."))
        by_id = open311("GET", "requests.json", query={"api_key": key(user), "service_request_id": str(of_x.pk)})
        assert by_id.json() == []


def test_single_request_and_token_in_both_formats(open311, personas, firm_x, economy, key):
    ticket = file(personas["town_a"], firm_x)
    one = open311("GET", f"requests/{ticket.pk}.json", query={"api_key": key(personas["firm_x"])}).json()
    assert [(r["service_request_id"], r["description"]) for r in one] == [(ticket.pk, "原材料供应短缺，钢材到不了厂")]
    root = open311("GET", f"requests/{ticket.pk}.xml").xml()
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [str(ticket.pk)]
    token = str(ticket.token)
    assert open311("GET", f"tokens/{token}.json").json() == [{"service_request_id": ticket.pk, "token": token}]
    request = open311("GET", f"tokens/{token}.xml").xml().find("request")
    assert [(child.tag, child.text) for child in request] == [("service_request_id", str(ticket.pk)),
                                                              ("token", token)]
    missing = "00000000-0000-4000-8000-000000000000"
    assert open311("GET", f"tokens/{missing}.json").json() == error(404, f"Token {missing} was not found.")
    assert open311("GET", "tokens/not-a-token.json").status == 404
    unknown = open311("GET", f"requests/{ticket.pk + 1000}.json")
    assert (unknown.status, unknown.json()) == (404, error(404, f"Service request {ticket.pk + 1000} was not found."))
    assert open311("GET", "requests.json", query={"api_key": "lf_wrong"}).status == 403
