"""The four-sync workflow's state per enterprise.

``EnterpriseStage`` holds the stage every other app reads (trees, gap lists,
boards). The workflow owns it: the stage is derived from surveys, filings,
inspections and restart confirmations and written only by restart/domain.py; no
page lets anyone type it. An enterprise without a row has not been surveyed."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianfu.restart.enums import Stage


class EnterpriseStage(models.Model):
    enterprise = models.OneToOneField(
        "registry.Enterprise", verbose_name=_("enterprise"), primary_key=True,
        on_delete=models.CASCADE, related_name="stage_record",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NOT_SURVEYED,
                             db_index=True)
    since = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("enterprise stage")
        verbose_name_plural = _("enterprise stages")

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.stage}"
