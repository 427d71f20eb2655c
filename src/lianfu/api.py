"""The one JSON API at /api/, OpenAPI docs at /api/docs."""
from ninja import NinjaAPI

from lianfu.accounts.api_auth import ApiAuth
from lianfu.registry.api import router as registry_router

api = NinjaAPI(
    title="lianfu API",
    version="1",
    description="Scoped exactly like the pages: a token sees what its user sees.",
    auth=ApiAuth(),
    urls_namespace="api",
)
api.add_router("/", registry_router)
