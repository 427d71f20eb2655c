"""The door's one statement on PostgreSQL (scan._admit_sql): it appends the entry of a
scan whose facts admit at once, and Python, whose rules are the reference, must agree
with every entry it appends. Hypothesis draws the facts (the place, the code's period,
the hour, the worker, their record, their return, their scans in the last minute); for
each, the statement's claim is held to Python's answer on the same facts."""
import datetime as dt
import logging
import re

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianfu.checkin import identify, scan, tokens
from lianfu.checkin.enums import EntryResult, RecordState, Refusal
from lianfu.checkin.health import HealthStatus
from lianfu.checkin.models import Device, Entry, HealthRecord, Place
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange
from tests.checkin.test_door import place, worker  # noqa: F401  (fixtures)
from tests.common.scratch_db import suite_postgres_url
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(suite_postgres_url() is None,
                                   reason="the one statement is PostgreSQL's (on SQLite a scan reads, then appends)")
SECRET = "phone-secret-of-zhang-wei"
FIRST_DAY = dt.date(2026, 3, 2)


def at(day_offset: int, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(FIRST_DAY + dt.timedelta(days=day_offset), dt.time(hour, minute)))


@st.composite
def situations(draw):
    return {
        "active": draw(st.booleans()),
        "place_firm": draw(st.sampled_from(["own", "other", None])),
        "rotation": draw(st.sampled_from([1, 2, 7, 31])),
        "version_matches": draw(st.booleans()),
        "period_delta": draw(st.sampled_from([-1, 0, 0, 0, 1])),
        "now": at(draw(st.integers(0, 6)), *draw(st.sampled_from([(0, 0), (1, 59), (2, 0), (12, 0), (23, 59)]))),
        "device": draw(st.sampled_from([True, True, True, False])),
        "state": draw(st.sampled_from(list(WorkerState))),
        "record": draw(st.sampled_from([None, None, ("approved", "green"), ("approved", "yellow"),
                                        ("approved", "red"), ("proposed", "red")])),
        "origin": draw(st.booleans()),
        "back_days_ago": draw(st.sampled_from([None, 3, 20])),
        "recent": draw(st.integers(0, 3)),
    }


def arrange(place, worker, other_firm, officers, s) -> tokens.Signed:
    """The database as the situation says (inside the caller's savepoint); the code the phone shows."""
    now = s["now"]
    firm = {"own": worker.enterprise, "other": other_firm, None: None}[s["place_firm"]]
    Place.objects.filter(pk=place.pk).update(active=s["active"], rotation_days=s["rotation"], key_version=5,
                                             enterprise=firm)
    Worker.objects.filter(pk=worker.pk).update(state=s["state"], origin_id=worker.origin_id if s["origin"] else "")
    if s["device"]:
        Device.objects.create(secret_hash=identify.device_hash(SECRET), worker=worker, last_seen_at=now)
    if s["record"]:
        state, status = s["record"]
        HealthRecord.objects.create(id_hash=worker.id_hash, id_masked=worker.id_masked, county_id="330282000000",
                                    status=status, reason="测试", state=state, proposed_by=officers[0],
                                    decided_by=officers[1] if state == RecordState.APPROVED else None,
                                    decided_at=now - dt.timedelta(hours=1) if state == RecordState.APPROVED else None)
    if s["back_days_ago"] is not None:
        WorkerStateChange.objects.create(worker=worker, enterprise=worker.enterprise, state=WorkerState.BACK,
                                         day=timezone.localdate(now) - dt.timedelta(days=s["back_days_ago"]),
                                         source="scan")
    Entry.objects.bulk_create([Entry(place=place, worker=worker, enterprise=worker.enterprise,
                                     scanned_at=now - dt.timedelta(seconds=10 + n), result=EntryResult.ADMITTED,
                                     status=HealthStatus.GREEN) for n in range(s["recent"])])
    period = tokens.period_of(timezone.localdate(now), s["rotation"]) + s["period_delta"]
    return tokens.Signed(place.pk, period, 5 if s["version_matches"] else 4)


@pytest.fixture
def cast(place, worker, firm_y):
    return place, worker, firm_y, (UserFactory(username="h1"), UserFactory(username="h2"))


