"""Who gets what, once in-app notifications are committed (receivers.py):

- an urgent kind (urgency.py) goes out at once on every channel the user chose,
  quiet hours or not;
- any other kind goes one message each to a user who chose each message, held
  to the end of their quiet hours (next_attempt_at, never dropped), and waits
  for the daily digest (digest.py) for a user who chose the digest;
- the groups over the firm or division the event concerns hear of it (groups.py).

Every delivery is queued in the caller's transaction (delivery.enqueue)."""
import json
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from lianfu.common.models import Notification
from lianfu.messaging.delivery import enqueue
from lianfu.messaging.enums import DeliveryMode
from lianfu.messaging.groups import tell_groups
from lianfu.messaging.models import Delivery
from lianfu.messaging.preferences import Preferences, preferences_of
from lianfu.messaging.quiet_hours import send_at
from lianfu.messaging.rendering import render
from lianfu.messaging.urgency import is_urgent


def tell_user(notification: Notification, preferences: Preferences, *, now: datetime) -> list[Delivery]:
    if is_urgent(notification.kind):
        when = now
    elif preferences.mode == DeliveryMode.EACH:
        when = send_at(now, preferences.quiet_start, preferences.quiet_end)
    else:
        return []  # the daily digest tells it
    return enqueue(key=f"notification:{notification.pk}", kind=notification.kind, now=now, send_at=when,
                   message=render(notification.kind, notification.params, notification.url),
                   targets=preferences.targets(notification.user))


def first_of_each_event(notifications: Iterable[Notification]) -> list[Notification]:
    """One row per event (same kind, link and details: one per user was stored)."""
    firsts = {}
    for notification in sorted(notifications, key=lambda n: n.pk):
        event = (notification.kind, notification.url, json.dumps(notification.params, sort_keys=True))
        firsts.setdefault(event, notification)
    return list(firsts.values())


def route_notifications(notification_ids: Iterable[int], *, now: datetime | None = None) -> list[Delivery]:
    """Queue what the committed notifications ``notification_ids`` become outside the app."""
    now = now or timezone.now()
    notifications = list(Notification.objects.filter(pk__in=list(notification_ids), user__is_active=True)
                         .select_related("user", "user__enterprise", "user__department").order_by("id"))
    preferences = preferences_of({n.user_id: n.user for n in notifications}.values())
    queued = []
    for notification in notifications:
        queued += tell_user(notification, preferences[notification.user_id], now=now)
    for notification in first_of_each_event(notifications):
        queued += tell_groups(notification, now=now)
    return queued
