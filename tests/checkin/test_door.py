"""The door: signed place codes (forged, replayed from yesterday, revoked, not
yet valid: refused), a phone identified once by a one-time code, one tap to
enter, green admitted and everything else refused and audited, the per-minute
cap, and the entry log written before the answer."""
import datetime as dt
import re
import socket

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin import health, identify, tokens
from lianfu.checkin.enums import EntryResult, RecordState, Refusal
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import Device, Entry, HealthRecord, Place
from lianfu.common import sms
from lianfu.common.models import ActivityLog
from lianfu.workforce import roster_days
from lianfu.workforce.enums import WorkerState
from tests.conftest import TOWN_A
from tests.factories.accounts import UserFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
PHONE = "13912345678"
NOON = dt.datetime(2026, 3, 2, 12, 0)


def local(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value)


@pytest.fixture
def place(firm_x):
    with scopes_disabled():
        return Place.objects.create(name="甬达电器 1号门", enterprise=firm_x, division_id=TOWN_A)


@pytest.fixture
def worker(firm_x):
    return make_worker(firm_x, "张伟", number=id_number(sequence=1), phone=PHONE,
                       history=[(dt.date(2026, 2, 20), WorkerState.AT_WORK)])


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()


def identified(client: Client, token: str, phone: str = PHONE) -> Client:
    """Through the identify pages as a worker would: number, code from the SMS."""
    sent = client.post(reverse("checkin:identify", args=[token]), {"phone": phone})
    assert sent.status_code == 200 and sms.outbox, sent.content.decode()[-600:]
    code = re.search(r"\d{6}", sms.outbox[-1].text).group()
    response = client.post(reverse("checkin:identify", args=[token]), {"phone": phone, "code": code})
    assert response.status_code == 302 and response["Location"] == reverse("checkin:door", args=[token])
    return client


def test_a_token_is_good_for_its_day_and_the_grace_after_it(place):
    token = tokens.issue(place, dt.date(2026, 3, 2))
    assert tokens.check(token, local(NOON)) == tokens.Checked(place, None)
    assert tokens.check(token, local(dt.datetime(2026, 3, 3, 1, 59))).refusal is None        # night shift grace
    # A photo of yesterday's code, scanned in the morning:
    assert tokens.check(token, local(dt.datetime(2026, 3, 3, 8, 0))).refusal == Refusal.EXPIRED
    assert tokens.check(token, local(dt.datetime(2026, 3, 1, 23, 0))).refusal == Refusal.NOT_YET
    assert tokens.valid_until(place, dt.date(2026, 3, 2)) == local(dt.datetime(2026, 3, 3, 2, 0))


def test_forged_and_revoked_codes_are_refused(place):
    token = tokens.issue(place, dt.date(2026, 3, 2))
    place_id, period, version, signature = token.split(".")
    other = "A" if signature[0] != "A" else "B"
    for forged in (f"{place_id}.{period}.{version}.{other}{signature[1:]}",       # one character of the signature
                   f"{int(place_id) + 1}.{period}.{version}.{signature}",         # another place, same signature
                   f"{place_id}.{int(period) + 1}.{version}.{signature}",         # tomorrow's period, same signature
                   "garbage", "", "1.2.3", "x" * 200):
        assert tokens.check(forged, local(NOON)) == tokens.Checked(None, Refusal.FORGED), forged
    place.key_version += 1                       # "revoke at once": every code issued so far
    place.save()
    assert tokens.check(token, local(NOON)) == tokens.Checked(place, Refusal.REVOKED)
    assert tokens.check(tokens.issue(place, dt.date(2026, 3, 2)), local(NOON)).refusal is None
    place.active = False
    place.save()
    assert tokens.check(tokens.issue(place, dt.date(2026, 3, 2)), local(NOON)).refusal == Refusal.REVOKED


def test_a_longer_rotation_keeps_one_code_for_its_days(place):
    place.rotation_days = 7
    place.save()
    token = tokens.issue(place, dt.date(2026, 3, 2))
    start = tokens.period_start(tokens.period_of(dt.date(2026, 3, 2), 7), 7)
    assert tokens.issue(place, (start + dt.timedelta(days=6)).date()) == token
    assert tokens.issue(place, (start + dt.timedelta(days=7)).date()) != token


