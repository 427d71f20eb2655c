"""The county's hand-off lists: outside suppliers of its chains, one list per
outside county, to send (Excel) and to mark sent or confirmed restarted."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from lianfu.chains import domain, exports, queries
from lianfu.chains.access import hand_off_county
from lianfu.chains.enums import HandOffStatus
from lianfu.registry.models import Enterprise

UNKNOWN = "unknown"  # the URL code of the group whose county nobody could tell


def _group(county, code: str):
    code = "" if code == UNKNOWN else code
    group = next((g for g in queries.hand_off_groups(county.code[:6]) if g.county_code == code), None)
    if group is None:
        raise Http404
    return group


@login_required
def hand_offs(request):
    return _hand_offs_page(request)


def _hand_offs_page(request):
    county = hand_off_county(request.user)
    groups = queries.hand_off_groups(county.code[:6])
    return render(request, "chains/hand_offs.html", {"county": county, "groups": groups, "Status": HandOffStatus})


@login_required
def hand_off_export(request, code: str):
    return exports.hand_off_xlsx(_group(hand_off_county(request.user), code))


@login_required
@require_POST
def hand_off_sent(request, code: str):
    county = hand_off_county(request.user)
    group = _group(county, code)
    count = domain.mark_hand_offs_sent(actor=request.user, county=county, to_county_code=code,
                                       supplier_ids=[r.member.enterprise_id for r in group.rows])
    messages.success(request, _("%(n)d suppliers marked as sent to %(county)s.") % {"n": count, "county": group.county})
    return redirect("chains:hand_offs")


@login_required
@require_POST
def hand_off_confirm(request, code: str, uscc: str):
    county = hand_off_county(request.user)
    row = next((r for r in _group(county, code).rows if r.member.uscc == uscc), None)
    if row is None:
        raise Http404
    with scopes_disabled():
        supplier = get_object_or_404(Enterprise, uscc=uscc)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(_("The form was incomplete; reload the page."), status=400)
    try:
        domain.confirm_hand_off(actor=request.user, county=county, supplier=supplier, to_county_code=code,
                                version=version, note=request.POST.get("note", ""))
    except domain.StaleVersion:
        messages.error(request, _("Someone changed %(name)s meanwhile; here is the current state.") % {
            "name": supplier.name})
        response = _hand_offs_page(request)
        response.status_code = 409
        return response
    messages.success(request, _("%(name)s confirmed restarted.") % {"name": supplier.name})
    return redirect("chains:hand_offs")
