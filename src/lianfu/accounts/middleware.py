"""Bearer-token authentication for the API and the per-request jurisdiction scope."""
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from lianfu.accounts.models import ApiToken
from lianfu.accounts.scoping import scope_for


class BearerTokenMiddleware:
    """``Authorization: Bearer lf_…`` logs the request in as the token's user.

    Such requests carry no cookies, so they are exempt from CSRF; a bad token is
    refused outright rather than silently treated as anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            token = ApiToken.authenticate(header[len("Bearer "):].strip())
            if token is None:
                return JsonResponse({"detail": _("Invalid or expired API token.")}, status=401)
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
