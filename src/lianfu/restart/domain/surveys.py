from django.db import transaction
from django.utils import timezone

from lianfu.common.roles import Role
from lianfu.restart.domain._base import audit, require, step
from lianfu.restart.models import Survey
from lianfu.restart.stages import refresh_stage

SURVEY_FIELDS = ("capacity_pct", "headcount_total", "headcount_on_duty", "headcount_away", "stock_days",
                 "blockers", "planned_restart", "needs")


@step
def record_survey(*, actor, enterprise, surveyed_on=None, **fields) -> Survey:
    """A new dated survey (history is every earlier one); the latest is the
    enterprise's current state. Validation of the values is the form's and the
    API schema's job; the database refuses what breaks a rule all the same
    (on duty + away > headcount, capacity > 100, negative stock: models.py).

    Needs written in the survey (需求清单) that differ from the previous
    survey's are filed as a helpdesk ticket in the same transaction."""
    require(actor, "restart.record_survey", enterprise)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"unknown survey fields: {sorted(unknown)}")
    with transaction.atomic():
        previous = Survey.objects.filter(enterprise=enterprise).order_by("-created_at", "-id").first()
        survey = Survey.objects.create(
            enterprise=enterprise, surveyed_on=surveyed_on or timezone.localdate(), submitted_by=actor,
            on_behalf=actor.role != Role.ENTERPRISE_USER, **fields)
        ticket = _file_needs(actor, enterprise, survey.needs, previous.needs if previous else "")
        stage = refresh_stage(enterprise.pk)
        audit(actor, "survey.recorded", survey, enterprise, capacity_pct=survey.capacity_pct,
              on_behalf=survey.on_behalf, stage=stage, ticket=ticket.pk if ticket else None)
    return survey


def _file_needs(actor, enterprise, needs: str, previous_needs: str):
    """The ticket for new needs, or None. Unchanged needs are the same problem
    already filed (re-surveys copy the last survey's answers). An enterprise
    without a town on record cannot be routed: its survey is still kept and
    its needs stay on it for the county to read, rather than losing the
    survey to a registration gap the firm did not cause."""
    from lianfu.helpdesk.domain import submit_ticket
    from lianfu.helpdesk.enums import Channel

    needs = (needs or "").strip()
    if not needs or needs == (previous_needs or "").strip() or enterprise.division_id is None:
        return None
    # needs is at most 2,000 characters (the survey field) and a ticket takes
    # 4,000, so the text always fits: a survey is never refused for its needs.
    return submit_ticket(actor=actor, enterprise=enterprise, text=needs, channel=Channel.SURVEY)
