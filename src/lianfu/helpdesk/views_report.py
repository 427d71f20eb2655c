"""Report a problem (phone first): the enterprise for itself, a liaison officer
or officer on a firm's behalf. A text like one the firm sent in the last 7 days
is first offered as an addition to that ticket."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.errors import WorkflowError
from lianfu.helpdesk import domain
from lianfu.helpdesk.classifier import default_classifier
from lianfu.helpdesk.duplicates import find_duplicate
from lianfu.helpdesk.enums import Channel, Status
from lianfu.helpdesk.forms import ReportForm
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.views import require, stamp
from lianfu.registry.models import Enterprise


def channel_of(request) -> str:
    """MOBILE when the browser says it is a phone: "Mobi" is in every phone
    browser's User-Agent (and in no desktop one's); it needs no script, so a
    phone with scripts off still counts, and a narrow desktop window does not."""
    return Channel.MOBILE if "Mobi" in request.headers.get("User-Agent", "") else Channel.WEB


@login_required
def report_own(request):
    if request.user.enterprise_id is None:
        raise PermissionDenied(_("Only an enterprise reports for itself here; officers open the firm's page."))
    return _report(request, request.user.enterprise)


@login_required
def report_for(request, uscc: str):
    # Scoped: a firm out of the user's reach is not found.
    enterprise = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    return _report(request, enterprise)


def _report(request, enterprise):
    require(request.user, "helpdesk.submit_ticket", enterprise)
    context = {"enterprise": enterprise, "on_behalf": request.user.enterprise_id != enterprise.pk}
    if request.method != "POST":
        return render(request, "helpdesk/report.html", {**context, "form": ReportForm()})
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "helpdesk/report.html", {**context, "form": form})
    data = form.cleaned_data
    try:
        if data["choice"] == "add":
            return _add_to(request, enterprise, form)
        if data["choice"] != "new":
            duplicate = _duplicate_of(enterprise, data["text"])
            if duplicate is not None:
                return render(request, "helpdesk/duplicate_offer.html", {
                    **context, "form": form, "duplicate": duplicate,
                    "dropped_files": len(data["attachments"])})
        ticket = domain.submit_ticket(actor=request.user, enterprise=enterprise, text=data["text"],
                                      channel=channel_of(request), attachments=data["attachments"])
    except ValidationError as error:
        _fields_errors(form, error)
        return render(request, "helpdesk/report.html", {**context, "form": form})
    except WorkflowError as error:
        # The ticket to add to closed meanwhile, or a file grew past 5 MB as it
        # was written (its declared size lied): the form again, text kept.
        return render(request, "helpdesk/report.html", {**context, "form": form, "refusal": error.message},
                      status=error.status)
    messages.success(request, sent_message(ticket))
    return redirect("helpdesk:ticket", pk=ticket.pk)


def _duplicate_of(enterprise, text: str) -> Ticket | None:
    category = default_classifier().predict(text).category
    return find_duplicate(enterprise.pk, text, category, timezone.now())


def _add_to(request, enterprise, form):
    data = form.cleaned_data
    ticket = get_object_or_404(Ticket.objects.select_related("enterprise", "town", "department"),
                               pk=data["into"], enterprise=enterprise)
    domain.supplement_ticket(actor=request.user, ticket=ticket, text=data["text"], attachments=data["attachments"])
    messages.success(request, _("Added to ticket #%(number)d: whoever handles it sees what you wrote.")
                     % {"number": ticket.pk})
    return redirect("helpdesk:ticket", pk=ticket.pk)


def _fields_errors(form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def sent_message(ticket: Ticket) -> str:
    """Where it went, in the words of the person who sent it."""
    if ticket.status == Status.NEW:
        return _("Ticket #%(number)d is waiting for the dispatcher, who sends it to the right department.") % {
            "number": ticket.pk}
    values = {"number": ticket.pk, "town": ticket.town.name, "due": stamp(ticket.due_at)}
    if ticket.department is None:
        return _("Ticket #%(number)d was sent to %(town)s, which handles it itself; due %(due)s.") % values
    return _("Ticket #%(number)d was sent to %(department)s and %(town)s; due %(due)s.") % {
        **values, "department": ticket.department.name}
