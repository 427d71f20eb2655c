from django.db.models import QuerySet

from lianfu.common.models import ActivityLog
from lianfu.common.scoping import scope_for


def activity_for(user) -> QuerySet:
    """The audit trail a user may read: events in their jurisdiction (officers),
    or everything (administrators). ActivityLog is not a scoped model, so the
    jurisdiction filter is applied here, in one place."""
    dims = scope_for(user)
    qs = ActivityLog.objects.select_related("actor")
    if not dims or dims.get("enterprise") is not None:
        return qs.none()
    prefix = dims.get("division")
    return qs if prefix is None else qs.filter(division_code__under=prefix)
