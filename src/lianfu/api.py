"""The one JSON API at /api/, OpenAPI docs at /api/docs."""
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI

from lianfu.accounts.api_auth import ApiAuth
from lianfu.chains.api import router as chains_router
from lianfu.helpdesk.api import router as helpdesk_router
from lianfu.registry.api import router as registry_router
from lianfu.restart.api import router as restart_router
from lianfu.restart.errors import WorkflowError

api = NinjaAPI(
    title="lianfu API",
    version="1",
    description="Scoped exactly like the pages: a token sees what its user sees.",
    auth=ApiAuth(),
    urls_namespace="api",
)
api.add_router("/", registry_router)
api.add_router("/chains", chains_router)
api.add_router("/restart", restart_router)
api.add_router("/helpdesk", helpdesk_router)


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
