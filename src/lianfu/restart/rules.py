"""Who may take which four-sync step. Objects are the Enterprise concerned."""
import rules

from lianfu.accounts.rules import (
    is_administrator, is_county_officer, is_liaison_officer, is_officer, is_own_enterprise, within_reach,
)

# Surveys: the firm itself or the liaison officer (or an officer) on its behalf.
rules.add_perm("restart.record_survey", is_own_enterprise | ((is_officer | is_liaison_officer) & within_reach)
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
