"""Every input of the JSON API is bounded as the column that holds it: one past
the bound is a 422 naming the field, with nothing stored, on SQLite and on
PostgreSQL alike (where an integer past its column, or a NUL character, used to
be a database error: 500). The OpenAPI document is walked to prove that no
input was left without its bounds."""
import json

import pytest
from django.conf import settings
from django.test import Client
from django_scopes import scopes_disabled

from lianfu.api import api as lianfu_api
from lianfu.chains.models import HandOff
from lianfu.common.models import ActivityLog
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Enterprise
from lianfu.restart.models import (
    ChainFiling,
    Filing,
    PreventionCheck,
    RestartConfirmation,
    RestartOverride,
    Survey,
)

pytestmark = pytest.mark.django_db

INT = 2_147_483_647          # an integer column, on every database
BIG = 2**63 - 1              # a primary key
UNDER = "91330282MA2AAAAAA0"  # a credit code in the path (found or not, the body is refused first)
SURVEY = {"capacity_pct": 30, "headcount_total": 100, "headcount_on_duty": 40, "headcount_away": 60}
FIRM = {"uscc": UNDER, "name": "慈溪市测试电器有限公司", "town_code": "330282004000"}
STORED = (Survey, Filing, ChainFiling, PreventionCheck, RestartConfirmation, RestartOverride, Enterprise, Ticket,
          HandOff, ActivityLog)

# (method, path, body, the field named in the answer); each is one past a bound
CASES = [
    # the report: an integer above 2^63 in a survey
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "headcount_total": 2**64}, "headcount_total"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "headcount_total": INT + 1}, "headcount_total"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys",
     {**SURVEY, "headcount_total": INT, "headcount_on_duty": INT + 1}, "headcount_on_duty"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys",
     {**SURVEY, "headcount_total": INT, "headcount_away": INT + 1}, "headcount_away"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "capacity_pct": 101}, "capacity_pct"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "stock_days": "100000"}, "stock_days"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "stock_days": "1.25"}, "stock_days"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "stock_days": "NaN"}, "stock_days"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "needs": "缺" * 2001}, "needs"),
    ("post", f"/api/restart/enterprises/{UNDER}/surveys", {**SURVEY, "needs": "口罩\x00"}, "needs"),
    ("post", "/api/restart/packages", {"lead": UNDER, "headcount_planned": INT + 1}, "headcount_planned"),
    ("post", "/api/restart/packages", {"lead": UNDER + "0"}, "lead"),
    ("post", "/api/restart/packages", {"lead": UNDER, "members": [UNDER + "0"]}, "members"),
    ("post", "/api/restart/packages", {"lead": UNDER, "commitments": ["m" * 33]}, "commitments"),
    ("post", f"/api/restart/enterprises/{UNDER}/filing", {"headcount_planned": INT + 1}, "headcount_planned"),
    ("post", f"/api/restart/enterprises/{UNDER}/filing", {"headcount_planned": 1, "commitments": [""]},
     "commitments"),
    ("post", "/api/restart/filings/1/confirm", {"version": INT + 1, "headcount_planned": 1}, "version"),
    ("post", "/api/restart/filings/1/resubmit", {"version": 0, "headcount_planned": INT + 1}, "headcount_planned"),
    ("post", "/api/restart/filings/1/approve", {"version": INT + 1}, "version"),
    ("post", "/api/restart/filings/1/return", {"version": INT + 1, "reason": "缺章"}, "version"),
    ("post", "/api/restart/filings/1/return", {"version": 0, "reason": "x" * 501}, "reason"),
    ("post", "/api/restart/filings/1/return", {"version": 0, "reason": "\x00"}, "reason"),
    ("post", f"/api/restart/filings/{BIG + 1}/approve", {"version": 0}, "pk"),
    ("get", f"/api/restart/filings/{BIG + 1}", None, "pk"),
    ("post", f"/api/restart/enterprises/{UNDER}/self-checks", {"results": {"m" * 33: True}}, "results"),
    ("post", f"/api/restart/enterprises/{UNDER}/inspections", {"results": {}, "passed": False, "remarks": "x" * 501},
     "remarks"),
    ("post", f"/api/restart/enterprises/{UNDER}/override", {"reason": "x" * 501}, "reason"),
    ("post", f"/api/restart/enterprises/{UNDER}/restart", {"capacity_pct": 101}, "capacity_pct"),
    ("get", f"/api/restart/enterprises/{UNDER}/surveys?offset=10000001", None, "offset"),
    ("get", "/api/restart/notifications?limit=1001", None, "limit"),
    ("get", "/api/restart/enterprises/%00/progress", None, "uscc"),
    ("post", "/api/enterprises", {**FIRM, "employees": INT + 1}, "employees"),
    ("post", "/api/enterprises", {**FIRM, "latitude": "54.000001"}, "latitude"),
    ("post", "/api/enterprises", {**FIRM, "longitude": "136.000001"}, "longitude"),
    ("post", "/api/enterprises", {**FIRM, "latitude": "30.1234567"}, "latitude"),
    ("post", "/api/enterprises", {**FIRM, "name": "名" * 201}, "name"),
    ("post", "/api/enterprises", {**FIRM, "name": ""}, "name"),
    ("post", "/api/enterprises", {**FIRM, "short_name": "名" * 51}, "short_name"),
    ("post", "/api/enterprises", {**FIRM, "address": "路" * 201}, "address"),
    ("post", "/api/enterprises", {**FIRM, "contact_name": "人" * 51}, "contact_name"),
    ("post", "/api/enterprises", {**FIRM, "contact_phone": "1" * 21}, "contact_phone"),
    ("post", "/api/enterprises", {**FIRM, "uscc": UNDER + "0"}, "uscc"),
    ("post", "/api/enterprises", {**FIRM, "town_code": "3302820040001"}, "town_code"),
    ("post", "/api/enterprises", {**FIRM, "industry_code": "38570"}, "industry_code"),
    ("post", "/api/enterprises", {**FIRM, "name": "慈溪\x00"}, "name"),
    ("patch", f"/api/enterprises/{UNDER}", {"employees": INT + 1}, "employees"),
    ("patch", f"/api/enterprises/{UNDER}", {"contact_phone": "1\x00"}, "contact_phone"),
    ("get", "/api/enterprises?q=%00", None, "q"),
    ("get", "/api/enterprises?q=" + "名" * 201, None, "q"),
    ("get", "/api/enterprises/%00", None, "uscc"),
    ("get", "/api/divisions?name=%00", None, "name"),
    ("get", "/api/industries?parent=%00", None, "parent"),
    ("get", "/api/industries/%00", None, "code"),
    ("get", f"/api/chains/{UNDER}/tree?depth=9", None, "depth"),
    ("get", "/api/chains/%00/tree", None, "lead"),
    ("get", "/api/chains?sort=%00", None, "sort"),
    ("post", f"/api/chains/hand-offs/{UNDER}/confirm", {"version": INT + 1}, "version"),
    ("post", f"/api/chains/hand-offs/{UNDER}/confirm", {"version": 0, "note": "注" * 201}, "note"),
    ("post", "/api/chains/hand-offs/sent", {"county_code": "3302811"}, "county_code"),
    ("post", "/api/helpdesk/tickets", {"enterprise_uscc": UNDER + "0", "text": "缺料"}, "enterprise_uscc"),
    ("post", "/api/helpdesk/tickets", {"enterprise_uscc": UNDER, "text": "缺\x00料"}, "text"),
    ("get", f"/api/helpdesk/tickets/{BIG + 1}", None, "pk"),
]


