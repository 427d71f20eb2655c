"""A liaison officer's reach (docs/liaison.md, "Reach"): they act — record a
visit, a survey (restart's survey page), a ticket (helpdesk's report page) —
for the firms assigned to them now; another liaison officer of the same town
reads the firm's page and progress but gets 403 acting on it (read-only, not
404: the town is their reading scope); an officer of a sibling town does not
find the firm (404); an ended assignment ends the acting; an administrator acts
for any firm."""
import pytest
from django_scopes import scopes_disabled

from lianfu.helpdesk.enums import Status, Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import Assignment, Visit
from lianfu.registry.stages import Stage
from lianfu.restart.models import Survey
from lianfu.restart.stages import stage_of
from tests.conftest import TOWN_A
from tests.helpdesk.tickets_fixtures import COPPER, clock, departments  # noqa: F401 (fixtures)
from tests.liaison.test_visits import TODAY, world  # noqa: F401 (world)

pytestmark = pytest.mark.django_db

SURVEY = {"capacity_pct": "55", "headcount_total": "320", "headcount_on_duty": "200", "headcount_away": "120",
          "stock_days": "", "planned_restart": "", "needs": ""}
VISIT = {"visited_on": TODAY.isoformat(), "purpose": "routine", "findings": "门卫测温正常"}


def act(client, uscc: str) -> dict[str, int]:
    """The status of each way of acting for the firm."""
    return {
        "visit form": client.get(f"/liaison/visits/new/firm/{uscc}/").status_code,
        "visit": client.post(f"/liaison/visits/new/firm/{uscc}/", VISIT).status_code,
        "survey form": client.get(f"/restart/survey/{uscc}/").status_code,
        "survey": client.post(f"/restart/survey/{uscc}/", SURVEY).status_code,
        "ticket form": client.get(f"/helpdesk/report/{uscc}/").status_code,
        "ticket": client.post(f"/helpdesk/report/{uscc}/", {"text": COPPER}).status_code,
    }


def read(client, uscc: str) -> dict[str, int]:
    return {"firm page": client.get(f"/enterprises/{uscc}/").status_code,
            "progress": client.get(f"/api/restart/enterprises/{uscc}/progress").status_code}


def made() -> tuple[int, int, int]:
    with scopes_disabled():
        return Visit.objects.count(), Survey.objects.count(), Ticket.objects.count()


ACTED = {"visit form": 200, "visit": 302, "survey form": 200, "survey": 302, "ticket form": 200, "ticket": 302}
REFUSED = dict.fromkeys(ACTED, 403)
NOT_FOUND = dict.fromkeys(ACTED, 404)


def test_the_officer_acts_for_the_firm_assigned_to_them(world, login, departments):  # noqa: F811
    client, firm = login(world["officer"]), world["firm"]
    assert act(client, firm.uscc) == ACTED and made() == (1, 1, 1)
    with scopes_disabled():
        visit = Visit.objects.get()
        survey = Survey.objects.get()
        ticket = Ticket.objects.select_related("department").get()
    assert (visit.officer, visit.enterprise, visit.town_id) == (world["officer"], firm, TOWN_A)
    assert (survey.submitted_by, survey.on_behalf, survey.capacity_pct, stage_of(firm.pk)) == (
        world["officer"], True, 55, Stage.SURVEYED)
    assert (ticket.department, ticket.town_id, ticket.status, ticket.submitter, ticket.submitted_by) == (
        departments["economy"], TOWN_A, Status.ROUTED, Submitter.LIAISON, world["officer"])
    page = client.get(f"/enterprises/{firm.uscc}/").content.decode()
    assert f'id="record-visit" href="/liaison/visits/new/firm/{firm.uscc}/"' in page
    assert f'id="record-survey" href="/restart/survey/{firm.uscc}/"' in page


def test_another_liaison_officer_of_the_town_reads_the_firm_but_cannot_act(world, login):
    client, firm = login(world["colleague"]), world["firm"]
    assert read(client, firm.uscc) == {"firm page": 200, "progress": 200}
    assert client.get(f"/api/restart/enterprises/{firm.uscc}/progress").json()["stage"] == Stage.NOT_SURVEYED
    page = client.get(f"/enterprises/{firm.uscc}/").content.decode()
    assert [m for m in ('id="record-visit"', 'id="record-survey"', 'id="report-for"') if m in page] == []
    assert act(client, firm.uscc) == REFUSED and made() == (0, 0, 0)
    assert client.get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 403


def test_an_officer_of_a_sibling_town_does_not_find_the_firm(world, login):
    client, firm = login(world["sibling"]), world["firm"]
    assert read(client, firm.uscc) == {"firm page": 404, "progress": 404}
    assert act(client, firm.uscc) == NOT_FOUND and made() == (0, 0, 0)
    assert client.get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 404


def test_when_the_assignment_ends_the_officer_can_no_longer_act(world, login):
    with scopes_disabled():
        Assignment.objects.filter(officer=world["officer"]).update(until=TODAY)
    client, firm = login(world["officer"]), world["firm"]
    assert act(client, firm.uscc) == REFUSED and made() == (0, 0, 0)
    assert client.get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 403
    assert read(client, firm.uscc) == {"firm page": 200, "progress": 200}     # still their town: read-only
    assert 'id="record-visit"' not in client.get(f"/enterprises/{firm.uscc}/").content.decode()


def test_an_administrator_acts_for_any_firm(world, login, departments):  # noqa: F811
    client, firm = login(world["admin"]), world["firm"]
    assert act(client, firm.uscc) == ACTED and made() == (1, 1, 1)
    with scopes_disabled():
        ticket = Ticket.objects.select_related("department").get()
        visit = Visit.objects.get()
    assert (ticket.department, ticket.town_id, ticket.submitter) == (departments["economy"], TOWN_A, Submitter.OFFICER)
    assert (visit.officer, visit.town_id, stage_of(firm.pk)) == (world["admin"], TOWN_A, Stage.SURVEYED)
    assert client.get(f"/liaison/visits/new/building/{world['tower'].pk}/").status_code == 200
