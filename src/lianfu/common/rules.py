import rules

from lianfu.common.predicates import is_administrator, is_county_officer, is_officer

# The audit trail of a jurisdiction: for its officers and administrators.
rules.add_perm("common.view_activity", is_administrator | is_officer)

# China's working days (the State Council's schedule, the same for every county)
# are entered by the county bureau or an administrator.
rules.add_perm("common.edit_work_calendar", is_administrator | is_county_officer)
