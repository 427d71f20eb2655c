from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    SITE = "site", _("Enterprise site")
    BUILDING = "building", _("Office building")


class EntryResult(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused")


class RecordState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting a second official")
    APPROVED = "approved", _("In force")
    REJECTED = "rejected", _("Rejected")


# Why a scan was refused (Entry.reason, the security audit). The token's own
# faults never reach the entry log: a forged or stale code names no place we trust.
class Refusal(models.TextChoices):
    NOT_GREEN = "not_green", _("health status is not green")
    UNKNOWN = "unknown", _("health status unknown")
    TOO_MANY = "too_many", _("too many scans in a minute")
    FORGED = "forged", _("the code is not ours")
    EXPIRED = "expired", _("the code has expired")
    REVOKED = "revoked", _("the code was revoked")
    NOT_YET = "not_yet", _("the code is not valid yet")
