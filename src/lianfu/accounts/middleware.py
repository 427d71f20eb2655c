"""Bearer-token authentication for the API and the per-request jurisdiction scope."""
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from lianfu.accounts.models import ApiToken
from lianfu.common.api_errors import INVALID_TOKEN_CHALLENGE
from lianfu.common.scoping import scope_for
from lianfu.common.throttle import token_throttle


def too_many_tries(wait: int) -> JsonResponse:
    response = JsonResponse({"detail": _("Too many wrong API tokens from this address: try again in %(seconds)d "
                                         "seconds.") % {"seconds": wait}}, status=429)
    response["Retry-After"] = str(wait)
    return response


class BearerTokenMiddleware:
    """``Authorization: Bearer lf_…`` logs the request in as the token's user.

    Such requests carry no cookies, so they are exempt from CSRF; a bad token is
    refused outright rather than silently treated as anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            throttle = token_throttle()
            # Checked before the token: an address that guessed too often is refused
            # even a right token, or a guesser would tell a hit (200) from its misses
            # (429) and the limit would not slow the guessing at all.
            wait = throttle.retry_after(request)
            if wait is not None:
                return too_many_tries(wait)
            token = ApiToken.authenticate(header[len("Bearer "):].strip())
            if token is None:
                throttle.failed(request)
                response = JsonResponse({"detail": _("Invalid or expired API token.")}, status=401)
                response["WWW-Authenticate"] = INVALID_TOKEN_CHALLENGE
                return response
            if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 60:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            request.user = request._cached_user = token.user
            request.api_token = token
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)


class JurisdictionScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope(**scope_for(request.user)):
            return self.get_response(request)
