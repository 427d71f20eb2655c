import rules

from lianfu.common.predicates import (
    is_administrator,
    is_county_officer,
    is_officer,
    is_own_county,
    is_own_enterprise,
    looks_after,
    within_reach,
)

rules.add_perm("registry.view_enterprise", is_administrator | within_reach)
rules.add_perm("registry.add_enterprise", is_administrator | is_officer)
rules.add_perm("registry.change_enterprise", is_administrator | (is_officer & within_reach) | is_own_enterprise)
rules.add_perm("registry.import_enterprises", is_administrator | is_county_officer)
# Seeing a contact's full phone number is logged every time it happens.
rules.add_perm(
    "registry.reveal_contact",
    is_administrator | (is_officer & within_reach) | looks_after | is_own_enterprise,
)
# Old town names steer every import of the county: its own officers keep them.
rules.add_perm("registry.manage_town_aliases", (is_county_officer & is_own_county) | is_administrator)
