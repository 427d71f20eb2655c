"""Who sees and changes the major-project library: county officers manage their
county's projects; town officers read their town's and record its updates; the
responsible officer of a project records its updates (whatever their role);
firms and everyone else are refused. What a user reaches is also limited by the
scoped managers (a sibling town's project is not found: 404)."""
import rules

from lianfu.common.predicates import has_role, is_administrator, is_county_officer, is_town_officer
from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix, covers, scope_for
from lianfu.projects.models import Project

# The roles a responsible officer may have: people of the county's offices.
OFFICER_ROLES = (Role.COUNTY_OFFICER, Role.TOWN_OFFICER, Role.LIAISON_OFFICER, Role.LABOUR_OFFICER,
                 Role.DEPARTMENT_STAFF)


def may_be_in_charge(user, town_code: str) -> bool:
    """Whether ``user`` may be the responsible officer of a project in this town:
    an officer of the county's offices whose reach covers the town (so that the
    project's page is within their scope)."""
    if user is None or user.role not in OFFICER_ROLES or not user.is_active:
        return False
    prefix = scope_for(user).get("division")
    return bool(prefix) and covers(prefix, town_code)


@rules.predicate
def project_in_reach(user, project) -> bool:
    """A county or town officer whose division covers the project's town."""
    if project is None or not user.is_authenticated or user.role not in (Role.COUNTY_OFFICER, Role.TOWN_OFFICER):
        return False
    return project.town_id.startswith(code_prefix(user.division_id or "-"))


@rules.predicate
def is_own_county_project(user, project) -> bool:
    return (project is not None and user.is_authenticated and user.role == Role.COUNTY_OFFICER
            and user.division_id == project.county_id)


@rules.predicate
def is_in_charge(user, project) -> bool:
    return project is not None and user.is_authenticated and project.officer_id == user.pk


# Someone of another role (a liaison officer, department staff) who is the
# responsible officer of a project reads the library: their own projects only.
@rules.predicate
def has_projects_in_charge(user) -> bool:
    return Project._base_manager.filter(officer_id=user.pk).exists()


is_other_officer = has_role(Role.LIAISON_OFFICER, Role.LABOUR_OFFICER, Role.DEPARTMENT_STAFF)
is_officer = is_county_officer | is_town_officer

# The library's list and its import page; the leaders' page.
rules.add_perm("projects.view_library", is_administrator | is_officer | (is_other_officer & has_projects_in_charge))
rules.add_perm("projects.view_leaders", is_administrator | is_officer)
# Adding projects and importing a file: the county's.
rules.add_perm("projects.manage_projects", is_administrator | is_county_officer)
# One project: read it, edit it, record an update.
rules.add_perm("projects.view_project", is_administrator | (is_officer & project_in_reach) | is_in_charge)
rules.add_perm("projects.change_project", is_administrator | is_own_county_project)
rules.add_perm("projects.record_update", is_administrator | (is_officer & project_in_reach) | is_in_charge)
