"""The delivery log: every message that left (or tried to leave) the app,
newest first, filtered by state, channel and kind, with an audited "send
again" on the rows the machine left for a person (resending.py).

Who reads it: administrators, everything; county officers, the deliveries to
their county's robots and to their county's users (officers of the county and
its towns, its firms' users, its departments' staff: queries.deliveries_for),
since those messages tell of the county's own firms and tickets, which they
read in the app already. Town officers and everyone else: 403 (a town's
robots' latest messages are on the channels page). Addresses are shown masked
as stored; a phone number in an error text is masked too."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.common.workflow import require
from lianfu.messaging.enums import Channel, DeliveryState
from lianfu.messaging.queries import deliveries_for, for_display
from lianfu.messaging.rendering import mask_personal_numbers
from lianfu.messaging.resending import send_again

FILTERS = ("state", "channel", "kind")


def _filtered(request):
    rows = deliveries_for(request.user)
    chosen = {name: request.GET.get(name, "").strip() for name in FILTERS}
    if chosen["state"] in DeliveryState.values:
        rows = rows.filter(state=chosen["state"])
    if chosen["channel"] in Channel.values:
        rows = rows.filter(channel=chosen["channel"])
    if chosen["kind"]:
        rows = rows.filter(kind=chosen["kind"])
    return rows.order_by("-created_at", "-id"), chosen


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _export(rows):
    return xlsx_response(
        "deliveries.xlsx", [_("Time"), _("Channel"), _("Address"), _("Title"), _("State"), _("Attempts"),
                            _("Last error"), _("Sent at")],
        ([_when(d.created_at), d.get_channel_display(), d.address_masked, d.title, d.get_state_display(),
          d.attempts, mask_personal_numbers(d.last_error), _when(d.sent_at)] for d in rows.iterator()),
        sheet_name=_("Deliveries"))


@login_required
@permission_required("messaging.view_deliveries", raise_exception=True)
def deliveries(request):
    rows, chosen = _filtered(request)
    if request.GET.get("export") == "xlsx":
        return _export(rows)
    page = page_of(request, rows)
    entries = for_display(list(page.object_list))
    kinds = sorted(k for k in deliveries_for(request.user).order_by().values_list("kind", flat=True).distinct() if k)
    return render(request, "messaging/deliveries.html", {
        "page": page, "entries": entries, "chosen": chosen, "query": query_without_page(request), "kinds": kinds,
        "states": DeliveryState.choices, "channels": Channel.choices,
        "can_send_again": request.user.has_perm("messaging.send_again")})


@login_required
@require_POST
def delivery_send_again(request, pk: int):
    require(request.user, "messaging.send_again")
    delivery = get_object_or_404(deliveries_for(request.user).select_related("user__enterprise", "user__department"),
                                 pk=pk)
    try:
        send_again(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The message “%(title)s” is queued to be sent again.") % {"title": delivery.title})
    # Back to the page and filters the row was on.
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode([(name, back[name]) for name in (*FILTERS, "page") if back.get(name)])
    return redirect(reverse("messaging:deliveries") + (f"?{query}" if query else ""))
