from django.db import models
from django.utils.translation import gettext_lazy as _


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
