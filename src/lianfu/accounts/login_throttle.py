"""Password guessing: django-axes locks out per username and per client address.

Axes has one failure limit for every lockout parameter; a county office shares
one address behind its NAT, so the address gets its own, larger limit:

- a username: ``LIANFU_LOGIN_FAILURE_LIMIT`` (5) failures from anywhere;
- an address: ``LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT`` (20) failures, whatever
  usernames they tried (password spraying).

both within ``LIANFU_LOGIN_LOCKOUT_MINUTES`` of the latest one, after which
the lockout lasts that long. A successful sign-in forgets only its own
username's failures from its own address: the failures other usernames
collected from that address, or this username collected elsewhere, still count
(axes' default would clear them all, so a guesser holding one valid account
could sign in with it between guesses and never be locked out).
"""
from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginAttemptsHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures on the username's scale: axes compares this with
        AXES_FAILURE_LIMIT, so the address's count is scaled by the ratio of the
        two limits (it reaches the username limit exactly when the address
        reaches its own)."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        username_limit = get_failure_limit(request, credentials)
        return max(by_username, by_address * username_limit // settings.LIANFU_LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, 429, with Retry-After: every attempt during the
    lockout starts the cool-off again, so it is the whole cool-off."""
    seconds = int(get_cool_off(request).total_seconds())
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, {"minutes": (seconds + 59) // 60}, status=429)
    response["Retry-After"] = str(seconds)
    return response
