"""Where workers come from, seen by the labour bureau: the risk level of each
origin (the three-colour map), and the jobs that wait for them."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from lianfu.workforce.enums import PositionSource, RiskLevel


class OriginRisk(models.Model):
    """The risk level of a province, city or county of origin from
    ``effective_from`` until ``effective_to`` (inclusive; open-ended when
    empty), as the county that keeps the list read it from a notice. The
    most specific division wins (a county over its city over its province)."""

    county = models.ForeignKey("registry.Division", verbose_name=_("kept by"), on_delete=models.CASCADE,
                               related_name="+")
    division = models.ForeignKey("registry.Division", verbose_name=_("origin"), on_delete=models.CASCADE,
                                 related_name="+")
    level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # Risk levels are read from public notices: an enterprise user's scope
    # (no division) may read them; only the county's labour officers edit them (rules.py).
    objects = ScopedManager(division="county__code__under")

    class Meta:
        verbose_name = _("origin risk level")
        verbose_name_plural = _("origin risk levels")
        ordering = ["division_id", "-effective_from"]
        indexes = [models.Index(fields=["county", "division", "effective_from"])]
        constraints = [
            models.CheckConstraint(name="origin_risk_level_known", condition=Q(level__in=RiskLevel.values)),
            models.CheckConstraint(name="origin_risk_period_ordered",
                                   condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from"))),
        ]


class OpenPosition(models.Model):
    """Jobs a firm wants filled: shown to the labour bureau beside the origin map."""

    enterprise = models.ForeignKey("registry.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="open_positions")
    title = models.CharField(_("position"), max_length=50)
    count = models.PositiveIntegerField(_("openings"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=PositionSource.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(division="enterprise__division__code__under", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("open position")
        verbose_name_plural = _("open positions")
        ordering = ["enterprise_id", "-opened_on", "id"]
        constraints = [models.CheckConstraint(name="open_position_count_positive", condition=Q(count__gte=1))]
