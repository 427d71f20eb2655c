"""The county's routing table: which department owns a category."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.helpdesk.enums import Category
from lianfu.helpdesk.models import CategoryRoute


def check_route(county, category: str, department) -> None:
    """A ValidationError naming the field unless the row can be stored: a
    category we know, and a department of that very county (another county's
    department would receive tickets its staff cannot even see)."""
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category “%(code)s”.") % {"code": category}})
    if department is not None and department.county_id != county.code:
        raise ValidationError({"department": _("%(department)s is not a department of %(county)s.")
                               % {"department": department, "county": county}})


def set_category_route(*, actor, county, category: str, department) -> CategoryRoute:
    """Route ``category`` in ``county`` to ``department`` (None: the town
    triages it) from now on; tickets already routed stay where they are."""
    if not actor.has_perm("helpdesk.edit_routing", county):
        raise PermissionDenied("helpdesk.edit_routing")
    check_route(county, category, department)
    with transaction.atomic():
        route, _created = CategoryRoute.objects.update_or_create(
            county=county, category=category, defaults={"department": department})
        log_activity(actor=actor, action="helpdesk.route_set", subject=route, division_code=county.code,
                     category=category, department=department.code if department else None)
    return route
