"""One ticket: its text (escaped, never rendered as HTML), files, where it is,
its deadline, the timeline, and the forms its reader may use."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common import uploads
from lianfu.helpdesk import actions
from lianfu.helpdesk.classifier import default_classifier
from lianfu.helpdesk.countdown import with_countdowns
from lianfu.helpdesk.enums import Category, Channel, EventKind
from lianfu.helpdesk.models import TicketAttachment, TicketEvent
from lianfu.helpdesk.queries import visible_tickets
from lianfu.helpdesk.views import stamp, ticket_for


@login_required
def ticket(request, pk: int):
    record = ticket_for(request.user, pk)
    if request.method != "POST":
        return render(request, "helpdesk/ticket.html", ticket_context(request.user, record))
    outcome = actions.perform(request.user, record, request.POST)
    if outcome.done:
        messages.success(request, outcome.message)
        # A merged or returned ticket may leave the reader's sight: back to their list then.
        return redirect("helpdesk:ticket", pk=pk) if _still_visible(request.user, pk) else redirect("home")
    context = ticket_context(request.user, ticket_for(request.user, pk), {outcome.action: outcome.form})
    if outcome.error is not None:
        return render(request, "helpdesk/ticket.html", {**context, "refusal": outcome.error.message},
                      status=outcome.error.status)
    return render(request, "helpdesk/ticket.html", context)


def _still_visible(user, pk: int) -> bool:
    return visible_tickets(user).filter(pk=pk).exists()


def ticket_context(user, record, bound: dict | None = None) -> dict:
    now = timezone.now()
    with_countdowns([record], now)
    forms = {**actions.offered(user, record, now), **(bound or {})}
    context = {"ticket": record, "forms": forms, "now": now,
               "attachments": list(record.attachments.all()),
               "timeline": timeline(record),
               "can_reopen_until": record.reopen_until if "reopen" in forms else None}
    if "route" in forms:
        context["guesses"] = guesses(record.text)
    return context


def guesses(text: str, top: int = 3) -> list[tuple[str, int]]:
    """The classifier's best categories for ``text`` with their confidence in per cent."""
    ranked = default_classifier().predict(text).ranked[:top]
    return [(Category(category).label, round(100 * confidence)) for category, confidence in ranked]


def timeline(record) -> list[dict]:
    events = TicketEvent.objects.filter(ticket=record).select_related("actor").order_by("at", "id")
    return [{"at": e.at, "who": e.actor.display_name if e.actor else _("System"), "what": e.get_kind_display(),
             "details": event_details(e), "note": e.note, "kind": e.kind} for e in events]


def event_details(event) -> str:
    """The facts an event carries, in words (the note is shown apart)."""
    data = event.data or {}
    kind = event.kind
    if kind == EventKind.SUBMITTED:
        channel = dict(Channel.choices).get(data.get("channel"), data.get("channel", ""))
        return _("via %(channel)s, %(files)d files") % {"channel": channel, "files": data.get("attachments", 0)}
    if kind == EventKind.CLASSIFIED and data.get("category") in Category.values:
        return f"{Category(data['category']).label} {round(100 * data.get('confidence', 0))}%"
    if kind == EventKind.ROUTED:
        return _("to %(owner)s · %(town)s · due %(due)s") % {
            "owner": data.get("department") or _("Town triage"), "town": data.get("town", ""),
            "due": _iso_stamp(data.get("due"))}
    if kind in (EventKind.EXTENSION_GRANTED, EventKind.REOPENED) and data.get("due"):
        return _("new deadline %(due)s") % {"due": _iso_stamp(data["due"])}
    if kind == EventKind.RETURNED:
        return _("by %(owner)s") % {"owner": data.get("previous", "")}
    if kind == EventKind.RATED:
        return _("%(rating)s of 5") % {"rating": data.get("rating", "")}
    if kind == EventKind.MERGED:
        return _("into #%(number)s") % {"number": data.get("into", "")}
    if kind == EventKind.SUPPLEMENTED and data.get("merged"):
        return _("from #%(number)s") % {"number": data["merged"]}
    return ""


def _iso_stamp(value) -> str:
    return stamp(dt.datetime.fromisoformat(value)) if value else ""


@login_required
def attachment(request, pk: int, file_pk: int):
    """A ticket's file, for those who may read the ticket; always downloaded
    (never shown inline) under the type its bytes were checked to be."""
    record = ticket_for(request.user, pk)
    item = get_object_or_404(TicketAttachment, pk=file_pk, ticket=record)
    path = uploads.stored_path(item.stored_path)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=item.original_name,
                        content_type=item.content_type)