@time_machine.travel(local(NOON), tick=False)
def test_a_worker_identifies_once_then_enters_with_one_tap(place, worker, client):
    token = tokens.issue(place)
    door = reverse("checkin:door", args=[token])
    assert client.get(door)["Location"] == reverse("checkin:identify", args=[token])
    identified(client, token)
    assert sms.outbox[-1].phone == PHONE
    page = client.get(door)
    assert page.status_code == 200 and b'id="enter"' in page.content and len(page.content) < 20_000
    with scopes_disabled():
        assert Entry.objects.count() == 0                          # a look is not an entry
    answer = client.post(door)
    html = answer.content.decode()
    assert answer.status_code == 200 and 'data-result="admitted"' in html and "2026-03-02 12:00:00" in html
    assert len(answer.content) < 20_000 and "http" not in html.replace(place.name, "")   # nothing fetched
    with scopes_disabled():
        entry = Entry.objects.get()
    assert (entry.place, entry.worker, entry.result, entry.status, entry.scanned_at) == (
        place, worker, EntryResult.ADMITTED, HealthStatus.GREEN, local(NOON))
    assert PHONE not in html and worker.id_masked not in html


@time_machine.travel(local(NOON), tick=False)
def test_a_wrong_code_counts_and_five_end_it(place, worker, client):
    token = tokens.issue(place)
    client.post(reverse("checkin:identify", args=[token]), {"phone": PHONE})
    code = re.search(r"\d{6}", sms.outbox[-1].text).group()
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    for _ in range(5):
        page = client.post(reverse("checkin:identify", args=[token]), {"phone": PHONE, "code": wrong})
        assert page.status_code == 200 and "id_code" in page.content.decode()
    # The right code, after five wrong ones, no longer works.
    page = client.post(reverse("checkin:identify", args=[token]), {"phone": PHONE, "code": code})
    assert page.status_code == 200 and Device.objects.count() == 0


@time_machine.travel(local(NOON), tick=False)
def test_an_unknown_number_gets_the_same_page_and_no_text(place, worker, client):
    token = tokens.issue(place)
    known = client.post(reverse("checkin:identify", args=[token]), {"phone": PHONE}).content.decode()
    unknown = Client().post(reverse("checkin:identify", args=[token]), {"phone": "13700000000"}).content.decode()
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731 (the hidden phone and CSRF token differ)
    assert strip(known) == strip(unknown)
    assert [m.phone for m in sms.outbox] == [PHONE]
    # Asked again at once: no second text (one a minute).
    client.post(reverse("checkin:identify", args=[token]), {"phone": PHONE})
    assert len(sms.outbox) == 1


@pytest.mark.parametrize("status", [HealthStatus.YELLOW, HealthStatus.RED])
@time_machine.travel(local(NOON), tick=False)
def test_yellow_and_red_are_refused_and_audited(place, worker, client, status):
    officer, second = UserFactory(username="h1"), UserFactory(username="h2")
    HealthRecord.objects.create(id_hash=worker.id_hash, id_masked=worker.id_masked, county_id="330282000000",
                                status=status, reason="密接", state=RecordState.APPROVED, proposed_by=officer,
                                decided_by=second, decided_at=local(NOON))
    token = tokens.issue(place)
    answer = identified(client, token).post(reverse("checkin:door", args=[token]))
    html = answer.content.decode()
    assert answer.status_code == 403 and 'data-result="refused"' in html and "请联系现场工作人员" in html
    with scopes_disabled():
        entry = Entry.objects.get()
    assert (entry.result, entry.status, entry.reason) == (EntryResult.REFUSED, status, "record")
    audit = ActivityLog.objects.get(action="checkin.refused")
    assert (audit.subject_id, audit.division_code, audit.data["status"]) == (str(entry.pk), TOWN_A, str(status))


@time_machine.travel(local(NOON), tick=False)
def test_a_proposed_status_is_not_in_force_until_a_second_official_approves(place, worker, client):
    officer = UserFactory(username="h1")
    HealthRecord.objects.create(id_hash=worker.id_hash, id_masked=worker.id_masked, county_id="330282000000",
                                status=HealthStatus.RED, reason="待核", proposed_by=officer)
    token = tokens.issue(place)
    answer = identified(client, token).post(reverse("checkin:door", args=[token]))
    assert 'data-result="admitted"' in answer.content.decode()


