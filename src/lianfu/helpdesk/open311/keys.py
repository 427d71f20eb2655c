"""api_key: one of our API tokens (/accounts/tokens/), sent as a form or query
argument as Open311 clients do, or in the ``X-Api-Key`` header (which, unlike a
query string, no access log records). Open311 knows no sessions: a browser's login
cookie never stands in for a key, so what a response shows depends on the key
alone."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from lianfu.accounts.models import ApiToken
from lianfu.common.scoping import scope_for
from lianfu.common.throttle import token_throttle
from lianfu.helpdesk.open311.render import Open311Error

# Writing last_used_at on every call would make each read a write; a minute is
# precise enough for the token page (the bearer middleware does the same).
TOUCH_AFTER_SECONDS = 60
KEY_HEADER = "X-Api-Key"


def sent_key(request) -> str:
    """The key from the ``X-Api-Key`` header (kept out of access logs and
    proxies' URL logs), else the spec's ``api_key`` argument."""
    return (request.headers.get(KEY_HEADER) or request.POST.get("api_key") or request.GET.get("api_key")
            or "").strip()


def key_user(request, *, required: bool):
    """The key's user; None without a key when none is required. A key that is
    sent but wrong is refused, never read as "no key": the caller would
    otherwise silently get the public view and think it was everything."""
    key = sent_key(request)
    if not key:
        if required:
            raise Open311Error(403, _("api_key was not provided: create an API token on the API tokens page "
                                      "and send it in the X-Api-Key header or as api_key."))
        return None
    throttle = token_throttle()  # shared with the JSON API's bearer tokens: the same keys
    # Checked before the key, so a right key from a blocked address is refused
    # too: otherwise a guesser would tell its hit from its misses.
    wait = throttle.retry_after(request)
    if wait is not None:
        raise Open311Error(429, _("Too many wrong api_key values from this address: try again in %(seconds)d "
                                  "seconds.") % {"seconds": wait}, headers={"Retry-After": str(wait)})
    token = ApiToken.authenticate(key)
    if token is None:
        throttle.failed(request)
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
