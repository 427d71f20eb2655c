"""Sending again what the machine left for a person: a delivery given up
(``dead``) or failed with no next attempt (the outcome is unknown and its
channel cannot drop a copy: delivery.py's exactly-once rule). A person who
checked (the group shows no message, the phone got none) decides to send it
again; the machine never does."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.audit import log_activity
from lianfu.messaging.delivery import schedule
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery
from lianfu.messaging.preferences import county_of


def left_for_a_person() -> Q:
    return Q(state=DeliveryState.DEAD) | Q(state=DeliveryState.FAILED, next_attempt_at__isnull=True)


def can_send_again(delivery: Delivery) -> bool:
    return delivery.state == DeliveryState.DEAD or (
        delivery.state == DeliveryState.FAILED and delivery.next_attempt_at is None)


def division_of(delivery: Delivery) -> str:
    """Whose log the event belongs to: the robot's division, the recipient's county."""
    if delivery.robot_id:
        return delivery.robot.division_id
    return (county_of(delivery.user) if delivery.user_id else None) or ""


def send_again(*, actor, delivery: Delivery) -> Delivery:
    """Queue ``delivery`` again, due now (its attempts so far are kept: one
    more is made, and retried on the usual backoff if it fails for a reason
    worth retrying); the sending task is asked for once this commits."""
    if delivery.robot_id and not delivery.robot.active:
        raise ValidationError(_("The robot of this message is switched off: switch it on first."))
    now = timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(left_for_a_person(), pk=delivery.pk).update(
            state=DeliveryState.QUEUED, next_attempt_at=now)
        if not changed:
            raise ValidationError(_("This message is no longer waiting for a person: reload the page."))
        log_activity(actor=actor, action="messaging.delivery_resent", subject=delivery,
                     division_code=division_of(delivery), title=delivery.title, via=delivery.channel,
                     address=delivery.address_masked, was=delivery.state, attempts=delivery.attempts)
        transaction.on_commit(lambda: schedule([delivery.pk]))
    delivery.state, delivery.next_attempt_at = DeliveryState.QUEUED, now
    return delivery
