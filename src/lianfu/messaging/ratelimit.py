"""The platforms' per-robot limit (20 messages a minute), kept in the database
so that it holds across worker processes: a sliding window over the robot's
deliveries sent, or in flight, in the last 60 seconds."""
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce

from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery, Robot

WINDOW = timedelta(minutes=1)


def window_frees_at(robot_id: int, limit: int, now: datetime) -> datetime | None:
    """None if the robot may send now; else the moment its window has a free place.

    Called inside the claiming transaction: on PostgreSQL the robot's row is
    locked so that two workers never both see the nineteenth place free (on
    SQLite the immediate transaction already serialises writers)."""
    if connection.features.has_select_for_update:
        list(Robot._base_manager.select_for_update().filter(pk=robot_id).values_list("pk"))
    since = now - WINDOW
    window = Delivery.objects.filter(robot_id=robot_id).filter(
        Q(state=DeliveryState.SENT, sent_at__gt=since) | Q(state=DeliveryState.SENDING, claimed_at__gt=since))
    found = window.aggregate(count=Count("id"), earliest=Min(Coalesce("sent_at", "claimed_at")))
    if found["count"] < limit:
        return None
    return found["earliest"] + WINDOW
