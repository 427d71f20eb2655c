from ninja.security import SessionAuth


class ApiAuth(SessionAuth):
    """A bearer token (already resolved by BearerTokenMiddleware) or a logged-in
    session; sessions also need the CSRF token on unsafe methods."""

    openapi_scheme = "bearer"
    openapi_type = "http"

    def __call__(self, request):
        if getattr(request, "api_token", None) is not None:
            return request.user
        return super().__call__(request)
