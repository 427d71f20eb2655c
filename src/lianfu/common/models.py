"""Business events (who did what to which record), long-running import jobs,
notifications and the county's working-day calendar."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianfu.common.enums import DayKind, ImportStatus, JobStatus
from lianfu.common.workdays.validation import entry_errors


class ActivityLog(models.Model):
    """One row per business event. Field-level diffs live in simple-history;
    this says what happened in domain words (``enterprise.contact_revealed``)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64, db_index=True)
    # The jurisdiction the event belongs to, so audit views can be scoped too.
    division_code = models.CharField(_("division code"), max_length=12, blank=True, db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject_type}:{self.subject_id}"


class ImportJob(models.Model):
    """An uploaded file being imported in the background; the page polls it."""

    kind = models.CharField(_("kind"), max_length=32)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500)
    report_path = models.CharField(max_length=500, blank=True)
    options = models.JSONField(default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Where the table was found and what happened to every column and every
    # skipped row (common.importing.summary); shown on the job page and by the CLI.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # A running job's worker ("host:pid") and its last sign of life: a job whose
    # worker died is failed by common.importing.stale instead of running forever.
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ImportMapping(models.Model):
    """A user's confirmed column mapping for one kind of import, offered again
    next time: normalised header -> field name ("" = ignore this column)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("kind"), max_length=32)
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="import_mapping_one_per_user_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class Notification(models.Model):
    """Something waiting for one user. The text is composed when shown, in the
    reader's language, from ``kind`` and ``params`` (common/notifications.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


# --- China's working days ---------------------------------------------------------
# The State Council's holiday schedule is national and generic (any app counting
# working days needs it), so the county's copy lives here in `common`, next to no
# app; the helpdesk's deadline clock reads it through common/workdays.


class WorkCalendar(models.Model):
    """One year's official holidays and make-up working days as the county
    entered them from the State Council's notice; it overrides the
    ``chinesecalendar`` package for that year (common/workdays)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    source_title = models.CharField(
        _("source"), max_length=200,
        help_text=_("The notice the dates come from, e.g. the State Council General Office's notice on next "
                    "year's holiday arrangements."))
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("working-day calendar")
        verbose_name_plural = _("working-day calendars")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class WorkCalendarEntry(models.Model):
    """A holiday (a range of days off, named) or a make-up working day (调休上班,
    a Saturday or Sunday worked) of one year's calendar. Both kinds share one
    table so one form set checks that no day is entered twice."""

    calendar = models.ForeignKey(WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE,
                                 related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices, default=DayKind.HOLIDAY)
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. 春节, 国庆节, 春节调休"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), blank=True, help_text=_("Leave empty for a single day."))

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["first_day", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(last_day__gte=models.F("first_day")),
                                              name="work_calendar_entry_ordered")]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}..{self.last_day}"

    def clean(self):
        if self.first_day and not self.last_day:
            self.last_day = self.first_day
        try:
            year = self.calendar.year
        except WorkCalendar.DoesNotExist:
            year = None
        errors = entry_errors(year, self.kind, self.first_day, self.last_day)
        if errors:
            raise ValidationError(errors)
