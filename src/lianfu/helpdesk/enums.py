from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What an enterprise's problem is about (exactly these codes; they are
    also the Open311 service codes)."""

    SUPPLY = "supply", _("Raw materials and supply chain")
    LOGISTICS = "logistics", _("Logistics and transport")
    FINANCE = "finance", _("Funds and financing")
    LABOR = "labor", _("Labour and return to work")
    PREVENTION = "prevention", _("Prevention supplies and measures")
    APPROVAL = "approval", _("Approvals and filing")
    TAX = "tax", _("Taxes and fees")
    TRADE = "trade", _("Foreign trade")
    UTILITIES = "utilities", _("Water, power and gas")
    PREMISES = "premises", _("Premises and housing")
    OTHER = "other", _("Other")


# The Chinese label officers know each category by (shown with the English one).
CATEGORY_ZH = {
    Category.SUPPLY: "原材料与供应链", Category.LOGISTICS: "物流运输", Category.FINANCE: "资金与融资",
    Category.LABOR: "用工与返岗", Category.PREVENTION: "防疫物资与防控", Category.APPROVAL: "审批与备案",
    Category.TAX: "税费", Category.TRADE: "外贸", Category.UTILITIES: "水电气", Category.PREMISES: "场地与住宿",
    Category.OTHER: "其他",
}

# The department that owns each category by default (codes of demo/registry
# departments); "other" goes to the town's own triage. Editable per county.
DEFAULT_DEPARTMENT = {
    Category.SUPPLY: "economy", Category.LOGISTICS: "transport", Category.FINANCE: "finance",
    Category.LABOR: "labour", Category.PREVENTION: "health", Category.APPROVAL: "approval", Category.TAX: "tax",
    Category.TRADE: "commerce", Category.UTILITIES: "development", Category.PREMISES: "housing",
    Category.OTHER: None,
}


class Channel(models.TextChoices):
    """How a ticket reached us."""

    WEB = "web", _("Web")
    MOBILE = "mobile", _("Mobile")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    # Written in a survey's needs (需求清单) and filed by the survey itself.
    SURVEY = "survey", _("Survey needs")
    # Said to a lianfu robot in a DingTalk group by a linked enterprise user.
    DINGTALK = "dingtalk", _("DingTalk")


class Submitter(models.TextChoices):
    """Who wrote the ticket, relative to the enterprise it is about."""

    ENTERPRISE = "enterprise", _("The enterprise")
    LIAISON = "liaison", _("Liaison officer")
    OFFICER = "officer", _("Officer")
    API_CLIENT = "api_client", _("API client")


class Difficulty(models.TextChoices):
    """Values are the keys of deadlines.ALLOWANCE_DAYS."""

    ORDINARY = "ordinary", _("Ordinary (same day)")
    HARD = "hard", _("Hard (three working days)")


class Status(models.TextChoices):
    NEW = "new", _("Waiting for dispatch")
    ROUTED = "routed", _("Routed")
    ACCEPTED = "accepted", _("Accepted")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    # "Not ours": the department sent it back to the dispatcher with a reason.
    RETURNED = "returned", _("Returned to dispatch")
    MERGED = "merged", _("Merged")


# Waiting for the dispatcher.
DISPATCH_STATUSES = (Status.NEW, Status.RETURNED)
# With a department or town, on the deadline clock.
WORKING_STATUSES = (Status.ROUTED, Status.ACCEPTED, Status.REOPENED)
OPEN_STATUSES = DISPATCH_STATUSES + WORKING_STATUSES
# Open311 knows two statuses.
OPEN311_CLOSED = (Status.RESOLVED, Status.CLOSED, Status.MERGED)


class Extension(models.TextChoices):
    NONE = "", _("None")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLASSIFIED = "classified", _("Classified")
    QUEUED = "queued", _("Waiting for the dispatcher")
    ROUTED = "routed", _("Routed")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned: not ours")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_GRANTED = "extension_granted", _("Extension granted")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Escalated to the county")
    RESOLVED = "resolved", _("Resolved")
    RATED = "rated", _("Rated")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")
    SUPPLEMENTED = "supplemented", _("Added by the enterprise")
    MERGED = "merged", _("Merged")
    COMMENTED = "commented", _("Note")


# A rating at or below this reopens the ticket (1–5 scale).
DISSATISFIED_AT_MOST = 2