def counts() -> dict:
    with scopes_disabled():
        return {model.__name__: model.objects.count() for model in STORED}


@pytest.fixture
def client(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["county"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("method,path,body,field", CASES, ids=[f"{c[0]} {c[1][:48]} {c[3]}" for c in CASES])
def test_one_past_a_bound_is_422_naming_the_field_and_stores_nothing(client, firm_x, method, path, body, field):
    before = counts()
    send = getattr(client, method)
    response = send(path, json.dumps(body), content_type="application/json") if body is not None else send(path)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert field in error["loc"]
    assert counts() == before


# Each input the OpenAPI document declares, walked down to its leaves.

# (schema, property) pairs left without bounds on purpose: none. (A ticket's text
# is bounded by the domain, which says so in the caller's language as the pages
# do, and the document states those bounds.)
UNBOUNDED_ON_PURPOSE: set[tuple[str, str]] = set()


def _resolve(schema: dict, document: dict) -> tuple[str | None, dict]:
    ref = schema.get("$ref")
    if ref is None:
        return None, schema
    name = ref.rsplit("/", 1)[-1]
    return name, document["components"]["schemas"][name]


def _unbounded(schema: dict, document: dict, where: str) -> list[str]:
    """The leaves of ``schema`` without the bounds their column needs."""
    name, schema = _resolve(schema, document)
    if name and schema.get("type") == "object":
        return [problem for prop, sub in schema.get("properties", {}).items()
                if (name, prop) not in UNBOUNDED_ON_PURPOSE
                for problem in _unbounded(sub, document, f"{name}.{prop}")]
    if "anyOf" in schema:
        branches = schema["anyOf"]
        decimal = any(b.get("type") == "number" for b in branches)
        # A decimal also reads its JSON string form, within the same bounds.
        return [p for b in branches if not (decimal and b == {"type": "string"})
                for p in _unbounded(b, document, where)]
    kind = schema.get("type")
    if "enum" in schema or kind in ("boolean", "null"):
        return []
    if kind in ("integer", "number"):
        return [] if {"minimum", "maximum"} <= set(schema) else [f"{where}: {kind} without minimum and maximum"]
    if kind == "string":
        bounded = "maxLength" in schema or schema.get("format") in ("date", "date-time") or \
            (schema.get("pattern", "").startswith("^") and schema["pattern"].endswith("$"))
        return [] if bounded else [f"{where}: string without maxLength"]
    if kind == "array":
        problems = [] if "maxItems" in schema else [f"{where}: array without maxItems"]
        return problems + _unbounded(schema["items"], document, f"{where}[]")
    if kind == "object":
        problems = [] if "maxProperties" in schema else [f"{where}: object without maxProperties"]
        problems += _unbounded({"type": "string", **schema.get("propertyNames", {})}, document, f"{where} keys")
        return problems + _unbounded(schema.get("additionalProperties", {"type": "null"}), document, f"{where}{{}}")
    return [f"{where}: unknown schema {schema}"]


def test_every_input_of_the_api_is_bounded():
    document = lianfu_api.get_openapi_schema()
    problems, inputs = [], 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                inputs += 1
                problems += _unbounded(parameter["schema"], document, f"{method} {path} {parameter['name']}")
            for content in operation.get("requestBody", {}).get("content", {}).values():
                inputs += 1
                problems += _unbounded(content["schema"], document, f"{method} {path} body")
    assert inputs > 50 and problems == []
