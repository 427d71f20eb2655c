"""What the door's page answers, shared by the Django view (views_door.py) and
the WSGI fast path (door_fast.py), so the two cannot drift apart.

A GET of a place code scans at once when the phone itself opened it: the
browser says ``Sec-Fetch-Site: none`` for a URL the camera, a QR scanner or the
address bar opened, and ``cross-site`` for a link or a redirect from another
site (which must not check anyone in), and a prefetch or prerender says so in
its purpose header (it must not either). Anything else, a browser too old to
send these headers included, gets the confirm page: one tap, a POST with its
CSRF token."""
from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from lianfu.checkin.enums import Refusal
from lianfu.checkin.scan import ScanAnswer

NEXT_STEP = {
    Refusal.NOT_GREEN: "not_green", Refusal.UNKNOWN: "unknown", Refusal.TOO_MANY: "too_many",
    Refusal.FORGED: "bad_code", Refusal.EXPIRED: "old_code", Refusal.REVOKED: "old_code", Refusal.NOT_YET: "old_code",
}
# WSGI environ keys of the headers that mark a prefetch, a prerender or a link preview.
PURPOSE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def opens_directly(environ) -> bool:
    """Whether a GET with these headers (a WSGI environ or request.META) scans at once."""
    return environ.get("HTTP_SEC_FETCH_SITE") == "none" and not any(environ.get(h) for h in PURPOSE_HEADERS)


def language_of(cookies) -> str:
    """Chinese unless the language switch chose English (common/middleware.py)."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def result_status(answer: ScanAnswer) -> int:
    return 200 if answer.admitted else 403


def render_result(answer: ScanAnswer, language: str) -> str:
    """The answer page: one large colour, the place, the time, what to do next. The
    page is the same for every scan with the same outcome at the same place but for
    its time: rendered once per process (the template costs more than the scan's
    queries) and the time put in."""
    page = _page(language, answer.place.name if answer.place else None, answer.admitted, answer.status,
                 answer.refusal)
    return page.replace(TIME_MARK, timezone.localtime(answer.at).strftime("%Y-%m-%d %H:%M:%S"))


TIME_MARK = "@@scan-time@@"


@lru_cache(maxsize=2048)
def _page(language: str, place_name: str | None, admitted: bool, status: str, refusal: str | None) -> str:
    place = SimpleNamespace(name=place_name) if place_name is not None else None
    answer = SimpleNamespace(admitted=admitted, status=status, refusal=refusal)
    with translation.override(language):
        return get_template("checkin/door_result.html").render({
            "answer": answer, "next_step": NEXT_STEP.get(refusal, ""), "place": place, "at_text": TIME_MARK})
