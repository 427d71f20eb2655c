"""The little Markdown the robots read: text people typed cannot make a link
(a reason must not become a disguised link in a town's group), a link back into
lianfu ends each message, and a byte limit is kept without cutting a character
in two."""
from django.utils.translation import gettext_lazy as _

# How each message ends: a link back into lianfu.
OPEN_IN_LIANFU = _("Open in lianfu")

# Link and HTML syntax become their full-width look-alikes: the robots' Markdown
# dialects differ in which backslash escapes they honour, full-width characters
# read the same everywhere (and in a Chinese sentence look at home).
_NO_LINKS = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞"})
ELLIPSIS = "…"


def neutralise(text: str) -> str:
    return text.translate(_NO_LINKS)


def link_line(link: str) -> str:
    return f"[{OPEN_IN_LIANFU}]({link})" if link else ""


def with_link(body: str, link: str) -> str:
    line = link_line(link)
    return f"{body}\n\n{line}" if line else body


def truncate_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, an ellipsis marking the cut."""
    if len(text.encode()) <= max_bytes:
        return text
    room = max_bytes - len(ELLIPSIS.encode())
    return text.encode()[:max(room, 0)].decode(errors="ignore") + ELLIPSIS


def with_link_within(body: str, link: str, max_bytes: int) -> str:
    """``with_link`` in at most ``max_bytes``: the body is shortened, never the link."""
    whole = with_link(body, link)
    if len(whole.encode()) <= max_bytes:
        return whole
    tail = len(whole.encode()) - len(body.encode())
    return with_link(truncate_utf8(body, max_bytes - tail), link)
