"""messaging's receivers of common's signals (connected in apps.py)."""
from django.db import transaction
from django_scopes import scopes_disabled

from lianfu.messaging.routing import route_notifications


def notifications_out_of_the_app(sender, notification_ids, **kwargs) -> None:
    """Notifications were committed: queue their deliveries in a transaction of
    our own (sending starts when it commits)."""
    with scopes_disabled(), transaction.atomic():
        route_notifications(notification_ids)
