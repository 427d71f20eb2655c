"""Changing who wants what: a user's own preference, a county's default for a
role. Each is one atomic change with one ActivityLog row (never the phone)."""
import re
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.roles import Role
from lianfu.messaging.enums import DeliveryMode
from lianfu.messaging.models import QUIET_END, QUIET_START, RoleDefault, UserPreference

MOBILE = re.compile(r"1[3-9][0-9]{9}")


def _check_mode(mode: str, *, blank: bool) -> None:
    if mode not in DeliveryMode.values and not (blank and mode == ""):
        raise ValidationError({"mode": _("Choose a daily digest or each message.")})


def save_user_preference(*, actor, user, email: bool | None = None, sms: bool | None = None, mode: str = "",
                         phone: str = "", quiet_start: time = QUIET_START,
                         quiet_end: time = QUIET_END) -> UserPreference:
    """``user``'s own choices; None or "" follows the county's default for their role."""
    _check_mode(mode, blank=True)
    phone = (phone or "").strip()
    if phone and not MOBILE.fullmatch(phone):
        raise ValidationError({"phone": _("Enter a mainland mobile number of 11 digits.")})
    if sms and not phone:
        raise ValidationError({"phone": _("Text messages need a mobile number.")})
    with transaction.atomic():
        preference, _created = UserPreference.objects.get_or_create(user=user)
        preference.email, preference.sms, preference.mode = email, sms, mode
        preference.quiet_start, preference.quiet_end = quiet_start, quiet_end
        preference.set_phone(phone)
        preference.save()
        log_activity(actor=actor, action="messaging.preference_saved", subject=preference,
                     email=email, sms=sms, mode=mode, quiet=f"{quiet_start:%H:%M}–{quiet_end:%H:%M}")
    return preference


def save_role_default(*, actor, county, role: str, email: bool, sms: bool, mode: str) -> RoleDefault:
    """The default of ``county`` for its users of ``role``."""
    _check_mode(mode, blank=False)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    # The caller's rules decide who may; the row is looked up by its key, whatever the scope.
    with transaction.atomic(), scopes_disabled():
        default, _created = RoleDefault.objects.update_or_create(
            county=county, role=role, defaults={"email": email, "sms": sms, "mode": mode, "updated_by": actor})
        log_activity(actor=actor, action="messaging.role_default_saved", subject=default,
                     division_code=county.code, division=county.code, role=role, email=email, sms=sms, mode=mode)
    return default
