"""Every four-sync rule held three times, alike: the form puts an error by the
field, the API answers 422 and stores nothing, and the database itself refuses
the row (IntegrityError) when code writes it directly."""
import datetime
import json
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from lianfu.common.models import ActivityLog
from lianfu.restart import domain
from lianfu.restart.checklists import checklist
from lianfu.restart.enums import CheckKind, FilingStatus
from lianfu.restart.errors import PASS_NEEDS_EVERY_MEASURE
from lianfu.restart.forms import (
    ChecklistRowForm,
    CommitmentsForm,
    InspectionForm,
    RestartForm,
    ReturnForm,
    SurveyForm,
)
from lianfu.restart.models import (
    ChecklistItem,
    Filing,
    PreventionCheck,
    RestartConfirmation,
    SuppliesLedger,
    SuppliesTransfer,
    Survey,
)
from lianfu.restart.supplies.forms import LedgerForm, TransferForm
from tests.conftest import COUNTY
from tests.restart.pages import ALL_ITEMS, ALL_PASS
from tests.restart.test_api import SURVEY, Api

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

SURVEY_FORM = {"capacity_pct": "30", "headcount_total": "100", "headcount_on_duty": "40", "headcount_away": "60",
               "stock_days": "3.5", "blockers": ["material"], "planned_restart": "2020-03-02", "needs": ""}
SURVEY_ROW = dict(surveyed_on=datetime.date(2020, 2, 20), capacity_pct=30, headcount_total=100, headcount_on_duty=40,
                  headcount_away=60, stock_days=Decimal("3.5"))


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused_by_database(model, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**values)


def nothing_recorded(enterprise) -> bool:
    return not ActivityLog.objects.filter(data__enterprise=enterprise.uscc).exists()


def api_refuses(user, path: str, body: dict, field: str):
    response = Api(user).post(path, body)
    assert response.status_code == 422, response.content
    assert field in response.content.decode()


# The survey

SURVEY_RULES = [
    # (what breaks the rule, the field it is told by)
    ({"stock_days": "-0.5"}, "stock_days"),                                   # stock is never negative
    ({"headcount_on_duty": "40", "headcount_away": "61"}, "headcount_away"),  # on duty + away within headcount
    ({"headcount_on_duty": "101"}, "headcount_on_duty"),                      # on duty within headcount
    ({"needs": "缺" * 2001}, "needs"),                                         # needs at most 2,000 characters
    ({"capacity_pct": "101"}, "capacity_pct"),                                # capacity is a percentage
]


@pytest.mark.parametrize("change,field", SURVEY_RULES)
def test_survey_rule_in_the_form(change, field):
    form = SurveyForm({**SURVEY_FORM, **change})
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize("change,field", SURVEY_RULES)
def test_survey_rule_in_the_api(personas, firm_x, change, field):
    body = {**SURVEY, **{k: (v if k in ("stock_days", "needs") else int(v)) for k, v in change.items()}}
    api_refuses(personas["firm_x"], f"/enterprises/{firm_x.uscc}/surveys", body, field)
    assert not Survey.objects.exists() and nothing_recorded(firm_x)


@pytest.mark.parametrize("change", [
    {"stock_days": Decimal("-0.5")},
    {"headcount_on_duty": 40, "headcount_away": 61},
    {"headcount_on_duty": 101},
    {"needs": "缺" * 2001},
    {"capacity_pct": 101},
    {"headcount_away": -1},
])
def test_survey_rule_in_the_database(firm_x, change):
    refused_by_database(Survey, enterprise=firm_x, **{**SURVEY_ROW, **change})
    assert not Survey.objects.exists()


def test_the_survey_rules_leave_a_valid_survey_alone(personas, firm_x):
    """The bounds themselves are accepted: on duty + away = headcount, no stock, 2,000 characters."""
    edge = {**SURVEY, "headcount_on_duty": 40, "headcount_away": 60, "stock_days": "0", "needs": "缺" * 2000}
    assert Api(personas["firm_x"]).post(f"/enterprises/{firm_x.uscc}/surveys", edge).status_code == 201
    assert SurveyForm({**SURVEY_FORM, "stock_days": "0", "needs": "缺" * 2000}).is_valid()


