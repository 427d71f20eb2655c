from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    WECOM = "wecom", _("WeCom group robot")
    SMS = "sms", _("Text message")


class RobotKind(models.TextChoices):
    """The group robots: each is also the channel its messages go through."""
    DINGTALK = Channel.DINGTALK.value, Channel.DINGTALK.label
    WECOM = Channel.WECOM.value, Channel.WECOM.label


ROBOT_CHANNELS = frozenset(RobotKind.values)


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    # The last attempt failed: retried at next_attempt_at, or, without one, left
    # for a person (the outcome is unknown and the channel cannot dedupe).
    FAILED = "failed", _("Failed")
    DEAD = "dead", _("Given up")


# The states a worker picks from (when next_attempt_at has come).
DUE_STATES = (DeliveryState.QUEUED, DeliveryState.FAILED)


class DeliveryMode(models.TextChoices):
    """How a user's items that are not urgent reach them outside the app."""
    DIGEST = "digest", _("A daily digest")
    EACH = "each", _("Each message as it comes")


class Source(models.TextChoices):
    """Where a user's value in force comes from (preferences.py)."""
    OWN = "own", _("your own choice")
    ROLE_DEFAULT = "role_default", _("the county's default for your role")
    BUILT_IN = "built_in", _("the built-in default")
