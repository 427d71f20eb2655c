"""Taking a due delivery for one worker (step 1 of delivery.py's three), and
settling the ones a dead worker left ``sending`` (its exactly-once rule)."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from lianfu.messaging.channels import backend
from lianfu.messaging.enums import DUE_STATES, DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.ratelimit import window_frees_at

MAX_ATTEMPTS = 6
UNKNOWN_OUTCOME = "unknown outcome (worker died mid-send)"
RESENT_WITH_SAME_KEY = UNKNOWN_OUTCOME + ": sent again with the same Message-ID"


@dataclass(frozen=True)
class Deferred:
    until: datetime


def due(now: datetime) -> Q:
    return Q(state__in=DUE_STATES, next_attempt_at__lte=now)


def due_ids(now: datetime, *, exclude: set[int], batch: int) -> list[int]:
    rows = Delivery.objects.filter(due(now)).exclude(pk__in=exclude).order_by("next_attempt_at", "id")
    return list(rows.values_list("pk", flat=True)[:batch])


def claim(delivery_id: int, now: datetime) -> Delivery | Deferred | None:
    """The delivery, now ``sending`` for this worker and committed; Deferred when
    its robot is at the platform's limit; None when it is not due or another
    worker has it."""
    with transaction.atomic():
        rows = Delivery.objects.filter(due(now), pk=delivery_id).select_related("robot")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        delivery = rows.first()
        if delivery is None:
            return None
        limit = backend(delivery.channel).per_minute_limit
        if delivery.robot_id and limit:
            frees_at = window_frees_at(delivery.robot_id, limit, now)
            if frees_at is not None:
                Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=frees_at)
                return Deferred(frees_at)
        # On SQLite this conditional UPDATE is the claim: one worker's changes the row.
        taken = Delivery.objects.filter(due(now), pk=delivery_id).update(
            state=DeliveryState.SENDING, attempts=F("attempts") + 1, claimed_at=now)
        if taken != 1:
            return None
    delivery.state, delivery.attempts, delivery.claimed_at = DeliveryState.SENDING, delivery.attempts + 1, now
    return delivery


def stale_after() -> timedelta:
    return timedelta(minutes=settings.LIANFU_MESSAGING_STALE_MINUTES)


def settle_stale(now: datetime) -> dict[str, int]:
    """Rows a dead worker left ``sending``: e-mail queued to go again at once (its
    Message-ID dedupes), the rest failed with an unknown outcome for a person to
    decide. Counts by the state each was given."""
    settled = {"resent": 0, "unknown": 0, "dead": 0}
    stale = Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=now - stale_after())
    for delivery in stale.order_by("id"):
        mine = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING, claimed_at=delivery.claimed_at)
        if not backend(delivery.channel).dedupes_by_key:
            settled["unknown"] += mine.update(state=DeliveryState.FAILED, next_attempt_at=None,
                                              last_error=UNKNOWN_OUTCOME)
        elif delivery.attempts >= MAX_ATTEMPTS:
            settled["dead"] += mine.update(state=DeliveryState.DEAD, next_attempt_at=None,
                                           last_error=UNKNOWN_OUTCOME)
        else:
            settled["resent"] += mine.update(state=DeliveryState.FAILED, next_attempt_at=now,
                                             last_error=RESENT_WITH_SAME_KEY)
    return settled
