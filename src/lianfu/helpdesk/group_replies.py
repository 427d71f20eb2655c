"""What a DingTalk group hears back about the ticket it filed (dingtalk.py):
the resolution, posted by the robot the problem was said to."""
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.helpdesk.models import Ticket
from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.markdown import neutralise
from lianfu.messaging.models import InboundMessage
from lianfu.messaging.rendering import Rendered, absolute_link, mask_personal_numbers, title_of


def post_resolution(ticket: Ticket) -> None:
    """In the resolving transaction: the group the ticket came from hears how it
    was resolved (once per resolution; a reopened ticket resolved again is heard again)."""
    with scopes_disabled():
        origin = (InboundMessage.objects.select_related("robot")
                  .filter(ticket_number=ticket.pk, outcome=InboundMessage.Outcome.FILED).first())
    if origin is None or not origin.robot.active:
        return
    text = neutralise(mask_personal_numbers(ticket.resolution))
    with translation.override(settings.LANGUAGE_CODE):
        head = _("Ticket No. %(number)s of %(name)s is resolved") % {"number": ticket.pk,
                                                                     "name": neutralise(ticket.enterprise.name)}
    enqueue(key=f"ticket.resolved.dingtalk:{ticket.pk}:{ticket.resolved_at.isoformat()}",
            message=Rendered(title=title_of(head), body=f"{head}：{text}",
                             link=absolute_link(reverse("helpdesk:ticket", args=[ticket.pk]))),
            targets=[robot_target(origin.robot)], kind="ticket.resolved")
