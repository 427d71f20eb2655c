"""同步复工: the firm confirms its restart; a county officer may let it restart
early (an override, with the reason on record)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianfu.registry.stages import STAGE_ORDER, Stage
from lianfu.restart import domain
from lianfu.restart.errors import WorkflowError
from lianfu.restart.forms import OverrideForm, RestartForm
from lianfu.restart.models import RestartConfirmation, RestartOverride
from lianfu.restart.views._base import enterprise_context, enterprise_for, refused


def restart_state(enterprise) -> dict:
    """Whether the firm may confirm now, and why not (the same rule as the domain)."""
    context = enterprise_context(enterprise)
    override = RestartOverride.objects.filter(enterprise=enterprise).select_related("granted_by").first()
    confirmation = RestartConfirmation.objects.filter(enterprise=enterprise).first()
    ready = STAGE_ORDER[context["stage"]] >= STAGE_ORDER[Stage.PREVENTION_PASSED]
    return {**context, "override": override, "confirmation": confirmation,
            "may_confirm": confirmation is None and (ready or override is not None)}


@login_required
def confirm(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.confirm_restart")
    context = restart_state(enterprise)
    form = RestartForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            domain.confirm_restart(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except WorkflowError as error:
            return refused(request, "restart/confirm.html", context, error)
        messages.success(request, _("Restart confirmed. Welcome back to work."))
        return redirect("home")
    return render(request, "restart/confirm.html", context)


@login_required
def override(request, uscc: str):
    enterprise = enterprise_for(request.user, uscc, "restart.grant_override")
    context = restart_state(enterprise)
    form = OverrideForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            domain.grant_override(actor=request.user, enterprise=enterprise, reason=form.cleaned_data["reason"])
        except WorkflowError as error:
            return refused(request, "restart/override.html", context, error)
        messages.success(request, _("%(name)s may now confirm its restart.") % {"name": enterprise.name})
        return redirect("restart:override", uscc=enterprise.uscc)
    return render(request, "restart/override.html", context)
