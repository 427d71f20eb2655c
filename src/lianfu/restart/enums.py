from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an enterprise stands in the four-sync method, in order. The label
    is the mark officers write on boards (已摸底 …)."""

    NOT_SURVEYED = "not_surveyed", _("Not surveyed")
    SURVEYED = "surveyed", _("Surveyed")
    FILED = "filed", _("Filed")
    APPROVED = "approved", _("Approved")
    PREVENTION_PASSED = "prevention_passed", _("Prevention passed")
    RESTARTED = "restarted", _("Restarted")


STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}

# One colour per stage, the same on every page and chart (docs/UI: grey, blue,
# purple, amber, teal, green).
STAGE_COLOURS = {
    Stage.NOT_SURVEYED: "#9e9e9e",
    Stage.SURVEYED: "#1e88e5",
    Stage.FILED: "#8e24aa",
    Stage.APPROVED: "#f9a825",
    Stage.PREVENTION_PASSED: "#00897b",
    Stage.RESTARTED: "#43a047",
}


class Sync(models.TextChoices):
    """The four syncs. A stage has completed every sync up to its own."""

    SURVEY = "survey", _("Survey")
    FILING = "filing", _("Filing")
    PREVENTION = "prevention", _("Prevention")
    RESTART = "restart", _("Restart")


# The first stage at which each sync counts as done (filing: once approved).
SYNC_DONE_AT = {
    Sync.SURVEY: Stage.SURVEYED,
    Sync.FILING: Stage.APPROVED,
    Sync.PREVENTION: Stage.PREVENTION_PASSED,
    Sync.RESTART: Stage.RESTARTED,
}


def stages_at_or_after(stage: Stage) -> list[str]:
    return [s.value for s in Stage if STAGE_ORDER[s] >= STAGE_ORDER[stage]]
