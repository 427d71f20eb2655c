"""Reliable delivery: queue inside the caller's transaction, send each
delivery once as far as its channel allows.

Queueing
--------
``enqueue`` writes one Delivery row per target inside the caller's transaction
and asks for the sending task with ``transaction.on_commit``: a rolled-back
change queues and sends nothing. Each row's idempotency key is a keyed hash
(common/pii.py) of the caller's key, the channel and the recipient, so queueing
the same event again adds no second row and the key reveals no address.

Sending (sending.py) — three steps, never inside one transaction
------------------------------------------------------------------
1. claim: the row is taken for one worker — on PostgreSQL locked with
   ``select_for_update(skip_locked=True)`` (a second worker passes over it), on
   SQLite by ``UPDATE … WHERE state IN ('queued', 'failed')`` in an immediate
   transaction — and set ``sending`` (attempts + 1, claimed_at), committed
   before anything leaves;
2. send: the channel's request, outside any transaction;
3. record: ``sent``; ``failed`` with next_attempt_at (retried after 1, 2, 4, 8,
   16 minutes, or the platform's own pause if longer); ``dead`` after the sixth
   attempt or a permanent refusal. Recorded only while the row is still this
   worker's claim (state ``sending``, the same claimed_at).

The exactly-once rule
---------------------
A worker killed between 1 and 3 leaves its row ``sending``, and nobody knows
whether the message left. A row ``sending`` for longer than
LIANFU_MESSAGING_STALE_MINUTES (far beyond any send: HTTP and SMTP calls time
out in seconds) is settled by the next drain, by what its channel can do:

- e-mail (the receivers dedupe by key): sent again, with the same Message-ID,
  made of the idempotency key — mail stores and clients that drop duplicates
  by Message-ID show one message. It counts as an attempt;
- DingTalk and WeCom robots and text messages (no idempotency key the
  platform would honour): never sent again by the machine. The row becomes
  ``failed`` with the reason "unknown outcome (worker died mid-send)" and no
  next_attempt_at: it waits for a person, who can see in the group whether the
  message is there, to send it again (a later part's page). A message possibly
  missing is told to people; a message twice in an officials' group is not
  undone.

A send whose request left but got no answer (a read timeout, a dropped
connection: channels.UnknownOutcome) is settled the same way at once.

Rate limits
-----------
DingTalk and WeCom take 20 messages a minute per robot. Before a robot's row is
claimed, its sends of the last 60 seconds (sent, or in flight) are counted in
the database, with the robot's row locked on PostgreSQL and the immediate
transaction serialising writers on SQLite, so the limit holds across worker
processes. A row over the limit is deferred to the moment the window frees a
place (next_attempt_at), not dropped and not counted as an attempt.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lianfu.common.pii import keyed_hash, seal
from lianfu.messaging.addresses import mask_address
from lianfu.messaging.enums import Channel, DeliveryState
from lianfu.messaging.models import Delivery, Robot
from lianfu.messaging.rendering import Rendered, render

TITLE_MAX = Delivery._meta.get_field("title").max_length


@dataclass(frozen=True)
class Target:
    """One recipient on one channel: a robot, or an address (a user's or not)."""
    channel: str
    address: str = ""
    user: object = None
    robot: Robot | None = None

    @property
    def identity(self) -> str:
        if self.robot is not None:
            return f"robot:{self.robot.pk}"
        if self.user is not None:
            return f"user:{self.user.pk}"
        return f"address:{self.address.strip().lower()}"


def email_to(user) -> Target | None:
    """A user's own e-mail address (None for a user without one)."""
    return Target(Channel.EMAIL, address=user.email.strip(), user=user) if (user.email or "").strip() else None


def email_to_address(address: str, user=None) -> Target:
    return Target(Channel.EMAIL, address=address.strip(), user=user)


def sms_to(phone: str, user=None) -> Target:
    return Target(Channel.SMS, address=phone.strip(), user=user)


def robot_target(robot: Robot) -> Target:
    return Target(robot.kind, robot=robot)


def idempotency_key(key: str, target: Target) -> str:
    return keyed_hash(f"delivery\x1f{key}\x1f{target.channel}\x1f{target.identity}")


def _row(key: str, target: Target, message: Rendered, kind: str, now: datetime, send_at: datetime) -> Delivery:
    robot = target.robot
    return Delivery(
        idempotency_key=idempotency_key(key, target), channel=target.channel, kind=kind, user=target.user,
        robot=robot, address_sealed="" if robot else seal(target.address),
        address_masked=robot.webhook_masked if robot else mask_address(target.channel, target.address),
        title=message.title[:TITLE_MAX], body=message.body, link=message.link, state=DeliveryState.QUEUED,
        next_attempt_at=send_at, created_at=now)


def enqueue(*, key: str, message: Rendered, targets: Iterable[Target | None], kind: str = "",
            now: datetime | None = None, send_at: datetime | None = None) -> list[Delivery]:
    """Queue ``message`` for each target (None ones skipped) in the caller's
    transaction; sending starts when it commits, or at ``send_at`` (the end of
    a user's quiet hours). ``key`` names the event (e.g. "ticket.routed:42"):
    queueing the same key again for a target adds nothing."""
    now = now or timezone.now()
    send_at = max(send_at or now, now)
    rows = {}
    for target in targets:
        if target is not None:
            row = _row(key, target, message, kind, now, send_at)
            rows[row.idempotency_key] = row
    if not rows:
        return []
    Delivery.objects.bulk_create(rows.values(), ignore_conflicts=True)
    deliveries = list(Delivery.objects.filter(idempotency_key__in=rows).order_by("id"))
    queued = [d.pk for d in deliveries if d.state == DeliveryState.QUEUED]
    transaction.on_commit(lambda: schedule(queued, when=send_at if send_at > now else None))
    return deliveries


def enqueue_notification(*, key: str, kind: str, targets: Iterable[Target | None], url: str = "",
                         now: datetime | None = None, send_at: datetime | None = None, **params) -> list[Delivery]:
    """``enqueue`` for a notification of ``kind`` (common/notifications.py's texts)."""
    return enqueue(key=key, message=render(kind, params, url), targets=targets, kind=kind, now=now,
                   send_at=send_at)


def schedule(delivery_ids: Iterable[int], when: datetime | None = None) -> None:
    """Ask the task worker to send these deliveries (at ``when``, if its backend
    can wait; otherwise `lianfu messaging send` picks them up when due)."""
    from lianfu.messaging.tasks import send_delivery_task

    task = send_delivery_task
    if when is not None:
        if not task.get_backend().supports_defer:
            return
        task = task.using(run_after=when)
    for delivery_id in delivery_ids:
        task.enqueue(delivery_id)
