"""GeoReport v2 responses in both formats from one plain structure.

The spec's JSON is the "Spark convention" mapping of its XML: the XML root is
dropped and a plural container holds its singular children as a list. So every
response is built once as (root tag, dict or list) and written either way.
"""
import json
import xml.etree.ElementTree as ET
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The spec's example declaration, double quotes included (ElementTree writes single quotes).
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# Plural container → the tag of each item, as the spec names them.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


class Open311Error(Exception):
    """A refusal in the spec's error form: HTTP ``status`` and one or more
    human-readable descriptions (the spec allows several per response)."""

    def __init__(self, status: int, *descriptions: str, headers: dict | None = None):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]
        self.headers = headers or {}


def w3c(moment: datetime | None) -> str | None:
    """W3C-profile ISO 8601 in the project's zone, offset included (+08:00)."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        element.extend(_element(name, item) for name, item in value.items())
    elif isinstance(value, list):
        element.extend(_element(ITEM_TAGS[tag], item) for item in value)
    else:
        # None stays an empty element (<account_id/>), as in the spec's examples.
        element.text = _text(value)
    return element


def to_xml(root: str, body) -> bytes:
    return (XML_DECLARATION + ET.tostring(_element(root, body), encoding="unicode")).encode()


def to_json(body) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def respond(fmt: str, root: str, body, *, status: int = 200) -> HttpResponse:
    content = to_json(body) if fmt == "json" else to_xml(root, body)
    response = HttpResponse(content, status=status, content_type=FORMATS[fmt])
    response["Content-Language"] = get_language()
    return response


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    body = [{"code": error.status, "description": description} for description in error.descriptions]
    response = respond(fmt, "errors", body, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response
