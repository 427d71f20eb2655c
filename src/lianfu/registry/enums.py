from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWN = "town", _("Town")


# How many leading digits of the 12-digit code identify a division at each level;
# the rest is zero. A jurisdiction is "every code that starts with this prefix".
PREFIX_DIGITS = {
    DivisionLevel.PROVINCE: 2,
    DivisionLevel.CITY: 4,
    DivisionLevel.COUNTY: 6,
    DivisionLevel.TOWN: 9,
}


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")
    CLASS = "class", _("Class")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Registered")
    # Created from someone else's supplier list; not yet confirmed by the firm.
    PENDING = "pending", _("Pending confirmation")
