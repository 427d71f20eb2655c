"""Every page a role reaches from its navigation and its first screen, on a
360 px phone, in Chinese (and the navigation's pages again in English, whose
longer words overflow first): none scrolls sideways (UI.md: a wide table
scrolls inside its own box, long codes wrap, forms and filters wrap). An
offending page is reported with the widest element that sticks out of the
screen and is not inside a box that scrolls (or clips) sideways itself."""
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from lianfu.helpdesk import domain as helpdesk
from lianfu.helpdesk.enums import Status
from tests.browser.test_first_screens import people  # noqa: F401 (people)
from tests.browser.test_four_sync_journey import PHONE, sign_in
from tests.chains.conftest import chain, net  # noqa: F401 (the hand-built network)
from tests.dashboard.test_metrics import county  # noqa: F401 (the hand-built county people stands on)
from tests.helpdesk.tickets_fixtures import UNSURE, departments  # noqa: F401 (departments)
from tests.restart.conftest import members  # noqa: F401 (a user per in-county supplier)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES = 40  # per role and language
# Not pages: downloads, exports, API answers, signing out.
NOT_PAGES = ("export=", ".xlsx", ".csv", ".pdf", ".zip", "/download", "/logout", "/api/", "/media/", "/static/")

LINKS = """selector => [...document.querySelectorAll(selector)]
    .filter(a => !a.hasAttribute('download') && !a.closest('form[method=post]'))
    .map(a => a.href)"""

# The widest element whose right edge passes the screen and that no ancestor
# scrolls or clips sideways: the one that makes the page scroll. An absolutely
# positioned element is clipped only from its containing block up (an `.sr-only`
# label in a table that scrolls in its box once made a page scroll); a fixed
# one never makes the page scroll.
WIDEST = """() => {
  const width = window.innerWidth;
  const clips = style => ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX);
  const boxed = el => {
    let escaping = getComputedStyle(el).position === 'absolute';
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (escaping && style.position === 'static' && style.transform === 'none') continue;
      if (clips(style)) return true;
      escaping = style.position === 'absolute';
    }
    return false;
  };
  let widest = null;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (getComputedStyle(el).position === 'fixed' || boxed(el)) continue;
    if (!widest || box.right > widest.right + 0.5) {
      widest = {right: Math.round(box.right), tag: el.tagName.toLowerCase(), id: el.id,
                cls: typeof el.className === 'string' ? el.className : ''};
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, widest};
}"""


@pytest.fixture
def waiting(people, personas, firm_x):  # noqa: F811
    """A ticket waiting for dispatch, with a long unbroken link in its text: the
    dispatch queue (a wide table of forms) and the inbox then have a row."""
    link = "https://example.com/" + "photos-of-the-blocked-gate-" * 4 + ".jpg"
    ticket = helpdesk.submit_ticket(actor=personas["firm_x"], enterprise=firm_x, text=f"{UNSURE}，照片见 {link}")
    with scopes_disabled():
        ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    return ticket


def is_page(href: str, origin: str) -> bool:
    parts = urlsplit(href)
    return (f"{parts.scheme}://{parts.netloc}" == origin and parts.scheme in ("http", "https")
            and not any(marker in href.lower() for marker in NOT_PAGES))


def links_of(page, origin: str, selectors: tuple[str, ...]) -> list[str]:
    urls = []
    for selector in selectors:
        for href in page.evaluate(LINKS, selector):
            url = urldefrag(href).url
            if is_page(url, origin) and url not in urls:
                urls.append(url)
    return urls[:MAX_PAGES]


def visit(page, url: str):
    """The page's response, or None for a download the link gave no sign of."""
    from playwright.sync_api import Error  # imported once chromium is known to be there (conftest.browser)

    try:
        return page.goto(url, wait_until="load")
    except Error as error:
        if "Download is starting" in str(error):
            return None
        raise


def describe(widest: dict | None) -> str:
    if not widest:
        return "?"
    classes = "".join(f".{c}" for c in widest["cls"].split())
    return f"{widest['tag']}{'#' + widest['id'] if widest['id'] else ''}{classes} (right edge {widest['right']} px)"


def test_no_page_scrolls_sideways_on_a_phone(live_server, browser, people, waiting, record_property):  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    origin = live_server.url.rstrip("/")
    offenders, broken, checked = [], [], {}

    def check(role: str, url: str, language: str) -> None:
        response = visit(page, url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return
        if response.status >= 500:
            broken.append(f"{role} ({language}) {response.status} {url}")
            return
        checked[role] += 1
        if page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth"):
            found = page.evaluate(WIDEST)
            offenders.append(f"{role} ({language}) {url[len(origin):]}: {found['scrollWidth']} px wide, "
                             f"{describe(found['widest'])}")

    for username, (role, _lead_block) in people.items():
        sign_in(page, live_server, username)
        checked[role] = 0
        # Chinese: the navigation (the top bar), then the first screen's own blocks.
        for url in links_of(page, origin, ("header.topbar a[href]", "main a[href]")):
            check(role, url, "zh")
        # English, whose words are longer (the session bar and a filter's select once
        # overflowed only there): the navigation again.
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
        page.goto(f"{live_server.url}/")
        for url in links_of(page, origin, ("header.topbar a[href]",)):
            check(role, url, "en")
    context.close()
    summary = (f"phone 360 px: {sum(checked.values())} pages checked in Chinese and English ("
               + ", ".join(f"{role} {n}" for role, n in checked.items()) + f"), {len(offenders)} scroll sideways")
    print(f"\n{summary}")
    record_property("summary", summary)
    assert not broken, "\n".join(broken)
    assert not offenders, summary + "\n" + "\n".join(offenders)
