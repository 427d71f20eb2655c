"""Addresses as people may see them: masked, like every phone number in lianfu."""
from urllib.parse import parse_qsl, urlencode, urlsplit

from lianfu.common.masking import mask_phone


def mask_email(address: str) -> str:
    """z***@example.com: the first letter and the domain, enough to recognise one's own."""
    local, at, domain = (address or "").strip().partition("@")
    if not at:
        return "*" * len(local)
    return f"{local[:1]}***@{domain}"


def mask_webhook(url: str) -> str:
    """The robot's URL with every query value (the access token or key that is
    the robot's credential) replaced by ***."""
    parts = urlsplit(url or "")
    query = urlencode([(name, "***") for name, _value in parse_qsl(parts.query, keep_blank_values=True)],
                      safe="*")
    return parts._replace(query=query, fragment="").geturl()


def mask_address(channel: str, address: str) -> str:
    from lianfu.messaging.enums import Channel

    if channel == Channel.EMAIL:
        return mask_email(address)
    if channel == Channel.SMS:
        return mask_phone(address)
    return mask_webhook(address)
