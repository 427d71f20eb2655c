"""The county's channels: its group robots per division (kind, name, masked
webhook, on or off, their last delivery), adding one, the latest messages to
them, and the county's defaults per role. County officers of the county and
administrators (the home county) change them; a town officer reads the robots
of their own town (rules.py)."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from lianfu.common.workflow import require
from lianfu.messaging.forms import COUNTY_ROLES, RobotForm, RoleDefaultForm
from lianfu.messaging.models import RoleDefault
from lianfu.messaging.preference_changes import save_role_default
from lianfu.messaging.preferences import BUILT_IN
from lianfu.messaging.queries import (
    county_of_page,
    divisions_in_reach,
    recent_deliveries_to,
    robots_of,
    with_last_state_labels,
)
from lianfu.messaging.robots import add_robot


def _county(request):
    county = county_of_page(request.user)
    if county is None:
        raise Http404
    return county


def _default_forms(request, county, bound: RoleDefaultForm | None = None) -> list[tuple]:
    """(role label, form, the stored row or None) for each role of a county."""
    with scopes_disabled():  # the county's rows by their key; the page's rules said who may see them
        stored = {d.role: d for d in RoleDefault.objects.filter(county=county).select_related("updated_by")}
    rows = []
    for role, label in COUNTY_ROLES:
        if bound is not None and bound.initial["role"] == role:
            form = bound
        else:
            row = stored.get(role)
            values = ({"email": row.email, "sms": row.sms, "mode": row.mode} if row is not None
                      else {field: BUILT_IN[field] for field in ("email", "sms", "mode")})
            form = RoleDefaultForm(role=role, initial={"role": role, **values})
        rows.append((label, form, stored.get(role)))
    return rows


def _page(request, county, *, robot_form: RobotForm | None = None, default_form: RoleDefaultForm | None = None):
    user = request.user
    divisions = divisions_in_reach(user, county)
    robots = with_last_state_labels(list(robots_of(county)))
    with_robots = {robot.division_id for robot in robots}
    can_manage = user.has_perm("messaging.manage_channels")
    can_set_defaults = user.has_perm("messaging.set_role_defaults", county)
    return render(request, "messaging/channels.html", {
        "county": county, "robots": robots, "can_manage": can_manage, "can_set_defaults": can_set_defaults,
        "without_robot": [d for d in divisions if d.code not in with_robots],
        "recent": recent_deliveries_to([robot.pk for robot in robots]),
        "highlight": request.GET.get("delivery", ""),
        "robot_form": (robot_form or RobotForm(divisions=divisions)) if can_manage else None,
        "defaults": _default_forms(request, county, default_form) if can_set_defaults else [],
        "site_url": settings.LIANFU_SITE_URL.rstrip("/"),   # DingTalk's message address for a robot
    })


@login_required
@permission_required("messaging.view_channels", raise_exception=True)
def channels(request):
    county = _county(request)
    if request.method != "POST":
        return _page(request, county)
    require(request.user, "messaging.manage_channels")
    form = RobotForm(request.POST, divisions=divisions_in_reach(request.user, county))
    if form.is_valid():
        try:
            robot = add_robot(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added the group robot %(name)s. Send it a test message to check it.")
                             % {"name": robot.name})
            return redirect(reverse("messaging:channels") + f"#robot-{robot.pk}")
    return _page(request, county, robot_form=form)


@login_required
@require_POST
def role_default(request):
    county = _county(request)
    require(request.user, "messaging.set_role_defaults", county)
    role = request.POST.get("role", "")
    if role not in dict(COUNTY_ROLES):
        raise Http404
    form = RoleDefaultForm(request.POST, role=role, initial={"role": role})
    if form.is_valid():
        data = form.cleaned_data
        try:
            save_role_default(actor=request.user, county=county, role=role, email=data["email"], sms=data["sms"],
                              mode=data["mode"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved the default for %(role)s.") % {"role": dict(COUNTY_ROLES)[role]})
            return redirect(reverse("messaging:channels") + "#role-defaults")
    return _page(request, county, default_form=form)
