from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStage(models.TextChoices):
    """The milestones of a major project, in order; a project's stage is the
    last one it reached (blank: not signed yet, 在谈)."""

    SIGNED = "signed", _("Signed")
    LAND = "land", _("Land supplied")
    APPROVALS = "approvals", _("Approvals obtained")
    STARTED = "started", _("Construction started")
    COMPLETED = "completed", _("Completed")


NOT_SIGNED = ""
NOT_SIGNED_LABEL = _("Not signed yet")


class FirmRole(models.TextChoices):
    BUILDER = "builder", _("Builder")
    INVESTOR = "investor", _("Investor")
