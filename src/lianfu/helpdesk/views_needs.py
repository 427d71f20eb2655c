"""A chain's needs list (需求清单): the open tickets of its members. Officers
who may view the chain read the problems; the lead firm sees only that a
supplier has one open (category, status, age): a supplier's problems are its
own business."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.chains.access import get_chain
from lianfu.chains.models import ChainMember
from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.helpdesk import queries
from lianfu.helpdesk.countdown import age
from lianfu.helpdesk.forms import NeedsFilterForm


def reads_text(user, chain) -> bool:
    """Officers (and administrators) with view access; never the lead firm itself."""
    return user.enterprise_id is None and user.has_perm("chains.view_chain", chain)


@login_required
def chain_needs(request, uscc: str):
    chain = get_chain(request.user, uscc)
    form = NeedsFilterForm(request.GET)
    choice = form.values()
    now = timezone.now()
    show_text = reads_text(request.user, chain)
    with scopes_disabled():   # members sit in many towns and counties
        tiers = dict(ChainMember.objects.filter(chain=chain).values_list("enterprise_id", "tier"))
        tickets = queries.chain_needs(list(tiers))
        if choice["category"]:
            tickets = tickets.filter(category=choice["category"])
        if choice["status"]:
            tickets = tickets.filter(status=choice["status"])
        if choice["sort"] == "created":
            tickets = tickets.order_by("created_at", "id")
        if request.GET.get("export") == "xlsx":
            return _export(chain, list(tickets), tiers, now, show_text)
        page = page_of(request, tickets)
        rows = [_row(t, tiers, now, show_text, request.user) for t in page.object_list]
    return render(request, "helpdesk/chain_needs.html", {
        "chain": chain, "tab": "needs", "form": form, "page": page, "rows": rows, "show_text": show_text,
        "query": query_without_page(request)})


def _row(ticket, tiers, now, show_text: bool, user) -> dict:
    row = {"pk": ticket.pk, "member": ticket.enterprise.name, "tier": tiers.get(ticket.enterprise_id),
           "town": ticket.town.name, "category": ticket.get_category_display(),
           "status": ticket.get_status_display(), "status_code": ticket.status, "age": age(ticket.created_at, now),
           "created_at": ticket.created_at}
    if show_text:
        row["text"] = ticket.text
        row["linkable"] = user.has_perm("helpdesk.view_ticket", ticket)
    return row


def _export(chain, tickets, tiers, now, show_text: bool):
    headers = [_("Supplier"), _("Tier"), _("Town"), _("Category"), _("Status"), _("Open for")]
    if show_text:
        headers += [_("Ticket"), _("Problem")]
    rows = []
    for t in tickets:
        row = [t.enterprise.name, tiers.get(t.enterprise_id), t.town.name, t.get_category_display(),
               t.get_status_display(), age(t.created_at, now)]
        rows.append(row + [t.pk, t.text] if show_text else row)
    return xlsx_response(f"needs-{chain.lead.uscc}.xlsx", headers, rows, sheet_name=_("Needs"))
