"""The county's assignment rules page: every rule in one form. A saved change
takes effect with the next proposal (the current assignment stays as it is)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lianfu.liaison.demand import rules_of
from lianfu.liaison.forms import RulesForm
from lianfu.registry.divisions import county_of_user


@login_required
@permission_required("liaison.manage_assignment", raise_exception=True)
def rules(request):
    county = county_of_user(request.user)
    if county is None:
        raise Http404
    form = RulesForm(request.POST or None, rules=rules_of(county))
    if request.method == "POST" and form.is_valid():
        changed = form.save(actor=request.user, county=county)
        if changed:
            messages.success(request, _("Rules saved. The current assignment does not change by itself: propose "
                                        "a new assignment and apply it for the rules to take effect."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("liaison:rules")
    return render(request, "liaison/rules.html", {"form": form, "county": county})
