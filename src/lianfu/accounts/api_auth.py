from ninja.security import SessionAuth
from ninja.security.base import SecuritySchema


class ApiAuth(SessionAuth):
    """A bearer token (already resolved by BearerTokenMiddleware) or a logged-in
    session; sessions also need the CSRF token on unsafe methods. A caller with
    neither is a 401 (never a CSRF 403: there is no session to protect)."""

    def __init__(self):
        super().__init__()
        # Documented as what clients use; a browser's session works too.
        self.openapi_security_schema = SecuritySchema(
            type="http", scheme="bearer", bearerFormat="lf_…",
            description="An API token from /accounts/tokens/ (a signed-in session works too, with the CSRF "
                        "token on unsafe methods).")

    def __call__(self, request):
        if getattr(request, "api_token", None) is not None:
            return request.user
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)
