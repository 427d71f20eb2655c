"""Prevention supplies pages: a firm's ledger (stock, days of cover, transfers
in and out), the lead firm's transfer form, and a lead firm's guides.

A firm outside the viewer's scope is 404, as everywhere. Guides are read by
members of the lead's chain, who sit outside the lead's scope: the chain is
found unscoped and ``restart.read_guides`` decides; whoever may not read it
and cannot see the chain anyway gets 404, so its existence is not revealed."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain
from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of
from lianfu.registry.models import Enterprise
from lianfu.restart.domain.supplies import (
    acts_for_lead,
    guide_path,
    share_guide,
    transfer_supplies,
    update_supplies,
)
from lianfu.restart.errors import Conflict, WorkflowError
from lianfu.restart.models import PreventionGuide
from lianfu.restart.supplies import reads
from lianfu.restart.supplies.forms import GuideForm, LedgerForm, TransferForm

PAGE_SIZE = 50


def _enterprise(request, uscc: str, perm: str) -> Enterprise:
    enterprise = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    if not request.user.has_perm(perm, enterprise):
        raise PermissionDenied
    return enterprise


def _ledger_form(stock, data=None) -> LedgerForm:
    ledger = stock.ledger
    return LedgerForm(data, initial={"masks": ledger.masks, "thermometers": ledger.thermometers,
                                     "disinfectant_litres": ledger.disinfectant_litres, "version": ledger.version})


def _save_stock(request, enterprise, form):
    """Save, or the form again with why not. After a 409 the typed values stay
    and the form carries the current version: saving again is a choice made
    with the new figures on screen."""
    try:
        update_supplies(actor=request.user, enterprise=enterprise, **form.cleaned_data)
    except WorkflowError as error:
        if isinstance(error, Conflict):
            data = request.POST.copy()
            data["version"] = str(reads.stock_of(enterprise).ledger.version)
            form = LedgerForm(data)
            form.is_valid()
        form.add_error(None, error.message)
        return form, error.status
    messages.success(request, _("Stock saved."))
    return None, 302


@login_required
def ledger(request, uscc: str):
    enterprise = _enterprise(request, uscc, "restart.view_progress")
    can_edit = request.user.has_perm("restart.manage_supplies", enterprise)
    direction = request.GET.get("direction", "") if request.GET.get("direction") in ("in", "out") else ""
    sort = request.GET.get("sort", "-sent_at")
    rows = reads.transfers_of(enterprise, direction=direction, sort=sort)
    if request.GET.get("export") == "xlsx":
        return _transfers_xlsx(enterprise, rows)
    form, status = _ledger_form(reads.stock_of(enterprise)), 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = LedgerForm(request.POST)
        if form.is_valid():
            form, status = _save_stock(request, enterprise, form)
            if form is None:
                return redirect("restart:supplies", uscc=uscc)
    own = request.user.enterprise_id == enterprise.pk
    with scopes_disabled():
        leads = Chain.objects.filter(lead=enterprise).exists()
    return render(request, "restart/supplies.html", {
        "enterprise": enterprise, "stock": reads.stock_of(enterprise), "form": form, "can_edit": can_edit,
        "can_send": leads and acts_for_lead(request.user, enterprise),
        "guide_leads": reads.lead_chains_of(enterprise) if own else [], "direction": direction, "sort": sort,
        "page": page_of(request, rows, PAGE_SIZE),
        "query": urlencode({k: v for k, v in (("direction", direction), ("sort", sort)) if v}),
    }, status=status)


def _transfers_xlsx(enterprise, rows):
    headers = [_("Sent at"), _("Direction"), _("Enterprise"), _("Credit code"), _("Masks"), _("Thermometers"),
               _("Disinfectant (litres)")]
    lines = ([r.transfer.sent_at, _("Received") if r.incoming else _("Sent"), r.counterpart.name,
              r.counterpart.uscc, r.transfer.masks, r.transfer.thermometers, r.transfer.disinfectant_litres]
             for r in rows)
    return xlsx_response(f"supplies-transfers-{enterprise.uscc}.xlsx", headers, lines,
                         sheet_name=_("Supplies transfers"), title=enterprise.name)


@login_required
def transfer(request, uscc: str):
    """The lead firm sends supplies to one member of its chain."""
    lead = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    if not acts_for_lead(request.user, lead):
        raise PermissionDenied
    with scopes_disabled():
        chain = Chain.objects.filter(lead=lead).first()
    members = reads.chain_members_for_transfer(chain) if chain else []
    form, status = TransferForm(request.POST or None, members=members), 200
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        with scopes_disabled():
            supplier = Enterprise.objects.get(pk=values.pop("supplier"))
        try:
            transfer_supplies(actor=request.user, lead=lead, supplier=supplier, **values)
        except WorkflowError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Supplies sent to %(name)s.") % {"name": supplier.name})
            return redirect("restart:supplies", uscc=uscc)
    return render(request, "restart/supplies_transfer.html", {
        "lead": lead, "chain": chain, "stock": reads.stock_of(lead), "form": form}, status=status)


def _guide_chain(request, uscc: str) -> Chain:
    with scopes_disabled():
        chain = Chain.objects.select_related("lead", "lead__division").filter(lead__uscc=uscc).first()
    if chain is None:
        raise Http404
    if not request.user.has_perm("restart.read_guides", chain):
        if Chain.objects.filter(pk=chain.pk).exists():    # in the viewer's scope: the role is wrong
            raise PermissionDenied
        raise Http404
    return chain


@login_required
def guides(request, uscc: str):
    chain = _guide_chain(request, uscc)
    can_share = acts_for_lead(request.user, chain.lead)
    form, status = GuideForm(request.POST or None, request.FILES or None), 200
    if request.method == "POST":
        if not can_share:
            raise PermissionDenied
        if form.is_valid():
            try:
                guide = share_guide(actor=request.user, lead=chain.lead, upload=form.cleaned_data["file"],
                                    title=form.cleaned_data["title"])
            except WorkflowError as error:
                form.add_error("file", error.message)
                status = error.status
            else:
                messages.success(request, _("%(title)s shared with your chain.") % {"title": guide.title})
                return redirect("restart:guides", uscc=uscc)
    return render(request, "restart/guides.html", {
        "chain": chain, "guides": reads.guides_of(chain.lead), "form": form, "can_share": can_share,
        "can_import": request.user.has_perm("chains.import_suppliers", chain),
        "show_chain_nav": request.user.has_perm("chains.view_chain", chain),
    }, status=status)


@login_required
def guide_download(request, uscc: str, pk: int):
    chain = _guide_chain(request, uscc)
    with scopes_disabled():
        guide = get_object_or_404(PreventionGuide, pk=pk, lead=chain.lead)
    path = guide_path(guide)
    if not path.is_file():
        raise Http404
    # An attachment, never shown inline: the PDF comes from a firm, not from us.
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{guide.title}.pdf",
                        content_type="application/pdf")
