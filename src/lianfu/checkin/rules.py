"""Who sees and runs workplace codes: a firm its own places, a town officer the
places of the town (and may add office buildings there), the county all of
them; health officials (staff of the county's health department) set health
statuses, each in force only once a second official approves it."""
import rules

from lianfu.common.predicates import (
    is_administrator,
    is_county_officer,
    is_enterprise_user,
    is_town_officer,
)
from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix

HEALTH_DEPARTMENT = "health"


@rules.predicate
def is_health_official(user) -> bool:
    return (user.is_authenticated and user.role == Role.DEPARTMENT_STAFF and user.department_id is not None
            and user.department.code == HEALTH_DEPARTMENT)


@rules.predicate
def place_in_reach(user, place) -> bool:
    """A firm's own place; a place of the officer's division (town or county)."""
    if place is None or not user.is_authenticated:
        return False
    if user.role == Role.ENTERPRISE_USER:
        return place.enterprise_id is not None and place.enterprise_id == user.enterprise_id
    if user.role in (Role.TOWN_OFFICER, Role.COUNTY_OFFICER):
        return (place.division_id or "").startswith(code_prefix(user.division_id or "-"))
    return False


rules.add_perm("checkin.view_places", is_administrator | is_county_officer | is_town_officer | is_enterprise_user)
rules.add_perm("checkin.add_place", is_administrator | is_town_officer | is_enterprise_user)
rules.add_perm("checkin.manage_place", is_administrator | place_in_reach)
rules.add_perm("checkin.set_health_status", is_administrator | is_health_official)
