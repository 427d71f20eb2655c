"""Service teams, their towns and officers, the county's assignment rules, the
assignment itself (dated: who looked after whom, when) and the proposals the
solver makes for the county to review."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.liaison.enums import ProposalState, RuleKind, VisitPurpose


class ServiceTeam(models.Model):
    """服务组: serves one or more towns of a county, led by a senior official
    (in Cixi one per town, led by someone who once ran that town)."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team leader"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="led_teams")
    # The load (points, liaison/demand.py) one officer of the team may carry;
    # blank: 1.2 × the team's mean load, the spread the assignment keeps to.
    max_load = models.PositiveIntegerField(_("most load per officer (points)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["county_id", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="team_name_unique_in_county")]

    def __str__(self) -> str:
        return self.name


class TeamTown(models.Model):
    """A town a team serves: each town by one team at most."""

    team = models.ForeignKey(ServiceTeam, on_delete=models.CASCADE, related_name="town_links")
    town = models.OneToOneField("registry.Division", verbose_name=_("town"), on_delete=models.PROTECT,
                                related_name="liaison_team_link")

    objects = ScopedManager(division="town__code__under")

    class Meta:
        verbose_name = _("town of a team")
        verbose_name_plural = _("towns of teams")


class TeamMember(models.Model):
    """A liaison officer's team: their towns are the team's towns."""

    officer = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.CASCADE,
                                   related_name="liaison_membership")
    team = models.ForeignKey(ServiceTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    objects = ScopedManager(division="team__county__code__under")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")


class AssignmentRule(models.Model):
    """How many officers a kind of firm or building needs in a county. The
    threshold is the floor area (m²) of the building rules and the days of the
    not-surveyed rule."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    officers = models.PositiveSmallIntegerField(_("officers each"), default=1)
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    active = models.BooleanField(_("in force"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        ordering = ["county_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["county", "kind"], name="one_rule_per_kind_per_county"),
            models.CheckConstraint(name="rule_kind_known", condition=Q(kind__in=RuleKind.values)),
            models.CheckConstraint(name="rule_officers_1_to_5", condition=Q(officers__gte=1, officers__lte=5)),
        ]


class Proposal(models.Model):
    """An assignment the solver proposed for a county: the pairs it chose, what
    it measured, the greedy baseline's figures beside them; applied by the county."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=ProposalState.choices,
                             default=ProposalState.PROPOSED)
    pairs = models.JSONField(default=list)      # [[unit key, [officer ids]], ...], unit key "firm:ID" | "building:ID"
    summary = models.JSONField(default=dict)    # moves, spread, seconds, status, shortfalls, greedy
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("assignment proposal")
        verbose_name_plural = _("assignment proposals")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(name="proposal_state_known",
                                              condition=Q(state__in=ProposalState.values))]


class ProposalJob(models.Model):
    """A county's latest proposal job as its page's progress bar reads it:
    status, teams solved of all teams, when solving started, the proposal it
    made, the last news (liaison/tasks.py). One row per county, rewritten by
    each job: the worker writes it, every web process reads it."""

    county = models.OneToOneField("registry.Division", primary_key=True, on_delete=models.CASCADE,
                                  related_name="+")
    job = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("assignment proposal job")
        verbose_name_plural = _("assignment proposal jobs")


class Assignment(models.Model):
    """An officer looks after a firm or a building from ``since`` until the day
    before ``until`` (None: still). Kept when it ends: who looked after whom."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="liaison_assignments")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey("registry.OfficeBuilding", verbose_name=_("office building"), null=True,
                                 blank=True, on_delete=models.CASCADE, related_name="+")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(division="officer__division__code__under")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["officer", "until"]), models.Index(fields=["enterprise", "until"])]
        constraints = [
            models.CheckConstraint(name="assignment_firm_or_building",
                                   condition=(Q(enterprise__isnull=False, building__isnull=True)
                                              | Q(enterprise__isnull=True, building__isnull=False))),
            models.UniqueConstraint(fields=["officer", "enterprise"], condition=Q(until__isnull=True),
                                    name="one_current_assignment_per_firm_and_officer"),
            models.UniqueConstraint(fields=["officer", "building"], condition=Q(until__isnull=True),
                                    name="one_current_assignment_per_building_and_officer"),
        ]

    @property
    def unit_key(self) -> str:
        return f"firm:{self.enterprise_id}" if self.enterprise_id else f"building:{self.building_id}"


class Visit(models.Model):
    """走访: an officer's visit to a firm or a building. A need recorded on the
    visit becomes a helpdesk ticket on the firm's behalf; a survey recorded on it
    becomes the firm's four-sync survey (the links below say which)."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="liaison_visits")
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey("registry.OfficeBuilding", verbose_name=_("office building"), null=True,
                                 blank=True, on_delete=models.CASCADE, related_name="+")
    # The unit's town, kept on the visit: the scope of every list of visits.
    town = models.ForeignKey("registry.Division", verbose_name=_("town"), on_delete=models.PROTECT,
                             related_name="+")
    visited_on = models.DateField(_("visit date"), default=timezone.localdate)
    purpose = models.CharField(_("purpose"), max_length=12, choices=VisitPurpose.choices,
                               default=VisitPurpose.ROUTINE)
    findings = models.TextField(_("findings"), max_length=2000, blank=True)
    ticket = models.ForeignKey("helpdesk.Ticket", verbose_name=_("need recorded"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    survey = models.ForeignKey("restart.Survey", verbose_name=_("survey recorded"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(division="town__code__under")

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "-visited_on"]), models.Index(fields=["officer", "-visited_on"]),
                   models.Index(fields=["building", "-visited_on"])]
        constraints = [
            models.CheckConstraint(name="visit_firm_or_building",
                                   condition=(Q(enterprise__isnull=False, building__isnull=True)
                                              | Q(enterprise__isnull=True, building__isnull=False))),
        ]


class VisitPhoto(models.Model):
    """A photo taken on a visit, stored like every upload (common/uploads.py):
    its type read from its bytes, its size checked as it streams, a fresh name."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    path = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    objects = ScopedManager(division="visit__town__code__under")

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