@postgres_only
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(s=situations())
def test_the_statement_appends_exactly_what_python_admits_at_once(cast, s):
    place, worker, other_firm, officers = cast
    assert connection.vendor == "postgresql"
    with scopes_disabled(), transaction.atomic():
        signed = arrange(place, worker, other_firm, officers, s)
        now = s["now"]
        facts, appended = scan.read_facts_and_admit(signed, now, identify.device_hash(SECRET))
        refusal = tokens.judge(signed, facts.place.active, facts.place.key_version, facts.place.rotation_days, now)
        python_at_once = refusal is None and scan._admits_at_once(facts, now)
        weighs_risk = s["origin"] and s["back_days_ago"] == 3 and not (s["record"] and s["record"][0] == "approved")
        # Never more than Python admits; no less either, but where Python weighs the risk list (SQL leaves it).
        assert (appended is not None) == (python_at_once and not weighs_risk), (s, refusal, facts)
        if appended is not None:
            verdict = scan.judge_scan(facts, now)
            assert Entry.objects.filter(pk=appended).values_list(
                "place_id", "worker_id", "enterprise_id", "scanned_at", "result", "status", "reason").get() == (
                place.pk, worker.pk, worker.enterprise_id, now, EntryResult.ADMITTED, HealthStatus.GREEN,
                verdict.health.reason)
        transaction.set_rollback(True)


def count_statements(monkeypatch) -> list:
    """Each statement a scan sends through scan._fetch_one (the real one runs)."""
    sent, real = [], scan._fetch_one
    monkeypatch.setattr(scan, "_fetch_one", lambda sql, params: sent.append(sql[:6]) or real(sql, params))
    return sent


@postgres_only
def test_the_usual_scan_is_one_statement_and_a_red_one_two(cast, monkeypatch, django_capture_on_commit_callbacks):
    place, worker, _other, officers = cast
    now = at(0, 8, 0)
    with scopes_disabled():
        Device.objects.create(secret_hash=identify.device_hash(SECRET), worker=worker, last_seen_at=now)
    sent = count_statements(monkeypatch)
    answer = scan.open_door(tokens.issue(place, now.date()), SECRET, now)
    assert (answer.admitted, answer.status, sent) == (True, HealthStatus.GREEN, ["WITH f"])
    with scopes_disabled():
        HealthRecord.objects.create(id_hash=worker.id_hash, id_masked=worker.id_masked, county_id="330282000000",
                                    status=HealthStatus.RED, reason="密接", state=RecordState.APPROVED,
                                    proposed_by=officers[0], decided_by=officers[1], decided_at=now)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = scan.open_door(tokens.issue(place, now.date()), SECRET, now + dt.timedelta(seconds=5))
    assert (answer.admitted, answer.status, sent) == (False, HealthStatus.RED, ["WITH f", "INSERT"])
    with scopes_disabled():
        assert list(Entry.objects.order_by("id").values_list("result", "status", "reason")) == [
            (EntryResult.ADMITTED, HealthStatus.GREEN, "no_finding"), (EntryResult.REFUSED, HealthStatus.RED, "record")]


@postgres_only
def test_an_entry_python_does_not_admit_is_withdrawn(cast, monkeypatch, caplog):
    """Should the statement ever claim more than Python admits (here: told that yesterday's
    code is in time for every rotation), its row goes and Python's refusal stands."""
    place, worker, _other, _officers = cast
    now = at(1, 8, 0)
    with scopes_disabled():
        Device.objects.create(secret_hash=identify.device_hash(SECRET), worker=worker, last_seen_at=now)
    monkeypatch.setattr(tokens, "rotations_mask", lambda period, moment: (1 << 32) - 2)
    with caplog.at_level(logging.ERROR, logger="lianfu.checkin"):
        answer = scan.open_door(tokens.issue(place, now.date() - dt.timedelta(days=1)), SECRET, now)
    assert (answer.admitted, answer.refusal) == (False, Refusal.EXPIRED)
    with scopes_disabled():
        assert not Entry.objects.exists()
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and re.fullmatch(rf"checkin: the door's statement admitted entry \d+ at place {place.pk} "
                                             rf"but Python does not \(expired\): withdrawn", errors[0]), errors


@pytest.mark.parametrize(("minute", "expected"), [
    (at(-1, 23, 59), {7, 31}), (at(0, 0, 0), {1, 2, 7, 31}), (at(1, 1, 59), {1, 2, 7, 31}), (at(1, 2, 0), {2, 7, 31})])
def test_the_rotations_a_code_is_in_time_for(minute, expected):
    """The code of the period holding 2 March 2026, for a place renewing it every 1, 2, 7
    or 31 days (periods from 2 March, 2 March, 25 February and 10 February): the minute
    before midnight, midnight, the last minute of the next night's grace, and after it."""
    periods = {r: tokens.period_of(FIRST_DAY, r) for r in (1, 2, 7, 31)}
    assert {r for r, period in periods.items()
            if tokens.rotations_mask(period, minute + dt.timedelta(seconds=59)) >> r & 1} == expected
