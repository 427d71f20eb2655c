"""Who wants what: the channels and mode of one user, resolved field by field —
the user's own choice, else the county's default for the user's role, else the
built-in default (in the app, and a daily digest by e-mail for a user with an
e-mail address). In the app, every user is always told (common.Notification)."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from django_scopes import scopes_disabled

from lianfu.messaging.delivery import Target, email_to, sms_to
from lianfu.messaging.enums import DeliveryMode
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


def resolve(user, own: UserPreference | None, default: RoleDefault | None) -> Preferences:
    def pick(field: str, unset):
        value = getattr(own, field, unset)
        if value != unset:
            return value
        return getattr(default, field) if default is not None else BUILT_IN[field]

    quiet = {"quiet_start": own.quiet_start, "quiet_end": own.quiet_end, "phone": own.phone} if own else {}
    return Preferences(email=pick("email", None), sms=pick("sms", None), mode=pick("mode", ""), **quiet)


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
