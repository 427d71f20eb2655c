"""Who reads the county's figures: the county's officers and administrators
(the whole county), a town officer (their town)."""
import rules

from lianfu.common.predicates import is_administrator, is_county_officer, is_town_officer

rules.add_perm("dashboard.view_overview", is_administrator | is_county_officer | is_town_officer)
