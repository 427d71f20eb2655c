"""Open positions: a firm's own page (phone first: enter, change, close), and
the county's overview for the labour bureau (by town and by firm, with the
firms' on-duty rate) with its Excel exports."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.exports import xlsx_response
from lianfu.common.roles import Role
from lianfu.registry.models import Enterprise
from lianfu.workforce import positions as domain
from lianfu.workforce.forms_origins import MapDayForm, PositionForm
from lianfu.workforce.models import OpenPosition
from lianfu.workforce.onduty import OnDuty

CLOSED_SHOWN = 20


def _may_change(user, enterprise: Enterprise) -> None:
    if not user.has_perm("workforce.change_positions", enterprise):
        raise PermissionDenied


def _apply_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def my_positions(request):
    """The navigation's "Open positions": a firm's own page, or the county's overview."""
    if request.user.role == Role.ENTERPRISE_USER and request.user.enterprise_id:
        return redirect("workforce:firm_positions", uscc=request.user.enterprise.uscc)
    if request.user.has_perm("workforce.view_positions"):
        return redirect("workforce:positions")
    raise PermissionDenied


@login_required
def firm_positions(request, uscc: str):
    # Scoped: another firm, or a firm of another county, is a plain 404.
    enterprise = get_object_or_404(Enterprise.objects.select_related("division"), uscc=uscc)
    _may_change(request.user, enterprise)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position = domain.open_position(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added: %(title)s × %(count)s.") % {"title": position.title,
                                                                             "count": position.count})
            return redirect("workforce:firm_positions", uscc=uscc)
    mine = OpenPosition.objects.filter(enterprise=enterprise).select_related("created_by")
    return render(request, "workforce/firm_positions.html", {
        "enterprise": enterprise, "form": form,
        "open": mine.filter(closed_on__isnull=True).order_by("-opened_on", "-id"),
        "closed": mine.filter(closed_on__isnull=False).order_by("-closed_on", "-id")[:CLOSED_SHOWN],
        "overview": request.user.has_perm("workforce.view_positions"),
    }, status=400 if form.errors else 200)


def _position(request, pk: int) -> OpenPosition:
    position = get_object_or_404(OpenPosition.objects.select_related("enterprise"), pk=pk)
    _may_change(request.user, position.enterprise)
    return position


@login_required
def position_edit(request, pk: int):
    position = _position(request, pk)
    form = PositionForm(request.POST or None, initial={"title": position.title, "count": position.count,
                                                       "note": position.note})
    if request.method == "POST" and form.is_valid():
        try:
            changed = domain.change_position(actor=request.user, position=position, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("workforce:firm_positions", uscc=position.enterprise.uscc)
    return render(request, "workforce/position_edit.html", {"position": position, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def position_close(request, pk: int):
    position = _position(request, pk)
    try:
        domain.close_position(actor=request.user, position=position)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Closed: %(title)s.") % {"title": position.title})
    return redirect("workforce:firm_positions", uscc=position.enterprise.uscc)


def _to_firm(request, text: str):
    """The officer's "enter positions for a firm": its page, found by credit code or exact name (scoped)."""
    found = Enterprise.objects.filter(Q(uscc=text.upper()) | Q(name=text)).values_list("uscc", flat=True)[:2]
    if len(found) == 1:
        return redirect("workforce:firm_positions", uscc=found[0])
    messages.error(request, _("No firm of yours has the credit code or name 「%(text)s」.") % {"text": text})
    return redirect("workforce:positions")


def rate_cell(figure: OnDuty | None):
    return "" if figure is None or figure.rate is None else figure.rate


@login_required
@permission_required("workforce.view_positions", raise_exception=True)
def positions(request):
    firm = request.GET.get("firm", "").strip()
    if firm:
        return _to_firm(request, firm)
    form = MapDayForm(request.GET or None)
    openings = domain.openings_on(form.day_or_today())     # scoped: the county's firms
    export = request.GET.get("export")
    if export == "xlsx":
        headers = [_("Enterprise"), _("Credit code"), _("Town"), _("Positions"), _("Openings"), _("On duty"),
                   _("Headcount"), _("On-duty rate %")]
        rows = ([f.name, f.uscc, f.town, "；".join(f.titles), f.openings, f.on_duty.on_duty if f.on_duty else "",
                 f.on_duty.headcount if f.on_duty else "", rate_cell(f.on_duty)] for f in openings.firms)
        return xlsx_response(f"open-positions-{openings.day.isoformat()}.xlsx", headers, rows,
                             sheet_name=_("Open positions"))
    if export == "towns":
        headers = [_("Town"), _("Firms hiring"), _("Openings"), _("On-duty rate %")]
        rows = ([t.name, t.firms, t.openings, rate_cell(t.on_duty)] for t in openings.towns)
        return xlsx_response(f"open-positions-by-town-{openings.day.isoformat()}.xlsx", headers, rows,
                             sheet_name=_("By town"))
    return render(request, "workforce/positions.html", {"form": form, "openings": openings})
