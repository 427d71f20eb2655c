"""api_key: one of our API tokens (/accounts/tokens/), sent as a form or query
argument as Open311 clients do. Open311 knows no sessions: a browser's login
cookie never stands in for a key, so what a response shows depends on the key
alone."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.accounts.scoping import scope_for
from lianfu.helpdesk.open311.render import Open311Error

# Writing last_used_at on every call would make each read a write; a minute is
# precise enough for the token page (the bearer middleware does the same).
TOUCH_AFTER_SECONDS = 60


def key_user(request, *, required: bool):
    """The key's user; None without a key when none is required. A key that is
    sent but wrong is refused, never read as "no key": the caller would
    otherwise silently get the public view and think it was everything."""
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        if required:
            raise Open311Error(403, _("api_key was not provided: create an API token on the API tokens page "
                                      "and send it as api_key."))
        return None
    token = ApiToken.authenticate(key)
    if token is None:
        raise Open311Error(403, _("Invalid api_key: it is unknown, revoked or expired."))
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_AFTER_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def jurisdiction(user):
    """The key user's jurisdiction; without a key, every ticket, which the
    caller then shows only in the public form (records.public)."""
    if user is None:
        return scopes_disabled()
    return scope(**scope_for(user))
