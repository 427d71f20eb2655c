"""The dispatcher's queue: tickets the classifier was unsure of and tickets a
department sent back, oldest first, each with the classifier's guesses, why it
is here, a possible duplicate to merge into, and an inline route form (htmx
swaps the row)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.helpdesk import actions, queries
from lianfu.helpdesk.classifier import default_classifier
from lianfu.helpdesk.countdown import age
from lianfu.helpdesk.duplicates import WINDOW, similarity
from lianfu.helpdesk.enums import OPEN_STATUSES, Category, EventKind, Status
from lianfu.helpdesk.forms import DispatchFilterForm
from lianfu.helpdesk.models import TicketEvent
from lianfu.helpdesk.views import require, stamp, ticket_for

GUESSES = 3


@login_required
def dispatch_queue(request):
    return _queue(request)


def _queue(request, *, status: int = 200, refusal: str = ""):
    require(request.user, "helpdesk.dispatch")
    form = DispatchFilterForm(request.GET)
    tickets = filtered(queries.dispatch_queue(request.user), **form.values())
    if request.GET.get("export") == "xlsx":
        return _export(request.user, tickets)
    page = page_of(request, tickets)
    page.object_list = decorate(request.user, list(page.object_list))
    return render(request, "helpdesk/dispatch_queue.html", {
        "form": form, "page": page, "query": query_without_page(request), "refusal": refusal,
        "categories": Category.choices}, status=status)


def filtered(tickets, *, q: str, reason: str, sort: str):
    if q:
        tickets = tickets.filter(Q(enterprise__name__contains=q) | Q(enterprise__uscc=q) | Q(text__contains=q))
    if reason:
        tickets = tickets.filter(status=reason)
    return tickets.order_by("created_at", "id") if sort == "waiting" else tickets.order_by("-created_at", "-id")


@login_required
@require_POST
def dispatch_row(request, pk: int):
    """Route or merge one ticket from the queue. With htmx the answer is the
    row itself (409/422 too: the row says why); without, the queue again."""
    ticket = ticket_for(request.user, pk)
    outcome = actions.perform(request.user, ticket, request.POST, allowed=actions.DISPATCH_ACTIONS)
    status = outcome.error.status if outcome.error else 200
    if request.htmx:
        current = decorate(request.user, [ticket_for(request.user, pk)])[0]
        if not outcome.done:
            outcome.form.auto_id = f"id_{pk}_%s"
            current.forms = {**current.forms, outcome.action: outcome.form}
        return render(request, "helpdesk/_dispatch_row.html", {
            "t": current, "done": outcome.message, "categories": Category.choices,
            "refusal": outcome.error.message if outcome.error else ""}, status=status)
    if outcome.done:
        messages.success(request, f"#{pk}: {outcome.message}")
        return redirect("helpdesk:dispatch")
    return _queue(request, status=status, refusal=f"#{pk}: {outcome.refusal}")


def decorate(user, tickets: list) -> list:
    """Each ticket with the classifier's guesses, why it is here, earlier open
    tickets of its enterprise from the 7 days before it, and its forms."""
    if not tickets:
        return tickets
    predictions = default_classifier().predict_many([t.text for t in tickets])
    returns = _last_returns([t.pk for t in tickets])
    earlier = _earlier_open(user, tickets)
    for ticket, prediction in zip(tickets, predictions):
        ticket.guesses = [(Category(c).label, round(100 * p)) for c, p in prediction.ranked[:GUESSES]]
        ticket.reason = _reason(ticket, returns.get(ticket.pk))
        ticket.duplicates = sorted(earlier.get(ticket.pk, []), key=lambda o: -similarity(ticket.text, o.text))
        forms = actions.offered(user, ticket, initial={"route": {"category": prediction.category}})
        ticket.forms = {name: form for name, form in forms.items() if name in actions.DISPATCH_ACTIONS}
        for form in ticket.forms.values():
            form.auto_id = f"id_{ticket.pk}_%s"   # one page, many rows: ids stay unique
    return tickets


def _last_returns(ids) -> dict[int, TicketEvent]:
    events = TicketEvent.objects.filter(ticket_id__in=ids, kind=EventKind.RETURNED).order_by("at", "id")
    return {e.ticket_id: e for e in events}


def _reason(ticket, returned: TicketEvent | None) -> str:
    if ticket.status == Status.RETURNED and returned is not None:
        return _("Returned by %(owner)s: %(reason)s") % {"owner": returned.data.get("previous", ""),
                                                          "reason": returned.note}
    return _("Classifier unsure: %(confidence)d%% sure of “%(category)s”") % {
        "confidence": round(100 * ticket.confidence), "category": ticket.get_category_display()}


def _earlier_open(user, tickets) -> dict[int, list]:
    """Per ticket, its enterprise's other open tickets submitted in the 7 days before it."""
    oldest = min(t.created_at for t in tickets) - WINDOW
    others = list(queries.visible_tickets(user).filter(
        enterprise_id__in={t.enterprise_id for t in tickets}, status__in=OPEN_STATUSES, created_at__gte=oldest))
    return {t.pk: [o for o in others if o.enterprise_id == t.enterprise_id and o.pk != t.pk
                   and t.created_at - WINDOW <= o.created_at <= t.created_at] for t in tickets}


def _export(user, tickets):
    now = timezone.now()
    rows = decorate(user, list(tickets))
    headers = [_("Ticket"), _("Enterprise"), _("Credit code"), _("Town"), _("Submitted at"), _("Waiting"),
               _("Problem"), _("Classifier's guesses"), _("Why it is here"), _("Possible duplicate of")]
    return xlsx_response("dispatch-queue.xlsx", headers, (
        [t.pk, t.enterprise.name, t.enterprise.uscc, t.town.name, stamp(t.created_at), age(t.created_at, now),
         t.text, "; ".join(f"{label} {pct}%" for label, pct in t.guesses), t.reason,
         ", ".join(f"#{d.pk}" for d in t.duplicates)] for t in rows), sheet_name=_("Dispatch queue"))
