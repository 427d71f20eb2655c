"""A plain snapshot of the demo's tickets (demo/helpdesk_step.py), keyed by
token (never by pk), what each demo login's lists hold, and ``replay``: a
ticket's timeline run through the helpdesk's rules (the deadline clock, the
domain's preconditions) to the fields it must have left, to hold against the
fields the demo wrote in bulk."""
from dataclasses import dataclass
from datetime import datetime

from django_scopes import scope

from lianfu.common.scoping import scope_for
from lianfu.helpdesk import deadlines, domain, queries
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD
from lianfu.helpdesk.domain.sweep import SweepResult
from lianfu.helpdesk.enums import (
    DISPATCH_STATUSES,
    DISSATISFIED_AT_MOST,
    OPEN_STATUSES,
    WORKING_STATUSES,
    EventKind,
    Extension,
    Status,
)

TICKET_FIELDS = ("token", "submitter", "channel", "text", "category", "confidence", "difficulty", "status",
                 "created_at", "updated_at", "routed_at", "due_at", "escalate_at", "overdue_noted_at",
                 "escalated_at", "extension", "extension_reason", "resolved_at", "resolution", "resolved_on_time",
                 "reopen_until", "rating", "closed_at", "version")
LOGINS = ("county", "town", "town2", "dept", "liaison", "firm", "firm2")


@dataclass
class LoginView:
    queue: int          # waiting for dispatch (queries.dispatch_queue)
    open: int           # in the inbox, deadline still ahead (a countdown)
    overdue: int        # in the inbox, deadline passed
    escalated: int      # in the inbox, escalated to the county
    to_rate: int        # resolved tickets of the login's own firm, waiting for its rating
    extension_asked: int  # extensions waiting for a decision among the tickets it sees
    triage: int         # open tickets it owns as a town (no department)


@dataclass
class HelpdeskFacts:
    now: datetime
    tickets: dict[str, dict]       # token -> fields, with enterprise, town, department, submitted_by, merged_into
    events: dict[str, list[tuple]]  # token -> [(kind, at, actor, note, data)], in timeline order
    routes: dict[str, str | None]   # category -> department code
    corrections: list[tuple]        # (text, category, corrected by, created at)
    departments: dict[str, str]     # code -> Chinese name
    towns: dict[str, str]           # code -> name
    logins: dict[str, LoginView]
    sweep: SweepResult              # the sweep run at ``now`` right after loading

    def records(self) -> tuple:
        return self.tickets, self.events, self.routes, self.corrections


def helpdesk_facts(code_of: dict[int, str], now: datetime) -> HelpdeskFacts:
    from lianfu.accounts.models import User
    from lianfu.helpdesk.models import CategoryRoute, ClassificationCorrection, Ticket, TicketEvent
    from lianfu.registry.models import Department, Division

    names = dict(User.objects.values_list("pk", "username"))
    token_of = {pk: str(token) for pk, token in Ticket.objects.values_list("pk", "token")}
    departments = dict(Department.objects.values_list("pk", "code"))
    tickets = {}
    for row in Ticket.objects.values(*TICKET_FIELDS, "pk", "enterprise_id", "town_id", "department_id",
                                     "submitted_by_id", "merged_into_id"):
        # Database ids say nothing about the demo (PostgreSQL never rolls its sequences back): each one is
        # replaced by what it stands for, popped before the rest of the row is copied.
        token = str(row.pop("token"))
        row.pop("pk")
        named = {"token": token, "enterprise": code_of[row.pop("enterprise_id")], "town": row.pop("town_id"),
                 "department": departments.get(row.pop("department_id")),
                 "submitted_by": names.get(row.pop("submitted_by_id")),
                 "merged_into": token_of.get(row.pop("merged_into_id"))}
        tickets[token] = {**row, **named}
    events: dict[str, list[tuple]] = {token: [] for token in tickets}
    for ticket, kind, at, actor, note, data in TicketEvent.objects.order_by("at", "id").values_list(
            "ticket_id", "kind", "at", "actor_id", "note", "data"):
        data = {k: token_of[v] if k in ("into", "merged") else v for k, v in data.items()}
        events[token_of[ticket]].append((kind, at, names.get(actor), note, data))
    routes = {category: departments.get(department) for category, department in
              CategoryRoute.objects.values_list("category", "department_id")}
    corrections = [(text, category, names.get(by), at) for text, category, by, at in ClassificationCorrection
                   .objects.order_by("created_at", "id").values_list("text", "category", "corrected_by_id",
                                                                      "created_at")]
    logins = {user.username: login_view(user, now) for user in User.objects.filter(username__in=LOGINS)}
    facts = HelpdeskFacts(now, tickets, events, routes, corrections,
                          dict(Department.objects.values_list("code", "name_zh")),
                          dict(Division.objects.filter(code__in={t["town"] for t in tickets.values()})
                               .values_list("code", "name")),
                          logins, SweepResult())
    facts.sweep = domain.sweep(now)  # last: it would change what is read above if it found anything
    return facts


