"""Problems reported from DingTalk (Yinzhou's enterprises reported "directly
through the DingTalk app"): an enterprise user who linked their account writes
to a lianfu robot in a group (@ the robot); the callback files a ticket for
their firm, routed like any other, and answers with its number, department and
deadline. When the ticket is resolved, the robot posts the resolution in the
same group. Anyone not linked is told how to link, and nothing is filed.

The callback's checks (signature, freshness, replay) and the linking are
messaging/inbound.py's; this module decides what a checked message becomes."""
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.errors import NotAllowed
from lianfu.common.roles import Role
from lianfu.common.scoping import code_prefix
from lianfu.helpdesk.domain.submit import submit_ticket
from lianfu.helpdesk.enums import Channel
from lianfu.helpdesk.models import Ticket
from lianfu.messaging import inbound
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.models import InboundMessage, Robot
from lianfu.messaging.rendering import absolute_link

log = logging.getLogger(__name__)
Outcome = InboundMessage.Outcome


@csrf_exempt
@require_POST
def callback(request: HttpRequest, robot_id: int) -> JsonResponse:
    """DingTalk's POST for a message said to robot ``robot_id``. A refused
    request gets 403 and nothing else; an accepted one gets the reply DingTalk
    posts into the group."""
    with scopes_disabled():
        robot = get_object_or_404(Robot, pk=robot_id, kind=RobotKind.DINGTALK)
    now = timezone.now()
    try:
        signed_at = inbound.check_signature(robot, request.headers.get("timestamp", ""),
                                            request.headers.get("sign", ""), now)
        message = inbound.parse(request.body)
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            received = inbound.receive(robot, message, signed_at, now)
            reply = answer(robot, message, received, now)
    except inbound.Refused as refused:
        log.warning("DingTalk callback to robot %s refused: %s", robot_id, refused)
        return JsonResponse({"errcode": 403, "errmsg": str(refused)}, status=403)
    return JsonResponse(inbound.text_reply(reply, message.staff_id), json_dumps_params={"ensure_ascii": False})


def answer(robot: Robot, message: inbound.InboundText, received: InboundMessage, now) -> str:
    """Do what the message asks and say what was done (in the site's language, like every message out)."""
    code = inbound.link_code_in(message.text)
    if code is not None:
        return link_account(message, received, code, now)
    user = inbound.linked_user(message.sender_key)
    if user is None:
        inbound.settle(received, Outcome.UNLINKED)
        return _("Your DingTalk account is not linked to lianfu, so nothing was filed. Open lianfu → Notification "
                 "settings → Link DingTalk, and send the code shown there to this robot (e.g. “绑定 123456”).")
    return file_ticket(robot, message, received, user)


def link_account(message: inbound.InboundText, received: InboundMessage, code: str, now) -> str:
    if inbound.too_many_link_tries(message.sender_key, now):
        inbound.settle(received, Outcome.LINK_REFUSED, reason="too many tries")
        return _("Too many wrong codes from this account: try again in an hour.")
    user = inbound.link(message.sender_key, code, now)
    if user is None:
        inbound.settle(received, Outcome.LINK_REFUSED, reason="wrong or expired code")
        return _("That code is wrong or has expired: ask lianfu for a new one (it lasts %(minutes)s minutes).") % {
            "minutes": inbound.LINK_CODE_MINUTES}
    inbound.settle(received, Outcome.LINKED, user=user)
    log_activity(actor=user, action="messaging.dingtalk_linked", subject=user, robot=received.robot_id)
    return _("Linked: what you write to this robot is now filed as a problem of %(name)s.") % {
        "name": user.enterprise.name if user.enterprise_id else user.get_username()}


def file_ticket(robot: Robot, message: inbound.InboundText, received: InboundMessage, user) -> str:
    """The message as a ticket of the user's firm, or why not."""
    refusal = None
    if user.role != Role.ENTERPRISE_USER or user.enterprise_id is None:
        refusal = _("Only enterprise users report problems here; yours is an official's account.")
    elif not (user.enterprise.division_id or "").startswith(code_prefix(robot.division_id)):
        refusal = _("This group's robot serves %(division)s; %(name)s is not in it. Report it in lianfu or to "
                    "your own town's group.") % {"division": robot.division.name, "name": user.enterprise.name}
    if refusal is None:
        try:
            with transaction.atomic():
                ticket = submit_ticket(actor=user, enterprise=user.enterprise, text=message.text,
                                       channel=Channel.DINGTALK)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        except NotAllowed as error:
            refusal = str(error)
    if refusal is not None:
        inbound.settle(received, Outcome.REFUSED, user=user, reason=refusal)
        return refusal
    inbound.settle(received, Outcome.FILED, user=user, ticket_number=ticket.pk)
    return filed_reply(ticket)


def filed_reply(ticket: Ticket) -> str:
    lines = [_("Received: ticket No. %(number)s for %(name)s.") % {"number": ticket.pk,
                                                                   "name": ticket.enterprise.name}]
    if ticket.department_id:
        lines.append(_("Department: %(department)s") % {"department": ticket.department.name})
    else:
        lines.append(_("Department: the county is choosing the department for it."))
    if ticket.due_at:
        lines.append(_("Deadline: %(deadline)s") % {"deadline": f"{timezone.localtime(ticket.due_at):%Y-%m-%d %H:%M}"})
    lines.append(absolute_link(reverse("helpdesk:ticket", args=[ticket.pk])))
    return "\n".join(lines)
