from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    """What needs a liaison officer (千名干部助万企, Yinzhou 2020): the three
    standing rules and the optional ones a county may switch on."""
    ABOVE_SCALE_INDUSTRY = "above_scale", _("Above-scale industrial firm")
    LARGE_BUILDING = "large_building", _("Office building at or over the floor area")
    SMALL_BUILDING = "small_building", _("Office building under the floor area")
    CHAIN_LEAD = "chain_lead", _("Lead firm of a chain")
    OVERDUE_TICKET = "overdue_ticket", _("Firm with an overdue ticket")
    NOT_SURVEYED = "not_surveyed", _("Firm not surveyed for some days")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPLIED = "applied", _("Applied")
    SUPERSEDED = "superseded", _("Superseded")


class VisitPurpose(models.TextChoices):
    """Why an officer went: what Yinzhou's officers did at a firm's gate."""
    ROUTINE = "routine", _("Routine call")
    SURVEY = "survey", _("Survey (摸底)")
    NEED = "need", _("A problem to solve")
    PREVENTION = "prevention", _("Epidemic prevention check")
    RESTART = "restart", _("Restart support")
    OTHER = "other", _("Other")
