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


class Blocker(models.TextChoices):
    """What keeps a firm from restarting (a survey may name several)."""

    MATERIAL = "material", _("Material")
    LOGISTICS = "logistics", _("Logistics")
    LABOUR = "labour", _("Labour")
    FUNDS = "funds", _("Funds")
    PREVENTION_SUPPLIES = "prevention_supplies", _("Prevention supplies")
    APPROVALS = "approvals", _("Approvals")
    UTILITIES = "utilities", _("Utilities")
    ORDERS = "orders", _("Orders")


class FilingStatus(models.TextChoices):
    AWAITING_MEMBER = "awaiting_member", _("Waiting for the member to confirm")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class CheckKind(models.TextChoices):
    SELF = "self", _("Self-check")
    INSPECTION = "inspection", _("Inspection")


# The prevention checklist every county starts from (from the seeds; the county
# edits its own copy): code, 中文, English.
DEFAULT_CHECKLIST = (
    ("gate_temperature", "门岗测温", "Temperature check at the gate"),
    ("health_code", "查验健康码", "Health-code check"),
    ("masks", "每人每天配发口罩", "Masks for every worker every day"),
    ("disinfection", "车间每天消毒三次", "Workshops disinfected three times a day"),
    ("meal_delivery", "员工送餐制，不设集中用餐", "Meals delivered instead of a shared canteen"),
    ("isolation_room", "设置隔离观察室", "An isolation room"),
    ("emergency_plan", "制定应急预案", "An emergency plan"),
    ("guide_on_file", "防疫指南手册备案", "A prevention guide on file"),
)

# Masks per worker on duty per day, for the supplies ledger's days of cover.
MASKS_PER_WORKER_PER_DAY = 2
