"""The demo's week of liaison visits (demo/liaison_visits.py), counted from the
rows independently of the code that wrote them, and the needs officers filed
that week for the firms they look after (each should be that day's visit)."""
import datetime as dt
from collections import Counter

from django.db.models import F, Q
from django.utils import timezone

from lianfu.helpdesk.enums import Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import Assignment, Visit


def visit_facts(ctx) -> dict:
    """The week of visits (demo/liaison_visits.py), counted from the rows, and
    the needs officers filed that week for the firms they look after (each
    should be that day's visit)."""
    today = timezone.localtime(ctx.now).date()
    visits = Visit.objects.all()
    current = Assignment.objects.filter(until__isnull=True)
    active = current.filter(officer__is_active=True, officer__liaison_membership__isnull=False)
    pairs = set(active.values_list("officer_id", "enterprise_id", "building_id"))
    visited = set(visits.values_list("officer_id", "enterprise_id", "building_id"))
    officers_of: dict[int, set[int]] = {}
    for officer, firm, _building in pairs:
        officers_of.setdefault(firm, set()).add(officer)
    filed = Ticket.objects.filter(submitter=Submitter.LIAISON, created_at__date__gt=today - dt.timedelta(days=7),
                                  created_at__lte=ctx.now).values_list("enterprise_id", "submitted_by_id")
    recent = visits.filter(visited_on__gt=today - dt.timedelta(days=14), enterprise__isnull=False).values(
        "enterprise_id")
    return {
        "visits": visits.count(), "visits_to_buildings": visits.filter(building__isnull=False).count(),
        "visit_purposes": dict(Counter(visits.values_list("purpose", flat=True))),
        "visit_days": dict(sorted(Counter(d.isoformat() for d in visits.values_list("visited_on", flat=True)).items())),
        "visiting_officers": visits.values("officer_id").distinct().count(),
        "pairs_visited": len(visited & pairs), "pairs_not_current": len(visited - pairs), "active_pairs": len(pairs),
        "visits_in_another_town": visits.exclude(Q(enterprise__division=F("town")) | Q(building__town=F("town")))
        .count(),
        "needs_filed_by_their_officer": sum(1 for firm, author in filed if officers_of.get(firm)
                                            and (author is None or author in officers_of[firm])),
        "visits_with_ticket": visits.filter(ticket__isnull=False).count(),
        "visits_on_their_ticket_day": visits.filter(ticket__enterprise=F("enterprise"),
                                                    ticket__created_at__date=F("visited_on")).count(),
        "visits_with_survey": visits.filter(survey__isnull=False).count(),
        "firms_not_visited_14_days": current.filter(enterprise__isnull=False).exclude(enterprise_id__in=recent)
        .values("enterprise_id").distinct().count(),
    }
