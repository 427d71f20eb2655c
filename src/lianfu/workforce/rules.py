"""Who may see and change workforce records: the labour bureau its county's
workers, an enterprise its own employees, nobody else (a town officer's reach
covers the firms of the town, not the people who work there)."""
import rules

from lianfu.common.predicates import has_role, is_administrator, is_enterprise_user, is_own_enterprise, within_reach
from lianfu.common.roles import Role

is_labour_officer = has_role(Role.LABOUR_OFFICER)

# Worker lists (the scoped manager then limits rows to the user's reach).
rules.add_perm("workforce.view_workers", is_administrator | is_labour_officer | is_enterprise_user)
rules.add_perm("workforce.import_workers", is_administrator | is_labour_officer)
# Opening a worker's sealed ID number, phone and address; logged every time.
rules.add_perm("workforce.reveal_worker", is_administrator | is_labour_officer)
# Deciding about a worker a full roster no longer lists; setting states by hand.
rules.add_perm("workforce.change_worker", is_administrator | is_labour_officer)
# Planning charter trips, and marking their departures and arrivals.
rules.add_perm("workforce.manage_trips", is_administrator | is_labour_officer)

# The county's list of origin risk levels (the three-colour map) and the origin
# map itself: the labour bureau's; the list is kept per county (risk_changes.py).
rules.add_perm("workforce.manage_risk", is_administrator | is_labour_officer)
rules.add_perm("workforce.view_origin_map", is_administrator | is_labour_officer)
# Open positions: the county's overview is the labour bureau's; a firm enters and
# closes its own, and a labour officer may do it for a firm of the county.
rules.add_perm("workforce.view_positions", is_administrator | is_labour_officer)
rules.add_perm("workforce.change_positions",
               is_administrator | (is_labour_officer & within_reach) | is_own_enterprise)
