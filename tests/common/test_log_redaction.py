"""No API key or token reaches a log: the access log of a real server, the
request log, and the app's own loggers all print *** instead."""
import io
import logging
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, get_internal_wsgi_application
from django.test import Client

from lianfu.common.log_redaction import RedactSecrets, redact

pytestmark = pytest.mark.django_db

SECRET = "SECRETVALUE0123456789"


@pytest.fixture
def access_log(caplog):
    """django.server's records (it does not propagate to the root logger caplog listens on)."""
    logger = logging.getLogger("django.server")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO)
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.fixture
def server():
    """Django's own development server (the one `lianfu serve` runs) with its access log."""
    httpd = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    httpd.set_app(get_internal_wsgi_application())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def access_lines(caplog, count: int) -> list[str]:
    """The server writes its line after the answer: wait for the last one."""
    deadline = time.monotonic() + 10
    while True:
        lines = [record.getMessage() for record in caplog.records if record.name == "django.server"]
        if len(lines) >= count or time.monotonic() > deadline:
            assert len(lines) == count
            return lines
        time.sleep(0.02)


def test_the_access_log_never_shows_an_api_key(server, access_log):
    status = fetch(f"{server}/open311/v2/requests.json?status=open&api_key={SECRET}&page=1")
    assert status == 403
    fetch(f"{server}/open311/v2/requests.json?api%5Fkey={SECRET}")  # a percent-encoded name too
    fetch(f"{server}/open311/v2/tokens/{SECRET}.json?token={SECRET}")
    fetch(f"{server}/api/helpdesk/tickets?access_token={SECRET}", Authorization=f"Bearer lf_{SECRET}")
    lines = access_lines(access_log, 4)
    assert SECRET not in access_log.text
    assert "GET /open311/v2/requests.json?status=open&api_key=***&page=1 HTTP/1.1" in lines[0]
    assert "api%5Fkey=***" in lines[1]
    assert "/open311/v2/tokens/***.json?token=***" in lines[2]


def test_the_request_log_never_shows_an_api_key(caplog, personas):
    caplog.set_level(logging.INFO)
    Client().get("/open311/v2/requests.json", {"api_key": SECRET})
    Client().get("/api/helpdesk/tickets", {"token": SECRET}, HTTP_AUTHORIZATION=f"Bearer lf_{SECRET}")
    logging.getLogger("django.request").warning("Forbidden: /x?api_key=%s", SECRET)
    assert caplog.records and SECRET not in caplog.text


def test_app_loggers_redact_through_the_handlers(settings):
    """A module's logger (lianfu.helpdesk.…) is a child of "lianfu": the console
    handler's filter covers it, whatever the logger."""
    [console] = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactSecrets) for f in h.filters)]
    stream, console.stream = console.stream, io.StringIO()
    try:
        logger = logging.getLogger("lianfu.helpdesk.open311.views")
        logger.warning("calling with %s", {"api_key": SECRET, "Authorization": f"Bearer {SECRET}"})
        try:
            raise ValueError(f"bad key lf_{SECRET}")
        except ValueError:
            logger.exception("failed for X-Api-Key: %s", SECRET)
        printed = console.stream.getvalue()
    finally:
        console.stream = stream
    assert "calling with" in printed and "Traceback" in printed
    assert SECRET not in printed


@pytest.mark.parametrize(("text", "expected"), [
    ('"GET /open311/v2/requests.json?api_key=abc&status=open HTTP/1.1" 403 75',
     '"GET /open311/v2/requests.json?api_key=***&status=open HTTP/1.1" 403 75'),
    ("POST body: service_code=supply&api_key=abc&description=x",
     "POST body: service_code=supply&api_key=***&description=x"),
    ("/x?password=p%20w&next=/y&csrf_token=t", "/x?password=***&next=/y&csrf_token=***"),
    ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
    ("HTTP_AUTHORIZATION=Token abc", "HTTP_AUTHORIZATION=Token ***"),
    ("x-api-key: abc", "x-api-key: ***"),
    ("{'api_key': 'abc', 'status': 'open'}", "{'api_key': '***', 'status': 'open'}"),
    ("key lf_AbC-123_xyz leaked", "key lf_*** leaked"),
    # Not secrets: left alone.
    ("GET /accounts/tokens/3/revoke/ 302", "GET /accounts/tokens/3/revoke/ 302"),
    ("the token was revoked; sort=name", "the token was revoked; sort=name"),
])
def test_redact(text, expected):
    assert redact(text) == expected
