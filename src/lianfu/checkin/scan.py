"""One scan at a door, the hottest path in lianfu.

The code's signature is checked first (a forged code costs no query). Then ONE
query reads everything the answer needs: the place (is the code still good?),
the phone's worker, their scans here in the last minute (the cap), their latest
approved health record and whether they came back recently (the embedded
provider's facts, health_embedded.decide). Then ONE append to the entry log,
committed before the answer goes out: an admitted scan is never lost, whatever
happens to the server after.

On PostgreSQL with the embedded provider the usual scan (a green worker already
on duty, a code in time) is ONE autocommitted statement: the read, and the
append when the facts it read admit at once (``_admit_sql``: the embedded
provider's green and the code's checks in SQL). Python then decides from the
same facts as on every other path, and the SQL's row stands only when it agrees;
should they ever differ, the row is withdrawn, the error logged, and Python's
answer stands (its rules are the reference; the SQL's are a copy for speed,
and the tests hold them to the same answers).

Rarer outcomes write more, in one transaction with the entry: a refusal goes
to the security audit; a worker admitted at a door of their own employer who
was not on duty (away, returning) is at work from that day (the state change
the on-duty rate reads, workforce/onduty.py).

Callers: the door's page (views_door.py, and door_fast.py, the same answer
outside Django's request cycle for speed) and the demo (``scan``)."""
import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin import tokens
from lianfu.checkin.enums import EntryResult, RecordState, Refusal
from lianfu.checkin.health import HealthAnswer, HealthStatus, provider
from lianfu.checkin.health_embedded import (
    BY_RECORD,
    NO_FINDING,
    RETURN_STATES,
    EmbeddedHealthProvider,
    WorkerFacts,
    decide,
    observation_since,
)
from lianfu.checkin.identify import SEEN_EVERY, device_hash
from lianfu.checkin.models import Device, Entry, HealthRecord, Place
from lianfu.common.audit import log_activity
from lianfu.common.notifications import enterprise_users, notify_on_commit, officers_over
from lianfu.registry.models import Enterprise
from lianfu.workforce.domain import present_at_work
from lianfu.workforce.enums import ON_DUTY_STATES, WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange

logger = logging.getLogger("lianfu.checkin")
CAP_PER_MINUTE = 3          # scans of one worker at one place in a minute; more are refused unlogged
MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class DoorPlace:
    """The place as a scan reads it (a model instance costs more than the whole answer page)."""
    pk: int
    name: str
    enterprise_id: int | None
    division_id: str
    active: bool
    key_version: int
    rotation_days: int


@dataclass(frozen=True, slots=True)
class DoorWorker:
    pk: int
    state: str
    enterprise_id: int
    id_hash: str
    origin_id: str | None
    id_masked: str

    def as_model(self) -> Worker:
        return Worker(pk=self.pk, state=self.state, enterprise_id=self.enterprise_id, id_hash=self.id_hash,
                      origin_id=self.origin_id)


@dataclass(frozen=True)
class ScanAnswer:
    admitted: bool
    place: Place | DoorPlace | None
    at: dt.datetime
    status: HealthStatus = HealthStatus.UNKNOWN
    refusal: Refusal | None = None


@dataclass(frozen=True, slots=True)
class DoorFacts:
    """The one query's row: the place, and the worker as their phone (or the caller) names them."""
    place: DoorPlace
    worker: DoorWorker | None
    town_code: str | None           # the worker's employer's town
    device_id: int | None
    device_stale: bool              # last_seen_at older than identify.SEEN_EVERY
    recent: int                     # this worker's entries at this place in the last minute
    record_status: str | None       # the latest approved health record's status
    recently_back: bool


def refuse_code(place: Place | DoorPlace | None, refusal: Refusal, now: dt.datetime) -> ScanAnswer:
    """A code that admits nobody: audited under its place when it names one we know."""
    if place is None:
        logger.warning("checkin: refused a code (%s)", refusal)
    else:
        log_activity(actor=None, action="checkin.code_refused", subject=Place(pk=place.pk),
                     division_code=place.division_id, reason=str(refusal))
    return ScanAnswer(False, place, now, refusal=refusal)


