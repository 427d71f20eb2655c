from django.utils.functional import SimpleLazyObject

from lianfu.common.models import Notification


def notifications(request):
    """The unread count for the topbar badge: one COUNT on the (user, read_at)
    index, and only when a template actually shows it (htmx fragments do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(
        lambda: Notification.objects.filter(user=user, read_at__isnull=True).count())}
