"""Sending due deliveries: claim, send, record (the three steps and the rule
written in delivery.py)."""
import logging
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from lianfu.common.log_redaction import redact
from lianfu.common.pii import SealBroken, unseal
from lianfu.messaging.channels import ChannelError, OutboundMessage, PermanentFailure, UnknownOutcome, backend
from lianfu.messaging.claiming import MAX_ATTEMPTS, Deferred, claim, due_ids, settle_stale
from lianfu.messaging.delivery import schedule
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
ERROR_KEPT = 1000
BATCH = 100
HANDLED = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.DEAD, "deferred")


def backoff(attempts: int) -> timedelta:
    """After the n-th failed attempt: 1, 2, 4, 8, 16 minutes."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def outbound(delivery: Delivery, now: datetime | None) -> OutboundMessage:
    try:
        if delivery.robot_id:
            if not delivery.robot.active:
                raise PermanentFailure("the robot was switched off")
            address, secret = (unseal(delivery.robot.sealed) + [""])[:2]
        else:
            address, secret = unseal(delivery.address_sealed)[0], ""
    except SealBroken:
        raise PermanentFailure("the address cannot be opened: sealed under a key no longer configured") from None
    return OutboundMessage(key=delivery.idempotency_key, title=delivery.title, body=delivery.body,
                           link=delivery.link, address=address, secret=secret, now=now)


def _record(delivery: Delivery, **fields) -> bool:
    """Write the outcome while the row is still this worker's claim."""
    mine = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING, claimed_at=delivery.claimed_at)
    if mine.update(**fields) == 1:
        return True
    log.warning("delivery %s: settled by another worker meanwhile; outcome not recorded", delivery.pk)
    return False


def _failure_fields(delivery: Delivery, error: ChannelError, now: datetime) -> dict:
    reason = redact(error.reason)[:ERROR_KEPT]
    if isinstance(error, UnknownOutcome) and not backend(delivery.channel).dedupes_by_key:
        return {"state": DeliveryState.FAILED, "next_attempt_at": None, "last_error": f"unknown outcome: {reason}"}
    if not error.retryable or delivery.attempts >= MAX_ATTEMPTS:
        return {"state": DeliveryState.DEAD, "next_attempt_at": None, "last_error": reason}
    wait = max(backoff(delivery.attempts), error.retry_after or timedelta(0))
    return {"state": DeliveryState.FAILED, "next_attempt_at": now + wait, "last_error": reason}


def _send_claimed(delivery: Delivery, now: datetime | None) -> str:
    try:
        message = outbound(delivery, now)
        with translation.override(settings.LANGUAGE_CODE):
            backend(delivery.channel).send(message)
    except ChannelError as error:
        fields = _failure_fields(delivery, error, now or timezone.now())
    except Exception as error:  # a fault of ours: whether anything left is not known
        log.exception("delivery %s: unexpected error while sending", delivery.pk)
        fields = _failure_fields(delivery, UnknownOutcome(f"unexpected {type(error).__name__}"),
                                 now or timezone.now())
    else:
        _record(delivery, state=DeliveryState.SENT, sent_at=now or timezone.now(), next_attempt_at=None,
                last_error="")
        log.info("delivery %s sent by %s to %s", delivery.pk, delivery.channel, delivery.address_masked)
        return DeliveryState.SENT
    if _record(delivery, **fields):
        log.warning("delivery %s by %s to %s, attempt %s: %s -> %s", delivery.pk, delivery.channel,
                    delivery.address_masked, delivery.attempts, fields["last_error"], fields["state"])
        if fields["next_attempt_at"] is not None:
            schedule([delivery.pk], when=fields["next_attempt_at"])
    return fields["state"]


def send_one(delivery_id: int, *, now: datetime | None = None) -> str:
    """Send one delivery if it is due: its outcome ("sent", "failed", "dead",
    "deferred") or "skipped" (not due, or another worker has it). ``now`` fixes
    the clock (tests, and the drain's one moment); None reads it at each step."""
    with scopes_disabled():
        claimed = claim(delivery_id, now or timezone.now())
        if claimed is None:
            return "skipped"
        if isinstance(claimed, Deferred):
            schedule([delivery_id], when=claimed.until)
            return "deferred"
        return _send_claimed(claimed, now)


def send_due(*, now: datetime | None = None, limit: int | None = None) -> Counter:
    """Settle what dead workers left, then send every due delivery (at most
    ``limit``); the count of each outcome."""
    outcomes = Counter()
    with scopes_disabled():
        outcomes.update({f"stale_{state}": n for state, n in settle_stale(now or timezone.now()).items() if n})
    skipped: set[int] = set()
    while ids := due_ids(now or timezone.now(), exclude=skipped, batch=BATCH):
        for delivery_id in ids:
            outcome = send_one(delivery_id, now=now)
            outcomes[outcome] += 1
            if outcome == "skipped":
                skipped.add(delivery_id)
            if limit is not None and sum(outcomes[o] for o in HANDLED) >= limit:
                return outcomes
    return outcomes
