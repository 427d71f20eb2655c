"""Group robots and deliveries: one message to one recipient on one channel.

Later parts add preferences (per user and kind of notification), digests and
quiet hours: a Delivery keeps the notification's ``kind`` and the recipient so
that they can be grouped and held back without changing what is stored here."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.common.pii import seal, unseal
from lianfu.messaging.addresses import mask_webhook
from lianfu.messaging.enums import DUE_STATES, ROBOT_CHANNELS, Channel, DeliveryState, RobotKind


class Robot(models.Model):
    """A DingTalk or WeCom group robot. A division's group hears about the firms
    in it (a town's about its firms, a county's about the county's). The webhook
    URL carries the robot's credential (DingTalk's access_token, WeCom's key), so
    it is sealed with the signing secret (common/pii.py); pages show it masked."""

    kind = models.CharField(_("kind"), max_length=16, choices=RobotKind.choices)
    name = models.CharField(_("name"), max_length=64)
    division = models.ForeignKey("registry.Division", verbose_name=_("division"), on_delete=models.PROTECT,
                                 related_name="+")
    sealed = models.TextField(editable=False)
    webhook_masked = models.CharField(_("webhook"), max_length=300, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager(division="division__code__startswith")

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["division_id", "name"]
        constraints = [models.CheckConstraint(name="messaging_robot_kind_is_known",
                                              condition=Q(kind__in=RobotKind.values))]

    def __str__(self) -> str:
        return self.name

    def set_address(self, webhook_url: str, secret: str) -> None:
        self.sealed = seal(webhook_url, secret)
        self.webhook_masked = mask_webhook(webhook_url)

    @property
    def webhook_url(self) -> str:
        return unseal(self.sealed)[0]

    @property
    def secret(self) -> str:
        fields = unseal(self.sealed)
        return fields[1] if len(fields) > 1 else ""


class Delivery(models.Model):
    """One message to one recipient on one channel, and how sending it went.

    A robot's address is read from the robot at each attempt (a corrected secret
    serves the retries); any other address is sealed here when queued."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    robot = models.ForeignKey(Robot, verbose_name=_("group robot"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="deliveries")
    address_sealed = models.TextField(blank=True, editable=False)
    address_masked = models.CharField(_("address"), max_length=300)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=DeliveryState.choices,
                             default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("last attempt started"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="messaging_delivery_state_is_known",
                                   condition=Q(state__in=DeliveryState.values)),
            # A robot's message has its robot; any other has a sealed address of its own.
            models.CheckConstraint(
                name="messaging_delivery_has_one_target",
                condition=(Q(channel__in=sorted(ROBOT_CHANNELS), robot__isnull=False, address_sealed="")
                           | (Q(channel__in=[Channel.EMAIL, Channel.SMS], robot__isnull=True)
                              & ~Q(address_sealed="")))),
        ]
        indexes = [
            # The worker's pick: due rows by time. Sent rows, the bulk, stay out of it.
            models.Index(fields=["next_attempt_at", "id"], name="messaging_due",
                         condition=Q(state__in=[s.value for s in DUE_STATES])),
            # A robot's sliding window of recent sends (the platforms' 20 a minute).
            models.Index(fields=["robot", "state", "sent_at"], name="messaging_robot_window"),
            # Rows left "sending" by a worker that died.
            models.Index(fields=["claimed_at"], name="messaging_in_flight",
                         condition=Q(state=DeliveryState.SENDING.value)),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address_masked}: {self.title}"
