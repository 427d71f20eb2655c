"""An enterprise's stage in the four-sync method (摸底 → 备案 → 防控 → 复工):
an attribute of the enterprise that every app reads (chains, boards, the
engine), derived by the four-sync workflow (restart/stages.py) and stored in
registry.EnterpriseStage."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an enterprise stands in the four-sync method, in order. The label
    is the mark officers write on boards (已摸底 …). Derived, never typed in
    (restart/stages.py)."""

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


def sync_done(stage_counts) -> dict[str, int]:
    """Sync code -> how many firms completed it, from a count of firms per stage."""
    return {sync.value: sum(n for stage, n in stage_counts.items() if STAGE_ORDER[Stage(stage)] >= STAGE_ORDER[at])
            for sync, at in SYNC_DONE_AT.items()}
