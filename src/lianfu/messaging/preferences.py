"""Who wants what: the channels and mode of one user, resolved field by field —
the user's own choice, else the county's default for the user's role, else the
built-in default (in the app, and a daily digest by e-mail for a user with an
e-mail address). In the app, every user is always told (common.Notification)."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from django_scopes import scopes_disabled

from lianfu.messaging.delivery import Target, email_to, sms_to
from lianfu.messaging.enums import DeliveryMode, Source
from lianfu.messaging.models import QUIET_END, QUIET_START, RoleDefault, UserPreference

BUILT_IN = {"email": True, "sms": False, "mode": DeliveryMode.DIGEST}


@dataclass(frozen=True)
class Preferences:
    email: bool
    sms: bool
    mode: str
    phone: str = ""
    quiet_start: time = QUIET_START
    quiet_end: time = QUIET_END

    def targets(self, user) -> list[Target]:
        """The user's own addresses on the channels they want (one without an
        e-mail address or a phone is simply not sent to there)."""
        found = []
        if self.email and (email := email_to(user)) is not None:
            found.append(email)
        if self.sms and self.phone:
            found.append(sms_to(self.phone, user))
        return found


def county_of(user) -> str | None:
    """The 12-digit code of the user's county: their division's, their firm's,
    their department's (an administrator has none)."""
    if user.division_id:
        code = user.division_id
    elif user.enterprise_id:
        code = user.enterprise.division_id
    elif user.department_id:
        return user.department.county_id
    else:
        return None
    return code[:6].ljust(12, "0")


# Each resolved field and the value that means "not chosen" in the user's own row.
UNSET = {"email": None, "sms": None, "mode": ""}


def _pick(field: str, own: UserPreference | None, default: RoleDefault | None) -> tuple[object, str]:
    value = getattr(own, field, UNSET[field])
    if value != UNSET[field]:
        return value, Source.OWN
    if default is not None:
        return getattr(default, field), Source.ROLE_DEFAULT
    return BUILT_IN[field], Source.BUILT_IN


def resolve(user, own: UserPreference | None, default: RoleDefault | None) -> Preferences:
    quiet = {"quiet_start": own.quiet_start, "quiet_end": own.quiet_end, "phone": own.phone} if own else {}
    return Preferences(**{field: _pick(field, own, default)[0] for field in UNSET}, **quiet)


def preferences_of(users: Iterable) -> dict[int, Preferences]:
    """Each user's resolved preferences (by user id), in two queries for any number of users."""
    users = list(users)
    with scopes_disabled():
        own = {p.user_id: p for p in UserPreference.objects.filter(user__in=[u.pk for u in users])}
        counties = {u.pk: county_of(u) for u in users}
        defaults = {(d.county_id, d.role): d for d in RoleDefault.objects.filter(
            county_id__in={c for c in counties.values() if c}, role__in={u.role for u in users})}
    return {u.pk: resolve(u, own.get(u.pk), defaults.get((counties[u.pk], u.role))) for u in users}


def preferences_for(user) -> Preferences:
    return preferences_of([user])[user.pk]


def role_default_for(user) -> RoleDefault | None:
    """The county's default for ``user``'s role, if the county set one."""
    with scopes_disabled():
        county = county_of(user)
        return RoleDefault.objects.filter(county_id=county, role=user.role).first() if county else None


def sources_for(user) -> dict[str, str]:
    """Where each value in force for ``user`` comes from (a Source per field):
    e-mail, text messages and mode field by field; quiet hours are the user's
    own once they saved any preference (a county sets no quiet hours)."""
    with scopes_disabled():
        own = UserPreference.objects.filter(user=user).first()
    default = role_default_for(user)
    sources = {field: _pick(field, own, default)[1] for field in UNSET}
    sources["quiet"] = Source.OWN if own is not None else Source.BUILT_IN
    return sources


def defaults_for(user) -> dict[str, tuple[object, str]]:
    """What each field follows when the user leaves it to the default: the value
    and its Source (the county's default for the role, else the built-in one)."""
    default = role_default_for(user)
    return {field: _pick(field, None, default) for field in UNSET}
