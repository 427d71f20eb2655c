"""The four-sync API with personas: every endpoint's effect, every refusal code
(403 right, 404 scope, 409 stale version, 422 state), and isolation."""
import json

import pytest
from django.conf import settings
from django.test import Client
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog, Notification
from lianfu.common.roles import Role
from lianfu.registry.stages import Stage
from lianfu.restart.enums import FilingStatus
from lianfu.restart.models import Filing
from lianfu.restart.stages import stage_of
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

ALL_PASS = {"gate_temperature": True, "health_code": True, "masks": True, "disinfection": True,
            "meal_delivery": True, "isolation_room": True, "emergency_plan": True, "guide_on_file": True}
SURVEY = {"surveyed_on": "2020-02-20", "capacity_pct": 30, "headcount_total": 100, "headcount_on_duty": 40,
          "headcount_away": 60, "stock_days": "3.5", "blockers": ["material", "labour"],
          "planned_restart": "2020-03-02", "needs": "口罩"}
FILED = {"headcount_planned": 12}   # what filing alone states at least


class Api:
    """A logged-in client speaking JSON, in English so messages read the same
    before and after translation."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def get(self, path: str):
        return self.client.get(f"/api/restart{path}")

    def post(self, path: str, body: dict | None = None):
        return self.client.post(f"/api/restart{path}", json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def api():
    return Api


@pytest.fixture
def dept(db):
    from lianfu.registry.models import Department
    department = Department.objects.create(county_id="330282000000", code="economy", name_zh="经信局",
                                           name_en="Economy")
    return UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None, department=department)


def filing_of(enterprise) -> Filing:
    with scopes_disabled():
        return Filing.objects.filter(enterprise=enterprise).latest("id")


def actions(enterprise) -> list[str]:
    return list(ActivityLog.objects.filter(data__enterprise=enterprise.uscc).order_by("id")
                .values_list("action", flat=True))


def test_anonymous_is_401(firm_x):
    assert Client().get(f"/api/restart/enterprises/{firm_x.uscc}/progress").status_code == 401


def test_survey_by_the_firm_and_on_its_behalf_then_listed_newest_first(personas, firm_x, api,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(personas["firm_x"]).post(f"/enterprises/{firm_x.uscc}/surveys", SURVEY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: v for k, v in body.items() if k != "id"} == {
        "surveyed_on": "2020-02-20", "capacity_pct": 30, "headcount_total": 100, "headcount_on_duty": 40,
        "headcount_away": 60, "stock_days": 3.5, "blockers": ["material", "labour"],
        "planned_restart": "2020-03-02", "needs": "口罩", "on_behalf": False}
    later = {**SURVEY, "surveyed_on": "2020-02-27", "capacity_pct": 60, "blockers": []}
    with django_capture_on_commit_callbacks(execute=True):
        assert api(personas["liaison_a"]).post(f"/enterprises/{firm_x.uscc}/surveys", later).json()["on_behalf"]
    listed = api(personas["town_a"]).get(f"/enterprises/{firm_x.uscc}/surveys").json()
    assert listed["count"] == 2
    assert [(s["surveyed_on"], s["capacity_pct"]) for s in listed["items"]] == [("2020-02-27", 60), ("2020-02-20", 30)]
    assert stage_of(firm_x.pk) == Stage.SURVEYED
    # The first survey's needs ("口罩") are filed as a ticket once it is stored; the second repeats them
    # and files none.
    assert actions(firm_x) == ["survey.recorded", "ticket.submitted", "ticket.classified", "ticket.routed",
                               "survey.recorded"]


@pytest.mark.parametrize("change,field", [
    ({"headcount_on_duty": 101}, "headcount_on_duty"), ({"capacity_pct": 101}, "capacity_pct"),
    ({"blockers": ["weather"]}, "blockers"), ({"headcount_total": -1}, "headcount_total"),
])
def test_impossible_survey_values_are_422_and_record_nothing(personas, firm_x, api, change, field):
    response = api(personas["firm_x"]).post(f"/enterprises/{firm_x.uscc}/surveys", {**SURVEY, **change})
    assert response.status_code == 422 and field in response.content.decode()
    assert actions(firm_x) == []


@pytest.mark.parametrize("persona,status", [("town_b", 404), ("firm_y", 404), ("dept", 403)])
def test_surveys_of_a_firm_out_of_reach(personas, dept, firm_x, api, persona, status):
    user = dept if persona == "dept" else personas[persona]
    assert api(user).post(f"/enterprises/{firm_x.uscc}/surveys", SURVEY).status_code == status
    assert api(user).get(f"/enterprises/{firm_x.uscc}/surveys").status_code == status
    assert api(user).get(f"/enterprises/{firm_x.uscc}/progress").status_code == status


def test_package_files_the_lead_and_the_chosen_members(personas, net, chain, members, api,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(personas["firm_x"]).post("/packages", {
            "lead": net["lead"].uscc, "members": [net["a"].uscc, net["b"].uscc.lower()], "headcount_planned": 300,
            "commitments": ["masks"]})
    assert response.status_code == 201, response.content
    assert [(f["enterprise_name"], f["status"]) for f in response.json()["filings"]] == [
        ("慈溪市甬达电器有限公司", "submitted"), ("甲铜业", "awaiting_member"), ("乙冲压", "awaiting_member")]
    assert (stage_of(net["lead"].pk), filing_of(net["lead"]).headcount_planned) == (Stage.FILED, 300)
    assert actions(net["lead"]) == ["filing.package_submitted"]
    mine = api(members["b"]).get("/notifications").json()
    assert mine["count"] == 1 and mine["items"][0]["kind"] == "filing.to_confirm"
    assert mine["items"][0]["text"] == ("慈溪市甬达电器有限公司 filed a chain package including you: "
                                        "confirm and complete your filing.")
    assert mine["items"][0]["url"] == f"/restart/filings/{filing_of(net['b']).pk}/"
    assert api(members["a"]).get("/notifications?unread=true").json()["count"] == 1
    assert api(members["s"]).get("/notifications").json()["count"] == 0   # not chosen, not told


@pytest.mark.parametrize("persona,codes,status", [
    ("firm_x", ["c"], 422),            # 丙轴承 is outside the county: the hand-off list, not the package
    ("firm_x", ["unknown"], 422),      # not a member of this chain at all
    ("county", None, 403),             # officers review filings, they do not file them
    ("firm_y", None, 404),             # another firm cannot even find the lead
])
def test_package_refusals(personas, net, chain, api, persona, codes, status):
    members = None if codes is None else [net[c].uscc if c in net else "91330282MA2XXXXXX0" for c in codes]
    response = api(personas[persona]).post("/packages", {"lead": net["lead"].uscc, "members": members,
                                                          "headcount_planned": 300})
    assert response.status_code == status, response.content
    assert actions(net["lead"]) == []


def test_filing_alone_once_and_only_off_every_list(personas, firm_y, net, chain, members, api):
    response = api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing", {"headcount_planned": 12})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["headcount_planned"], response.json()["version"]) == (
        "submitted", 12, 0)
    again = api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED)
    assert (again.status_code, again.json()) == (422, {"detail": "You have already filed."})
    supplier = api(members["b"]).post(f"/enterprises/{net['b'].uscc}/filing", FILED)
    assert supplier.status_code == 422 and "慈溪市甬达电器有限公司" in supplier.json()["detail"]
    assert api(personas["town_a"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED).status_code == 404
    assert api(personas["town_b"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED).status_code == 403


@pytest.mark.parametrize("persona,status", [("firm_y", 200), ("town_b", 200), ("county", 200), ("town_a", 404),
                                            ("firm_x", 404), ("dept", 403)])
def test_reading_a_filing(personas, dept, firm_y, api, persona, status):
    filing = api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED).json()
    response = api(dept if persona == "dept" else personas[persona]).get(f"/filings/{filing['id']}")
    assert response.status_code == status
    if status == 200:
        assert (response.json()["enterprise_uscc"], response.json()["status"]) == (firm_y.uscc, "submitted")


def test_member_confirms_then_review_return_resubmit_approve(personas, net, chain, members, api):
    api(personas["firm_x"]).post("/packages", {"lead": net["lead"].uscc, "members": [net["b"].uscc],
                                          "headcount_planned": 300})
    pk = filing_of(net["b"]).pk
    # not the lead's
    assert api(personas["firm_x"]).post(f"/filings/{pk}/confirm", {"version": 0, **FILED}).status_code == 404
    confirmed = api(members["b"]).post(f"/filings/{pk}/confirm", {"version": 0, "headcount_planned": 20})
    assert (confirmed.status_code, confirmed.json()["status"], confirmed.json()["version"]) == (200, "submitted", 1)
    # already submitted
    assert api(members["b"]).post(f"/filings/{pk}/confirm", {"version": 1, **FILED}).status_code == 422
    assert api(personas["town_a"]).post(f"/filings/{pk}/approve", {"version": 1}).status_code == 404  # 乙 is in town B
    assert api(members["b"]).post(f"/filings/{pk}/approve", {"version": 1}).status_code == 403
    blank = api(personas["county"]).post(f"/filings/{pk}/return", {"version": 1, "reason": " "})
    assert (blank.status_code, blank.json()["detail"][0]["loc"]) == (422, ["body", "body", "reason"])
    returned = api(personas["county"]).post(f"/filings/{pk}/return", {"version": 1, "reason": "缺少防疫物资清单"})
    assert (returned.json()["status"], returned.json()["return_reason"], returned.json()["version"]) == (
        "returned", "缺少防疫物资清单", 2)
    resubmitted = api(members["b"]).post(f"/filings/{pk}/resubmit", {"version": 2, "commitments": ["masks"], **FILED})
    assert (resubmitted.json()["status"], resubmitted.json()["commitments"]) == ("submitted", ["masks"])
    # An officer still holding version 1 (before the return) is told to reload, though the state looks the same.
    stale = api(personas["town_b"]).post(f"/filings/{pk}/approve", {"version": 1})
    assert stale.status_code == 409 and "reload" in stale.json()["detail"]
    approved = api(personas["town_b"]).post(f"/filings/{pk}/approve", {"version": 3})
    assert (approved.status_code, approved.json()["status"], approved.json()["version"]) == (200, "approved", 4)
    assert stage_of(net["b"].pk) == Stage.APPROVED
    assert actions(net["b"]) == ["filing.confirmed", "filing.returned", "filing.resubmitted", "filing.approved"]


def test_two_officers_approving_the_same_version_one_gets_409(personas, firm_y, api):
    pk = api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED).json()["id"]
    assert api(personas["county"]).post(f"/filings/{pk}/approve", {"version": 0}).status_code == 200
    assert api(personas["town_b"]).post(f"/filings/{pk}/return", {"version": 0, "reason": "x"}).status_code == 409
    assert filing_of(firm_y).status == FilingStatus.APPROVED


def test_self_check_and_inspection(personas, firm_x, api):
    check = api(personas["firm_x"]).post(f"/enterprises/{firm_x.uscc}/self-checks", {"results": {"masks": True}})
    assert check.status_code == 201
    assert (check.json()["kind"], check.json()["results"], check.json()["passed"]) == (
        "self", {**{code: False for code in ALL_PASS}, "masks": True}, None)
    unknown = api(personas["firm_x"]).post(f"/enterprises/{firm_x.uscc}/self-checks", {"results": {"moon": True}})
    assert (unknown.status_code, unknown.json()) == (422, {"detail": "Not on the checklist: moon"})
    assert api(personas["town_a"]).post(f"/enterprises/{firm_x.uscc}/self-checks",
                                        {"results": {}}).status_code == 403
    url = f"/enterprises/{firm_x.uscc}/inspections"
    assert api(personas["town_a"]).post(url, {"results": ALL_PASS, "passed": False}).status_code == 422
    failed = api(personas["town_a"]).post(url, {"results": ALL_PASS, "passed": False, "remarks": "无隔离室"})
    assert (failed.status_code, failed.json()["passed"], failed.json()["remarks"]) == (201, False, "无隔离室")
    assert api(personas["firm_x"]).post(url, {"results": ALL_PASS, "passed": True}).status_code == 403
    assert api(personas["town_b"]).post(url, {"results": ALL_PASS, "passed": True}).status_code == 404
    assert actions(firm_x) == ["prevention.self_checked", "prevention.inspected"]


def test_override_then_restart(personas, firm_x, api):
    restart = f"/enterprises/{firm_x.uscc}/restart"
    early = api(personas["firm_x"]).post(restart, {"capacity_pct": 80})
    assert early.status_code == 422 and "approved filing" in early.json()["detail"]
    override = f"/enterprises/{firm_x.uscc}/override"
    assert api(personas["town_a"]).post(override, {"reason": "保供企业"}).status_code == 403
    assert api(personas["county"]).post(override, {"reason": ""}).status_code == 422
    assert api(personas["firm_y"]).post(override, {"reason": "保供企业"}).status_code == 404
    granted = api(personas["county"]).post(override, {"reason": "保供企业，先行复工"})
    assert (granted.status_code, granted.json()["reason"]) == (201, "保供企业，先行复工")
    assert api(personas["town_a"]).post(restart, {"capacity_pct": 80}).status_code == 403
    done = api(personas["firm_x"]).post(restart, {"restarted_on": "2020-03-06", "capacity_pct": 80})
    assert (done.status_code, done.json()) == (201, {"restarted_on": "2020-03-06", "capacity_pct": 80,
                                                     "overridden": True})
    assert api(personas["firm_x"]).post(restart, {"capacity_pct": 90}).status_code == 422
    assert stage_of(firm_x.pk) == Stage.RESTARTED


def test_progress_shows_stage_latest_survey_filing_and_inspection(personas, firm_y, api):
    client = api(personas["firm_y"])
    assert client.get(f"/enterprises/{firm_y.uscc}/progress").json() == {
        "uscc": firm_y.uscc, "name": "慈溪市周盛汽配有限公司", "stage": "not_surveyed", "stage_label": "Not surveyed",
        "latest_survey": None, "latest_filing": None, "latest_inspection": None}
    client.post(f"/enterprises/{firm_y.uscc}/surveys", SURVEY)
    client.post(f"/enterprises/{firm_y.uscc}/surveys", {**SURVEY, "surveyed_on": "2020-02-25", "capacity_pct": 45})
    pk = client.post(f"/enterprises/{firm_y.uscc}/filing", FILED).json()["id"]
    api(personas["town_b"]).post(f"/filings/{pk}/approve", {"version": 0})
    api(personas["town_b"]).post(f"/enterprises/{firm_y.uscc}/inspections", {"results": ALL_PASS, "passed": True})
    body = api(personas["town_b"]).get(f"/enterprises/{firm_y.uscc}/progress").json()
    assert (body["stage"], body["stage_label"]) == ("prevention_passed", "Prevention passed")
    assert (body["latest_survey"]["surveyed_on"], body["latest_survey"]["capacity_pct"]) == ("2020-02-25", 45)
    assert (body["latest_filing"]["id"], body["latest_filing"]["status"]) == (pk, "approved")
    assert (body["latest_inspection"]["kind"], body["latest_inspection"]["passed"]) == ("inspection", True)


def test_notifications_are_the_callers_own(personas, firm_y, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pk = api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing", FILED).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        api(personas["town_b"]).post(f"/filings/{pk}/return", {"version": 0, "reason": "缺营业执照"})
    mine = api(personas["firm_y"]).get("/notifications").json()
    assert [(n["kind"], n["text"]) for n in mine["items"]] == [
        ("filing.returned", "Your filing was returned: 缺营业执照")]
    officers = {u: api(personas[u]).get("/notifications").json()["count"] for u in ("county", "town_b", "town_a")}
    assert officers == {"county": 1, "town_b": 1, "town_a": 0}   # filing.to_review, only over 周巷镇
    assert Notification.objects.count() == 3
