"""The scan's fast path: ``GET /e/<token>/`` from an identified phone that opened
the code itself, answered outside Django's request cycle.

A scan at the shift start is the hottest request lianfu serves, and Django's
full stack (fourteen middlewares, the URL resolver, sessions, CSRF) costs more
CPU than the scan itself, for a request that needs none of it: no session, no
login, no form. This WSGI wrapper answers that one request with the same code
the view uses (scan.open_door, door_page.render_result) and the same security
headers, and hands every other request, and every case it is not sure of (an
unknown host, a phone not yet identified, plain HTTP where HTTPS is required),
to Django unchanged. lianfu/wsgi.py mounts it; runserver and the test client,
which call Django directly, get the same answers from views_door.door."""
import logging
import re
from functools import cache

from csp.utils import build_policy
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django_scopes import scopes_disabled

from lianfu.checkin.door_page import language_of, opens_directly, render_result, result_status
from lianfu.checkin.identify import DEVICE_COOKIE
from lianfu.checkin.scan import open_door

logger = logging.getLogger("lianfu.checkin")
DOOR_PATH = re.compile(r"^/e/([0-9A-Za-z._-]{1,80})/$")
REASONS = {200: "200 OK", 403: "403 Forbidden", 503: "503 Service Unavailable"}
UNAVAILABLE = "请稍后再扫一次。Please scan again in a moment.\n".encode()


@cache
def security_headers(secure: bool) -> tuple[tuple[str, str], ...]:
    """What Django's middlewares add to the view's answer (SecurityMiddleware, CSP,
    XFrameOptions) and never_cache: a scan's answer is never cached."""
    headers = [("Content-Security-Policy", build_policy()), ("X-Frame-Options", settings.X_FRAME_OPTIONS),
               ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
               ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
               ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
               ("Expires", "Thu, 01 Jan 1970 00:00:00 GMT"), ("Vary", "Cookie")]
    if secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    return tuple(headers)


class DoorFastPath:
    def __init__(self, application):
        self.application = application
        self.allowed_hosts = None

    def __call__(self, environ, start_response):
        match = DOOR_PATH.match(environ.get("PATH_INFO", ""))
        if match is None or environ.get("REQUEST_METHOD") != "GET" or not opens_directly(environ):
            return self.application(environ, start_response)
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        secret = cookies.get(DEVICE_COOKIE)
        secure = environ.get("wsgi.url_scheme") == "https"
        if not secret or not self._host_allowed(environ) or (settings.SECURE_SSL_REDIRECT and not secure):
            return self.application(environ, start_response)
        # Django's request signals: its handlers close a connection that failed or grew old.
        request_started.send(sender=self.__class__, environ=environ)
        # Not Django's per-request health check (a round trip before the first query): a connection
        # that died fails the scan's own query instead, which answers 503 "scan again" and is closed
        # at the request's end (errors_occurred), so the next scan opens a fresh one.
        connection.health_check_done = True
        try:
            with scopes_disabled():
                answer = open_door(match.group(1), secret)
            if answer is None:               # the phone identifies first: Django's pages do that
                return self.application(environ, start_response)
            status, body = result_status(answer), render_result(answer, language_of(cookies)).encode()
            headers = [("Content-Type", "text/html; charset=utf-8")]
        except Exception:
            # Nothing was admitted unless it was committed (the insert is the last step):
            # the phone is asked to scan again rather than shown a server error.
            logger.exception("checkin: the fast path failed on a scan")
            status, body = 503, UNAVAILABLE
            headers = [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "2")]
        finally:
            request_finished.send(sender=self.__class__)
        start_response(REASONS[status], [*headers, ("Content-Length", str(len(body))), *security_headers(secure)])
        return [body]

    def _host_allowed(self, environ) -> bool:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        domain, _port = split_domain_port(host)
        if self.allowed_hosts is None:
            allowed = settings.ALLOWED_HOSTS
            if settings.DEBUG and not allowed:
                allowed = [".localhost", "127.0.0.1", "[::1]"]
            self.allowed_hosts = allowed
        return bool(domain) and validate_host(domain, self.allowed_hosts)
