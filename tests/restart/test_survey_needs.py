"""Needs written in a survey (需求清单) land in the helpdesk as tickets: new
or changed needs file one, repeated or empty needs none."""
import pytest

from lianfu.common.models import ActivityLog
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, default_classifier
from lianfu.helpdesk.enums import Category, Channel, EventKind, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.restart import domain
from lianfu.restart.models import Survey
from tests.factories.registry import EnterpriseFactory
from tests.helpdesk.tickets_fixtures import COPPER, departments  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

BUS = "外地员工返岗难，希望协调包车接回"
VALUES = dict(capacity_pct=30, headcount_total=100, headcount_on_duty=40, headcount_away=60, stock_days=3,
              blockers=["material"])


def survey(actor, enterprise, needs: str) -> Survey:
    return domain.record_survey(actor=actor, enterprise=enterprise, needs=needs, **VALUES)


def test_survey_needs_file_one_ticket_routed_as_the_classifier_says(personas, firm_x, departments):
    survey(personas["firm_x"], firm_x, COPPER)
    ticket = Ticket.objects.get()
    prediction = default_classifier().predict(COPPER)
    assert (prediction.category, prediction.confidence >= CONFIDENCE_THRESHOLD) == (Category.SUPPLY, True)
    assert (ticket.enterprise, ticket.text, ticket.channel, ticket.submitter, ticket.submitted_by) == (
        firm_x, COPPER, Channel.SURVEY, Submitter.ENTERPRISE, personas["firm_x"])
    assert (ticket.status, ticket.category, ticket.department) == (Status.ROUTED, Category.SUPPLY,
                                                                   departments["economy"])
    assert ticket.confidence == pytest.approx(prediction.confidence)
    assert list(ticket.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED, EventKind.CLASSIFIED, EventKind.ROUTED]
    assert ticket.events.get(kind=EventKind.SUBMITTED).data["channel"] == Channel.SURVEY
    assert ActivityLog.objects.get(action="survey.recorded").data["ticket"] == ticket.pk


def test_the_same_needs_again_file_nothing(personas, firm_x, departments):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["liaison_a"], firm_x, f"  {COPPER}\n")  # the re-survey kept the answer as it was
    assert Survey.objects.count() == 2
    assert Ticket.objects.count() == 1
    assert ActivityLog.objects.filter(action="survey.recorded").latest("id").data["ticket"] is None


def test_empty_needs_file_nothing(personas, firm_x, departments):
    survey(personas["firm_x"], firm_x, "")
    survey(personas["firm_x"], firm_x, "   ")
    assert (Survey.objects.count(), Ticket.objects.count()) == (2, 0)


def test_changed_needs_file_a_new_ticket(personas, firm_x, departments):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["firm_x"], firm_x, "")
    survey(personas["liaison_a"], firm_x, BUS)
    survey(personas["liaison_a"], firm_x, COPPER)  # back again after a different answer: a new problem report
    tickets = list(Ticket.objects.order_by("id").values_list("text", "submitter"))
    assert tickets == [(COPPER, Submitter.ENTERPRISE), (BUS, Submitter.LIAISON), (COPPER, Submitter.LIAISON)]


def test_needs_of_another_firm_do_not_count_as_previous(personas, firm_x, firm_y, departments):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["firm_y"], firm_y, COPPER)
    assert sorted(Ticket.objects.values_list("enterprise__name", flat=True)) == sorted([firm_x.name, firm_y.name])


def test_a_firm_without_a_town_keeps_its_survey_and_files_no_ticket(personas, departments):
    from tests.factories.accounts import UserFactory
    from lianfu.common.roles import Role

    firm = EnterpriseFactory(division_id=None)
    user = UserFactory(username="p_no_town", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    saved = survey(user, firm, COPPER)
    assert Survey.objects.get() == saved and saved.needs == COPPER
    assert Ticket.objects.count() == 0
    assert ActivityLog.objects.get(action="survey.recorded").data["ticket"] is None


def test_the_survey_page_files_the_needs_too(personas, firm_x, login, departments):
    form = {"capacity_pct": "35", "headcount_total": "120", "headcount_on_duty": "48", "headcount_away": "60",
            "stock_days": "4.5", "blockers": ["labour"], "planned_restart": "2020-03-02", "needs": BUS}
    client = login(personas["liaison_a"])
    response = client.post(f"/restart/survey/{firm_x.uscc}/", form)
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.enterprise, ticket.text, ticket.channel, ticket.submitter, ticket.submitted_by) == (
        firm_x, BUS, Channel.SURVEY, Submitter.LIAISON, personas["liaison_a"])
    assert ticket.category == default_classifier().predict(BUS).category
    client.post(f"/restart/survey/{firm_x.uscc}/", {**form, "capacity_pct": "50"})
    assert (Survey.objects.count(), Ticket.objects.count()) == (2, 1)
