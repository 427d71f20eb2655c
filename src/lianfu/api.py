"""The one JSON API at /api/, OpenAPI docs at /api/docs."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from lianfu.accounts.api_auth import ApiAuth
from lianfu.chains.api import router as chains_router
from lianfu.common.api_errors import BEARER_CHALLENGE, document_common_refusals
from lianfu.helpdesk.api import router as helpdesk_router
from lianfu.registry.api import router as registry_router
from lianfu.restart.api import router as restart_router
from lianfu.restart.errors import WorkflowError


class LianfuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Each operation's own refusals, and those every operation answers
        alike (401, 429, 400, 422; see common/api_errors.py)."""
        return document_common_refusals(super().get_openapi_schema(path_prefix=path_prefix,
                                                                   path_params=path_params))


api = LianfuAPI(
    title="lianfu API",
    version="1",
    description="Scoped exactly like the pages: a token sees what its user sees. Every refusal is a JSON "
                "object with `detail` (see each operation's responses); a 401 carries `WWW-Authenticate`.",
    auth=ApiAuth(),
    urls_namespace="api",
)
api.add_router("/", registry_router)
api.add_router("/chains", chains_router)
api.add_router("/restart", restart_router)
api.add_router("/helpdesk", helpdesk_router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(request, {"detail": _("Sign in, or send an API token as "
                                                         "“Authorization: Bearer lf_…”.")}, status=401)
    response["WWW-Authenticate"] = BEARER_CHALLENGE
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "not allowed"}, status=403)


@api.exception_handler(WorkflowError)
def workflow_refused(request, exc):
    """A refused four-sync step: 422 not possible now, 409 changed meanwhile;
    the message says what to do, in the caller's language."""
    return api.create_response(request, {"detail": str(exc.message)}, status=exc.status)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """Input the domain refused: 422 with the messages per field, as the
    pages show them (``__all__`` for those about no one field)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)
