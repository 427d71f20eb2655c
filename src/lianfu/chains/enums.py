from django.db import models
from django.utils.translation import gettext_lazy as _


class Essential(models.TextChoices):
    """Whether the buyer cannot produce without this input. Unknown means the
    engine falls back on the sector default (docs/engine.md §9)."""

    YES = "yes", _("Essential")
    NO = "no", _("Not essential")
    UNKNOWN = "unknown", _("Unknown (sector default)")


class LinkSource(models.TextChoices):
    BUYER = "buyer", _("Declared by the buyer")
    SUPPLIER = "supplier", _("Declared by the supplier")
    IMPORTED = "imported", _("Imported from a supplier list")


class HandOffStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    SENT = "sent", _("Sent")
    CONFIRMED = "confirmed", _("Confirmed restarted")


# How deep a supplier tree goes unless asked otherwise (tier 1 = direct suppliers),
# and the most anyone may ask for.
DEFAULT_DEPTH = 4
MAX_DEPTH = 8
