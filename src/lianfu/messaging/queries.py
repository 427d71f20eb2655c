"""Reads shared by the pages: the county a channels page is about, its
divisions, its robots with their last delivery, and the deliveries a user may
read in the log."""
from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix
from lianfu.messaging.enums import DeliveryState
from lianfu.messaging.models import Delivery, Robot
from lianfu.messaging.rendering import mask_personal_numbers
from lianfu.messaging.resending import can_send_again
from lianfu.registry.models import Division

RECENT_DELIVERIES = 20


def county_of_page(user) -> Division | None:
    """The county a channels page shows: an officer's own (a town officer's
    town's county), an administrator's home county (settings.LIANFU_HOME_COUNTY)."""
    if user.role in (Role.COUNTY_OFFICER, Role.TOWN_OFFICER) and user.division_id:
        code = user.division_id[:6]
    else:
        code = settings.LIANFU_HOME_COUNTY[:6]
    return Division.objects.filter(code=code.ljust(12, "0")).first()


def divisions_in_reach(user, county: Division) -> list[Division]:
    """The divisions whose groups the user reads on the page: the county and its
    towns; a town officer's own town only."""
    if user.role == Role.TOWN_OFFICER:
        return list(Division.objects.filter(code=user.division_id))
    return [county, *Division.objects.filter(parent_id=county.code).order_by("code")]


def robots_of(county: Division) -> QuerySet:
    """The county's robots within the user's reach (the Robot manager is scoped)
    with the state and times of each one's latest delivery."""
    latest = Delivery.objects.filter(robot=OuterRef("pk")).order_by("-created_at", "-id")
    return (Robot.objects.filter(division__code__startswith=code_prefix(county.code)).select_related("division")
            .annotate(last_state=Subquery(latest.values("state")[:1]),
                      last_at=Subquery(latest.values("created_at")[:1]),
                      last_sent_at=Subquery(latest.values("sent_at")[:1]))
            .order_by("division_id", "name", "id"))


def with_last_state_labels(robots: list[Robot]) -> list[Robot]:
    labels = dict(DeliveryState.choices)
    for robot in robots:
        robot.last_state_label = labels.get(robot.last_state, "")
    return robots


def for_display(deliveries: list[Delivery]) -> list[Delivery]:
    """What a page shows of each: its error with any phone or ID number masked,
    and whether a person may send it again."""
    for delivery in deliveries:
        delivery.error_shown = mask_personal_numbers(delivery.last_error)
        delivery.may_send_again = can_send_again(delivery)
    return deliveries


def recent_deliveries_to(robot_ids: list[int], limit: int = RECENT_DELIVERIES) -> list[Delivery]:
    return for_display(list(Delivery.objects.filter(robot_id__in=robot_ids).select_related("robot")
                            .order_by("-created_at", "-id")[:limit]))


def deliveries_for(user) -> QuerySet:
    """The deliveries ``user`` may read: all for an administrator; for a county
    officer, those to the county's robots and to the county's users (officers
    of it and its towns, its firms' users, its departments' staff — whom
    preferences.county_of places in it); none for anyone else."""
    rows = Delivery.objects.select_related("robot", "robot__division")
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return rows
    if user.role != Role.COUNTY_OFFICER or not user.division_id:
        return rows.none()
    prefix, county = code_prefix(user.division_id), user.division_id
    # Delivery is not a scoped model (it also holds messages to no division): the reach is applied here.
    return rows.filter(Q(robot__division__code__startswith=prefix) | Q(user__division__code__startswith=prefix)
                       | Q(user__enterprise__division__code__startswith=prefix)
                       | Q(user__department__county_id=county))
