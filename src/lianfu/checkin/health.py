"""Health status (健康码) behind every scan: one interface, two providers.

A provider answers for one person, named by the keyed hash of their ID number
(common/pii.keyed_hash: the same key the worker records use), and must answer
fast: the scan waits for it. Anything it cannot say for sure is UNKNOWN, and
the scan fails closed on UNKNOWN (refused: "请联系现场工作人员"). The embedded
provider reads the project's own records (health.records); the HTTP adapter
(health_http.py) calls an external health-code service. settings.
LIANFU_HEALTH_PROVIDER names the one in use: "embedded" (default) or "http"."""
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthStatus(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    UNKNOWN = "unknown", _("Unknown")


@dataclass(frozen=True)
class HealthAnswer:
    status: HealthStatus
    # Why, for the entry log and the security audit (never shown to the worker
    # beyond the status): "record", "timeout", "circuit_open", "bad_answer", ...
    reason: str = ""


class HealthProvider(Protocol):
    def status_of(self, id_hash: str) -> HealthAnswer:
        """The person's status now; never raises (a failure is UNKNOWN with its reason)."""


_http_provider = None


def provider() -> HealthProvider:
    """The provider settings.LIANFU_HEALTH_PROVIDER names. The HTTP adapter is one
    per process, so its circuit breaker sees every scan the process answers."""
    from django.conf import settings

    if settings.LIANFU_HEALTH_PROVIDER != "http":
        from lianfu.checkin.health_embedded import EmbeddedHealthProvider

        return EmbeddedHealthProvider()
    global _http_provider
    if _http_provider is None:
        from lianfu.checkin.health_http import HttpHealthProvider

        _http_provider = HttpHealthProvider(settings.LIANFU_HEALTH_HTTP_URL,
                                            timeout_s=settings.LIANFU_HEALTH_HTTP_TIMEOUT,
                                            api_key=settings.LIANFU_HEALTH_HTTP_KEY)
    return _http_provider
