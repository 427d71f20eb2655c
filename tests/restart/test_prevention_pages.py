"""Self-check, inspection, inspections due, restart confirmation and the county's override."""
import io

import pytest
from python_calamine import CalamineWorkbook

from lianfu.registry.stages import Stage
from lianfu.restart import domain
from lianfu.restart.enums import CheckKind
from lianfu.restart.models import PreventionCheck, RestartConfirmation, RestartOverride
from lianfu.restart.stages import stage_of
from tests.restart.pages import ALL_ITEMS, ALL_PASS, element, zh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def approved_y(personas, firm_y):
    """周盛 (town B) filed alone and the county approved it; it ticked two items itself."""
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    domain.approve_filing(actor=personas["county"], filing=filing, version=0)
    domain.self_check(actor=personas["firm_y"], enterprise=firm_y, results={"masks": True, "health_code": True})
    return firm_y


def test_the_firm_ticks_its_checklist_and_sees_it_again(personas, firm_x, login):
    client = login(personas["firm_x"])
    page = client.get(f"/restart/checklist/{firm_x.uscc}/")
    assert [i["value"] for i in element(page, "self-check-form").inputs if i.get("name") == "done"] == ALL_ITEMS
    response = client.post(f"/restart/checklist/{firm_x.uscc}/", {"done": ["masks", "disinfection"]})
    assert response.status_code == 302
    check = PreventionCheck.objects.get()
    assert (check.kind, check.passed, check.results) == (
        CheckKind.SELF, None, {code: code in ("masks", "disinfection") for code in ALL_ITEMS})
    page = client.get(f"/restart/checklist/{firm_x.uscc}/")
    assert element(page, "self-check-form").checked("done") == ["masks", "disinfection"]
    assert stage_of(firm_x.pk) == Stage.NOT_SURVEYED


@pytest.mark.parametrize("who, status", [("county", 403), ("town_a", 403), ("town_b", 404), ("firm_y", 404)])
def test_the_checklist_is_the_firms_own(personas, firm_x, login, who, status):
    assert login(personas[who]).post(f"/restart/checklist/{firm_x.uscc}/", {"done": ["masks"]}).status_code == status
    assert PreventionCheck.objects.count() == 0


def test_inspection_starts_from_the_self_check_and_a_fail_needs_remarks(personas, approved_y, login):
    client = login(personas["town_b"])
    page = client.get(f"/restart/inspect/{approved_y.uscc}/")
    assert element(page, "inspection-form").checked("done") == ["health_code", "masks"]
    failed = client.post(f"/restart/inspect/{approved_y.uscc}/", {"done": ["masks"], "verdict": "fail",
                                                                  "remarks": ""})
    assert failed.status_code == 200
    assert zh("Write what must be put right when the inspection does not pass.") in element(
        failed, "field-remarks").text
    assert element(failed, "inspection-form").checked("done") == ["masks"]
    assert PreventionCheck.objects.filter(kind=CheckKind.INSPECTION).count() == 0
    client.post(f"/restart/inspect/{approved_y.uscc}/", {"done": ["masks"], "verdict": "fail", "remarks": "无隔离室"})
    assert stage_of(approved_y.pk) == Stage.APPROVED
    firm_page = login(personas["firm_y"]).get(f"/restart/checklist/{approved_y.uscc}/")
    assert "无隔离室" in element(firm_page, "last-inspection").text          # the firm reads what to fix
    response = client.post(f"/restart/inspect/{approved_y.uscc}/", {"done": ALL_ITEMS, "verdict": "pass"})
    assert (response.status_code, response["Location"]) == (302, "/restart/inspections/")
    latest = PreventionCheck.objects.filter(kind=CheckKind.INSPECTION).first()
    assert (latest.passed, latest.checked_by, all(latest.results.values())) == (True, personas["town_b"], True)
    assert stage_of(approved_y.pk) == Stage.PREVENTION_PASSED


@pytest.mark.parametrize("who, status", [("town_a", 404), ("firm_x", 404), ("firm_y", 403), ("county", 200)])
def test_inspection_reach(personas, approved_y, login, who, status):
    assert login(personas[who]).get(f"/restart/inspect/{approved_y.uscc}/").status_code == status


