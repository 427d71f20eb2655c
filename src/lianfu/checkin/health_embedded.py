"""The embedded health provider: the project's own records decide.

1. A status a health official set and a second official approved (HealthRecord,
   the latest decision in force wins): red, yellow or green, with its reason.
2. Otherwise the workforce records: a worker whose place of origin is high-risk
   today on the county's list and who came back less than OBSERVATION_DAYS ago
   is yellow (14 days of observation, as the 2020 rules had it).
3. Otherwise green: a known worker with nothing against them.
A person who is no known worker is UNKNOWN (the scan fails closed).

The rules live in ``decide``, which takes the facts already read: the provider
reads them with the ORM; the door's scan (scan.py) reads them in the one query
that also finds the place and the phone, and asks ``decide`` the same way."""
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin.enums import RecordState
from lianfu.checkin.health import HealthAnswer, HealthStatus
from lianfu.checkin.models import HealthRecord
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange
from lianfu.workforce.risk import RiskBook, chain_of

OBSERVATION_DAYS = 14
# The states a worker from elsewhere passes through on the way back.
RETURN_STATES = (WorkerState.BACK, WorkerState.RETURNING)
# Why a status was given (HealthAnswer.reason), as the entry log keeps it.
BY_RECORD, NO_FINDING = "record", "no_finding"


@dataclass(frozen=True)
class WorkerFacts:
    origin_id: str | None
    town_code: str | None           # the employer's town: its county keeps the risk list
    recently_back: bool             # back or on the way within OBSERVATION_DAYS


def observation_since(today: dt.date) -> dt.date:
    """A return after this day is still within the observation period."""
    return today - dt.timedelta(days=OBSERVATION_DAYS)


def decide(record_status: str | None, worker: WorkerFacts | None, today: dt.date) -> HealthAnswer:
    if record_status is not None:
        return HealthAnswer(HealthStatus(record_status), BY_RECORD)
    if worker is None:
        return HealthAnswer(HealthStatus.UNKNOWN, "not_a_worker")
    if worker.origin_id and worker.recently_back and _high_risk(worker, today):
        return HealthAnswer(HealthStatus.YELLOW, "observation")
    return HealthAnswer(HealthStatus.GREEN, NO_FINDING)


def _high_risk(worker: WorkerFacts, today: dt.date) -> bool:
    county = (worker.town_code or "")[:6].ljust(12, "0")
    book = RiskBook(county, today, divisions=chain_of(worker.origin_id))
    return book.level(worker.origin_id) == RiskLevel.HIGH


class EmbeddedHealthProvider:
    def status_of(self, id_hash: str) -> HealthAnswer:
        today = timezone.localdate()
        with scopes_disabled():
            record = (HealthRecord.objects.filter(id_hash=id_hash, state=RecordState.APPROVED)
                      .order_by("-decided_at", "-id").values_list("status", flat=True).first())
            if record is not None:
                return decide(record, None, today)
            found = (Worker.objects.filter(id_hash=id_hash)
                     .values("pk", "origin_id", "enterprise__division__code").first())
            facts = None if found is None else WorkerFacts(
                found["origin_id"], found["enterprise__division__code"],
                WorkerStateChange.objects.filter(worker_id=found["pk"], day__gt=observation_since(today),
                                                 state__in=RETURN_STATES).exists())
            return decide(None, facts, today)
