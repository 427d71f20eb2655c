"""Who may do what in the helpdesk."""
import rules

from lianfu.accounts.rules import is_administrator, is_officer

# Dispatching is the county's and the towns' triage work; a correction changes
# what the classifier learns for everyone, so no department or firm makes one.
rules.add_perm("helpdesk.correct_classification", is_officer | is_administrator)