@time_machine.travel(local(NOON), tick=False)
def test_an_unreachable_health_service_fails_closed(place, worker, client, settings, monkeypatch):
    with socket.socket() as probe:                  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LIANFU_HEALTH_PROVIDER, settings.LIANFU_HEALTH_HTTP_URL = "http", f"http://127.0.0.1:{port}"
    monkeypatch.setattr(health, "_http_provider", None)
    token = tokens.issue(place)
    answer = identified(client, token).post(reverse("checkin:door", args=[token]))
    html = answer.content.decode()
    assert answer.status_code == 403 and 'data-reason="unknown"' in html and "请联系现场工作人员" in html
    with scopes_disabled():
        assert Entry.objects.values_list("result", "status", "reason").get() == (
            EntryResult.REFUSED, HealthStatus.UNKNOWN, "unavailable")


def test_more_than_three_scans_a_minute_are_refused_unlogged(place, worker, client):
    with time_machine.travel(local(NOON), tick=False):
        token = tokens.issue(place)
        identified(client, token)
        door = reverse("checkin:door", args=[token])
        results = [client.post(door).status_code for _ in range(5)]
    assert results == [200, 200, 200, 403, 403]
    with scopes_disabled():
        assert Entry.objects.count() == 3
    with time_machine.travel(local(NOON + dt.timedelta(minutes=1, seconds=1)), tick=False):
        assert client.post(door).status_code == 200


@time_machine.travel(local(NOON), tick=False)
def test_yesterdays_photo_and_a_revoked_code_do_not_open_the_door(place, worker, client):
    token = tokens.issue(place)
    identified(client, token)
    old = tokens.issue(place, dt.date(2026, 3, 1))
    answer = client.post(reverse("checkin:door", args=[old]))
    assert answer.status_code == 403 and 'data-reason="expired"' in answer.content.decode()
    assert ActivityLog.objects.get(action="checkin.code_refused").data == {"reason": "expired"}
    place.key_version += 1
    place.save()
    assert 'data-reason="revoked"' in client.post(reverse("checkin:door", args=[token])).content.decode()
    forged = client.post(reverse("checkin:door", args=["1.2.3.abc"]))
    assert forged.status_code == 403 and 'data-reason="forged"' in forged.content.decode()
    with scopes_disabled():
        assert Entry.objects.count() == 0


def test_a_link_elsewhere_cannot_check_a_phone_in(place, worker):
    """A page elsewhere posting to the door from the worker's own phone: no CSRF token, no entry."""
    with time_machine.travel(local(NOON), tick=False):
        token = tokens.issue(place)
        own = identified(Client(), token)
        forged = Client(enforce_csrf_checks=True)
        forged.cookies[identify.DEVICE_COOKIE] = own.cookies[identify.DEVICE_COOKIE].value
        assert forged.post(reverse("checkin:door", args=[token])).status_code == 403
        assert own.post(reverse("checkin:door", args=[token])).status_code == 200
    with scopes_disabled():
        assert Entry.objects.count() == 1


def test_an_admitted_scan_at_the_employers_door_puts_an_away_worker_on_duty(place, worker, client, firm_y):
    from lianfu.workforce.models import Worker, WorkerStateChange
    from lianfu.workforce.onduty import OnDutyBook

    with scopes_disabled():
        Worker.objects.filter(pk=worker.pk).update(state=WorkerState.AWAY)
        other_place = Place.objects.create(name="周盛汽配 大门", enterprise=firm_y, division_id="330282121000")
    day = NOON.date()
    with time_machine.travel(local(NOON), tick=False):
        assert OnDutyBook([worker.enterprise_id]).firm(worker.enterprise_id, day).on_duty == 1   # roster: at work
        identified(client, tokens.issue(other_place))
        client.post(reverse("checkin:door", args=[tokens.issue(other_place)]))        # another firm's door
        with scopes_disabled():
            assert Worker.objects.get(pk=worker.pk).state == WorkerState.AWAY
        client.post(reverse("checkin:door", args=[tokens.issue(place)]))
        client.post(reverse("checkin:door", args=[tokens.issue(place)]))              # a second scan writes no state
    with scopes_disabled():
        assert Worker.objects.get(pk=worker.pk).state == WorkerState.BACK
        assert list(WorkerStateChange.objects.filter(worker=worker).values_list("day", "state", "source")) == [
            (dt.date(2026, 2, 20), WorkerState.AT_WORK, "import"), (day, WorkerState.BACK, "scan")]
    assert roster_days.differences() == (0, [])     # the roster by day kept with the scan's change
