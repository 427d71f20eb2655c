"""The workflow errors live in common/errors.py (the helpdesk raises them too);
here are the reasons a form and the domain share, so that a page and the API
refuse the same input in the same words."""
from django.utils.translation import gettext_lazy as _

from lianfu.common.errors import Conflict, NotAllowed, WorkflowError

__all__ = ["HEADCOUNT_PLANNED_NEEDED", "PASS_NEEDS_EVERY_MEASURE", "Conflict", "NotAllowed", "WorkflowError"]

PASS_NEEDS_EVERY_MEASURE = _("An inspection passes only with every measure in place: tick them all, or record "
                             "that it did not pass.")
HEADCOUNT_PLANNED_NEEDED = _("Give the headcount at restart.")
