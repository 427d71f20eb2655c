"""Who may do what with chains. The object is the lead firm's Enterprise or its
Chain (whose ``lead`` is used). Reaching a chain's page at all is decided first
by the scoped managers (a chain outside the viewer's scope is a 404)."""
import rules

from lianfu.common.predicates import (
    is_administrator,
    is_county_officer,
    is_enterprise_user,
    is_liaison_officer,
    is_officer,
    is_own_enterprise,
    within_reach,
)


def _lead(obj):
    return getattr(obj, "lead", obj)


@rules.predicate
def lead_within_reach(user, obj) -> bool:
    return obj is not None and within_reach(user, _lead(obj))


@rules.predicate
def is_own_lead(user, obj) -> bool:
    return obj is not None and is_own_enterprise(user, _lead(obj))


# Officers (and liaison officers) of the lead's jurisdiction see the whole tree
# at stage level; the lead firm sees its own. Department and labour staff work
# on tickets and workers, not chains.
rules.add_perm("chains.view_chain", is_administrator | ((is_officer | is_liaison_officer) & lead_within_reach)
               | is_own_lead)
# A supplier list is the lead firm's own declaration; officers of its
# jurisdiction may load it on the firm's behalf.
rules.add_perm("chains.import_suppliers", is_administrator | (is_officer & lead_within_reach) | is_own_lead)
rules.add_perm("chains.list_chains", is_administrator | is_officer | is_liaison_officer)
rules.add_perm("chains.view_memberships", is_enterprise_user)
# Handing suppliers to other counties is the county bureau's job.
rules.add_perm("chains.manage_hand_offs", is_administrator | is_county_officer)
# The engine's county-wide answers ("restart first") are the county bureau's.
rules.add_perm("chains.run_engine", is_administrator | is_county_officer)
