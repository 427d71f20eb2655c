"""The groups that hear about a place: when a notification concerns a firm (or
a division), the robots of its town's and county's groups get one message per
event — never a digest, never held for quiet hours (a group has none), each
robot within the platforms' 20 a minute (claiming.py).

A group is many people: the message names the firm and says what happened, with
phone and ID numbers masked (rendering.py) and no recipient named."""
from dataclasses import dataclass
from datetime import datetime

from django_scopes import scopes_disabled

from lianfu.common.models import Notification
from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.markdown import neutralise
from lianfu.messaging.models import Delivery
from lianfu.messaging.rendering import Rendered, render, title_of
from lianfu.messaging.robots import robots_over
from lianfu.registry.models import Division, Enterprise


@dataclass(frozen=True)
class Place:
    division_code: str
    name: str


def concerned_place(params: dict) -> Place | None:
    """The firm or division a notification's params name (common/signals.py:
    ``enterprise_id`` or ``division_code``), or None."""
    with scopes_disabled():
        if str(params.get("enterprise_id", "")).isdigit():
            firm = Enterprise.objects.filter(pk=int(params["enterprise_id"])).values("division_id", "name").first()
            return Place(firm["division_id"], firm["name"]) if firm else None
        if params.get("division_code"):
            division = Division.objects.filter(code=params["division_code"]).values("code", "name").first()
            return Place(division["code"], division["name"]) if division else None
    return None


def group_message(notification: Notification, place: Place) -> Rendered:
    """The notification's words, headed by the place they concern."""
    words = render(notification.kind, notification.params, notification.url)
    head = neutralise(place.name)
    return Rendered(title=title_of(f"【{head}】{words.title}"), body=f"【{head}】{words.body}", link=words.link)


def tell_groups(notification: Notification, *, now: datetime) -> list[Delivery]:
    """Queue the event of ``notification`` (the first row of its event) to the
    robots over the place it concerns."""
    place = concerned_place(notification.params or {})
    if place is None:
        return []
    robots = robots_over(place.division_code)
    return enqueue(key=f"notification-event:{notification.pk}", message=group_message(notification, place),
                   targets=[robot_target(robot) for robot in robots], kind=notification.kind, now=now)
