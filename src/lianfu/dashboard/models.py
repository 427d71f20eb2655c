"""The daily snapshot of a county's figures (metrics.py), written once a day by
`lianfu dashboard snapshot` (the sweep of `lianfu serve`) and at demo load. A
past day can always be rebuilt from the records (metrics.figures_on); the
snapshot keeps what was shown, and makes the trend a single read."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    county = models.ForeignKey("registry.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    day = models.DateField(_("day"))
    # metrics.Figures.as_json(): the county's totals, by town and by industry.
    figures = models.JSONField(_("figures"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)

    class Meta:
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        ordering = ["county_id", "day"]
        constraints = [models.UniqueConstraint(fields=["county", "day"], name="dashboard_snapshot_once_a_day")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.day}"
