from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_OFFICER = "county_officer", _("County officer")
    TOWN_OFFICER = "town_officer", _("Town officer")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    LABOUR_OFFICER = "labour_officer", _("Labour officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose reach is a division (its code prefix).
DIVISION_ROLES = {Role.COUNTY_OFFICER, Role.TOWN_OFFICER, Role.LIAISON_OFFICER, Role.LABOUR_OFFICER}
OFFICER_ROLES = {Role.COUNTY_OFFICER, Role.TOWN_OFFICER}

# The one anchor each role needs (the database refuses any other: accounts.User's
# constraints). An administrator has none: its reach is everything.
ANCHORS = ("division", "department", "enterprise")
ANCHOR_OF_ROLE = {
    **{role: "division" for role in DIVISION_ROLES},
    Role.DEPARTMENT_STAFF: "department",
    Role.ENTERPRISE_USER: "enterprise",
    Role.ADMINISTRATOR: None,
}
