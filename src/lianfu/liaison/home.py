"""The liaison officer's first screen, "my firms": the firms and buildings
assigned to them now, each firm with its four-sync stage, its last visit (by
any officer), its last survey, its open tickets (the nearest deadline) and its
on-duty rate (the one definition, workforce/onduty.py); each building with its
last visit. The page gives one tap to record a visit, a survey or a need. An
officer with nothing assigned yet sees their town's largest above-scale firms,
and says so."""
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.helpdesk.enums import OPEN_STATUSES
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.models import Assignment, Visit
from lianfu.registry.models import Enterprise, OfficeBuilding
from lianfu.registry.stages import Stage
from lianfu.restart.models import Survey
from lianfu.workforce.onduty import OnDuty, firm_on_duty


@dataclass
class MyFirm:
    firm: Enterprise
    since: object
    stage: str
    last_visit: object
    last_survey: object
    open_tickets: int
    next_deadline: object
    on_duty: OnDuty | None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


@dataclass
class MyBuilding:
    building: OfficeBuilding
    since: object
    last_visit: object


def my_firms(user) -> tuple[list[MyFirm], list[MyBuilding]]:
    """The officer's current firms (largest first) and buildings, read unscoped:
    an assignment is the officer's reach, whatever their town."""
    today = timezone.localdate()
    with scopes_disabled():
        current = Assignment.objects.filter(officer=user, until__isnull=True)
        since = dict(current.filter(enterprise__isnull=False).values_list("enterprise_id", "since"))
        firms = list(Enterprise.objects.filter(pk__in=since).select_related("division", "stage_record")
                     .order_by("-employees", "name"))
        surveyed = dict(Survey.objects.filter(enterprise_id__in=since).values("enterprise_id")
                        .annotate(last=Max("surveyed_on")).values_list("enterprise_id", "last"))
        tickets = {row["enterprise_id"]: row for row in Ticket.objects.filter(
            enterprise_id__in=since, status__in=OPEN_STATUSES).values("enterprise_id")
            .annotate(n=Count("id"), due=Min("due_at", filter=Q(due_at__isnull=False)))}
        duty = firm_on_duty(since, today)
        visited = dict(Visit.objects.filter(enterprise_id__in=since).values("enterprise_id")
                       .annotate(last=Max("visited_on")).values_list("enterprise_id", "last"))
        held = list(current.filter(building__isnull=False).select_related("building", "building__town")
                    .order_by("building__name"))
        building_visits = dict(Visit.objects.filter(building_id__in=[a.building_id for a in held])
                               .values("building_id").annotate(last=Max("visited_on"))
                               .values_list("building_id", "last"))
        buildings = [MyBuilding(a.building, a.since, building_visits.get(a.building_id)) for a in held]
    rows = []
    for firm in firms:
        stage = getattr(getattr(firm, "stage_record", None), "stage", Stage.NOT_SURVEYED)
        open_tickets = tickets.get(firm.pk, {})
        rows.append(MyFirm(firm, since[firm.pk], stage, visited.get(firm.pk), surveyed.get(firm.pk),
                           open_tickets.get("n", 0), open_tickets.get("due"), duty.get(firm.pk)))
    return rows, buildings


def liaison_cards(user) -> dict:
    firms, buildings = my_firms(user)
    return {"my_firms": firms, "my_buildings": buildings, "has_assignment": bool(firms or buildings)}
