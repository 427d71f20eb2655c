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

# One colour per stage, the same on every page and chart (UI conventions: grey,
# blue, purple, amber, teal, green); the same values as --st-* in lianfu.css.
STAGE_COLOURS = {
    Stage.NOT_SURVEYED: "#9aa5b1",
    Stage.SURVEYED: "#2f80ed",
    Stage.FILED: "#7b4fd6",
    Stage.APPROVED: "#d69e00",
    Stage.PREVENTION_PASSED: "#0f9d9a",
    Stage.RESTARTED: "#2e9d47",
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