def open_door(token: str, secret: str | None, now: dt.datetime | None = None) -> ScanAnswer | None:
    """The answer to a phone entering with ``token``; None when the phone is not
    identified (no such device, or its worker left): it identifies first."""
    now = now or timezone.now()
    signed = tokens.verify(token)
    if signed is None:
        return refuse_code(None, Refusal.FORGED, now)
    if not secret or len(secret) > 64:
        return None
    if connection.vendor == "postgresql" and isinstance(provider(), EmbeddedHealthProvider):
        facts, appended = read_facts_and_admit(signed, now, device_hash(secret))
    else:
        facts, appended = read_facts(signed.place_id, now, secret_hash=device_hash(secret)), None
    refusal = Refusal.REVOKED if facts is None else tokens.judge(
        signed, facts.place.active, facts.place.key_version, facts.place.rotation_days, now)
    if appended is not None:
        if refusal is None and _admits_at_once(facts, now):
            _seen(facts, now)
            return ScanAnswer(True, facts.place, now, HealthStatus.GREEN)
        _withdraw(appended, facts, refusal)
    if refusal is not None:
        return refuse_code(None if facts is None else facts.place, refusal, now)
    if facts.worker is None or facts.worker.state == WorkerState.LEFT:
        return None
    _seen(facts, now)
    return decide_and_log(facts, now)


def _seen(facts: DoorFacts, now: dt.datetime) -> None:
    if facts.device_stale:
        Device.objects.filter(pk=facts.device_id).update(last_seen_at=now)


def _admits_at_once(facts: DoorFacts, now: dt.datetime) -> bool:
    """Whether Python admits this scan with no write but its entry (the SQL's claim)."""
    if facts.worker is None or facts.worker.state == WorkerState.LEFT:
        return False
    verdict = judge_scan(facts, now)
    return verdict is not None and verdict.admitted and not verdict.comes_to_work


def _withdraw(entry_id: int, facts: DoorFacts | None, refusal: Refusal | None) -> None:
    """The SQL admitted a scan that Python does not admit at once: a defect in _admit_sql,
    never expected. Python's answer stands; the row the SQL wrote goes."""
    logger.error("checkin: the door's statement admitted entry %s at place %s but Python does not (%s): withdrawn",
                 entry_id, None if facts is None else facts.place.pk, refusal or "no_refusal_of_the_code")
    with scopes_disabled():
        Entry.objects.filter(pk=entry_id).delete()


def scan(place: Place, worker: Worker, now: dt.datetime | None = None) -> ScanAnswer:
    """A scan by ``worker`` at ``place`` with a good code (the demo's shift start)."""
    now = now or timezone.now()
    return decide_and_log(read_facts(place.pk, now, worker_id=worker.pk), now)


@dataclass(frozen=True, slots=True)
class Verdict:
    health: HealthAnswer
    admitted: bool
    comes_to_work: bool             # admitted at their employer's door while not on duty


def judge_scan(facts: DoorFacts, now: dt.datetime) -> Verdict | None:
    """What a scan with a good code by a known worker comes to (None: over the per-minute cap)."""
    place, worker = facts.place, facts.worker
    if facts.recent >= CAP_PER_MINUTE:
        return None
    answer = _health(facts, timezone.localdate(now))
    admitted = answer.status == HealthStatus.GREEN
    comes_to_work = (admitted and place.enterprise_id is not None and place.enterprise_id == worker.enterprise_id
                     and worker.state not in ON_DUTY_STATES)
    return Verdict(answer, admitted, comes_to_work)


def decide_and_log(facts: DoorFacts, now: dt.datetime) -> ScanAnswer:
    place, worker = facts.place, facts.worker
    verdict = judge_scan(facts, now)
    if verdict is None:
        # Not logged: a loop of scans must not become a loop of writes.
        return ScanAnswer(False, place, now, refusal=Refusal.TOO_MANY)
    answer, admitted, comes_to_work = verdict.health, verdict.admitted, verdict.comes_to_work
    refusal = None if admitted else (Refusal.UNKNOWN if answer.status == HealthStatus.UNKNOWN
                                     else Refusal.NOT_GREEN)
    row = (place.pk, worker.pk, worker.enterprise_id, now, EntryResult.ADMITTED if admitted else EntryResult.REFUSED,
           answer.status, (answer.reason or "")[:20])
    if admitted and not comes_to_work:
        _append(row)                     # autocommit: in the log before the answer is sent
        return ScanAnswer(True, place, now, answer.status)
    with transaction.atomic():
        entry = Entry(pk=_append(row))
        if comes_to_work:
            present_at_work(worker.as_model(), timezone.localdate(now))    # on duty from today (workforce/onduty.py)
        else:
            log_activity(actor=None, action="checkin.refused", subject=entry, division_code=place.division_id,
                         place=place.pk, worker=worker.pk, status=str(answer.status), reason=answer.reason)
            if answer.status == HealthStatus.RED:
                _tell_about_red(place, worker)
    return ScanAnswer(admitted, place, now, answer.status, refusal)


