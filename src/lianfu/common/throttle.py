"""Failed credentials counted per client address, in Django's cache.

Wrong API tokens (bearer headers on /api/, Open311 ``api_key``s) share one
counter per address: ``LIANFU_TOKEN_FAILURE_LIMIT`` failures (20) within a
window of ``LIANFU_TOKEN_FAILURE_WINDOW_MINUTES`` (10) block that address
until the window ends (429 with Retry-After). Successes are not counted and do
not reset the counter, so a caller holding one good key cannot interleave it
to keep guessing others. Passwords are throttled by django-axes
(accounts/login_throttle.py), per username and per address.

Windows are fixed (a new one starts every N minutes), so the counter is one
atomic ``cache.incr`` and the Retry-After is the time to the window's end.

The cache is Django's default one: with no CACHES setting, a per-process
local-memory cache. One web process (runserver, ``granian --workers 1``) counts
exactly; with several worker processes each keeps its own count, so an address
gets up to limit × workers tries before every worker refuses it. A shared cache
(Redis, memcached, or Django's database cache) in CACHES makes it exact.
"""
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The caller's address, None if unknown (a request built in code).

    Behind ``LIANFU_PROXY_COUNT`` trusted reverse proxies, the address the first
    of them saw: the N-th entry from the right of X-Forwarded-For (entries
    further left were written by the client and are not trusted); if that entry
    is missing or not an address, REMOTE_ADDR. Shared with django-axes
    (AXES_CLIENT_IP_CALLABLE), which stores it in an address column."""
    hops = getattr(settings, "LIANFU_PROXY_COUNT", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops and (address := _valid(forwarded[-hops])):
            return address
    return _valid(request.META.get("REMOTE_ADDR") or "")


@dataclass(frozen=True)
class FailureThrottle:
    name: str
    limit: int
    window_seconds: int

    def _key(self, address: str, now: float) -> tuple[str, int]:
        window = int(now // self.window_seconds)
        return f"throttle:{self.name}:{address}:{window}", (window + 1) * self.window_seconds

    def retry_after(self, request) -> int | None:
        """Seconds until ``request``'s address may try again; None if it may now."""
        now = time.time()
        key, window_end = self._key(client_address(request) or "unknown", now)
        if (cache.get(key) or 0) < self.limit:
            return None
        return max(1, int(window_end - now + 0.999))

    def failed(self, request) -> int:
        """Count one failure of ``request``'s address; returns the count in this window."""
        key, _ = self._key(client_address(request) or "unknown", time.time())
        cache.add(key, 0, timeout=self.window_seconds + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(key, 1, timeout=self.window_seconds + 1)
            return 1


def token_throttle() -> FailureThrottle:
    """Wrong API tokens and Open311 keys: one counter for both (the same tokens)."""
    return FailureThrottle("api-token", settings.LIANFU_TOKEN_FAILURE_LIMIT,
                           settings.LIANFU_TOKEN_FAILURE_WINDOW_MINUTES * 60)
