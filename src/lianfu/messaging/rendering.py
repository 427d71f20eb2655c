"""A notification's words for the channels: the in-app texts
(common/notifications.py) in the site's language, personal numbers masked,
people's text unable to make links, and a link back into lianfu."""
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from lianfu.common.masking import mask_id_number, mask_phone
from lianfu.common.notifications import MESSAGES
from lianfu.messaging.markdown import neutralise

TITLE_CHARS = 40
# A mainland ID number (17 digits and a digit or X) and a mobile number, not
# part of a longer run of digits (an order number is left alone).
_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    link: str


def mask_personal_numbers(text: str) -> str:
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


def absolute_link(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.LIANFU_SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def title_of(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_CHARS else line[:TITLE_CHARS - 1] + "…"


def render(kind: str, params: dict, url: str = "") -> Rendered:
    """The message a notification of ``kind`` becomes, in settings.LANGUAGE_CODE
    (the worker has no reader whose language it could take)."""
    safe = {name: mask_personal_numbers(str(value)) for name, value in params.items()}
    with translation.override(settings.LANGUAGE_CODE):
        template = MESSAGES.get(kind)
        try:
            text = str(template) % safe if template is not None else kind
        except (KeyError, TypeError, ValueError):
            text = str(template)
    text = mask_personal_numbers(text)
    return Rendered(title=title_of(text), body=neutralise(text), link=absolute_link(url))
