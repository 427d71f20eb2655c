from django.db import transaction
from django.utils import timezone

from lianfu.accounts.enums import Role
from lianfu.restart.domain._base import audit, require, step
from lianfu.restart.models import Survey
from lianfu.restart.stages import refresh_stage

SURVEY_FIELDS = ("capacity_pct", "headcount_total", "headcount_on_duty", "headcount_away", "stock_days",
                 "blockers", "planned_restart", "needs")


@step
def record_survey(*, actor, enterprise, surveyed_on=None, **fields) -> Survey:
    """A new dated survey (history is every earlier one); the latest is the
    enterprise's current state. Validation of the values is the form's job;
    the database refuses the impossible (on duty > headcount, capacity > 100)."""
    require(actor, "restart.record_survey", enterprise)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"unknown survey fields: {sorted(unknown)}")
    with transaction.atomic():
        survey = Survey.objects.create(
            enterprise=enterprise, surveyed_on=surveyed_on or timezone.localdate(), submitted_by=actor,
            on_behalf=actor.role != Role.ENTERPRISE_USER, **fields)
        stage = refresh_stage(enterprise.pk)
        audit(actor, "survey.recorded", survey, enterprise, capacity_pct=survey.capacity_pct,
              on_behalf=survey.on_behalf, stage=stage)
    return survey