def test_inspections_due_lists_approved_firms_in_the_jurisdiction(personas, approved_y, firm_x, login):
    for who, expected in (("county", True), ("town_b", True), ("town_a", False)):
        listed = element(login(personas[who]).get("/restart/inspections/"), "inspections-due").text
        assert ("慈溪市周盛汽配有限公司" in listed) is expected
    response = login(personas["town_b"]).get("/restart/inspections/?export=xlsx")
    table = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()
    assert [r[:3] for r in table] == [[zh("Enterprise"), zh("Credit code"), zh("Town")],
                                      ["慈溪市周盛汽配有限公司", approved_y.uscc, "周巷镇"]]
    domain.inspect(actor=personas["town_b"], enterprise=approved_y, results=ALL_PASS, passed=True)
    assert "周盛" not in element(login(personas["county"]).get("/restart/inspections/"), "inspections-due").text
    for who in ("firm_y", "liaison_a"):
        assert login(personas[who]).get("/restart/inspections/").status_code == 403


def test_restart_needs_approval_and_inspection_and_says_why(personas, firm_x, login):
    client = login(personas["firm_x"])
    page = client.get(f"/restart/confirm/{firm_x.uscc}/")
    assert element(page, "restart-form") is None and element(page, "not-yet") is not None
    response = client.post(f"/restart/confirm/{firm_x.uscc}/", {"restarted_on": "2020-03-02", "capacity_pct": "60"})
    assert response.status_code == 422
    assert element(response, "refusal").text == zh(
        "A restart needs an approved filing and a passed prevention inspection (now: %(stage)s).",
        stage=zh("Not surveyed"))
    assert RestartConfirmation.objects.count() == 0


def test_restart_is_confirmed_once_prevention_passed(personas, approved_y, login):
    domain.inspect(actor=personas["town_b"], enterprise=approved_y, results=ALL_PASS, passed=True)
    client = login(personas["firm_y"])
    bad = client.post(f"/restart/confirm/{approved_y.uscc}/", {"restarted_on": "2020-03-02", "capacity_pct": "120"})
    assert bad.status_code == 200
    assert element(bad, "field-capacity_pct").value("capacity_pct") == "120"
    assert element(bad, "field-restarted_on").value("restarted_on") == "2020-03-02"
    response = client.post(f"/restart/confirm/{approved_y.uscc}/", {"restarted_on": "2020-03-02",
                                                                    "capacity_pct": "65"})
    assert (response.status_code, response["Location"]) == (302, "/")
    confirmation = RestartConfirmation.objects.get()
    assert (str(confirmation.restarted_on), confirmation.capacity_pct, confirmation.overridden) == (
        "2020-03-02", 65, False)
    assert stage_of(approved_y.pk) == Stage.RESTARTED
    again = client.post(f"/restart/confirm/{approved_y.uscc}/", {"restarted_on": "2020-03-03", "capacity_pct": "70"})
    assert again.status_code == 422 and RestartConfirmation.objects.count() == 1


@pytest.mark.parametrize("who, status", [("county", 403), ("firm_y", 404), ("town_b", 404)])
def test_only_the_firm_confirms_its_restart(personas, firm_x, login, who, status):
    assert login(personas[who]).post(f"/restart/confirm/{firm_x.uscc}/", {
        "restarted_on": "2020-03-02", "capacity_pct": "60"}).status_code == status


def test_a_county_officer_grants_an_override_with_a_reason(personas, firm_x, login):
    client = login(personas["county"])
    blank = client.post(f"/restart/override/{firm_x.uscc}/", {"reason": ""})
    assert blank.status_code == 200 and element(blank, "field-reason").text != ""
    client.post(f"/restart/override/{firm_x.uscc}/", {"reason": "保供企业，先行复工"})
    override = RestartOverride.objects.get()
    assert (override.reason, override.granted_by) == ("保供企业，先行复工", personas["county"])
    assert element(login(personas["firm_x"]).get(f"/restart/confirm/{firm_x.uscc}/"), "restart-form") is not None
    login(personas["firm_x"]).post(f"/restart/confirm/{firm_x.uscc}/", {"restarted_on": "2020-02-20",
                                                                        "capacity_pct": "40"})
    assert RestartConfirmation.objects.get().overridden is True


@pytest.mark.parametrize("who, status", [("town_a", 403), ("firm_x", 403), ("liaison_a", 403), ("firm_y", 404)])
def test_an_override_is_the_countys_alone(personas, firm_x, login, who, status):
    assert login(personas[who]).post(f"/restart/override/{firm_x.uscc}/", {"reason": "先行"}).status_code == status
    assert RestartOverride.objects.count() == 0
