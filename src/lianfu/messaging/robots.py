"""Group robots: adding one (its webhook checked and sealed with its secret) and
finding the groups that hear about a place."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.audit import log_activity
from lianfu.common.notifications import divisions_over
from lianfu.messaging.channels import PermanentFailure
from lianfu.messaging.channels.webhook import check_base
from lianfu.messaging.enums import RobotKind
from lianfu.messaging.models import Robot


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
    check_webhook(kind, webhook_url)
    if kind == RobotKind.WECOM and secret:
        raise ValidationError(_("WeCom group robots have no signing secret: leave it empty."))
    robot = Robot(kind=kind, name=name, division=division, created_by=actor)
    robot.set_address(webhook_url, secret.strip())
    with transaction.atomic():
        robot.save()
        log_activity(actor=actor, action="robot.added", subject=robot, division_code=division.code,
                     kind=kind, name=name, division=division.code)
    return robot


def robots_over(division_code: str) -> list[Robot]:
    """The active robots of the groups whose division contains ``division_code``
    (a town's, its county's…). Who hears is the system's decision, whoever acts:
    read outside any jurisdiction scope."""
    with scopes_disabled():
        return list(Robot.objects.filter(active=True, division_id__in=divisions_over(division_code))
                    .order_by("division_id", "id"))
