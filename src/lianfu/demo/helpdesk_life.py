"""One demo ticket's life: the field changes and timeline events that
helpdesk/domain makes for each step (submit, route, accept, "not ours",
extension, resolve, rate, reopen, merge), and those the sweep makes at the
very instant a deadline passes, as if it ran all the time.

The demo writes thousands of tickets in bulk, so it cannot call the domain
(each call reads the clock and writes its own rows); each method here keeps
the domain function's rules and refuses what the domain would refuse, by
returning False. tests/demo/helpdesk_facts.py replays the stored events
through the deadline rules to hold the two together."""
from dataclasses import dataclass, field
from datetime import datetime

from lianfu.helpdesk import deadlines
from lianfu.helpdesk.classifier import CONFIDENCE_THRESHOLD
from lianfu.helpdesk.enums import (
    DISPATCH_STATUSES,
    DISSATISFIED_AT_MOST,
    OPEN_STATUSES,
    WORKING_STATUSES,
    EventKind,
    Extension,
    Status,
)


@dataclass
class Event:
    kind: str
    at: datetime
    actor: object = None
    note: str = ""
    data: dict = field(default_factory=dict)  # a value may be a Life: written as its ticket's pk


class Life:
    """A ticket's fields (the Ticket model's names) and its timeline so far."""

    def __init__(self, spec, predicted: str, confidence: float, route_of: dict, town_name: str):
        self.spec, self.route_of, self.town_name = spec, route_of, town_name
        self.predicted, self.confidence, self.difficulty = predicted, confidence, spec.difficulty
        self.category = spec.chosen or predicted  # a client's service code wins over the classifier
        self.status, self.version = Status.NEW, 0
        self.created_at = self.updated_at = spec.at
        self.department = self.routed_at = self.due_at = self.escalate_at = None
        self.overdue_noted_at = self.escalated_at = self.resolved_at = self.resolved_on_time = None
        self.reopen_until = self.rating = self.closed_at = self.merged_into = None
        self.extension, self.extension_reason, self.resolution = Extension.NONE, "", ""
        self.events: list[Event] = []
        self.statuses: list[tuple[datetime, str]] = []  # (since, status), to know whether it was open then
        self.corrections: list[tuple[str, str, object, datetime]] = []  # (text, category, by, at)
        self.pk: int | None = None

    # --- what every step shares (domain/_base.py) ----------------------------

    def _change(self, at: datetime, **changes) -> None:
        """A version-checked change: the version counts them, updated_at follows."""
        for name, value in changes.items():
            setattr(self, name, value)
        if "status" in changes:
            self.statuses.append((at, changes["status"]))
        self.version += 1
        self.updated_at = at

    def _record(self, kind: str, at: datetime, actor=None, note: str = "", **data) -> None:
        self.events.append(Event(kind, at, actor, note, data))

    def was_open(self, at: datetime) -> bool:
        status = Status.NEW
        for since, value in self.statuses:
            if since > at:
                break
            status = value
        return status in OPEN_STATUSES

    # --- submission and routing (domain/submit.py, routing.py, dispatch.py) ----

    def submit(self) -> None:
        spec, at = self.spec, self.spec.at
        self.statuses.append((at, Status.NEW))
        self._record(EventKind.SUBMITTED, at, spec.author, channel=spec.channel, attachments=0)
        self._record(EventKind.CLASSIFIED, at, category=self.predicted, confidence=round(self.confidence, 3),
                     chosen=spec.chosen or "")
        if spec.chosen or self.confidence >= CONFIDENCE_THRESHOLD:
            self._route(self.category, self.difficulty, None, at)
        else:
            self._record(EventKind.QUEUED, at, threshold=CONFIDENCE_THRESHOLD)

    def _start_clock(self, at: datetime, status: str, **changes) -> None:
        due = deadlines.deadline(at, changes.get("difficulty", self.difficulty))
        self._change(at, status=status, routed_at=at, due_at=due, escalate_at=deadlines.escalation_at(at, due),
                     overdue_noted_at=None, escalated_at=None, resolved_at=None, resolved_on_time=None,
                     reopen_until=None, extension=Extension.NONE, extension_reason="", **changes)

    def _route(self, category: str, difficulty: str, actor, at: datetime) -> None:
        department = self.route_of[category]
        self._start_clock(at, Status.ROUTED, category=category, difficulty=difficulty, department=department)
        self._record(EventKind.ROUTED, at, actor, category=category, difficulty=difficulty,
                     department=department.name_zh if department else "", town=self.town_name,
                     due=self.due_at.isoformat())

    def dispatch(self, at: datetime, actor, category: str, difficulty: str) -> bool:
        if self.status not in DISPATCH_STATUSES:
            return False
        self._route(category, difficulty, actor, at)
        self.corrections.append((self.spec.text, category, actor, at))
        return True

    def merge(self, at: datetime, actor, into: "Life") -> bool:
        if self.status not in DISPATCH_STATUSES or not into.was_open(at):
            return False
        self._change(at, status=Status.MERGED, merged_into=into, closed_at=at)
        self._record(EventKind.MERGED, at, actor, into=into)
        into._record(EventKind.SUPPLEMENTED, at, actor, note=self.spec.text, merged=self)
        return True

    # --- the owner's work (domain/work.py) ------------------------------------

    def accept(self, at: datetime, actor) -> bool:
        if self.status not in (Status.ROUTED, Status.REOPENED):
            return False
        self._change(at, status=Status.ACCEPTED)
        self._record(EventKind.ACCEPTED, at, actor)
        return True

    def give_back(self, at: datetime, actor, reason: str) -> bool:
        """"Not ours" (domain.return_ticket)."""
        if self.status not in WORKING_STATUSES:
            return False
        previous = self.department.name_zh if self.department else self.town_name
        self._change(at, status=Status.RETURNED, department=None, routed_at=None, due_at=None, escalate_at=None,
                     overdue_noted_at=None, escalated_at=None, extension=Extension.NONE, extension_reason="")
        self._record(EventKind.RETURNED, at, actor, note=reason, previous=previous)
        return True

    def request_extension(self, at: datetime, actor, reason: str) -> bool:
        if (self.status not in WORKING_STATUSES or self.extension != Extension.NONE
                or deadlines.is_overdue(self.due_at, at)):
            return False
        self._change(at, extension=Extension.REQUESTED, extension_reason=reason)
        self._record(EventKind.EXTENSION_REQUESTED, at, actor, note=reason)
        return True

    def decide_extension(self, at: datetime, actor, grant: bool, note: str) -> bool:
        if self.status not in WORKING_STATUSES or self.extension != Extension.REQUESTED:
            return False
        if grant:
            due = deadlines.extension(self.due_at, self.difficulty)
            self._change(at, extension=Extension.GRANTED, due_at=due,
                         escalate_at=deadlines.escalation_at(self.routed_at, due), overdue_noted_at=None,
                         escalated_at=None)
            self._record(EventKind.EXTENSION_GRANTED, at, actor, note=note, due=due.isoformat())
        else:
            self._change(at, extension=Extension.REFUSED)
            self._record(EventKind.EXTENSION_REFUSED, at, actor, note=note)
        return True

    def resolve(self, at: datetime, actor, resolution: str) -> bool:
        if self.status not in WORKING_STATUSES:
            return False
        self._change(at, status=Status.RESOLVED, resolved_at=at, resolution=resolution,
                     resolved_on_time=not deadlines.is_overdue(self.due_at, at),
                     reopen_until=deadlines.reopen_until(at))
        self._record(EventKind.RESOLVED, at, actor, note=resolution, on_time=self.resolved_on_time)
        return True

    # --- the enterprise's feedback (domain/feedback.py) -----------------------

    def rate(self, at: datetime, actor, rating: int, comment: str) -> bool:
        if self.status != Status.RESOLVED:
            return False
        self._change(at, rating=rating)
        self._record(EventKind.RATED, at, actor, note=comment, rating=rating)
        if rating <= DISSATISFIED_AT_MOST and deadlines.can_reopen(self.resolved_at, at):
            self._reopen(at, actor, comment)
        else:
            self._change(at, status=Status.CLOSED, closed_at=at)
            self._record(EventKind.CLOSED, at, actor)
        return True

    def reopen(self, at: datetime, actor, reason: str) -> bool:
        if self.status != Status.RESOLVED or not deadlines.can_reopen(self.resolved_at, at):
            return False
        self._reopen(at, actor, reason)
        return True

    def _reopen(self, at: datetime, actor, reason: str) -> None:
        self._start_clock(at, Status.REOPENED)
        self._record(EventKind.REOPENED, at, actor, note=reason, due=self.due_at.isoformat())

    # --- the sweep (domain/sweep.py) ------------------------------------------

    def tick(self, until: datetime, *, inclusive: bool) -> None:
        """What the sweep would have done before ``until`` (at it too when
        ``inclusive``), each at the instant it fell due, in time order. An
        owner acting at the very instant of a deadline acts first."""
        def reached(moment) -> bool:
            return moment is not None and (moment <= until if inclusive else moment < until)

        while True:
            due = []
            if self.status in WORKING_STATUSES:
                if self.overdue_noted_at is None and reached(self.due_at):
                    due.append((self.due_at, EventKind.OVERDUE))
                if self.escalated_at is None and reached(self.escalate_at):
                    due.append((self.escalate_at, EventKind.ESCALATED))
            elif self.status == Status.RESOLVED and reached(self.reopen_until):
                due.append((self.reopen_until, EventKind.CLOSED))
            if not due:
                return
            at, kind = min(due)
            if kind == EventKind.OVERDUE:
                self.overdue_noted_at = at
                self._record(kind, at, due=self.due_at.isoformat())
            elif kind == EventKind.ESCALATED:
                self.escalated_at = at
                self._record(kind, at, escalate_at=self.escalate_at.isoformat())
            else:  # the sweep's close is not a versioned change, but it stamps updated_at
                self.status, self.closed_at, self.updated_at = Status.CLOSED, at, at
                self.statuses.append((at, Status.CLOSED))
                self._record(kind, at, reason="reopen_window_ended")
