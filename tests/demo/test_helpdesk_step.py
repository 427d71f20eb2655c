"""The demo's week of tickets (demo/helpdesk_step.py), read from the small
demo (seed 2020, loaded at DEMO_NOW) and from tiny ones for determinism.
Exact figures are those of seed 2020 at DEMO_NOW: a change in them means the
demo changed and should be looked at."""
import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from lianfu.helpdesk.domain.sweep import SweepResult
from lianfu.helpdesk.enums import DEFAULT_DEPARTMENT, Category, Channel, EventKind, Extension, Status, Submitter
from tests.demo.facts import DEMO_NOW
from tests.demo.helpdesk_facts import LoginView, replay

pytestmark = pytest.mark.django_db
WEEK = timedelta(days=7)


def kinds(facts, token: str) -> list[str]:
    return [event[0] for event in facts.events[token]]


def test_small_demo_has_120_tickets_in_every_status(small_demo):
    tickets = small_demo.helpdesk.tickets.values()
    assert Counter(t["status"] for t in tickets) == {
        Status.NEW: 2, Status.ROUTED: 7, Status.ACCEPTED: 20, Status.RESOLVED: 44, Status.CLOSED: 38,
        Status.REOPENED: 3, Status.RETURNED: 1, Status.MERGED: 5}
    assert {t["status"] for t in tickets} == set(Status.values)


def test_every_channel_author_extension_and_rating_is_there(small_demo):
    tickets = list(small_demo.helpdesk.tickets.values())
    assert Counter(t["channel"] for t in tickets) == {Channel.WEB: 45, Channel.MOBILE: 43, Channel.SURVEY: 13,
                                                      Channel.OPEN311: 10, Channel.API: 9}
    assert Counter(t["submitter"] for t in tickets) == {Submitter.ENTERPRISE: 82, Submitter.LIAISON: 24,
                                                        Submitter.API_CLIENT: 10, Submitter.OFFICER: 4}
    assert {t["submitted_by"] for t in tickets} >= {"firm", "firm2", "liaison", "town", None}
    assert {t["extension"] for t in tickets} == set(Extension.values)
    assert {t["rating"] for t in tickets} == {None, 1, 2, 3, 4, 5}
    working = [t for t in tickets if t["status"] in (Status.ROUTED, Status.ACCEPTED, Status.REOPENED)]
    assert sum(t["overdue_noted_at"] is not None for t in working) == 11
    assert sum(t["escalated_at"] is not None for t in working) == 6
    assert Counter(t["resolved_on_time"] for t in tickets) == {True: 55, False: 27, None: 38}


def test_every_timeline_replays_through_the_rules_to_its_ticket(small_demo):
    facts = small_demo.helpdesk
    for ticket in facts.tickets.values():
        expected = replay(ticket, facts)
        stored = {name: ticket[name] for name in expected}
        assert stored == expected, ticket["token"]


def test_the_sweep_has_nothing_left_to_do_when_the_demo_is_loaded(small_demo):
    """The overdue notes, escalations and closings are all in place already."""
    assert small_demo.helpdesk.sweep == SweepResult(overdue=0, escalated=0, closed=0)


def test_tickets_fill_the_week_before_the_demo_is_loaded(small_demo):
    facts = small_demo.helpdesk
    created = [t["created_at"] for t in facts.tickets.values()]
    assert DEMO_NOW - WEEK <= min(created) and max(created) <= DEMO_NOW
    assert max(event[1] for events in facts.events.values() for event in events) <= DEMO_NOW
    assert all(t["enterprise"][2:8] == "330282" and t["town"].startswith("330282") for t in facts.tickets.values())


def test_a_ticket_closed_by_its_rating_has_the_whole_timeline_in_order(small_demo):
    facts = small_demo.helpdesk
    straight = [EventKind.SUBMITTED, EventKind.CLASSIFIED, EventKind.ROUTED, EventKind.ACCEPTED,
                EventKind.RESOLVED, EventKind.RATED, EventKind.CLOSED]
    closed = [token for token, t in facts.tickets.items() if kinds(facts, token) == straight]
    assert len(closed) == 17
    for token in closed:
        times = [event[1] for event in facts.events[token]]
        assert times == sorted(times) and facts.tickets[token]["closed_at"] == times[-1]


