import rules

from lianfu.accounts.rules import is_administrator, is_officer

# The audit trail of a jurisdiction: for its officers and administrators.
rules.add_perm("common.view_activity", is_administrator | is_officer)
