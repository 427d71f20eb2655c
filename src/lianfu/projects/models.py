"""The major-project library: projects, the firms behind them, and their dated
updates. Every change is a function of projects/domain.py (the import writes in
bulk, projects/importing/)."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.projects.enums import FirmRole, ProjectStage
from lianfu.projects.stages import label, planned_field, rank, reached_field

STAGE_VALUES = ["", *ProjectStage.values]
NOTE_MAX = 1000
REASON_MAX = 300


def _scoped(path: str = ""):
    """A town officer reaches the projects of the town, a county officer the
    county's; a firm's user only projects it is linked to (and the rules refuse
    it the pages anyway)."""
    return ScopedManager(division=f"{path}town__code__under", enterprise=f"{path}firms")


class Project(models.Model):
    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    town = models.ForeignKey("registry.Division", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="+")
    # The county's own project number: the key a re-imported file is matched by.
    code = models.CharField(_("project code"), max_length=40)
    name = models.CharField(_("project name"), max_length=200)
    industry = models.ForeignKey("registry.Industry", verbose_name=_("industry"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    total_investment = models.DecimalField(_("total investment (10,000 yuan)"), max_digits=14, decimal_places=2)
    investment_this_year = models.DecimalField(_("investment this year (10,000 yuan)"), max_digits=14,
                                               decimal_places=2, null=True, blank=True)
    # Leaders are seldom lianfu users: their name and post as the county writes them.
    leader_name = models.CharField(_("responsible leader"), max_length=50, blank=True)
    leader_post = models.CharField(_("leader's post"), max_length=100, blank=True)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible officer"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="projects_in_charge")
    firms = models.ManyToManyField("registry.Enterprise", verbose_name=_("firms"), through="ProjectFirm",
                                   related_name="projects", blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=ProjectStage.choices, blank=True, default="",
                             db_index=True)
    planned_signed = models.DateField(_("planned signing"), null=True, blank=True)
    planned_land = models.DateField(_("planned land supply"), null=True, blank=True)
    planned_approvals = models.DateField(_("planned approvals"), null=True, blank=True)
    planned_started = models.DateField(_("planned start of construction"), null=True, blank=True)
    planned_completed = models.DateField(_("planned completion"), null=True, blank=True)
    # The day each stage was recorded as reached (empty for a stage passed
    # without its own record, such as land when the start was recorded).
    reached_signed = models.DateField(_("signed on"), null=True, blank=True)
    reached_land = models.DateField(_("land supplied on"), null=True, blank=True)
    reached_approvals = models.DateField(_("approvals obtained on"), null=True, blank=True)
    reached_started = models.DateField(_("construction started on"), null=True, blank=True)
    reached_completed = models.DateField(_("completed on"), null=True, blank=True)
    # Every change is UPDATE … WHERE version = seen; the loser gets 409.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("major project")
        verbose_name_plural = _("major projects")
        ordering = ["code"]
        indexes = [models.Index(fields=["town", "stage"])]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="project_code_unique_in_county",
                                    violation_error_message=_("The county already has a project with this code.")),
            models.CheckConstraint(name="project_has_code_and_name", condition=~Q(code="") & ~Q(name="")),
            models.CheckConstraint(name="project_stage_is_known", condition=Q(stage__in=STAGE_VALUES)),
            models.CheckConstraint(name="project_investment_not_negative", condition=Q(total_investment__gte=0)),
            models.CheckConstraint(name="project_year_within_total",
                                   condition=Q(investment_this_year__isnull=True)
                                   | (Q(investment_this_year__gte=0)
                                      & Q(investment_this_year__lte=F("total_investment")))),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def stage_label(self) -> str:
        return label(self.stage)

    def planned(self, stage: str):
        return getattr(self, planned_field(stage))

    def reached_on(self, stage: str):
        return getattr(self, reached_field(stage))


class ProjectFirm(models.Model):
    """A firm behind a project: the one building it, or one investing in it."""

    project = models.ForeignKey(Project, verbose_name=_("major project"), on_delete=models.CASCADE,
                                related_name="project_firms")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=FirmRole.choices)

    class Meta:
        verbose_name = _("project firm")
        verbose_name_plural = _("project firms")
        ordering = ["project", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "enterprise"], name="project_firm_once")]


class ProjectUpdate(models.Model):
    """One dated update: a stage reached on a day (or a move back, with its
    reason), or a note only."""

    project = models.ForeignKey(Project, verbose_name=_("major project"), on_delete=models.CASCADE,
                                related_name="updates")
    on = models.DateField(_("date"))
    stage_before = models.CharField(_("stage before"), max_length=12, blank=True)
    stage = models.CharField(_("stage reached"), max_length=12, choices=ProjectStage.choices, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    reason = models.CharField(_("reason for moving back"), max_length=REASON_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = _scoped("project__")

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(name="project_update_says_something", condition=~Q(stage="") | ~Q(note="")),
            models.CheckConstraint(name="project_update_stage_is_known", condition=Q(stage__in=STAGE_VALUES)
                                   & Q(stage_before__in=STAGE_VALUES)),
            models.CheckConstraint(name="project_update_note_length",
                                   condition=LessThanOrEqual(Length("note"), NOTE_MAX)),
        ]

    @property
    def moved_back(self) -> bool:
        return bool(self.stage) and rank(self.stage) < rank(self.stage_before)

    @property
    def stage_before_label(self) -> str:
        return label(self.stage_before)
