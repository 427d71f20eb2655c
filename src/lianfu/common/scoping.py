"""A user's reach as django-scopes dimensions. Jurisdiction is a division-code
prefix (code_prefix); roles are common.roles. Both are the vocabulary every
layer speaks, so they sit at the bottom; accounts stores the users.

Every scoped model declares the same two dimensions:
- ``division``: a division-code prefix (None = no limit),
- ``enterprise``: one enterprise id (None = no limit).
An anonymous user gets no dimensions at all, so any scoped query raises.
"""
from lianfu.common.roles import DIVISION_ROLES, Role

UNLIMITED = {"division": None, "enterprise": None}


def code_prefix(code: str) -> str:
    """The jurisdiction prefix of a 12-digit (or shorter) code: 330282004000 -> 330282004,
    330282000000 -> 330282. Unlike rstrip('0') it keeps a town's own zeros (…120000)."""
    code = (code or "").strip()
    if len(code) != 12:
        return code
    for digits in (9, 6, 4, 2):
        if code[digits:].strip("0") == "" and code[digits - (3 if digits == 9 else 2):digits].strip("0"):
            return code[:digits]
    return code


def scope_for(user) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return dict(UNLIMITED)
    # Division codes are the keys, so the prefix comes without a query.
    if user.role in DIVISION_ROLES:
        return {"division": code_prefix(user.division_id), "enterprise": None}
    if user.role == Role.DEPARTMENT_STAFF:
        return {"division": code_prefix(user.department.county_id), "enterprise": None}
    if user.role == Role.ENTERPRISE_USER:
        return {"division": None, "enterprise": user.enterprise_id}
    return {}


def reach_checker(user):
    """``reaches`` for one user and many enterprises: the scope is worked out once."""
    dims = scope_for(user)
    if not dims:
        return lambda enterprise: False
    own, prefix = dims["enterprise"], dims["division"]

    def check(enterprise) -> bool:
        if own is not None and own != enterprise.pk:
            return False
        return prefix is None or (enterprise.division_id or "").startswith(prefix)

    return check


def reaches(user, enterprise) -> bool:
    """Whether ``enterprise`` lies inside the user's scope (no query needed)."""
    return reach_checker(user)(enterprise)
