"""The steps a person can take on one ticket, shared by the ticket page and the
dispatcher's queue: which are offered (the user's right and the ticket's
state), their forms, and running one with the domain's refusals kept."""
from dataclasses import dataclass
from typing import Callable

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianfu.common import outcomes
from lianfu.common.errors import Conflict, WorkflowError
from lianfu.helpdesk import deadlines, domain
from lianfu.helpdesk.enums import DISPATCH_STATUSES, OPEN_STATUSES, WORKING_STATUSES, Extension, Status
from lianfu.helpdesk.forms import (
    AcceptForm,
    DecideExtensionForm,
    ExtensionForm,
    MergeForm,
    RateForm,
    ReopenForm,
    ResolveForm,
    ReturnForm,
    RouteForm,
)
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.queries import visible_tickets


def _working(ticket, now) -> bool:
    return ticket.status in WORKING_STATUSES


def _may_ask_extension(ticket, now) -> bool:
    return (_working(ticket, now) and ticket.extension == Extension.NONE
            and not deadlines.is_overdue(ticket.due_at, now))


def _may_reopen(ticket, now) -> bool:
    return ticket.status == Status.RESOLVED and ticket.reopen_until is not None and now < ticket.reopen_until


@dataclass(frozen=True)
class Action:
    perm: str
    form: type[forms.Form]
    step: Callable
    offered_when: Callable      # (ticket, now) -> bool
    done: str                   # the message after it succeeded


ACTIONS = {
    "accept": Action("helpdesk.work_ticket", AcceptForm, domain.accept_ticket,
                     lambda t, now: t.status in (Status.ROUTED, Status.REOPENED), _("Ticket accepted.")),
    "resolve": Action("helpdesk.work_ticket", ResolveForm, domain.resolve_ticket, _working,
                      _("Resolved: the enterprise is asked to rate the answer.")),
    "extension": Action("helpdesk.work_ticket", ExtensionForm, domain.request_extension, _may_ask_extension,
                        _("Extension asked for: the county decides.")),
    "return": Action("helpdesk.work_ticket", ReturnForm, domain.return_ticket, _working,
                     _("Sent back to the dispatcher with your reason.")),
    "decide": Action("helpdesk.decide_extension", DecideExtensionForm, domain.decide_extension,
                     lambda t, now: _working(t, now) and t.extension == Extension.REQUESTED,
                     _("Extension decided.")),
    "rate": Action("helpdesk.give_feedback", RateForm, domain.rate_ticket,
                   lambda t, now: t.status == Status.RESOLVED, _("Thank you for your rating.")),
    "reopen": Action("helpdesk.give_feedback", ReopenForm, domain.reopen_ticket, _may_reopen,
                     _("Ticket reopened: it is back with the department, with a new deadline.")),
    "route": Action("helpdesk.dispatch_ticket", RouteForm, domain.dispatch_ticket,
                    lambda t, now: t.status in DISPATCH_STATUSES, _("Ticket routed.")),
    "merge": Action("helpdesk.dispatch_ticket", MergeForm, domain.merge_ticket,
                    lambda t, now: t.status in DISPATCH_STATUSES, _("Ticket merged.")),
}
DISPATCH_ACTIONS = ("route", "merge")


def merge_candidates(user, ticket: Ticket):
    """The enterprise's other open tickets the user can see (merge_ticket wants one of them)."""
    return (visible_tickets(user).filter(enterprise_id=ticket.enterprise_id, status__in=OPEN_STATUSES)
            .exclude(pk=ticket.pk).order_by("-created_at"))


def make_form(name: str, ticket: Ticket, user, data=None, initial=None) -> forms.Form:
    spec = ACTIONS[name]
    initial = {"version": ticket.version, **(initial or {})}
    if spec.form is MergeForm:
        return MergeForm(data, initial=initial, prefix=name, candidates=merge_candidates(user, ticket))
    if spec.form is RouteForm:
        initial.setdefault("category", ticket.category)
        initial.setdefault("difficulty", ticket.difficulty)
    return spec.form(data, initial=initial, prefix=name)


def offered(user, ticket: Ticket, now=None, initial=None) -> dict[str, forms.Form]:
    """The blank forms the ticket's state and the user's rights call for."""
    now = now or timezone.now()
    return {name: make_form(name, ticket, user, initial=(initial or {}).get(name))
            for name, spec in ACTIONS.items()
            if spec.offered_when(ticket, now) and user.has_perm(spec.perm, ticket)}


class Outcome(outcomes.Outcome):
    @property
    def message(self) -> str:
        return str(ACTIONS[self.action].done) if self.done else ""


def perform(user, ticket: Ticket, data, allowed=tuple(ACTIONS)) -> Outcome:
    """Run the posted action. A field error stays on its form, a refusal
    (409/422) comes back as ``error``; PermissionDenied propagates (403)."""
    name = data.get("action", "")
    if name not in allowed:
        raise BadRequest(name)
    form = make_form(name, ticket, user, data)
    if not form.is_valid():
        return Outcome(name, form)
    try:
        ACTIONS[name].step(actor=user, ticket=ticket, **form.step_kwargs())
    except Conflict as error:
        # The typed values stay, now against the current version: a second
        # submit is a deliberate one over what the page then shows.
        current = Ticket.objects.get(pk=ticket.pk)
        fresh = data.copy()
        fresh[f"{name}-version"] = str(current.version)
        return Outcome(name, make_form(name, current, user, fresh), error)
    except WorkflowError as error:
        return Outcome(name, form, error)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return Outcome(name, form)
    return Outcome(name, form, done=True)
