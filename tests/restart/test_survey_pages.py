"""The survey form: saved with exact values, errors by the field with nothing lost, history, isolation."""
import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from lianfu.common.models import ActivityLog
from lianfu.registry.stages import Stage
from lianfu.restart.models import Survey
from lianfu.restart.stages import stage_of
from tests.restart.pages import element, zh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

FORM = {"capacity_pct": "35", "headcount_total": "120", "headcount_on_duty": "48", "headcount_away": "60",
        "stock_days": "4.5", "blockers": ["material", "labour"], "planned_restart": "2020-03-02",
        "needs": "缺湖北籍员工返岗包车"}


def url(enterprise) -> str:
    return f"/restart/survey/{enterprise.uscc}/"


def test_the_firm_records_its_survey(personas, firm_x, login):
    client = login(personas["firm_x"])
    assert element(client.get(url(firm_x)), "survey-form") is not None
    response = client.post(url(firm_x), FORM)
    assert (response.status_code, response["Location"]) == (302, url(firm_x))
    survey = Survey.objects.get()
    assert (survey.capacity_pct, survey.headcount_total, survey.headcount_on_duty, survey.headcount_away,
            survey.stock_days, survey.blockers, survey.planned_restart, survey.needs, survey.on_behalf,
            survey.submitted_by) == (35, 120, 48, 60, Decimal("4.5"), ["material", "labour"],
                                     datetime.date(2020, 3, 2), "缺湖北籍员工返岗包车", False, personas["firm_x"])
    assert stage_of(firm_x.pk) == Stage.SURVEYED
    assert ActivityLog.objects.filter(action="survey.recorded").count() == 1


def test_a_liaison_officer_records_it_on_the_firms_behalf(personas, firm_x, login):
    login(personas["liaison_a"]).post(url(firm_x), FORM)
    assert Survey.objects.get().on_behalf is True


def test_errors_sit_by_their_fields_and_nothing_typed_is_lost(personas, firm_x, login):
    response = login(personas["firm_x"]).post(url(firm_x), {**FORM, "headcount_on_duty": "150",
                                                            "capacity_pct": "120"})
    assert response.status_code == 200
    on_duty = element(response, "field-headcount_on_duty")
    assert zh("On duty cannot be more than the headcount (%(total)d).", total=120) in on_duty.text
    assert on_duty.value("headcount_on_duty") == "150"
    assert element(response, "field-capacity_pct").value("capacity_pct") == "120"
    assert element(response, "field-capacity_pct").text != ""
    form = element(response, "survey-form")
    assert form.checked("blockers") == ["material", "labour"]
    assert "缺湖北籍员工返岗包车" in element(response, "field-needs").text
    assert form.value("planned_restart") == "2020-03-02"
    assert Survey.objects.count() == 0


def test_on_duty_and_away_cannot_exceed_the_headcount(personas, firm_x, login):
    response = login(personas["firm_x"]).post(url(firm_x), {**FORM, "headcount_away": "80"})
    assert zh("On duty plus still away cannot be more than the headcount (%(total)d).", total=120) in element(
        response, "field-headcount_away").text
    assert Survey.objects.count() == 0


def test_needs_are_at_most_2000_characters(personas, firm_x, login):
    response = login(personas["firm_x"]).post(url(firm_x), {**FORM, "needs": "缺" * 2001})
    assert response.status_code == 200 and element(response, "field-needs").text.count("缺") == 2001
    assert Survey.objects.count() == 0


def test_the_next_survey_starts_from_the_last_and_history_lists_both(personas, firm_x, login):
    client = login(personas["firm_x"])
    client.post(url(firm_x), FORM)
    page = client.get(url(firm_x))
    form = element(page, "survey-form")
    assert (form.value("capacity_pct"), form.checked("blockers")) == ("35", ["material", "labour"])
    client.post(url(firm_x), {**FORM, "capacity_pct": "60", "blockers": []})
    page = client.get(url(firm_x))
    assert "60" in element(page, "latest-survey").text
    assert element(page, "survey-history").text.count(datetime.date.today().isoformat()) == 2


def test_the_history_exports_to_excel(personas, firm_x, login):
    client = login(personas["firm_x"])
    client.post(url(firm_x), FORM)
    response = client.get(url(firm_x) + "?export=xlsx")
    table = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()
    assert table[1][1:7] == [35, 120, 48, 60, 4.5, f"{zh('Material')}、{zh('Labour')}"]


@pytest.mark.parametrize("who, status", [("town_b", 404), ("firm_y", 404), ("county", 200), ("town_a", 200)])
def test_survey_page_reach(personas, firm_x, login, who, status):
    assert login(personas[who]).get(url(firm_x)).status_code == status
    assert login(personas[who]).post(url(firm_x), FORM).status_code == (302 if status == 200 else status)
    assert Survey.objects.count() == (1 if status == 200 else 0)
