"""Tickets through the domain: routing, the dispatcher, the owner's work,
feedback, with a frozen clock and exact instants."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from lianfu.common.errors import Conflict, NotAllowed
from lianfu.common.models import ActivityLog, Notification
from lianfu.helpdesk import domain
from lianfu.helpdesk.enums import Category, Channel, Difficulty, EventKind, Extension, Status, Submitter
from lianfu.helpdesk.models import CategoryRoute, ClassificationCorrection, Ticket
from tests.conftest import COUNTY, TOWN_A
from tests.helpdesk.tickets_fixtures import (  # noqa: F401 (fixtures)
    COPPER,
    TOWN_TRIAGE,
    UNSURE,
    at,
    clock,
    departments,
    staff,
)


def kinds(ticket) -> list[str]:
    with scopes_disabled():
        return list(ticket.events.order_by("at", "id").values_list("kind", flat=True))


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def fresh(ticket) -> Ticket:
    with scopes_disabled():
        return Ticket.objects.select_related("enterprise", "town", "department").get(pk=ticket.pk)


@pytest.fixture
def copper(personas, staff, firm_x, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)


def test_a_confident_text_goes_to_its_department_and_the_town_with_a_deadline(copper, departments):
    ticket = fresh(copper)
    assert (ticket.status, ticket.category, ticket.department, ticket.town_id) == (
        Status.ROUTED, Category.SUPPLY, departments["economy"], TOWN_A)
    assert (ticket.channel, ticket.submitter, ticket.difficulty) == (Channel.WEB, Submitter.ENTERPRISE,
                                                                     Difficulty.ORDINARY)
    assert ticket.routed_at == at(2, 10)
    assert ticket.due_at == at(2, 17, 30)
    # 7.5 working hours allowed; three times that from Monday 10:00 ends Wednesday 14:30.
    assert ticket.escalate_at == at(4, 14, 30)
    assert kinds(ticket) == [EventKind.SUBMITTED, EventKind.CLASSIFIED, EventKind.ROUTED]
    assert told("ticket.routed") == {"p_dept_economy", "p_town_a"}
    assert ActivityLog.objects.filter(subject_type="helpdesk.ticket", subject_id=str(ticket.pk)).count() == 3


def test_an_unsure_text_waits_for_the_dispatcher(personas, staff, firm_x, clock,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE)
    ticket = fresh(ticket)
    assert ticket.confidence < 0.70
    assert (ticket.status, ticket.department, ticket.due_at, ticket.routed_at) == (Status.NEW, None, None, None)
    assert kinds(ticket) == [EventKind.SUBMITTED, EventKind.CLASSIFIED, EventKind.QUEUED]
    assert told("ticket.to_dispatch") == {"p_county"}


def test_the_dispatcher_routes_and_its_label_is_kept_for_training(personas, staff, firm_x, clock, departments):
    ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE)
    clock.move_to(at(2, 11))
    domain.dispatch_ticket(actor=personas["county"], ticket=fresh(ticket), category=Category.LABOR,
                           difficulty=Difficulty.HARD)
    ticket = fresh(ticket)
    assert (ticket.status, ticket.category, ticket.department, ticket.difficulty) == (
        Status.ROUTED, Category.LABOR, departments["labour"], Difficulty.HARD)
    assert (ticket.routed_at, ticket.due_at) == (at(2, 11), at(4, 17, 30))
    assert list(ClassificationCorrection.objects.values_list("text", "category")) == [(UNSURE, Category.LABOR)]


def test_only_the_county_dispatches_and_only_waiting_tickets(personas, staff, firm_x, clock, copper):
    waiting = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE)
    for who in ("town_a", "firm_x"):
        with pytest.raises(PermissionDenied):
            domain.dispatch_ticket(actor=personas[who], ticket=fresh(waiting), category=Category.SUPPLY)
    with pytest.raises(PermissionDenied):
        domain.dispatch_ticket(actor=staff["economy"], ticket=fresh(waiting), category=Category.SUPPLY)
    with pytest.raises(NotAllowed):
        domain.dispatch_ticket(actor=personas["county"], ticket=fresh(copper), category=Category.SUPPLY)
    with pytest.raises(ValidationError):
        domain.dispatch_ticket(actor=personas["county"], ticket=fresh(waiting), category="weather")
    assert fresh(waiting).status == Status.NEW


def test_the_county_mapping_overrides_the_default_department(personas, staff, firm_x, clock, departments):
    CategoryRoute.objects.create(county_id=COUNTY, category=Category.SUPPLY, department=departments["transport"])
    ticket = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=COPPER)
    assert fresh(ticket).department == departments["transport"]


def test_a_category_without_department_is_the_towns_own_triage(personas, staff, firm_x, clock):
    ticket = fresh(domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=TOWN_TRIAGE))
    assert (ticket.status, ticket.category, ticket.department) == (Status.ROUTED, Category.OTHER, None)
    assert personas["town_a"].has_perm("helpdesk.work_ticket", ticket)
    assert not personas["town_b"].has_perm("helpdesk.work_ticket", ticket)
    assert not staff["economy"].has_perm("helpdesk.work_ticket", ticket)
    domain.accept_ticket(actor=personas["town_a"], ticket=ticket)
    assert fresh(ticket).status == Status.ACCEPTED


def test_only_the_owning_department_works_the_ticket(personas, staff, copper):
    for actor in (staff["labour"], personas["town_a"], personas["town_b"], personas["firm_x"]):
        with pytest.raises(PermissionDenied):
            domain.accept_ticket(actor=actor, ticket=fresh(copper))
    domain.accept_ticket(actor=staff["economy"], ticket=fresh(copper))
    assert fresh(copper).status == Status.ACCEPTED
    with pytest.raises(NotAllowed):
        domain.accept_ticket(actor=staff["economy"], ticket=fresh(copper))


def test_a_stale_page_loses_with_a_conflict(staff, copper):
    seen = fresh(copper).version
    domain.accept_ticket(actor=staff["economy"], ticket=fresh(copper), seen_version=seen)
    with pytest.raises(Conflict):
        domain.resolve_ticket(actor=staff["economy"], ticket=fresh(copper), resolution="已协调", seen_version=seen)
    assert fresh(copper).status == Status.ACCEPTED


def test_not_ours_goes_back_to_dispatch_with_the_reason(personas, staff, copper, departments, clock,
                                                       django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        domain.return_ticket(actor=staff["economy"], ticket=fresh(copper), reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        domain.return_ticket(actor=staff["economy"], ticket=fresh(copper), reason="属于用工问题，应由人社局处理")
    ticket = fresh(copper)
    assert (ticket.status, ticket.department, ticket.due_at, ticket.escalate_at) == (Status.RETURNED, None, None,
                                                                                      None)
    with scopes_disabled():
        event = ticket.events.get(kind=EventKind.RETURNED)
    assert (event.note, event.data["previous"], event.actor) == ("属于用工问题，应由人社局处理", "经信局",
                                                                 staff["economy"])
    assert told("ticket.returned") == {"p_county"}
    clock.move_to(at(2, 18))
    domain.dispatch_ticket(actor=personas["county"], ticket=ticket, category=Category.LABOR)
    ticket = fresh(copper)
    # Routed after 17:30: the clock starts on the next working day.
    assert (ticket.department, ticket.due_at) == (departments["labour"], at(3, 17, 30))


def test_one_extension_asked_before_the_deadline_and_granted_by_the_county(personas, staff, copper, clock):
    with pytest.raises(PermissionDenied):
        domain.request_extension(actor=personas["town_a"], ticket=fresh(copper), reason="需要协调外地")
    domain.request_extension(actor=staff["economy"], ticket=fresh(copper), reason="需要协调外地供应商")
    assert fresh(copper).extension == Extension.REQUESTED
    with pytest.raises(NotAllowed):
        domain.request_extension(actor=staff["economy"], ticket=fresh(copper), reason="再延一次")
    for actor in (staff["economy"], personas["town_a"]):
        with pytest.raises(PermissionDenied):
            domain.decide_extension(actor=actor, ticket=fresh(copper), grant=True)
    domain.decide_extension(actor=personas["county"], ticket=fresh(copper), grant=True)
    ticket = fresh(copper)
    # Ordinary: one more working day. Escalation: three times the new allowance (7.5 h + 9 h = 16.5 h, so
    # 49.5 working hours) after Monday 10:00 — through Friday leaves 6 h, Monday 9 March 14:30.
    assert (ticket.extension, ticket.due_at, ticket.escalate_at) == (Extension.GRANTED, at(3, 17, 30),
                                                                     at(9, 14, 30))
    with pytest.raises(NotAllowed):
        domain.request_extension(actor=staff["economy"], ticket=ticket, reason="还要")


def test_a_refused_extension_keeps_the_deadline(personas, staff, copper):
    domain.request_extension(actor=staff["economy"], ticket=fresh(copper), reason="需要协调外地供应商")
    domain.decide_extension(actor=personas["county"], ticket=fresh(copper), grant=False, note="当天可办结")
    ticket = fresh(copper)
    assert (ticket.extension, ticket.due_at) == (Extension.REFUSED, at(2, 17, 30))
    assert kinds(ticket)[-1] == EventKind.EXTENSION_REFUSED


def test_no_extension_after_the_deadline(staff, copper, clock):
    clock.move_to(at(2, 17, 30))
    with pytest.raises(NotAllowed):
        domain.request_extension(actor=staff["economy"], ticket=fresh(copper), reason="来不及")


def test_resolution_on_time_or_late_and_the_reopen_window(staff, copper, clock, personas,
                                                         django_capture_on_commit_callbacks):
    clock.move_to(at(2, 17, 29, 59))
    with django_capture_on_commit_callbacks(execute=True):
        domain.resolve_ticket(actor=staff["economy"], ticket=fresh(copper), resolution="已协调宁波铜材厂供货")
    ticket = fresh(copper)
    assert (ticket.status, ticket.resolved_on_time, ticket.resolution) == (Status.RESOLVED, True,
                                                                          "已协调宁波铜材厂供货")
    # Three working days after Monday: Thursday 17:30.
    assert ticket.reopen_until == at(5, 17, 30)
    assert told("ticket.resolved") == {"p_firm_x"}


def test_a_late_resolution_is_not_on_time(staff, copper, clock):
    clock.move_to(at(2, 17, 30))
    domain.resolve_ticket(actor=staff["economy"], ticket=fresh(copper), resolution="已处理")
    assert fresh(copper).resolved_on_time is False


@pytest.fixture
def resolved(staff, copper, clock):
    domain.resolve_ticket(actor=staff["economy"], ticket=fresh(copper), resolution="已协调宁波铜材厂供货")
    return fresh(copper)


def test_a_satisfied_rating_closes_the_ticket(personas, resolved, clock):
    clock.move_to(at(3, 9))
    domain.rate_ticket(actor=personas["firm_x"], ticket=resolved, rating=5, comment="很及时")
    ticket = fresh(resolved)
    assert (ticket.status, ticket.rating, ticket.closed_at) == (Status.CLOSED, 5, at(3, 9))
    assert kinds(ticket)[-3:] == [EventKind.RESOLVED, EventKind.RATED, EventKind.CLOSED]


def test_a_dissatisfied_rating_reopens_it_on_a_new_clock(personas, resolved, clock, departments):
    clock.move_to(at(3, 9))
    domain.rate_ticket(actor=personas["firm_x"], ticket=resolved, rating=2, comment="供应商还是没复工")
    ticket = fresh(resolved)
    assert (ticket.status, ticket.rating, ticket.department) == (Status.REOPENED, 2, departments["economy"])
    assert (ticket.routed_at, ticket.due_at, ticket.resolved_at) == (at(3, 9), at(3, 17, 30), None)
    assert kinds(ticket)[-2:] == [EventKind.RATED, EventKind.REOPENED]


def test_a_dissatisfied_rating_after_the_window_closes_it(personas, resolved, clock):
    clock.move_to(at(5, 17, 30))
    domain.rate_ticket(actor=personas["firm_x"], ticket=resolved, rating=1)
    assert (fresh(resolved).status, fresh(resolved).rating) == (Status.CLOSED, 1)


def test_reopening_within_three_working_days_only(personas, resolved, clock):
    clock.move_to(at(5, 17, 29))
    domain.reopen_ticket(actor=personas["firm_x"], ticket=resolved, reason="仍未到货")
    assert fresh(resolved).status == Status.REOPENED


def test_no_reopening_after_the_window(personas, resolved, clock):
    clock.move_to(at(5, 17, 30))
    with pytest.raises(NotAllowed):
        domain.reopen_ticket(actor=personas["firm_x"], ticket=resolved, reason="仍未到货")
    assert fresh(resolved).status == Status.RESOLVED


@pytest.mark.parametrize("rating", [0, 6, "5"])
def test_a_rating_is_one_to_five(personas, resolved, rating):
    with pytest.raises(ValidationError):
        domain.rate_ticket(actor=personas["firm_x"], ticket=resolved, rating=rating)
    assert fresh(resolved).status == Status.RESOLVED


def test_only_the_enterprise_rates_its_ticket(personas, resolved, staff):
    for actor in (personas["firm_y"], personas["town_a"], staff["economy"], personas["county"]):
        with pytest.raises(PermissionDenied):
            domain.rate_ticket(actor=actor, ticket=resolved, rating=5)


def test_who_may_submit_for_whom(personas, staff, firm_x, firm_y, clock):
    with pytest.raises(PermissionDenied):
        domain.submit_ticket(actor=personas["firm_y"], enterprise=firm_x, text=COPPER)
    with pytest.raises(PermissionDenied):
        domain.submit_ticket(actor=personas["liaison_a"], enterprise=firm_y, text=COPPER)
    with pytest.raises(PermissionDenied):
        domain.submit_ticket(actor=staff["economy"], enterprise=firm_x, text=COPPER)
    by_liaison = domain.submit_ticket(actor=personas["liaison_a"], enterprise=firm_x, text=COPPER,
                                      channel=Channel.MOBILE)
    by_api = domain.submit_ticket(actor=personas["county"], enterprise=firm_y, text=COPPER, channel=Channel.OPEN311)
    assert (by_liaison.submitter, by_liaison.channel) == (Submitter.LIAISON, Channel.MOBILE)
    assert (by_api.submitter, by_api.town_id) == (Submitter.API_CLIENT, firm_y.division_id)
    assert personas["liaison_a"].has_perm("helpdesk.give_feedback", by_liaison)
    assert not personas["liaison_a"].has_perm("helpdesk.give_feedback", by_api)


def test_a_client_chosen_service_is_routed_whatever_the_confidence(personas, staff, firm_x, clock, departments):
    ticket = fresh(domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE,
                                        category=Category.SUPPLY, channel=Channel.OPEN311))
    assert (ticket.status, ticket.category, ticket.department) == (Status.ROUTED, Category.SUPPLY,
                                                                   departments["economy"])
    with scopes_disabled():
        assert ticket.events.get(kind=EventKind.CLASSIFIED).data["chosen"] == Category.SUPPLY


def test_merging_a_duplicate_and_supplementing(personas, staff, firm_x, copper, clock):
    later = domain.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=UNSURE)
    with pytest.raises(NotAllowed):
        domain.merge_ticket(actor=personas["county"], ticket=fresh(later), into=fresh(later))
    domain.merge_ticket(actor=personas["county"], ticket=fresh(later), into=fresh(copper))
    assert (fresh(later).status, fresh(later).merged_into_id) == (Status.MERGED, copper.pk)
    domain.supplement_ticket(actor=personas["firm_x"], ticket=fresh(copper), text="铜材另一家也停了")
    with scopes_disabled():
        notes = list(fresh(copper).events.filter(kind=EventKind.SUPPLEMENTED).values_list("note", flat=True))
    assert notes == [UNSURE, "铜材另一家也停了"]


@pytest.mark.parametrize("status", [Status.ROUTED, Status.ACCEPTED, Status.REOPENED])
def test_the_database_refuses_a_ticket_being_worked_on_without_a_deadline(copper, status):
    """Pages, the sweep and the extension rule count to the deadline routing set;
    a row written around the domain (an admin, a script) cannot drop it."""
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=copper.pk).update(status=status, due_at=None)
    with scopes_disabled():
        Ticket.objects.filter(pk=copper.pk).update(status=Status.NEW, due_at=None)  # waiting: no deadline yet
        assert fresh(copper).due_at is None
