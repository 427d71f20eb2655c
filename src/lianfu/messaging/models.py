"""Group robots, deliveries (one message to one recipient on one channel) and
who wants what: a user's own preference and the county's default per role
(resolved in preferences.py)."""
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.common.pii import seal, unseal
from lianfu.common.roles import Role
from lianfu.messaging.addresses import mask_webhook
from lianfu.messaging.enums import DUE_STATES, ROBOT_CHANNELS, Channel, DeliveryMode, DeliveryState, RobotKind


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
    # DingTalk robots only: members may write to it (@ the robot); its callback
    # secret (the robot's AppSecret) is sealed as the third field.
    takes_messages = models.BooleanField(_("takes messages"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ScopedManager(division="division__code__under")

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

    def set_callback_secret(self, callback_secret: str) -> None:
        """The secret DingTalk signs its callbacks with; empty: the robot takes no messages."""
        self.sealed = seal(self.webhook_url, self.secret, callback_secret)
        self.takes_messages = bool(callback_secret)

    @property
    def callback_secret(self) -> str:
        fields = unseal(self.sealed)
        return fields[2] if len(fields) > 2 else ""


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
            # The delivery log, newest first.
            models.Index(fields=["-created_at", "-id"], name="messaging_log_order"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.address_masked}: {self.title}"


# Quiet hours when a user has set none: nothing but urgent items between these.
QUIET_START, QUIET_END = time(22, 0), time(7, 0)


class UserPreference(models.Model):
    """How one user wants to be told outside the app (in the app they always
    are). A channel or mode left empty (None, "") follows the county's default
    for the user's role, then the built-in one (preferences.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="messaging_preference")
    email = models.BooleanField(_("by e-mail"), null=True, blank=True)
    sms = models.BooleanField(_("by text message"), null=True, blank=True)
    mode = models.CharField(_("how"), max_length=8, choices=DeliveryMode.choices, blank=True)
    # A user has no phone field: the number for text messages is kept here, sealed.
    phone_sealed = models.TextField(blank=True, editable=False)
    phone_masked = models.CharField(_("mobile for text messages"), max_length=20, blank=True, editable=False)
    quiet_start = models.TimeField(_("quiet from"), default=QUIET_START)
    quiet_end = models.TimeField(_("quiet until"), default=QUIET_END)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")
        constraints = [models.CheckConstraint(name="messaging_preference_mode_is_known",
                                              condition=Q(mode__in=["", *DeliveryMode.values]))]

    def __str__(self) -> str:
        return str(self.user)

    def set_phone(self, phone: str) -> None:
        from lianfu.common.masking import mask_phone

        phone = (phone or "").strip()
        self.phone_sealed = seal(phone) if phone else ""
        self.phone_masked = mask_phone(phone)

    @property
    def phone(self) -> str:
        return unseal(self.phone_sealed)[0] if self.phone_sealed else ""


class RoleDefault(models.Model):
    """A county's default for the users of one role in it (a town officer in
    Cixi, an enterprise user of a Cixi firm…)."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    email = models.BooleanField(_("by e-mail"))
    sms = models.BooleanField(_("by text message"))
    mode = models.CharField(_("how"), max_length=8, choices=DeliveryMode.choices)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("default for a role")
        verbose_name_plural = _("defaults for roles")
        ordering = ["county_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["county", "role"], name="messaging_role_default_once"),
            models.CheckConstraint(name="messaging_role_default_mode_is_known",
                                   condition=Q(mode__in=DeliveryMode.values)),
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.role}"


class DingTalkLink(models.Model):
    """A user's DingTalk account, linked so that what they say to a robot is
    theirs (inbound.py). Linking: the user asks for a code on their settings
    page (kept here as a keyed hash, valid LINK_CODE_MINUTES), then sends it to
    the robot in a group; the robot's callback then knows the sender's account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="dingtalk_link")
    # The sender as DingTalk names them: "<corp id>:<staff id>", or "id:<sender id>" outside the corp.
    sender_key = models.CharField(_("DingTalk account"), max_length=200, null=True, blank=True, unique=True)
    code_digest = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("DingTalk link")
        verbose_name_plural = _("DingTalk links")

    def __str__(self) -> str:
        return str(self.user)


class InboundMessage(models.Model):
    """A message a DingTalk group sent to one of our robots, and what became of
    it. Its msgId is stored once per robot (a second delivery of it is a replay,
    refused), and so is the signed timestamp it came with (DingTalk signs the
    timestamp only: a captured signature replayed with another body is refused)."""

    class Outcome(models.TextChoices):
        FILED = "filed", _("Filed as a ticket")
        LINKED = "linked", _("Account linked")
        LINK_REFUSED = "link_refused", _("Link code refused")
        UNLINKED = "unlinked", _("Sender not linked: nothing filed")
        REFUSED = "refused", _("Refused")

    robot = models.ForeignKey(Robot, verbose_name=_("group robot"), on_delete=models.PROTECT,
                              related_name="inbound_messages")
    msg_id = models.CharField(_("message id"), max_length=100)
    signed_at = models.BigIntegerField(_("signed timestamp (ms)"))
    sender_key = models.CharField(max_length=200, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    conversation_id = models.CharField(max_length=200, blank=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The ticket it filed (helpdesk sits above messaging: its number, not a key).
    ticket_number = models.PositiveIntegerField(_("ticket"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("message to a robot")
        verbose_name_plural = _("messages to robots")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["robot", "msg_id"], name="messaging_inbound_once"),
            models.UniqueConstraint(fields=["robot", "signed_at"], name="messaging_inbound_signature_once"),
        ]

    def __str__(self) -> str:
        return f"{self.robot_id}/{self.msg_id}"
