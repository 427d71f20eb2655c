"""The embedded health provider: the project's own records decide.

1. A status a health official set and a second official approved (HealthRecord,
   the latest decision in force wins): red, yellow or green, with its reason.
2. Otherwise the workforce records: a worker whose place of origin is high-risk
   today on the county's list and who came back less than OBSERVATION_DAYS ago
   is yellow (14 days of observation, as the 2020 rules had it).
3. Otherwise green: a known worker with nothing against them.
A person who is no known worker is UNKNOWN (the scan fails closed)."""
import datetime as dt

from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.checkin.enums import RecordState
from lianfu.checkin.health import HealthAnswer, HealthStatus
from lianfu.checkin.models import HealthRecord
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange
from lianfu.workforce.risk import RiskBook, chain_of

OBSERVATION_DAYS = 14


class EmbeddedHealthProvider:
    def status_of(self, id_hash: str) -> HealthAnswer:
        with scopes_disabled():
            record = (HealthRecord.objects.filter(id_hash=id_hash, state=RecordState.APPROVED)
                      .order_by("-decided_at", "-id").values_list("status", flat=True).first())
            if record is not None:
                return HealthAnswer(HealthStatus(record), "record")
            worker = (Worker.objects.filter(id_hash=id_hash)
                      .values("pk", "origin_id", "enterprise__division__code").first())
            if worker is None:
                return HealthAnswer(HealthStatus.UNKNOWN, "not_a_worker")
            if worker["origin_id"] and _observed(worker):
                return HealthAnswer(HealthStatus.YELLOW, "observation")
        return HealthAnswer(HealthStatus.GREEN, "no_finding")


def _observed(worker: dict) -> bool:
    """From a high-risk origin today and back (or on the way) less than OBSERVATION_DAYS ago."""
    today = timezone.localdate()
    county = (worker["enterprise__division__code"] or "")[:6].ljust(12, "0")
    book = RiskBook(county, today, divisions=chain_of(worker["origin_id"]))
    if book.level(worker["origin_id"]) != RiskLevel.HIGH:
        return False
    since = today - dt.timedelta(days=OBSERVATION_DAYS)
    return WorkerStateChange.objects.filter(worker_id=worker["pk"], day__gt=since,
                                            state__in=(WorkerState.BACK, WorkerState.RETURNING)).exists()