# The inspection: a pass needs every measure in place; a fail says what to put right

def inspection_data(done, verdict, remarks=""):
    return {"done": done, "verdict": verdict, "remarks": remarks}


@pytest.mark.parametrize("done", [[], ALL_ITEMS[:-1]])
def test_a_pass_with_a_measure_missing_is_refused_by_the_form(firm_x, done):
    form = InspectionForm(inspection_data(done, "pass"), items=checklist(firm_x))
    assert not form.is_valid()
    assert form.errors["done"] == [str(PASS_NEEDS_EVERY_MEASURE)]
    assert InspectionForm(inspection_data(ALL_ITEMS, "pass"), items=checklist(firm_x)).is_valid()


@pytest.mark.parametrize("results", [{}, {**ALL_PASS, "isolation_room": False}])
def test_a_pass_with_a_measure_missing_is_refused_by_the_api(personas, firm_x, results):
    response = Api(personas["town_a"]).post(f"/enterprises/{firm_x.uscc}/inspections",
                                            {"results": results, "passed": True})
    assert (response.status_code, response.json()) == (422, {"detail": str(PASS_NEEDS_EVERY_MEASURE)})
    assert not PreventionCheck.objects.exists() and nothing_recorded(firm_x)


@pytest.mark.parametrize("results", [{}, {code: False for code in ALL_ITEMS}, {**ALL_PASS, "masks": False}])
def test_a_pass_with_a_measure_missing_is_refused_by_the_database(firm_x, results):
    refused_by_database(PreventionCheck, enterprise=firm_x, kind=CheckKind.INSPECTION, results=results,
                        passed=True)
    assert not PreventionCheck.objects.exists()


def test_a_pass_with_every_measure_is_stored_with_its_counts(firm_x):
    check = PreventionCheck.objects.create(enterprise=firm_x, kind=CheckKind.INSPECTION, results=ALL_PASS,
                                           passed=True)
    assert (check.measures, check.measures_done) == (8, 8)
    check.results = {**ALL_PASS, "masks": False}
    with pytest.raises(IntegrityError), transaction.atomic():
        check.save(update_fields=["results"])      # the counts follow the results on every save


def test_a_fail_without_remarks_is_refused_by_form_api_and_database(personas, firm_x):
    form = InspectionForm(inspection_data(ALL_ITEMS[:3], "fail", "  "), items=checklist(firm_x))
    assert not form.is_valid() and "remarks" in form.errors
    api_refuses(personas["town_a"], f"/enterprises/{firm_x.uscc}/inspections",
                {"results": ALL_PASS, "passed": False, "remarks": " "}, "remarks")
    refused_by_database(PreventionCheck, enterprise=firm_x, kind=CheckKind.INSPECTION, results=ALL_PASS,
                        passed=False, remarks="")
    assert not PreventionCheck.objects.exists()


@pytest.mark.parametrize("kind,passed", [(CheckKind.SELF, True), (CheckKind.SELF, False),
                                         (CheckKind.INSPECTION, None)])
def test_only_an_inspection_has_a_verdict_in_the_database(firm_x, kind, passed):
    refused_by_database(PreventionCheck, enterprise=firm_x, kind=kind, results=ALL_PASS, passed=passed,
                        remarks="x")


# The filing: submitted with a headcount at restart, commitments from the checklist, returned with a reason

def test_a_filing_without_its_headcount_at_restart_is_refused_by_form_api_and_database(personas, firm_y):
    form = CommitmentsForm({"commitments": ["masks"]}, items=checklist(firm_y))
    assert not form.is_valid() and form.errors["headcount_planned"] == ["Give the headcount at restart."]
    api_refuses(personas["firm_y"], f"/enterprises/{firm_y.uscc}/filing", {"commitments": ["masks"]},
                "headcount_planned")
    assert not Filing.objects.exists()
    for status in (FilingStatus.SUBMITTED, FilingStatus.APPROVED, FilingStatus.RETURNED):
        refused_by_database(Filing, enterprise=firm_y, status=status, return_reason="x", headcount_planned=None)
    Filing.objects.create(enterprise=firm_y, status=FilingStatus.AWAITING_MEMBER)   # a member not yet answering


