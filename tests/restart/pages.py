"""Helpers shared by the four-sync page tests."""
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import translation
from django_scopes import scopes_disabled

from lianfu.restart import domain
from lianfu.restart.models import Filing

ALL_ITEMS = ["gate_temperature", "health_code", "masks", "disinfection", "meal_delivery", "isolation_room",
             "emergency_plan", "guide_on_file"]
ALL_PASS = dict.fromkeys(ALL_ITEMS, True)   # every measure in place: what a passed inspection found


def zh(message: str, **params) -> str:
    """What the page says in Chinese (the default), whether or not it is translated yet."""
    with translation.override("zh-hans"):
        text = str(translation.gettext(message))
    return text % params if params else text


def page_text(response) -> str:
    return response.content.decode()


def filing_of(enterprise) -> Filing:
    with scopes_disabled():
        return Filing.objects.select_related("enterprise").filter(enterprise=enterprise).latest("id")


def refresh(filing: Filing) -> Filing:
    with scopes_disabled():
        return Filing.objects.select_related("enterprise").get(pk=filing.pk)


def package_filed(personas, net, keys=("a", "b")):
    """The lead files itself and the given suppliers; returns the suppliers' filings."""
    domain.submit_package(actor=personas["firm_x"], lead=net["lead"], member_ids=[net[k].pk for k in keys],
                          headcount_planned=300, commitments=["masks"])
    return {k: filing_of(net[k]) for k in keys}


def confirmed(members, filings: dict) -> dict:
    for key, filing in filings.items():
        domain.confirm_member_filing(actor=members[key], filing=filing, version=filing.version,
                                     headcount_planned=20, commitments=["masks"])
    return {k: refresh(f) for k, f in filings.items()}


VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "base", "wbr"}


@dataclass
class Element:
    text: str = ""
    inputs: list[dict] = field(default_factory=list)

    def checked(self, name: str) -> list[str]:
        return [i["value"] for i in self.inputs if i.get("name") == name and "checked" in i]

    def value(self, name: str) -> str | None:
        return next((i.get("value") for i in self.inputs if i.get("name") == name), None)


class _Grab(HTMLParser):
    def __init__(self, target: str):
        super().__init__()
        self.target, self.depth, self.found, self.parts, self.inputs = target, 0, False, [], []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if self.depth:
            if tag in ("input", "textarea", "select"):
                self.inputs.append({"tag": tag, **attrs})
            if tag not in VOID:
                self.depth += 1
        elif attrs.get("id") == self.target and not self.found:
            self.found, self.depth = True, (0 if tag in VOID else 1)

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def element(response_or_html, element_id: str) -> Element | None:
    """The text and form inputs inside the element with this id (None if absent)."""
    html = response_or_html if isinstance(response_or_html, str) else page_text(response_or_html)
    grab = _Grab(element_id)
    grab.feed(html)
    if not grab.found:
        return None
    return Element(re.sub(r"\s+", " ", "".join(grab.parts)).strip(), grab.inputs)