def login_view(user, now: datetime) -> LoginView:
    """What the login's lists hold, read inside its own scope as a page would."""
    with scope(**scope_for(user)):
        inbox = list(queries.inbox(user))
        visible = queries.visible_tickets(user)
        return LoginView(
            queue=queries.dispatch_queue(user).count(),
            open=sum(not deadlines.is_overdue(t.due_at, now) for t in inbox),
            overdue=sum(deadlines.is_overdue(t.due_at, now) for t in inbox),
            escalated=sum(t.escalated_at is not None for t in inbox),
            to_rate=visible.filter(status=Status.RESOLVED, enterprise_id=user.enterprise_id or -1).count(),
            extension_asked=visible.filter(extension=Extension.REQUESTED, status__in=WORKING_STATUSES).count(),
            triage=sum(t.department_id is None for t in inbox) if user.role == "town_officer" else 0)


# --- replay ---------------------------------------------------------------------

VERSIONED = {EventKind.ROUTED, EventKind.ACCEPTED, EventKind.RETURNED, EventKind.EXTENSION_REQUESTED,
             EventKind.EXTENSION_GRANTED, EventKind.EXTENSION_REFUSED, EventKind.RESOLVED, EventKind.RATED,
             EventKind.REOPENED, EventKind.MERGED}
SWEEP_CLOSE = {"reason": "reopen_window_ended"}