def test_commitments_off_the_checklist_are_refused_by_form_api_and_domain(personas, firm_y):
    form = CommitmentsForm({"headcount_planned": "12", "commitments": ["moon"]}, items=checklist(firm_y))
    assert not form.is_valid() and "commitments" in form.errors
    response = Api(personas["firm_y"]).post(f"/enterprises/{firm_y.uscc}/filing",
                                            {"headcount_planned": 12, "commitments": ["masks", "moon"]})
    assert (response.status_code, response.json()) == (422, {"detail": "Not on the checklist: moon"})
    assert not Filing.objects.exists() and nothing_recorded(firm_y)


def test_a_return_without_a_reason_is_refused_by_form_api_and_database(personas, firm_y):
    filing = domain.file_alone(actor=personas["firm_y"], enterprise=firm_y, headcount_planned=12)
    form = ReturnForm({"version": "0", "reason": "  "})
    assert not form.is_valid() and "reason" in form.errors
    api_refuses(personas["county"], f"/filings/{filing.pk}/return", {"version": 0, "reason": "  "}, "reason")
    filing.refresh_from_db()
    assert (filing.status, filing.version) == (FilingStatus.SUBMITTED, 0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.RETURNED, return_reason="")


# The restart, supplies and the checklist

def test_a_restart_capacity_above_100_is_refused_by_form_api_and_database(personas, firm_x):
    form = RestartForm({"restarted_on": "2020-03-02", "capacity_pct": "101"})
    assert not form.is_valid() and "capacity_pct" in form.errors
    api_refuses(personas["firm_x"], f"/enterprises/{firm_x.uscc}/restart", {"capacity_pct": 101}, "capacity_pct")
    refused_by_database(RestartConfirmation, enterprise=firm_x, restarted_on=datetime.date(2020, 3, 2),
                        capacity_pct=101)
    assert not RestartConfirmation.objects.exists()


def test_a_transfer_of_nothing_is_refused_by_form_and_database(firm_x, firm_y):
    form = TransferForm({"supplier": str(firm_y.pk), "masks": "0", "thermometers": "0", "disinfectant_litres": "0"},
                        members=[(firm_y.pk, firm_y.name, 1)])
    assert not form.is_valid()
    assert form.errors["masks"] == ["Say how many masks, thermometers or litres of disinfectant to send."]
    refused_by_database(SuppliesTransfer, from_enterprise=firm_x, to_enterprise=firm_y)
    refused_by_database(SuppliesTransfer, from_enterprise=firm_x, to_enterprise=firm_y, masks=5,
                        disinfectant_litres=Decimal("-1"))
    assert not SuppliesTransfer.objects.exists()


def test_negative_disinfectant_stock_is_refused_by_form_and_database(firm_x):
    form = LedgerForm({"masks": "0", "thermometers": "0", "disinfectant_litres": "-0.5", "version": "0"})
    assert not form.is_valid() and "disinfectant_litres" in form.errors
    refused_by_database(SuppliesLedger, enterprise=firm_x, disinfectant_litres=Decimal("-0.5"))


def test_a_checklist_item_without_code_or_text_is_refused_by_form_and_database():
    form = ChecklistRowForm({"code": "", "text_zh": "戴口罩", "text_en": "", "order": "3", "active": "on"})
    assert not form.is_valid() and "code" in form.errors
    refused_by_database(ChecklistItem, county_id=COUNTY, code="", text_zh="戴口罩", text_en="")
    refused_by_database(ChecklistItem, county_id=COUNTY, code="masks_2", text_zh="", text_en="Masks")


def test_the_api_states_its_survey_rules_in_its_document():
    """The OpenAPI document carries the bounds, so a client can check before it sends."""
    from lianfu.api import api
    survey = api.get_openapi_schema()["components"]["schemas"]["SurveyIn"]["properties"]
    assert (survey["headcount_total"]["maximum"], survey["capacity_pct"]["maximum"]) == (2_147_483_647, 100)
    assert survey["needs"]["maxLength"] == 2000
    assert json.dumps(survey["stock_days"]).count('"minimum": 0') >= 1
