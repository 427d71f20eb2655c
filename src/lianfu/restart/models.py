"""The four-sync workflow's records. Each is written by one function of
restart/domain/; an enterprise's stage is derived from them (stages.py) and
kept in registry.EnterpriseStage, which every other app reads."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.restart.enums import CheckKind, FilingStatus

_PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _scoped(path: str = "enterprise"):
    return ScopedManager(division=f"{path}__division__code__under", enterprise=f"{path}_id")


class Survey(models.Model):
    """摸底: one dated survey; the latest is the enterprise's current state."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="surveys")
    surveyed_on = models.DateField(_("survey date"))
    capacity_pct = models.PositiveSmallIntegerField(_("capacity now (%)"), validators=_PERCENT)
    headcount_total = models.PositiveIntegerField(_("headcount"))
    headcount_on_duty = models.PositiveIntegerField(_("on duty"))
    headcount_away = models.PositiveIntegerField(_("still away"))
    stock_days = models.DecimalField(_("stock of key inputs (days)"), max_digits=6, decimal_places=1,
                                     null=True, blank=True)
    blockers = models.JSONField(_("blockers"), default=list, blank=True)
    planned_restart = models.DateField(_("planned restart date"), null=True, blank=True)
    needs = models.TextField(_("needs"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    on_behalf = models.BooleanField(_("filled in by the liaison officer"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-surveyed_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "-surveyed_on", "-id"])]
        constraints = [
            models.CheckConstraint(name="survey_on_duty_within_headcount",
                                   condition=Q(headcount_on_duty__lte=F("headcount_total"))),
            # total − on duty, not on duty + away: a sum could pass the integer column's range.
            models.CheckConstraint(name="survey_away_within_headcount",
                                   condition=Q(headcount_away__lte=F("headcount_total") - F("headcount_on_duty"))),
            models.CheckConstraint(name="survey_capacity_percent", condition=Q(capacity_pct__lte=100)),
            models.CheckConstraint(name="survey_stock_not_negative",
                                   condition=Q(stock_days__isnull=True) | Q(stock_days__gte=0)),
            models.CheckConstraint(name="survey_needs_length", condition=LessThanOrEqual(Length("needs"), 2000)),
        ]


class ChainFiling(models.Model):
    """打包备案: one package a lead firm submits for itself and chosen suppliers."""

    lead = models.ForeignKey("registry.Enterprise", verbose_name=_("lead firm"), on_delete=models.CASCADE,
                             related_name="chain_filings")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = _scoped("lead")

    class Meta:
        verbose_name = _("chain package filing")
        verbose_name_plural = _("chain package filings")
        ordering = ["-submitted_at"]


class Filing(models.Model):
    """One enterprise's filing, alone or inside a package. Reviewed one by one,
    so a returned member never holds up the rest of its package."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="filings")
    package = models.ForeignKey(ChainFiling, verbose_name=_("package"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="filings")
    status = models.CharField(_("status"), max_length=16, choices=FilingStatus.choices, db_index=True)
    headcount_planned = models.PositiveIntegerField(_("headcount at restart"), null=True, blank=True)
    commitments = models.JSONField(_("prevention commitments"), default=list, blank=True)
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Every transition is UPDATE … WHERE version = seen; the loser gets 409.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "-created_at"])]
        constraints = [
            # Only a member's filing waiting for its confirmation has no answers yet.
            models.CheckConstraint(name="filing_submitted_has_headcount",
                                   condition=Q(status=FilingStatus.AWAITING_MEMBER)
                                   | Q(headcount_planned__isnull=False)),
            models.CheckConstraint(name="filing_returned_has_reason",
                                   condition=~Q(status=FilingStatus.RETURNED) | ~Q(return_reason="")),
        ]


class ChecklistItem(models.Model):
    """One line of a county's prevention checklist (editable in admin)."""

    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.CASCADE,
                               related_name="+")
    code = models.SlugField(_("code"), max_length=32)
    text_zh = models.CharField(_("Chinese text"), max_length=100)
    text_en = models.CharField(_("English text"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["county", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="checklist_code_unique"),
                       models.CheckConstraint(name="checklist_item_has_code_and_text",
                                              condition=~Q(code="") & ~Q(text_zh=""))]

    @property
    def text(self) -> str:
        from django.utils.translation import get_language
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh


class PreventionCheck(models.Model):
    """A self-check by the enterprise or an inspection by the town: per item
    done or not. Only an inspection passes or fails the enterprise, and it
    passes only with every measure of the checklist in place.

    ``measures`` and ``measures_done`` count ``results`` (save() keeps them in
    step) so that the database itself can refuse a pass with a measure missing."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="prevention_checks")
    kind = models.CharField(_("kind"), max_length=12, choices=CheckKind.choices)
    results = models.JSONField(_("results"), default=dict)
    measures = models.PositiveSmallIntegerField(_("measures checked"), default=0)
    measures_done = models.PositiveSmallIntegerField(_("measures in place"), default=0)
    passed = models.BooleanField(_("passed"), null=True)
    remarks = models.CharField(_("remarks"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("prevention check")
        verbose_name_plural = _("prevention checks")
        ordering = ["-checked_at", "-id"]
        constraints = [
            models.CheckConstraint(name="check_verdict_only_for_inspections",
                                   condition=Q(kind=CheckKind.SELF, passed__isnull=True)
                                   | Q(kind=CheckKind.INSPECTION, passed__isnull=False)),
            models.CheckConstraint(name="check_done_within_measures", condition=Q(measures_done__lte=F("measures"))),
            models.CheckConstraint(name="inspection_pass_has_every_measure",
                                   condition=~Q(passed=True) | Q(measures__gt=0, measures_done=F("measures"))),
            models.CheckConstraint(name="inspection_fail_has_remarks",
                                   condition=~Q(passed=False) | ~Q(remarks="")),
        ]

    @staticmethod
    def tally(results: dict) -> dict:
        """The counts stored beside ``results``."""
        return {"measures": len(results), "measures_done": sum(1 for done in results.values() if done is True)}

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "results" in update_fields:
            for name, value in self.tally(self.results or {}).items():
                setattr(self, name, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "measures", "measures_done"}
        super().save(*args, **kwargs)


class RestartConfirmation(models.Model):
    """复工: the enterprise confirms it restarted; ``overridden`` when it did so
    under a county officer's RestartOverride instead of approval + inspection."""

    enterprise = models.OneToOneField("registry.Enterprise", verbose_name=_("enterprise"),
                                      on_delete=models.CASCADE, related_name="restart")
    restarted_on = models.DateField(_("restart date"))
    capacity_pct = models.PositiveSmallIntegerField(_("capacity (%)"), validators=_PERCENT)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    overridden = models.BooleanField(_("restarted under an override"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("restart confirmation")
        verbose_name_plural = _("restart confirmations")
        constraints = [models.CheckConstraint(name="restart_capacity_percent", condition=Q(capacity_pct__lte=100))]


class RestartOverride(models.Model):
    """A county officer's permission for one enterprise to restart before its
    filing is approved or its prevention check passed, with the reason."""

    enterprise = models.OneToOneField("registry.Enterprise", verbose_name=_("enterprise"),
                                      on_delete=models.CASCADE, related_name="restart_override")
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = _scoped()

    class Meta:
        verbose_name = _("restart override")
        verbose_name_plural = _("restart overrides")
        constraints = [models.CheckConstraint(name="override_has_reason", condition=~Q(reason=""))]


class SuppliesLedger(models.Model):
    """An enterprise's prevention supplies in stock; days of cover follow from
    its latest headcount on duty (restart/supplies/reads.py)."""

    enterprise = models.OneToOneField("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                      related_name="supplies")
    masks = models.PositiveIntegerField(_("masks"), default=0)
    thermometers = models.PositiveIntegerField(_("thermometers"), default=0)
    disinfectant_litres = models.DecimalField(_("disinfectant (litres)"), max_digits=8, decimal_places=1,
                                              default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(default=0)

    objects = _scoped()

    class Meta:
        verbose_name = _("prevention supplies")
        verbose_name_plural = _("prevention supplies")
        constraints = [models.CheckConstraint(name="ledger_litres_not_negative",
                                              condition=Q(disinfectant_litres__gte=0))]


class SuppliesTransfer(models.Model):
    """A lead firm shares supplies with one of its suppliers (both ledgers move)."""

    from_enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("from"), on_delete=models.CASCADE,
                                        related_name="supplies_sent")
    to_enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("to"), on_delete=models.CASCADE,
                                      related_name="supplies_received")
    masks = models.PositiveIntegerField(_("masks"), default=0)
    thermometers = models.PositiveIntegerField(_("thermometers"), default=0)
    disinfectant_litres = models.DecimalField(_("disinfectant (litres)"), max_digits=8, decimal_places=1,
                                              default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = _scoped("from_enterprise")

    class Meta:
        verbose_name = _("supplies transfer")
        verbose_name_plural = _("supplies transfers")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(name="transfer_not_to_self", condition=~Q(from_enterprise=F("to_enterprise"))),
            models.CheckConstraint(name="transfer_litres_not_negative", condition=Q(disinfectant_litres__gte=0)),
            models.CheckConstraint(name="transfer_moves_something",
                                   condition=Q(masks__gt=0) | Q(thermometers__gt=0) | Q(disinfectant_litres__gt=0)),
        ]


class PreventionGuide(models.Model):
    """A lead firm's prevention guide (PDF), readable by every member of its chain."""

    lead = models.ForeignKey("registry.Enterprise", verbose_name=_("lead firm"), on_delete=models.CASCADE,
                             related_name="prevention_guides")
    title = models.CharField(_("title"), max_length=100)
    stored_path = models.CharField(max_length=500)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = _scoped("lead")

    class Meta:
        verbose_name = _("prevention guide")
        verbose_name_plural = _("prevention guides")
        ordering = ["-uploaded_at"]