def _tell_about_red(place: DoorPlace, worker: DoorWorker) -> None:
    """A red status at a door is urgent (messaging sends it at once, quiet hours or not): the
    place's firm and the officers over its town hear of it, and its town's and county's groups."""
    users = [*(enterprise_users(place.enterprise_id) if place.enterprise_id else []),
             *officers_over(place.division_id)]
    notify_on_commit(users, "checkin.red_scan", url=reverse("entry:place", args=[place.pk]),
                     worker=worker.id_masked, place=place.name, division_code=place.division_id,
                     **({"enterprise_id": place.enterprise_id} if place.enterprise_id else {}))


def _health(facts: DoorFacts, today: dt.date):
    chosen = provider()
    if isinstance(chosen, EmbeddedHealthProvider):     # its facts came with the door's query
        return decide(facts.record_status,
                      WorkerFacts(facts.worker.origin_id, facts.town_code, facts.recently_back), today)
    return chosen.status_of(facts.worker.id_hash)


# --- the SQL ------------------------------------------------------------------------------------------------


def read_facts(place_id: int, now: dt.datetime, *, secret_hash: str | None = None,
               worker_id: int | None = None) -> DoorFacts | None:
    """The one read of a scan (None: no such place). The worker is the device's
    (``secret_hash``) or the one given (``worker_id``)."""
    row = _fetch_one(_facts_sql(worker_id is None), _facts_params(place_id, now, secret_hash, worker_id))
    return None if row is None else _facts_of(row)


def read_facts_and_admit(signed: tokens.Signed, now: dt.datetime, secret_hash: str) -> tuple[DoorFacts | None,
                                                                                           int | None]:
    """read_facts by the device, and in the same statement the entry of a scan its facts
    admit at once (PostgreSQL): (the facts, the new entry's id or None)."""
    from psycopg.types.numeric import Int8  # one parameter type, one prepared statement

    params = [*_facts_params(signed.place_id, now, secret_hash, None),
              connection.ops.adapt_datetimefield_value(now), EntryResult.ADMITTED, HealthStatus.GREEN, NO_FINDING,
              BY_RECORD, signed.version, Int8(tokens.rotations_mask(signed.period, now)), WorkerState.LEFT,
              CAP_PER_MINUTE, HealthStatus.GREEN, *ON_DUTY_STATES]
    row = _fetch_one(_admit_sql(), params)
    return (None, None) if row is None else (_facts_of(row[:-1]), row[-1])


def _facts_params(place_id: int, now: dt.datetime, secret_hash: str | None, worker_id: int | None) -> list:
    ops = connection.ops
    by_device = worker_id is None
    return [*([ops.adapt_datetimefield_value(now - SEEN_EVERY)] if by_device else []),
            ops.adapt_datetimefield_value(now - MINUTE), RecordState.APPROVED,
            ops.adapt_datefield_value(observation_since(timezone.localdate(now))), *RETURN_STATES,
            secret_hash if by_device else worker_id, place_id]


def _facts_of(row: tuple) -> DoorFacts:
    (p_id, p_name, p_enterprise, p_division, p_active, p_version, p_rotation,
     w_id, w_state, w_enterprise, w_id_hash, w_origin, w_masked, town, device_id, stale, recent, status, back) = row
    place = DoorPlace(p_id, p_name, p_enterprise, p_division, bool(p_active), p_version, p_rotation)
    worker = None if w_id is None else DoorWorker(w_id, w_state, w_enterprise, w_id_hash, w_origin, w_masked)
    return DoorFacts(place, worker, town, device_id, bool(stale), recent or 0, status, bool(back))


