"""The county bureau edits its prevention checklist (the firms' self-checks and
the towns' inspections read it)."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianfu.common.roles import Role
from lianfu.common.workflow import require
from lianfu.registry import divisions
from lianfu.restart.checklists import county_items
from lianfu.restart.domain.checklists import update_checklist
from lianfu.restart.forms import row_forms


def _county(user):
    if user.role == Role.COUNTY_OFFICER:
        return user.division
    return divisions.by_code(settings.LIANFU_HOME_COUNTY)


@login_required
def edit_checklist(request):
    county = _county(request.user)
    require(request.user, "restart.edit_checklist", county)
    items = sorted(county_items(county.code), key=lambda item: (item.order, item.code))
    forms = row_forms(items, request.POST if request.method == "POST" else None)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        rows = [row for row in (form.row() for form in forms) if row]
        codes = [row["code"] for row in rows]
        if len(codes) != len(set(codes)):
            messages.error(request, _("Two items have the same code: give each its own."))
        else:
            changed = update_checklist(actor=request.user, county=county, rows=rows)
            messages.success(request, _("Checklist saved: %(n)d items changed.") % {"n": changed})
            return redirect("restart:edit_checklist")
    return render(request, "restart/checklist_edit.html", {"county": county, "forms": forms})
