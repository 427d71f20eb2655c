"""Who may do what with liaison teams, rules, assignments and visits
(docs/liaison.md, "Reach")."""
import rules

from lianfu.common.predicates import is_administrator, is_county_officer, is_liaison_officer, looks_after
from lianfu.common.roles import Role
from lianfu.liaison.reach import looks_after_building, teams_led


@rules.predicate
def leads_a_team(user) -> bool:
    return bool(teams_led(user))


@rules.predicate
def leads_team(user, team) -> bool:
    return team is not None and user.is_authenticated and team.leader_id == user.pk


@rules.predicate
def is_county_of_team(user, team) -> bool:
    return (team is not None and user.is_authenticated and user.role == Role.COUNTY_OFFICER
            and user.division_id == team.county_id)


@rules.predicate
def looks_after_unit(user, unit) -> bool:
    """``unit`` is an Enterprise or an OfficeBuilding assigned to the officer now."""
    if unit is None or not user.is_authenticated or user.role != Role.LIAISON_OFFICER:
        return False
    if unit._meta.model_name == "officebuilding":
        return looks_after_building(user, unit.pk)
    return looks_after(user, unit)


# The county proposes and applies assignments and edits its rules.
rules.add_perm("liaison.manage_assignment", is_administrator | is_county_officer)
# Visits: recorded by the officer who looks after the firm or building now.
rules.add_perm("liaison.record_visit", is_administrator | looks_after_unit)
rules.add_perm("liaison.list_own_visits", is_liaison_officer)
# The team page: its leader and the county.
rules.add_perm("liaison.view_team", is_administrator | leads_team | is_county_of_team)
rules.add_perm("liaison.view_teams", is_administrator | is_county_officer | leads_a_team)
# Coverage (who needs an officer and has none, loads, unvisited firms).
rules.add_perm("liaison.view_coverage", is_administrator | is_county_officer | leads_a_team)
