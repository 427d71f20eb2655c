"""Secrets never reach a log: a logging filter that replaces them with ***.

What it redacts, wherever it appears in a record's message or traceback:
- query and form arguments that carry a secret (``api_key``, ``token``,
  ``password``, … see ``SECRET_ARGUMENTS``), also when their name is
  percent-encoded: the access log prints the request line as sent;
- ``Authorization: Bearer …`` / ``Token …`` / ``Basic …`` and ``X-Api-Key: …``;
- our own API keys (``lf_…``) anywhere, whatever carried them;
- Open311 ticket tokens in the ``tokens/{token}`` resource path.

Installed in settings.LOGGING on the loggers that print request lines and
paths (django.server, django.request, django.security, axes, lianfu) and on
every handler, since a logger's filters do not see records of its child
loggers (``lianfu.helpdesk.…``) while a handler's do.
"""
import logging
import re
from urllib.parse import unquote_plus

MASK = "***"
SECRET_ARGUMENTS = {"api_key", "apikey", "key", "token", "access_token", "auth_token", "refresh_token",
                    "password", "passwd", "secret", "client_secret"}

_ARGUMENT = re.compile(r"(^|[?&;\s\"'])([^=&;\s\"'?#]+)=([^&;\s\"'#]*)")
# {'api_key': 'x'}, "token": "x" (a dict or JSON in a message)
_MAPPING = re.compile(r"([\"'])([^\"'\s]+)\1(\s*:\s*)([\"'])(.*?)\4")
_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s\"',;]+")
_HEADER = re.compile(r"(?i)\b(x-api-key|http_x_api_key|authorization|http_authorization)([\"']?\s*[:=]\s*[\"']?)"
                     r"(?:(bearer|token|basic)\s+)?[^\s\"',;}]+")
_OUR_KEY = re.compile(r"\blf_[A-Za-z0-9_\-]{6,}")
_TICKET_TOKEN = re.compile(r"(/open311/v2/tokens/)[^/.\s?\"']+")


def is_secret_argument(name: str) -> bool:
    name = unquote_plus(name).lower()
    return name in SECRET_ARGUMENTS or name.endswith(("_token", "_secret", "_password"))


def _argument(match: re.Match) -> str:
    before, name, value = match.groups()
    if value and value != MASK and is_secret_argument(name):
        return f"{before}{name}={MASK}"
    return match.group(0)


def _mapping(match: re.Match) -> str:
    quote, name, colon, value_quote, value = match.groups()
    if value and value != MASK and is_secret_argument(name):
        return f"{quote}{name}{quote}{colon}{value_quote}{MASK}{value_quote}"
    return match.group(0)


def _header(match: re.Match) -> str:
    name, separator, scheme = match.groups()
    return f"{name}{separator}{scheme + ' ' if scheme else ''}{MASK}"


def redact(text: str) -> str:
    """``text`` with every secret replaced by ***."""
    if not text:
        return text
    text = _ARGUMENT.sub(_argument, text)
    text = _MAPPING.sub(_mapping, text)
    text = _HEADER.sub(_header, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _OUR_KEY.sub("lf_" + MASK, text)
    return _TICKET_TOKEN.sub(lambda m: m.group(1) + MASK, text)


class RedactSecrets(logging.Filter):
    """Rewrites the record in place (every later handler sees the redacted
    text) and never drops it."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        redacted = redact(message)
        if redacted != message:
            # The access log's formatter colours ``record.msg``: keep it a plain string.
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
