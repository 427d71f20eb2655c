"""Finding the chain (or county) a request is about, or refusing.

A chain outside the viewer's scope is simply not found (404, as for any scoped
record); one inside it that the viewer's role may not open is 403."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain
from lianfu.chains.tree import TreeView
from lianfu.common.roles import OFFICER_ROLES, Role
from lianfu.common.scoping import reach_checker
from lianfu.registry import divisions
from lianfu.registry.models import Division


def get_chain(user, uscc: str, perm: str = "chains.view_chain") -> Chain:
    chain = get_object_or_404(Chain.objects.select_related("lead", "lead__division"), lead__uscc=uscc)
    if not user.has_perm(perm, chain):
        raise PermissionDenied
    return chain


def own_chain_or_memberships(user, chain_page: str):
    """Where an enterprise user goes from a county-wide chain list it may not
    read: its own chain's ``chain_page`` if it leads one, else its memberships."""
    if user.enterprise_id is None:
        raise PermissionDenied
    with scopes_disabled():
        leads = Chain.objects.filter(lead_id=user.enterprise_id).exists()
    return redirect(chain_page, uscc=user.enterprise.uscc) if leads else redirect("chains:memberships")


def hand_off_county(user) -> Division:
    """The county whose hand-offs the user manages: their own (county officer),
    or the home county (administrator)."""
    if not user.has_perm("chains.manage_hand_offs"):
        raise PermissionDenied
    if user.role == Role.COUNTY_OFFICER:
        return user.division
    return divisions.by_code(settings.LIANFU_HOME_COUNTY)


def home_county_code(chain: Chain) -> str:
    return (chain.lead.division_id or settings.LIANFU_HOME_COUNTY)[:6]


def tree_view_for(user) -> TreeView:
    """Officers read every link's stock days; a firm only its own purchases."""
    officer = user.is_superuser or user.role in (*OFFICER_ROLES, Role.LIAISON_OFFICER, Role.ADMINISTRATOR)
    return TreeView(sees_all_stock=officer, own_enterprise_id=user.enterprise_id,
                    reaches=reach_checker(user))
