"""Helpdesk records."""
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.helpdesk.enums import (
    OPEN311_CLOSED,
    WORKING_STATUSES,
    Category,
    Channel,
    Difficulty,
    EventKind,
    Extension,
    Status,
    Submitter,
)

# The longest problem text accepted anywhere (form, API, Open311, CLI).
MAX_TEXT_LENGTH = 4000


class ClassificationCorrection(models.Model):
    """A dispatcher's verdict on a text the classifier got wrong or was unsure
    of. Training reads every row (classifier/default.py): a correction of a text
    already in the corpus replaces its label, any other adds an example."""

    text = models.TextField(_("text"), validators=[MaxLengthValidator(MAX_TEXT_LENGTH)])
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("classification correction")
        verbose_name_plural = _("classification corrections")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(category__in=Category.values),
                                   name="helpdesk_correction_category_known"),
            models.CheckConstraint(
                condition=GreaterThan(Length("text"), 0) & LessThanOrEqual(Length("text"), MAX_TEXT_LENGTH),
                name="helpdesk_correction_text_length"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.text[:40]}"


class CategoryRoute(models.Model):
    """The county's choice of department for a category, edited in admin. A
    category without a row goes to its default department (enums.DEFAULT_DEPARTMENT)
    when the county has one; without a department it goes to the town's triage."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    department = models.ForeignKey("registry.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("Empty: the enterprise's town triages it."))

    class Meta:
        verbose_name = _("category routing")
        verbose_name_plural = _("category routing")
        ordering = ["county", "category"]
        constraints = [
            models.UniqueConstraint(fields=["county", "category"], name="helpdesk_route_unique"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values),
                                   name="helpdesk_route_category_known"),
        ]

    def __str__(self) -> str:
        target = self.department or _("town triage")
        return f"{self.get_category_display()} → {target}"


class Ticket(models.Model):
    """One enterprise problem (诉求), from submission to closure. Its status only
    changes through helpdesk/domain/ (a version-checked UPDATE), each change
    leaving a TicketEvent."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="tickets")
    # The enterprise's town when it was submitted: the town that sees it.
    town = models.ForeignKey("registry.Division", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitter = models.CharField(_("submitted as"), max_length=16, choices=Submitter.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    text = models.TextField(_("problem"), validators=[MaxLengthValidator(MAX_TEXT_LENGTH)])
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    confidence = models.FloatField(_("confidence"))
    department = models.ForeignKey("registry.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="tickets")
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices,
                                  default=Difficulty.ORDINARY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    escalate_at = models.DateTimeField(_("escalates at"), null=True, blank=True)
    # Written once by the sweep, which also tells the county; pages read the times above.
    overdue_noted_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    extension = models.CharField(_("extension"), max_length=10, choices=Extension.choices, blank=True,
                                 default=Extension.NONE)
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), max_length=MAX_TEXT_LENGTH, blank=True)
    # Whether the last resolution was within its deadline (the on-time rate's numerator).
    resolved_on_time = models.BooleanField(_("resolved on time"), null=True, blank=True)
    reopen_until = models.DateTimeField(_("can be reopened until"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged")
    # The Open311 token a client may poll before it knows the id.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=0)

    objects = ScopedManager(division="town__code__under", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["town", "status"]),
                   models.Index(fields=["enterprise", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("text"), 0) & LessThanOrEqual(Length("text"), MAX_TEXT_LENGTH),
                name="helpdesk_ticket_text_length"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values),
                                   name="helpdesk_ticket_category_known"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values),
                                   name="helpdesk_ticket_status_known"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="helpdesk_ticket_rating_1_to_5"),
            models.CheckConstraint(condition=models.Q(confidence__gte=0, confidence__lte=1),
                                   name="helpdesk_ticket_confidence_unit"),
            # A ticket being worked on has a deadline (routing sets it): the pages,
            # the sweep and the extension rule count to it.
            models.CheckConstraint(condition=~models.Q(status__in=WORKING_STATUSES) | models.Q(due_at__isnull=False),
                                   name="helpdesk_ticket_working_has_deadline"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.text[:30]}"

    @property
    def is_open311_closed(self) -> bool:
        return self.status in OPEN311_CLOSED


class TicketEvent(models.Model):
    """One line of a ticket's timeline: what happened, who did it, and why."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), max_length=MAX_TEXT_LENGTH, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"])]

    def __str__(self) -> str:
        return f"#{self.ticket_id} {self.kind}"


class TicketAttachment(models.Model):
    """A photo or PDF sent with a ticket; stored under a fresh name, its type
    taken from its bytes (common/uploads.py)."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE,
                               related_name="attachments")
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=300)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
