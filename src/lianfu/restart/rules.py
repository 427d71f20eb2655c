"""Who may take which four-sync step. Objects are the Enterprise concerned."""
import rules
from django_scopes import scopes_disabled

from lianfu.chains.models import ChainMember
from lianfu.chains.rules import is_own_lead, lead_within_reach
from lianfu.common.predicates import (
    is_administrator,
    is_county_officer,
    is_liaison_officer,
    is_officer,
    is_own_county,
    is_own_enterprise,
    looks_after,
    within_reach,
)
from lianfu.common.roles import Role

# Surveys: the firm itself, its own liaison officer or an officer on its behalf
# (another liaison officer of the town reads the firm's progress only).
rules.add_perm("restart.record_survey", is_own_enterprise | (is_officer & within_reach) | looks_after
               | is_administrator)
rules.add_perm("restart.file", is_own_enterprise | is_administrator)
# Reviewing filings: the county bureau, or the enterprise's own town.
rules.add_perm("restart.review_filing", (is_officer & within_reach) | is_administrator)
rules.add_perm("restart.self_check", is_own_enterprise | is_administrator)
rules.add_perm("restart.inspect", (is_officer & within_reach) | is_administrator)
rules.add_perm("restart.confirm_restart", is_own_enterprise | is_administrator)
rules.add_perm("restart.grant_override", (is_county_officer & within_reach) | is_administrator)
rules.add_perm("restart.view_progress", is_own_enterprise | ((is_officer | is_liaison_officer) & within_reach)
               | is_administrator)
# The jurisdiction's work lists (review queue, inspections due) have no object:
# their rows are already limited to the officer's scope.
rules.add_perm("restart.view_review_queue", is_officer | is_administrator)
rules.add_perm("restart.view_inspections_due", is_officer | is_administrator)


# Prevention supplies and guides (restart/domain/supplies.py). A firm keeps its
# own ledger; officers of its jurisdiction read it (restart.view_progress).
rules.add_perm("restart.manage_supplies", is_own_enterprise | is_administrator)
# Sharing supplies or a guide with the chain is the lead firm's own act.
rules.add_perm("restart.share_with_chain", is_own_enterprise)


@rules.predicate
def is_chain_member(user, chain) -> bool:
    """The user's firm supplies this chain (members sit outside the lead's scope)."""
    if chain is None or not user.is_authenticated or user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        return False
    with scopes_disabled():
        return ChainMember.objects.filter(chain=chain, enterprise_id=user.enterprise_id).exists()


# A lead's prevention guides: the lead, every member of its chain, officers of the lead's jurisdiction.
rules.add_perm("restart.read_guides", is_administrator | is_own_lead | is_chain_member
               | ((is_officer | is_liaison_officer) & lead_within_reach))


# The county bureau edits its own county's prevention checklist.
rules.add_perm("restart.edit_checklist", (is_county_officer & is_own_county) | is_administrator)
