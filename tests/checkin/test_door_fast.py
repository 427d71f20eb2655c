"""A phone that opened the code itself scans with one GET, answered by the WSGI
fast path (checkin/door_fast.py, mounted in lianfu/wsgi.py) exactly as the
view answers it; a link from elsewhere, a prefetch, an unknown phone or an
unknown host fall through to Django unchanged."""
import datetime as dt
import io
import sys

import pytest
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin import identify, tokens
from lianfu.checkin.enums import EntryResult, RecordState
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import Device, Entry, HealthRecord, Place
from lianfu.common.models import ActivityLog, Notification
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange
from lianfu.wsgi import application
from tests.checkin.test_door import place, worker  # noqa: F401  (fixtures)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0))
SECRET = "phone-secret-of-zhang-wei"
SECURITY = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
            "Cross-Origin-Opener-Policy", "Cache-Control")


@pytest.fixture(autouse=True)
def phone(worker):
    """The worker's phone, identified already (the identify pages are test_door.py's)."""
    with scopes_disabled():
        return Device.objects.create(secret_hash=identify.device_hash(SECRET), worker=worker, last_seen_at=NOON)


def call(path: str, *, cookie: str = f"{identify.DEVICE_COOKIE}={SECRET}", host: str = "testserver",
         **headers) -> tuple[int, dict, str]:
    """One GET through lianfu.wsgi.application, as a WSGI server makes it."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host, "HTTP_COOKIE": cookie,
               "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
               "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True,
               "wsgi.run_once": False, "HTTP_SEC_FETCH_SITE": "none"}
    environ.update({"HTTP_" + name.upper(): value for name, value in headers.items()})
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(response_headers)

    # As Django's test client does: the test's connection (inside its transaction) stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response)).decode()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def entries():
    with scopes_disabled():
        return list(Entry.objects.order_by("id").values_list("worker_id", "result", "status", "scanned_at"))


@time_machine.travel(NOON, tick=False)
def test_a_phone_that_opened_the_code_is_admitted_with_one_get(place, worker):
    status, headers, body = call(f"/e/{tokens.issue(place)}/")
    assert status == 200 and 'data-result="admitted"' in body and "2026-03-02 12:00:00" in body
    assert place.name in body and len(body.encode()) < 20_000 and 'lang="zh-hans"' in body
    assert entries() == [(worker.pk, EntryResult.ADMITTED, HealthStatus.GREEN, NOON)]
    assert headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


@time_machine.travel(NOON, tick=False)
def test_the_fast_path_answers_as_the_view_does(place, worker):
    """Same page, same status, same security headers: the view (runserver, the test client) and the
    fast path (production) share scan.open_door and door_page.render_result."""
    token = tokens.issue(place)
    fast_status, fast_headers, fast_body = call(f"/e/{token}/", cookie=f"{identify.DEVICE_COOKIE}={SECRET}; "
                                                                     "django_language=en")
    client = Client(HTTP_SEC_FETCH_SITE="none")
    client.cookies[identify.DEVICE_COOKIE] = SECRET
    client.cookies["django_language"] = "en"
    view = client.get(reverse("checkin:door", args=[token]))
    assert (fast_status, fast_body) == (view.status_code, view.content.decode())
    assert "Admitted" in fast_body and 'lang="en"' in fast_body
    assert {name: fast_headers[name] for name in SECURITY} == {name: view[name] for name in SECURITY}
    assert len(entries()) == 2


@time_machine.travel(NOON, tick=False)
def test_red_is_refused_by_the_fast_path_and_audited(place, worker, firm_x, personas,
                                                     django_capture_on_commit_callbacks):
    proposer, approver = UserFactory(), UserFactory()
    with scopes_disabled():
        HealthRecord.objects.create(id_hash=worker.id_hash, id_masked=worker.id_masked, county_id="330282000000",
                                    status=HealthStatus.RED, reason="密切接触者", state=RecordState.APPROVED,
                                    proposed_by=proposer, decided_by=approver, decided_at=NOON)
    with django_capture_on_commit_callbacks(execute=True):
        status, _headers, body = call(f"/e/{tokens.issue(place)}/")
    assert status == 403 and 'data-result="refused" data-reason="not_green"' in body
    # Urgent: the firm and the officers over its town are told at once, the ID masked.
    told = Notification.objects.filter(kind="checkin.red_scan")
    names = set(told.values_list("user__username", flat=True))
    assert {personas[p].username for p in ("firm_x", "town_a", "county")} <= names
    assert not {personas[p].username for p in ("firm_y", "town_b")} & names      # a sibling firm and town: nothing
    assert {n.params["worker"] for n in told} == {worker.id_masked} and "*" in worker.id_masked
    assert {n.params["enterprise_id"] for n in told} == {firm_x.pk}
    assert entries() == [(worker.pk, EntryResult.REFUSED, HealthStatus.RED, NOON)]
    with scopes_disabled():
        audit = ActivityLog.objects.get(action="checkin.refused")
    assert (audit.data["worker"], audit.data["status"], audit.data["reason"]) == (worker.pk, "red", "record")


@pytest.mark.parametrize("headers", [
    {"SEC_FETCH_SITE": "cross-site"},          # a link or redirect from another site
    {"SEC_FETCH_SITE": ""},                    # a browser that does not say
    {"SEC_PURPOSE": "prefetch;prerender"},     # the address bar prerendering what was typed
    {"PURPOSE": "prefetch"},
])
@time_machine.travel(NOON, tick=False)
def test_a_get_the_phone_did_not_open_itself_shows_the_confirm_page(place, worker, headers):
    status, headers_out, body = call(f"/e/{tokens.issue(place)}/", **headers)
    assert status == 200 and 'id="enter"' in body and 'name="csrfmiddlewaretoken"' in body
    assert entries() == []


@time_machine.travel(NOON, tick=False)
def test_what_the_fast_path_is_not_sure_of_goes_to_django(place, worker):
    token = tokens.issue(place)
    status, headers, _ = call(f"/e/{token}/", cookie=f"{identify.DEVICE_COOKIE}=a-phone-nobody-identified")
    assert (status, headers["Location"]) == (302, reverse("checkin:identify", args=[token]))
    assert call(f"/e/{token}/", host="evil.example")[0] == 400             # ALLOWED_HOSTS, as Django checks
    with scopes_disabled():
        Worker.objects.filter(pk=worker.pk).update(state=WorkerState.LEFT)
    assert call(f"/e/{token}/")[0] == 302                                   # a worker who left identifies anew
    assert entries() == []


@time_machine.travel(NOON, tick=False)
def test_codes_the_fast_path_refuses(place, worker):
    token = tokens.issue(place)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert call(f"/e/{forged}/")[2].count('data-reason="forged"') == 1
    yesterday = tokens.issue(place, dt.date(2026, 3, 1))
    assert 'data-reason="expired"' in call(f"/e/{yesterday}/")[2]
    with scopes_disabled():
        Place.objects.filter(pk=place.pk).update(key_version=2)
    status, _, body = call(f"/e/{token}/")
    assert status == 403 and 'data-reason="revoked"' in body
    assert entries() == []
    with scopes_disabled():
        assert sorted(ActivityLog.objects.filter(action="checkin.code_refused").values_list("data", flat=True),
                      key=str) == [{"reason": "expired"}, {"reason": "revoked"}]


@time_machine.travel(NOON, tick=False)
def test_the_fourth_scan_in_a_minute_is_refused_unlogged(place, worker):
    path = f"/e/{tokens.issue(place)}/"
    answers = [call(path) for _ in range(4)]
    assert [a[0] for a in answers] == [200, 200, 200, 403] and 'data-reason="too_many"' in answers[3][2]
    assert len(entries()) == 3


@time_machine.travel(NOON, tick=False)
def test_an_away_worker_admitted_at_their_employers_door_is_back(place, worker):
    with scopes_disabled():
        Worker.objects.filter(pk=worker.pk).update(state=WorkerState.AWAY)
        Device.objects.filter(worker=worker).update(last_seen_at=NOON - dt.timedelta(days=2))
    assert call(f"/e/{tokens.issue(place)}/")[0] == 200
    with scopes_disabled():
        assert Worker.objects.get(pk=worker.pk).state == WorkerState.BACK
        assert WorkerStateChange.objects.filter(worker=worker, source="scan").values_list("day", "state").get() == (
            NOON.date(), WorkerState.BACK)
        assert Device.objects.get(worker=worker).last_seen_at == NOON          # seen again, refreshed
