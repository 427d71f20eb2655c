"""The project's URLconf plus three views that fail on purpose, for the error
page tests (``@pytest.mark.urls("tests.common.error_urls")``)."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from lianfu.urls import urlpatterns as project_urlpatterns

SECRET = "internal detail: do-not-show-42"


def boom(request):
    raise RuntimeError(SECRET)


def forbidden(request):
    raise PermissionDenied(f"restart.secret_permission {SECRET}")


def bad(request):
    raise SuspiciousOperation(SECRET)


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/forbidden/", forbidden),
    path("test-errors/bad/", bad),
    *project_urlpatterns,
]
