"""POST a JSON body to a robot's webhook with the standard library, a timeout
on every call, and errors typed by what they say about delivery: failing to
connect means nothing was sent; failing after the request left means nobody
knows. URLs never appear in an error (they carry the robot's credential)."""
import http.client
import json
import ssl
from urllib.parse import urlsplit

from django.conf import settings

from lianfu.messaging.channels.base import PermanentFailure, TemporaryFailure, UnknownOutcome

# Past this a body is not an answer from the platform we expect.
MAX_RESPONSE_BYTES = 64 * 1024


def check_base(url: str, base: str) -> None:
    """Only the platform's own endpoint (or the one configured for it) is ever
    called: a robot's URL typed in by a person must not reach other hosts."""
    parts, allowed = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.netloc, parts.path) != (allowed.scheme, allowed.netloc, allowed.path):
        raise PermanentFailure(f"the webhook is not at {allowed.scheme}://{allowed.netloc}{allowed.path}")


def post_json(url: str, payload: dict) -> tuple[int, dict | None]:
    """(HTTP status, the JSON object answered or None when the body is not one)."""
    parts = urlsplit(url)
    timeout = settings.LIANFU_MESSAGING_HTTP_TIMEOUT
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    data = json.dumps(payload, ensure_ascii=False).encode()
    try:
        try:
            connection.connect()
        except OSError as error:
            raise TemporaryFailure(f"cannot connect to {parts.hostname}: {type(error).__name__}") from None
        try:
            connection.request("POST", target, body=data,
                               headers={"Content-Type": "application/json; charset=utf-8"})
            response = connection.getresponse()
            raw = response.read(MAX_RESPONSE_BYTES)
        except (OSError, http.client.HTTPException) as error:
            raise UnknownOutcome(f"no answer from {parts.hostname}: {type(error).__name__}") from None
    finally:
        connection.close()
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    return response.status, answer if isinstance(answer, dict) else None


def raise_for_status(status: int, host: str) -> None:
    if status == 429 or status >= 500:
        raise TemporaryFailure(f"{host} answered HTTP {status}")
    if status != 200:
        raise PermanentFailure(f"{host} answered HTTP {status}")


ERRMSG_KEPT = 200


def check_errcode(status: int, answer: dict | None, host: str, *, platform: str, permanent: set[int],
                  throttled: set[int] = frozenset(), pause=None) -> None:
    """A robot's answer, DingTalk's and WeCom's alike: HTTP 200 and JSON whose errcode is 0.
    A code in ``permanent`` can never succeed; one in ``throttled`` is retried after ``pause``;
    any other is retried with the usual backoff."""
    raise_for_status(status, host)
    if answer is None:
        raise UnknownOutcome(f"{host} answered with no errcode")
    code = answer.get("errcode")
    if code == 0:
        return
    reason = f"{platform} refused the message: errcode {code} ({str(answer.get('errmsg', ''))[:ERRMSG_KEPT]})"
    if code in throttled:
        raise TemporaryFailure(reason, retry_after=pause)
    if code in permanent:
        raise PermanentFailure(reason)
    raise TemporaryFailure(reason)
