"""The JSON API with personas and tokens: scoped exactly like the pages."""
import json

import pytest
from django.test import Client

from lianfu.accounts.models import ApiToken
from lianfu.demo.codes import uscc_from_number
from lianfu.registry.models import Enterprise
from tests.conftest import TOWN_A, TOWN_B

pytestmark = pytest.mark.django_db


def token_client(user) -> Client:
    _token, key = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def usccs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["uscc"] for item in response.json()["items"]}


def test_api_without_credentials_is_401(firm_x):
    assert Client().get("/api/enterprises").status_code == 401


def test_api_with_unknown_token_is_401(firm_x):
    assert Client(HTTP_AUTHORIZATION="Bearer lf_not-a-token").get("/api/enterprises").status_code == 401


def test_revoked_token_is_401(personas):
    token, key = ApiToken.issue(user=personas["county"], name="old")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2020-03-01T00:00:00Z")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/enterprises").status_code == 401


@pytest.mark.parametrize("persona,expected", [
    ("county", {"firm_x", "firm_y"}), ("town_a", {"firm_x"}), ("town_b", {"firm_y"}),
    ("firm_x", {"firm_x"}), ("firm_y", {"firm_y"}),
])
def test_enterprise_list_is_scoped(personas, firm_x, firm_y, persona, expected):
    codes = {"firm_x": firm_x.uscc, "firm_y": firm_y.uscc}
    assert usccs(token_client(personas[persona]).get("/api/enterprises")) == {codes[k] for k in expected}


def test_enterprise_detail_masks_phone(personas, firm_x):
    body = token_client(personas["town_a"]).get(f"/api/enterprises/{firm_x.uscc}").json()
    assert body["contact_phone_masked"] == "138****5678"
    assert "13812345678" not in json.dumps(body)
    assert body["town_code"] == TOWN_A


@pytest.mark.parametrize("persona", ["town_b", "firm_y"])
def test_enterprise_detail_outside_reach_is_404(personas, firm_x, persona):
    assert token_client(personas[persona]).get(f"/api/enterprises/{firm_x.uscc}").status_code == 404


def new_firm(town: str) -> dict:
    return {"uscc": uscc_from_number(424242), "name": "慈溪市新开电器有限公司", "town_code": town,
            "industry_code": "3857"}


def test_town_officer_creates_in_own_town(personas):
    response = token_client(personas["town_a"]).post("/api/enterprises", new_firm(TOWN_A),
                                                      content_type="application/json")
    assert response.status_code == 201, response.content
    assert Enterprise.objects.with_scopes_disabled().get(uscc=uscc_from_number(424242)).division_id == TOWN_A


def test_town_officer_cannot_create_in_sibling_town(personas):
    response = token_client(personas["town_a"]).post("/api/enterprises", new_firm(TOWN_B),
                                                      content_type="application/json")
    assert response.status_code == 403
    assert not Enterprise.objects.with_scopes_disabled().filter(uscc=uscc_from_number(424242)).exists()


def test_enterprise_user_cannot_create(personas):
    response = token_client(personas["firm_x"]).post("/api/enterprises", new_firm(TOWN_A),
                                                      content_type="application/json")
    assert response.status_code == 403


def test_create_rejects_bad_credit_code_and_duplicates(personas, firm_y):
    client = token_client(personas["county"])
    valid = uscc_from_number(7)
    bad = {**new_firm(TOWN_A), "uscc": valid[:-1] + ("0" if valid[-1] != "0" else "1")}
    assert client.post("/api/enterprises", bad, content_type="application/json").status_code == 422
    dup = {**new_firm(TOWN_A), "uscc": firm_y.uscc}
    response = client.post("/api/enterprises", dup, content_type="application/json")
    assert response.status_code == 422
    assert "uscc" in response.json()["detail"]


def test_patch_own_enterprise_and_not_another(personas, firm_x, firm_y):
    client = token_client(personas["firm_x"])
    response = client.patch(f"/api/enterprises/{firm_x.uscc}", {"employees": 333}, content_type="application/json")
    assert response.status_code == 200 and response.json()["employees"] == 333
    response = client.patch(f"/api/enterprises/{firm_y.uscc}", {"employees": 1}, content_type="application/json")
    assert response.status_code == 404
    assert Enterprise.objects.with_scopes_disabled().get(pk=firm_y.pk).employees == 50


def test_patch_records_history_and_activity(personas, firm_x):
    token_client(personas["county"]).patch(f"/api/enterprises/{firm_x.uscc}", {"name": "新名字有限公司"},
                                           content_type="application/json")
    firm = Enterprise.objects.with_scopes_disabled().get(pk=firm_x.pk)
    assert [h.name for h in firm.history.all()] == ["新名字有限公司", "慈溪市甬达电器有限公司"]


def test_session_post_needs_csrf(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["county"])
    response = client.post("/api/enterprises", new_firm(TOWN_A), content_type="application/json")
    assert response.status_code in (401, 403)


def test_divisions_lookup_by_name_and_code(personas):
    client = token_client(personas["firm_x"])
    found = client.get("/api/divisions", {"parent": "330282", "name": "浒山"}).json()
    assert [d["code"] for d in found] == [TOWN_A]
    assert client.get("/api/divisions/330282004").json()["name"] == "浒山街道"
    assert client.get("/api/divisions/county-for/330227").json() == {
        "division": {"code": "330212000000", "short_code": "330212", "level": "county", "name": "鄞州区",
                     "parent_code": "330200000000"},
        "how": "old_code"}


def test_industries_lookup(personas):
    client = token_client(personas["firm_x"])
    sections = client.get("/api/industries", {"level": "section"}).json()
    assert len(sections) == 20
    assert client.get("/api/industries/3670").json()["name_zh"] == "汽车零部件及配件制造"


def test_openapi_docs_are_served():
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/enterprises" in schema.json()["paths"]


def test_enterprise_user_cannot_move_itself_or_change_its_registration(personas, firm_x):
    client = token_client(personas["firm_x"])
    for change in ({"town_code": TOWN_B}, {"above_scale": False}, {"name": "别的名字"}):
        response = client.patch(f"/api/enterprises/{firm_x.uscc}", change, content_type="application/json")
        assert response.status_code == 403, change
    firm = Enterprise.objects.with_scopes_disabled().get(pk=firm_x.pk)
    assert (firm.division_id, firm.above_scale, firm.name) == (TOWN_A, True, "慈溪市甬达电器有限公司")


def test_api_docs_load_nothing_from_a_cdn():
    html = Client().get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_patch_with_null_clears_text_and_refuses_required_values(personas, firm_x):
    client = token_client(personas["county"])
    response = client.patch(f"/api/enterprises/{firm_x.uscc}", {"short_name": None}, content_type="application/json")
    assert response.status_code == 200 and response.json()["short_name"] == ""
    for change in ({"above_scale": None}, {"town_code": None}):
        response = client.patch(f"/api/enterprises/{firm_x.uscc}", change, content_type="application/json")
        assert response.status_code == 422


def test_absurd_paging_is_refused_not_a_server_error(personas):
    client = token_client(personas["county"])
    assert client.get("/api/enterprises", {"offset": 16390551163763171328}).status_code == 422
    assert client.get("/api/enterprises", {"limit": 16777215}).status_code == 422