def test_merged_tickets_join_an_open_ticket_of_the_same_firm(small_demo):
    facts = small_demo.helpdesk
    merged = [t for t in facts.tickets.values() if t["status"] == Status.MERGED]
    assert len(merged) == 5
    for ticket in merged:
        into = facts.tickets[ticket["merged_into"]]
        assert into["enterprise"] == ticket["enterprise"] and into["created_at"] < ticket["created_at"]
        assert (EventKind.SUPPLEMENTED, ticket["closed_at"], "county", ticket["text"], {"merged": ticket["token"]}) \
            in facts.events[into["token"]]


def test_the_demo_logins_each_find_their_work(small_demo):
    logins = small_demo.helpdesk.logins
    # The dispatcher: a queue, an extension to decide, escalations on the board.
    assert logins["county"] == LoginView(queue=3, open=19, overdue=11, escalated=6, to_rate=0, extension_asked=1,
                                         triage=0)
    # 经信局: new and accepted tickets counting down, some overdue.
    assert logins["dept"] == LoginView(queue=0, open=9, overdue=5, escalated=3, to_rate=0, extension_asked=1,
                                       triage=0)
    assert logins["firm"].to_rate == 1
    assert logins["town"].triage == 1 and logins["town"].queue == 2
    assert logins["town2"].queue == 1
    tickets = small_demo.helpdesk.tickets.values()
    dept_open = [t for t in tickets if t["department"] == "economy" and t["status"] in (Status.ROUTED,
                                                                                        Status.ACCEPTED)]
    assert {t["status"] for t in dept_open if t["due_at"] > DEMO_NOW} == {Status.ROUTED, Status.ACCEPTED}


def test_every_category_has_its_route_and_dispatches_are_kept_as_corrections(small_demo):
    facts = small_demo.helpdesk
    assert facts.routes == {str(c): DEFAULT_DEPARTMENT[c] for c in Category}
    dispatched = sorted((t["text"], event[4]["category"], event[1]) for token, t in facts.tickets.items()
                        for event in facts.events[token] if event[0] == EventKind.ROUTED and event[2] == "county")
    assert len(dispatched) == 9
    assert sorted((text, category, at) for text, category, _by, at in facts.corrections) == dispatched
    assert {by for *_rest, by, _at in facts.corrections} == {"county"}


def test_tickets_are_deterministic_for_a_seed_and_a_moment(demo_run):
    first, again = demo_run("tiny", 7), demo_run("tiny", 7, take=2)
    assert len(first.helpdesk.tickets) == 40
    assert {t["status"] for t in first.helpdesk.tickets.values()} == set(Status.values)
    for token, ticket in first.helpdesk.tickets.items():
        other = again.helpdesk.tickets.get(token)
        assert other is not None, token
        assert {k: (v, other[k]) for k, v in ticket.items() if other[k] != v} == {}, token
    assert again.helpdesk.records() == first.helpdesk.records()
    assert demo_run("tiny", 8).helpdesk.tickets != first.helpdesk.tickets
    later = demo_run("tiny", 7, now=DEMO_NOW + timedelta(days=30)).helpdesk
    assert min(t["created_at"] for t in later.tickets.values()) >= DEMO_NOW + timedelta(days=23)
    assert later.sweep == SweepResult(0, 0, 0)


def test_the_demo_command_prints_the_tickets_line():
    out = StringIO()
    call_command("demo", "--size", "tiny", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("helpdesk:"))
    assert re.fullmatch(r"helpdesk: 40 tickets over the week before \d{4}-\d\d-\d\d \d\d:\d\d \(new \d+, "
                        r"routed \d+, accepted \d+, resolved \d+, closed \d+, reopened \d+, returned \d+, merged \d+\)",
                        line), line