@cache
def _facts_sql(by_device: bool) -> str:
    """Written once from the models' tables and columns (a renamed field fails loudly here).
    Its columns are named for _admit_sql, in _facts_of's order."""
    place, device, worker, firm = (_table(m) for m in (Place, Device, Worker, Enterprise))
    entry, record_, change = (_table(m) for m in (Entry, HealthRecord, WorkerStateChange))
    q = connection.ops.quote_name
    joins = (f"LEFT JOIN {device} d ON d.{q('secret_hash')} = %s LEFT JOIN {worker} w ON w.{q('id')} = "
             f"d.{q('worker_id')}" if by_device else f"LEFT JOIN {worker} w ON w.{q('id')} = %s")
    device_columns = (f"d.{q('id')} AS device_id, (d.{q('last_seen_at')} IS NULL OR d.{q('last_seen_at')} < %s) "
                      f"AS stale" if by_device else "NULL AS device_id, NULL AS stale")
    return (
        f"SELECT p.{q('id')} AS p_id, p.{q('name')} AS p_name, p.{q('enterprise_id')} AS p_enterprise, "
        f"p.{q('division_id')} AS p_division, p.{q('active')} AS p_active, p.{q('key_version')} AS p_version, "
        f"p.{q('rotation_days')} AS p_rotation, "
        f"w.{q('id')} AS w_id, w.{q('state')} AS w_state, w.{q('enterprise_id')} AS w_enterprise, "
        f"w.{q('id_hash')} AS w_id_hash, w.{q('origin_id')} AS w_origin, w.{q('id_masked')} AS w_masked, "
        f"f.{q('division_id')} AS town, {device_columns}, "
        f"(SELECT COUNT(*) FROM {entry} e WHERE e.{q('worker_id')} = w.{q('id')} "
        f"AND e.{q('place_id')} = p.{q('id')} AND e.{q('scanned_at')} >= %s) AS recent, "
        f"(SELECT h.{q('status')} FROM {record_} h WHERE h.{q('id_hash')} = w.{q('id_hash')} "
        f"AND h.{q('state')} = %s ORDER BY h.{q('decided_at')} DESC, h.{q('id')} DESC LIMIT 1) AS record_status, "
        f"EXISTS (SELECT 1 FROM {change} c WHERE c.{q('worker_id')} = w.{q('id')} AND c.{q('day')} > %s "
        f"AND c.{q('state')} IN (%s, %s)) AS recently_back "
        f"FROM {place} p {joins} LEFT JOIN {firm} f ON f.{q('id')} = w.{q('enterprise_id')} "
        f"WHERE p.{q('id')} = %s")


@cache
def _admit_sql() -> str:
    """The facts, and the entry when they admit at once (PostgreSQL: an INSERT in a WITH).
    What admits at once, as judge_scan and tokens.judge decide it for these facts: the place
    in use at the code's key version and the code in time for the place's rotation (bit R of
    tokens.rotations_mask); a worker who has not left, under the per-minute cap; green by the
    embedded provider with no further read (a green record in force, or no record and no
    return from elsewhere to weigh against the risk list); and no state change to write (on
    duty already, or at another firm's door). Anything else appends nothing here: Python
    decides it and writes what it needs (decide_and_log)."""
    q = connection.ops.quote_name
    on_duty = ", ".join(["%s"] * len(ON_DUTY_STATES))
    return (
        f"WITH facts AS ({_facts_sql(True)}), "
        f"added AS (INSERT INTO {_table(Entry)} ({_entry_columns()}) "
        f"SELECT p_id, w_id, w_enterprise, %s, %s, %s, CASE WHEN record_status IS NULL THEN %s ELSE %s END "
        f"FROM facts WHERE p_active AND p_version = %s AND (%s >> p_rotation) & 1 = 1 "
        f"AND w_id IS NOT NULL AND w_state <> %s AND recent < %s "
        f"AND (record_status = %s OR (record_status IS NULL AND (COALESCE(w_origin, '') = '' OR NOT recently_back))) "
        f"AND (w_state IN ({on_duty}) OR p_enterprise IS NULL OR p_enterprise <> w_enterprise) "
        f"RETURNING {q('id')}) "
        f"SELECT facts.*, (SELECT {q('id')} FROM added) FROM facts")


def _append(row: tuple) -> int:
    place_id, worker_id, enterprise_id, at, result, status, reason = row
    return _fetch_one(_append_sql(), [place_id, worker_id, enterprise_id, connection.ops.adapt_datetimefield_value(at),
                                      result, status, reason])[0]


def _fetch_one(sql: str, params: list) -> tuple | None:
    """One statement on Django's connection (its transaction, its error handling). On
    PostgreSQL a prepared statement: the scan's query is planned once per connection
    instead of once per scan, which was most of the database's work per scan. Django's
    own cursors bind on the client and never prepare, so allowing it on the connection
    changes nothing for them (Django turns automatic preparing off: prepare_threshold)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()


PREPARE_ONLY_WHEN_ASKED = 2 ** 31 - 1     # a threshold never reached: only execute(prepare=True) prepares


@cache
def _append_sql() -> str:
    return (f"INSERT INTO {_table(Entry)} ({_entry_columns()}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            f"RETURNING {connection.ops.quote_name('id')}")


def _entry_columns() -> str:
    q = connection.ops.quote_name
    return ", ".join(q(name) for name in ("place_id", "worker_id", "enterprise_id", "scanned_at", "result",
                                          "status", "reason"))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
