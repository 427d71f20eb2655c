"""A user's reach as django-scopes dimensions. Jurisdiction is a division-code
prefix (code_prefix); roles are common.roles. Both are the vocabulary every
layer speaks, so they sit at the bottom; accounts stores the users.

Every scoped model declares the same two dimensions:
- ``division``: a division-code prefix, or ``Prefixes`` (several: a liaison
  officer reads their service team's towns), filtered with ``__under``
  (common.lookups); None = no limit,
- ``enterprise``: one enterprise id (None = no limit).
An anonymous user gets no dimensions at all, so any scoped query raises.
"""
from lianfu.common import assigned
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


class Prefixes(frozenset):
    """Several jurisdiction prefixes; a set, not a list or tuple, so that
    django-scopes hands it to ``__under`` whole instead of making it ``__in``."""


def covers(prefix, code: str | None) -> bool:
    """Whether a division ``code`` lies under a scope's ``division`` value
    (None: no limit; a prefix; or Prefixes)."""
    if prefix is None:
        return True
    code = code or ""
    if isinstance(prefix, Prefixes):
        return any(code.startswith(p) for p in prefix)
    return bool(prefix) and code.startswith(prefix)


def _liaison_reading(user):
    """A liaison officer reads their own division and their service team's
    towns (docs/liaison.md, "Reach"). Worked out once per user object, i.e. once
    per request: the scope is asked for many times while a page is built."""
    cached = user.__dict__.get("_lianfu_reading")
    if cached is None:
        own = code_prefix(user.division_id)
        more = {code_prefix(town) for town in assigned.reading_towns(user)}
        more = {town for town in more if not town.startswith(own)}
        cached = Prefixes({own, *more}) if more else own
        user.__dict__["_lianfu_reading"] = cached
    return cached


def scope_for(user) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return dict(UNLIMITED)
    # Division codes are the keys, so the prefix comes without a query.
    if user.role == Role.LIAISON_OFFICER:
        return {"division": _liaison_reading(user), "enterprise": None}
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
        return covers(prefix, enterprise.division_id)

    return check


def reaches(user, enterprise) -> bool:
    """Whether ``enterprise`` lies inside the user's scope (no query needed)."""
    return reach_checker(user)(enterprise)
