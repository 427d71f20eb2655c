import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from lianfu.common.roles import Role
from lianfu.common.signals import survey_needs_changed
from lianfu.restart.domain._base import audit, require, step
from lianfu.restart.models import Survey
from lianfu.restart.stages import refresh_stage

log = logging.getLogger(__name__)

SURVEY_FIELDS = ("capacity_pct", "headcount_total", "headcount_on_duty", "headcount_away", "stock_days",
                 "blockers", "planned_restart", "needs")


@step
def record_survey(*, actor, enterprise, surveyed_on=None, **fields) -> Survey:
    """A new dated survey (history is every earlier one); the latest is the
    enterprise's current state. Validation of the values is the form's and the
    API schema's job; the database refuses what breaks a rule all the same
    (on duty + away > headcount, capacity > 100, negative stock: models.py).

    Needs written in the survey (需求清单) that differ from the previous
    survey's are announced (``survey_needs_changed``) once the survey is
    committed; the helpdesk files them as a ticket in its own transaction, so
    nothing it does or fails to do can cost the survey."""
    require(actor, "restart.record_survey", enterprise)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"unknown survey fields: {sorted(unknown)}")
    with transaction.atomic():
        previous = Survey.objects.filter(enterprise=enterprise).order_by("-created_at", "-id").first()
        survey = Survey.objects.create(
            enterprise=enterprise, surveyed_on=surveyed_on or timezone.localdate(), submitted_by=actor,
            on_behalf=actor.role != Role.ENTERPRISE_USER, **fields)
        needs = new_needs(survey.needs, previous.needs if previous else "")
        stage = refresh_stage(enterprise.pk)
        audit(actor, "survey.recorded", survey, enterprise, capacity_pct=survey.capacity_pct,
              on_behalf=survey.on_behalf, stage=stage, new_needs=bool(needs))
        if needs:
            transaction.on_commit(partial(_announce_needs, survey, actor, needs))
    return survey


def new_needs(needs: str, previous_needs: str) -> str:
    """The needs to announce, or "". Unchanged needs are the same problem
    already reported (re-surveys copy the last survey's answers)."""
    needs = (needs or "").strip()
    return "" if needs == (previous_needs or "").strip() else needs


def _announce_needs(survey: Survey, actor, needs: str) -> None:
    # Robust: the survey is committed whatever a receiver does. Django logs a
    # failing receiver's traceback (django.dispatch); this line says which
    # survey's needs are still to be filed.
    for receiver, outcome in survey_needs_changed.send_robust(
            sender=Survey, survey_id=survey.pk, enterprise=survey.enterprise, actor=actor, needs=needs):
        if isinstance(outcome, Exception):
            log.error("survey %s (%s) is stored, but %s failed on its new needs: %s", survey.pk,
                      survey.enterprise.uscc, getattr(receiver, "__qualname__", receiver), outcome)
