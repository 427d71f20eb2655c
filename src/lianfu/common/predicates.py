"""Predicates about who a user is (roles and reach); each app's rules.py builds
its permissions from them.

A predicate about an anchor (own county, own enterprise) checks the role too:
the database keeps every other anchor empty (accounts.User's constraints), and
the rules do not lean on that alone."""
import rules

from lianfu.common.assigned import is_assigned
from lianfu.common.roles import Role
from lianfu.common.scoping import reaches


def has_role(*roles: Role):
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and (user.role in roles))

    return predicate


is_administrator = rules.predicate(
    lambda user: user.is_authenticated and (user.is_superuser or user.role == Role.ADMINISTRATOR)
)
is_county_officer = has_role(Role.COUNTY_OFFICER)
is_town_officer = has_role(Role.TOWN_OFFICER)
is_liaison_officer = has_role(Role.LIAISON_OFFICER)
is_enterprise_user = has_role(Role.ENTERPRISE_USER)
is_officer = is_county_officer | is_town_officer


@rules.predicate
def within_reach(user, enterprise) -> bool:
    return enterprise is not None and reaches(user, enterprise)


@rules.predicate
def is_own_county(user, county) -> bool:
    """``county`` (a Division) is the user's own division: a county officer's county."""
    return (county is not None and user.is_authenticated and user.role == Role.COUNTY_OFFICER
            and user.division_id == county.code)


@rules.predicate
def is_own_enterprise(user, enterprise) -> bool:
    """``enterprise`` is the one an enterprise user belongs to."""
    return (enterprise is not None and user.is_authenticated and user.role == Role.ENTERPRISE_USER
            and user.enterprise_id == enterprise.pk)


@rules.predicate
def looks_after(user, enterprise) -> bool:
    """``enterprise`` is assigned to this liaison officer now: an officer acts
    (surveys, records needs, reveals contacts) only for the firms they look
    after, and reads the rest of their town."""
    return (enterprise is not None and user.is_authenticated and user.role == Role.LIAISON_OFFICER
            and is_assigned(user, enterprise.pk))
