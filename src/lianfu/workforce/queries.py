"""Read queries of the workforce pages (scoped: the caller's reach limits the rows)."""
from django.db.models import Count, Q

from lianfu.workforce.enums import ON_DUTY_STATES, WorkerState
from lianfu.workforce.models import Worker


def workers(*, q: str = "", state: str = "", missing: bool = False):
    qs = Worker.objects.select_related("enterprise", "origin").order_by("enterprise__name", "name", "id")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(enterprise__name__contains=q))
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.exclude(state=WorkerState.LEFT)
    if missing:
        qs = qs.filter(missing_since__isnull=False)
    return qs


def counts() -> dict:
    """Workers on the roster by state, and those flagged missing."""
    on_roster = ~Q(state=WorkerState.LEFT)
    return Worker.objects.aggregate(
        on_roster=Count("id", filter=on_roster),
        on_duty=Count("id", filter=Q(state__in=ON_DUTY_STATES)),
        away=Count("id", filter=Q(state=WorkerState.AWAY)),
        returning=Count("id", filter=Q(state=WorkerState.RETURNING)),
        back=Count("id", filter=Q(state=WorkerState.BACK)),
        missing=Count("id", filter=on_roster & Q(missing_since__isnull=False)),
        unknown_origin=Count("id", filter=on_roster & Q(origin__isnull=True)),
    )
