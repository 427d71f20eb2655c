"""The county's old town names: list, add, delete (every change is logged)."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.roles import Role
from lianfu.common.workflow import require
from lianfu.registry import divisions, domain
from lianfu.registry.forms import TownAliasForm
from lianfu.registry.models import Division, TownAlias


def _county(user) -> Division:
    """A county officer keeps their own county's aliases; an administrator the
    home county's (other counties in the Django admin)."""
    if user.role == Role.COUNTY_OFFICER:
        return user.division
    return divisions.by_code(settings.LIANFU_HOME_COUNTY)


def _managed_county(request) -> Division:
    county = _county(request.user)
    require(request.user, "registry.manage_town_aliases", county)
    return county


@login_required
def town_aliases(request):
    county = _managed_county(request)
    form = TownAliasForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            alias = domain.add_town_alias(actor=request.user, county=county, **form.alias_fields())
        except ValidationError as error:  # the per-county uniqueness, which the form cannot see
            form.add_error(None, error)
        else:
            messages.success(request, _("Added: %(old)s is now read as %(town)s.") % {
                "old": alias.old_name or alias.old_code, "town": alias.division.name})
            return redirect("registry:town_aliases")
    aliases = TownAlias.objects.filter(county=county).select_related("division", "created_by")
    return render(request, "registry/town_aliases.html", {"county": county, "form": form, "aliases": aliases})


@login_required
@require_POST
def delete_town_alias(request, pk: int):
    county = _managed_county(request)
    # Another county's alias is simply not found here.
    alias = get_object_or_404(TownAlias, pk=pk, county=county)
    domain.delete_town_alias(actor=request.user, alias=alias)
    messages.success(request, _("Deleted: %(old)s.") % {"old": alias.old_name or alias.old_code})
    return redirect("registry:town_aliases")
