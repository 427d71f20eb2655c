"""Who may see and change workforce records: the labour bureau its county's
workers, an enterprise its own employees, nobody else (a town officer's reach
covers the firms of the town, not the people who work there)."""
import rules

from lianfu.common.predicates import has_role, is_administrator, is_enterprise_user
from lianfu.common.roles import Role

is_labour_officer = has_role(Role.LABOUR_OFFICER)

# Worker lists (the scoped manager then limits rows to the user's reach).
rules.add_perm("workforce.view_workers", is_administrator | is_labour_officer | is_enterprise_user)
rules.add_perm("workforce.import_workers", is_administrator | is_labour_officer)
# Opening a worker's sealed ID number, phone and address; logged every time.
rules.add_perm("workforce.reveal_worker", is_administrator | is_labour_officer)
# Deciding about a worker a full roster no longer lists; setting states by hand.
rules.add_perm("workforce.change_worker", is_administrator | is_labour_officer)
