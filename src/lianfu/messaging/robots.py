"""Group robots: adding one (its webhook checked and sealed with its secret),
switching one off and on, sending it a test message, and finding the groups
that hear about a place. Every change is audited."""
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.notifications import divisions_over
from lianfu.messaging.channels import PermanentFailure
from lianfu.messaging.channels.webhook import check_base
from lianfu.messaging.delivery import enqueue, robot_target
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.markdown import neutralise
from lianfu.messaging.models import Delivery, Robot
from lianfu.messaging.rendering import Rendered, absolute_link, title_of

TEST_KIND = "robot.test"


def webhook_base(kind: str) -> str:
    return {RobotKind.DINGTALK: settings.LIANFU_DINGTALK_WEBHOOK_BASE,
            RobotKind.WECOM: settings.LIANFU_WECOM_WEBHOOK_BASE}[kind]


def check_webhook(kind: str, webhook_url: str) -> None:
    base = webhook_base(kind)
    try:
        check_base(webhook_url, base)
    except PermanentFailure:
        raise ValidationError(_("The webhook must start with %(base)s"), params={"base": base}) from None
    if "?" not in webhook_url:
        raise ValidationError(_("The webhook has lost its access token or key: copy it whole from the group."))


def add_robot(*, actor, kind: str, name: str, division, webhook_url: str, secret: str = "") -> Robot:
    """Add a robot of a division's group; the secret (DingTalk's signing secret,
    none for WeCom) and the webhook's credential are stored sealed and never logged."""
    webhook_url = webhook_url.strip()
    try:
        check_webhook(kind, webhook_url)
    except ValidationError as error:
        raise ValidationError({"webhook_url": error.messages}) from None
    if kind == RobotKind.WECOM and secret:
        raise ValidationError({"secret": _("WeCom group robots have no signing secret: leave it empty.")})
    robot = Robot(kind=kind, name=name, division=division, created_by=actor)
    robot.set_address(webhook_url, secret.strip())
    with transaction.atomic():
        robot.save()
        log_activity(actor=actor, action="robot.added", subject=robot, division_code=division.code,
                     kind=kind, name=name, division=division.code)
    return robot


def set_robot_active(*, actor, robot: Robot, active: bool) -> bool:
    """Switch ``robot`` off (its queued messages are then given up when their
    turn comes, see sending.py) or back on. False when it already was."""
    with transaction.atomic():
        changed = Robot.objects.filter(pk=robot.pk, active=not active).update(active=active)
        if changed:
            log_activity(actor=actor, action="robot.reactivated" if active else "robot.deactivated",
                         subject=robot, division_code=robot.division_id, name=robot.name,
                         division=robot.division_id)
    robot.active = active
    return bool(changed)


def trial_message(actor, robot: Robot) -> Rendered:
    """What a test says, in the site's language like every message out (rendering.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Test message from lianfu: the group robot %(robot)s works. Sent by %(actor)s at %(time)s.") % {
            "robot": neutralise(robot.name), "actor": neutralise(actor.display_name),
            "time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    return Rendered(title=title_of(text), body=text, link=absolute_link(reverse("messaging:channels")))


def send_test_message(*, actor, robot: Robot) -> Delivery:
    """Queue one test message to ``robot``: a new delivery at each press (its own
    key), sent by the workers like any other once this commits."""
    if not robot.active:
        raise ValidationError(_("This robot is switched off: switch it on before testing it."))
    with transaction.atomic():
        [delivery] = enqueue(key=f"{TEST_KIND}:{robot.pk}:{uuid4().hex}", message=trial_message(actor, robot),
                             targets=[robot_target(robot)], kind=TEST_KIND)
        log_activity(actor=actor, action="robot.tested", subject=robot, division_code=robot.division_id,
                     name=robot.name, division=robot.division_id, delivery=delivery.pk)
    return delivery


def robots_over(division_code: str) -> list[Robot]:
    """The active robots of the groups whose division contains ``division_code``
    (a town's, its county's…). Who hears is the system's decision, whoever acts:
    read outside any jurisdiction scope."""
    with scopes_disabled():
        return list(Robot.objects.filter(active=True, division_id__in=divisions_over(division_code))
                    .order_by("division_id", "id"))
