"""Needs written in a survey (需求清单) land in the helpdesk as tickets: new
or changed needs file one, repeated or empty needs none. The survey announces
them (common.signals.survey_needs_changed) once it has committed; the
helpdesk's receiver files the ticket in its own transaction, so a failure
there never costs the survey."""
import logging

import pytest

from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from lianfu.helpdesk import receivers
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD, default_classifier
from lianfu.helpdesk.enums import Category, Channel, EventKind, Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.restart import domain
from lianfu.restart.models import Survey
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.helpdesk.tickets_fixtures import COPPER, departments  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

BUS = "外地员工返岗难，希望协调包车接回"
VALUES = dict(capacity_pct=30, headcount_total=100, headcount_on_duty=40, headcount_away=60, stock_days=3,
              blockers=["material"])
FORM = {"capacity_pct": "35", "headcount_total": "120", "headcount_on_duty": "48", "headcount_away": "60",
        "stock_days": "4.5", "blockers": ["labour"], "planned_restart": "2020-03-02", "needs": BUS}


@pytest.fixture
def survey(django_capture_on_commit_callbacks):
    """Record a survey as a request would: committed, then its on-commit work run."""
    def record(actor, enterprise, needs: str) -> Survey:
        with django_capture_on_commit_callbacks(execute=True):
            return domain.record_survey(actor=actor, enterprise=enterprise, needs=needs, **VALUES)
    return record


@pytest.fixture
def failing_helpdesk(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("helpdesk down")
    monkeypatch.setattr(receivers, "submit_ticket", broken)


def test_survey_needs_file_one_ticket_routed_as_the_classifier_says(personas, firm_x, departments, survey):
    recorded = survey(personas["firm_x"], firm_x, COPPER)
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
    submitted = ticket.events.get(kind=EventKind.SUBMITTED).data
    assert (submitted["channel"], submitted["survey"]) == (Channel.SURVEY, recorded.pk)
    assert ActivityLog.objects.get(action="survey.recorded").data["new_needs"] is True
    assert ActivityLog.objects.get(action="ticket.submitted").data["survey"] == recorded.pk


def test_the_ticket_is_filed_only_after_the_survey_committed(personas, firm_x, departments,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        domain.record_survey(actor=personas["firm_x"], enterprise=firm_x, needs=COPPER, **VALUES)
    assert (Survey.objects.count(), Ticket.objects.count(), len(after_commit)) == (1, 0, 1)
    after_commit[0]()
    assert Ticket.objects.get().text == COPPER


def test_the_same_needs_again_file_nothing(personas, firm_x, departments, survey):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["liaison_a"], firm_x, f"  {COPPER}\n")  # the re-survey kept the answer as it was
    assert Survey.objects.count() == 2
    assert Ticket.objects.count() == 1
    assert ActivityLog.objects.filter(action="survey.recorded").latest("id").data["new_needs"] is False


def test_empty_needs_file_nothing(personas, firm_x, departments, survey):
    survey(personas["firm_x"], firm_x, "")
    survey(personas["firm_x"], firm_x, "   ")
    assert (Survey.objects.count(), Ticket.objects.count()) == (2, 0)


def test_changed_needs_file_a_new_ticket(personas, firm_x, departments, survey):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["firm_x"], firm_x, "")
    survey(personas["liaison_a"], firm_x, BUS)
    survey(personas["liaison_a"], firm_x, COPPER)  # back again after a different answer: a new problem report
    tickets = list(Ticket.objects.order_by("id").values_list("text", "submitter"))
    assert tickets == [(COPPER, Submitter.ENTERPRISE), (BUS, Submitter.LIAISON), (COPPER, Submitter.LIAISON)]


def test_needs_of_another_firm_do_not_count_as_previous(personas, firm_x, firm_y, departments, survey):
    survey(personas["firm_x"], firm_x, COPPER)
    survey(personas["firm_y"], firm_y, COPPER)
    assert sorted(Ticket.objects.values_list("enterprise__name", flat=True)) == sorted([firm_x.name, firm_y.name])


def test_a_firm_without_a_town_keeps_its_survey_and_files_no_ticket(personas, departments, survey):
    firm = EnterpriseFactory(division_id=None)
    user = UserFactory(username="p_no_town", role=Role.ENTERPRISE_USER, division_id=None, enterprise=firm)
    saved = survey(user, firm, COPPER)
    assert Survey.objects.get() == saved and saved.needs == COPPER
    assert Ticket.objects.count() == 0


def test_a_failing_helpdesk_loses_no_survey_and_logs_why(personas, firm_x, departments, survey, failing_helpdesk,
                                                        caplog):
    with caplog.at_level(logging.ERROR):
        saved = survey(personas["firm_x"], firm_x, COPPER)
    assert Survey.objects.get() == saved and saved.needs == COPPER
    assert Ticket.objects.count() == 0
    assert ActivityLog.objects.get(action="survey.recorded").data["new_needs"] is True
    trace, which = caplog.records   # the receiver's traceback (Django's), then the survey concerned (ours)
    assert (trace.name, trace.levelno, trace.exc_info[0]) == ("django.dispatch", logging.ERROR, RuntimeError)
    assert (which.name, which.levelno, which.getMessage()) == (
        "lianfu.restart.domain.surveys", logging.ERROR,
        f"survey {saved.pk} ({firm_x.uscc}) is stored, but file_survey_needs failed on its new needs: helpdesk down")


def test_the_survey_page_files_the_needs_too(personas, firm_x, login, departments, django_capture_on_commit_callbacks):
    client = login(personas["liaison_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/restart/survey/{firm_x.uscc}/", FORM)
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.enterprise, ticket.text, ticket.channel, ticket.submitter, ticket.submitted_by) == (
        firm_x, BUS, Channel.SURVEY, Submitter.LIAISON, personas["liaison_a"])
    assert ticket.category == default_classifier().predict(BUS).category
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/restart/survey/{firm_x.uscc}/", {**FORM, "capacity_pct": "50"})
    assert (Survey.objects.count(), Ticket.objects.count()) == (2, 1)


def test_the_survey_page_saves_the_survey_when_the_helpdesk_fails(personas, firm_x, login, departments,
                                                                 django_capture_on_commit_callbacks,
                                                                 failing_helpdesk):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas["liaison_a"]).post(f"/restart/survey/{firm_x.uscc}/", FORM)
    assert response.status_code == 302
    assert (Survey.objects.get().needs, Ticket.objects.count()) == (BUS, 0)