class Replay:
    """The fields a ticket must have after its timeline, each step checked
    against the rule the domain enforces before taking it."""

    def __init__(self, ticket: dict, facts: HelpdeskFacts):
        self.ticket, self.facts = ticket, facts
        self.state = dict(status=None, category=None, difficulty=ticket["difficulty"], department=None,
                          routed_at=None, due_at=None, escalate_at=None, overdue_noted_at=None, escalated_at=None,
                          extension=Extension.NONE, extension_reason="", resolved_at=None, resolution="",
                          resolved_on_time=None, reopen_until=None, rating=None, closed_at=None, merged_into=None,
                          version=0, updated_at=None)
        self.chosen = False

    def _clock(self, at, status) -> None:
        due = deadlines.deadline(at, self.state["difficulty"])
        self.state.update(status=status, routed_at=at, due_at=due, escalate_at=deadlines.escalation_at(at, due),
                          overdue_noted_at=None, escalated_at=None, resolved_at=None, resolved_on_time=None,
                          reopen_until=None, extension=Extension.NONE, extension_reason="")

    def _require(self, condition: bool, event) -> None:
        assert condition, f"ticket {self.ticket['token']}: {event[0]} at {event[1]} breaks a rule in state {self.state}"

    def run(self, events: list[tuple]) -> dict:
        ticket, s = self.ticket, self.state
        kind, at, actor, _note, data = events[0]
        assert (kind, at, actor, data["channel"]) == (EventKind.SUBMITTED, ticket["created_at"],
                                                      ticket["submitted_by"], ticket["channel"])
        s.update(status=Status.NEW, updated_at=at)
        previous = None
        for event in events[1:]:
            kind, at, actor, note, data = event
            self._require(at <= self.facts.now, event)
            getattr(self, kind)(event)
            if kind in VERSIONED or (kind == EventKind.CLOSED and data != SWEEP_CLOSE):
                s["version"] += 1
                s["updated_at"] = at
            if kind == EventKind.CLOSED and data == SWEEP_CLOSE:
                s["updated_at"] = at
            if kind == EventKind.CLOSED and data != SWEEP_CLOSE:  # closed by a satisfied rating, at once
                self._require(previous[0] == EventKind.RATED and previous[1] == at
                              and (previous[4]["rating"] > DISSATISFIED_AT_MOST
                                   or not deadlines.can_reopen(s["resolved_at"], at)), event)
            previous = event
        return s

    def classified(self, event) -> None:
        _kind, at, _actor, _note, data = event
        self._require(at == self.ticket["created_at"], event)
        self._require(data["confidence"] == round(self.ticket["confidence"], 3), event)
        self.state["category"] = data["chosen"] or data["category"]
        self.chosen = bool(data["chosen"])

    def queued(self, event) -> None:
        self._require(self.ticket["confidence"] < CONFIDENCE_THRESHOLD and self.state["status"] == Status.NEW, event)

    def routed(self, event) -> None:
        _kind, at, actor, _note, data = event
        s = self.state
        self._require(s["status"] in DISPATCH_STATUSES, event)
        if actor is None:  # by the classifier, on submission
            self._require(at == self.ticket["created_at"]
                          and (self.chosen or self.ticket["confidence"] >= CONFIDENCE_THRESHOLD), event)
        else:
            self._require(actor == "county", event)
        s.update(category=data["category"], difficulty=data["difficulty"],
                 department=self._code_of(data["department"]))
        self._clock(at, Status.ROUTED)
        self._require(data["due"] == s["due_at"].isoformat() and data["town"] == self.facts.towns[self.ticket["town"]],
                      event)

    def _code_of(self, name: str) -> str | None:
        return next((code for code, zh in self.facts.departments.items() if zh == name), None) if name else None

    def accepted(self, event) -> None:
        self._require(self.state["status"] in (Status.ROUTED, Status.REOPENED), event)
        self.state["status"] = Status.ACCEPTED

    def returned(self, event) -> None:
        s = self.state
        self._require(s["status"] in WORKING_STATUSES and event[3], event)
        owner = self.facts.departments[s["department"]] if s["department"] else self.facts.towns[self.ticket["town"]]
        self._require(event[4]["previous"] == owner, event)
        s.update(status=Status.RETURNED, department=None, routed_at=None, due_at=None, escalate_at=None,
                 overdue_noted_at=None, escalated_at=None, extension=Extension.NONE, extension_reason="")

    def extension_requested(self, event) -> None:
        s = self.state
        self._require(s["status"] in WORKING_STATUSES and s["extension"] == Extension.NONE
                      and not deadlines.is_overdue(s["due_at"], event[1]), event)
        s.update(extension=Extension.REQUESTED, extension_reason=event[3])

    def extension_granted(self, event) -> None:
        s = self.state
        self._require(s["status"] in WORKING_STATUSES and s["extension"] == Extension.REQUESTED, event)
        due = deadlines.extension(s["due_at"], s["difficulty"])
        s.update(extension=Extension.GRANTED, due_at=due, escalate_at=deadlines.escalation_at(s["routed_at"], due),
                 overdue_noted_at=None, escalated_at=None)
        self._require(event[4]["due"] == due.isoformat(), event)

    def extension_refused(self, event) -> None:
        self._require(self.state["status"] in WORKING_STATUSES and self.state["extension"] == Extension.REQUESTED,
                      event)
        self.state["extension"] = Extension.REFUSED

    def overdue(self, event) -> None:
        s = self.state
        self._require(s["status"] in WORKING_STATUSES and s["overdue_noted_at"] is None and event[1] >= s["due_at"],
                      event)
        s["overdue_noted_at"] = event[1]

    def escalated(self, event) -> None:
        s = self.state
        self._require(s["status"] in WORKING_STATUSES and s["escalated_at"] is None
                      and event[1] >= s["escalate_at"], event)
        s["escalated_at"] = event[1]

    def resolved(self, event) -> None:
        s, at = self.state, event[1]
        self._require(s["status"] in WORKING_STATUSES and event[3], event)
        on_time = not deadlines.is_overdue(s["due_at"], at)
        s.update(status=Status.RESOLVED, resolved_at=at, resolution=event[3], resolved_on_time=on_time,
                 reopen_until=deadlines.reopen_until(at))
        self._require(event[4]["on_time"] == on_time, event)

    def rated(self, event) -> None:
        self._require(self.state["status"] == Status.RESOLVED and 1 <= event[4]["rating"] <= 5, event)
        self.state["rating"] = event[4]["rating"]

    def reopened(self, event) -> None:
        s = self.state
        self._require(s["status"] == Status.RESOLVED and deadlines.can_reopen(s["resolved_at"], event[1]), event)
        self._clock(event[1], Status.REOPENED)
        self._require(event[4]["due"] == s["due_at"].isoformat(), event)

    def closed(self, event) -> None:
        s = self.state
        self._require(s["status"] == Status.RESOLVED, event)
        if event[4] == SWEEP_CLOSE:
            self._require(event[1] >= s["reopen_until"], event)
        s.update(status=Status.CLOSED, closed_at=event[1])

    def merged(self, event) -> None:
        self._require(self.state["status"] in DISPATCH_STATUSES, event)
        self.state.update(status=Status.MERGED, merged_into=event[4]["into"], closed_at=event[1])

    def supplemented(self, event) -> None:
        self._require(self.state["status"] in OPEN_STATUSES, event)
        merged = self.facts.tickets[event[4]["merged"]]
        self._require(merged["merged_into"] == self.ticket["token"] and merged["text"] == event[3], event)


def replay(ticket: dict, facts: HelpdeskFacts) -> dict:
    return Replay(ticket, facts).run(facts.events[ticket["token"]])
