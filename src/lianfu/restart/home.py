"""What the four-sync workflow puts on each role's first screen."""
from django.db.models import Max

from lianfu.registry.stages import STAGE_ORDER, Stage
from lianfu.restart import queries
from lianfu.restart.enums import CheckKind, FilingStatus
from lianfu.restart.models import PreventionCheck, RestartConfirmation, RestartOverride, Survey
from lianfu.restart.stages import latest_filing, stage_of


def enterprise_tasks(user) -> dict:
    """A firm's "my tasks": one line per sync, each with the next thing to do."""
    enterprise = user.enterprise
    pk = enterprise.pk
    stage = stage_of(pk)
    filing = latest_filing(pk)
    restarted = RestartConfirmation.objects.filter(enterprise_id=pk).exists()
    overridden = RestartOverride.objects.filter(enterprise_id=pk).exists()
    ready = STAGE_ORDER[stage] >= STAGE_ORDER[Stage.PREVENTION_PASSED]
    return {"tasks": {
        "stage": stage,
        "last_survey": Survey.objects.filter(enterprise_id=pk).aggregate(day=Max("surveyed_on"))["day"],
        "filing": filing,
        # A supplier without a filing waits for its lead's package; anyone else files.
        "may_file": filing is None and (queries.lead_chain(enterprise) is not None
                                        or not queries.supplied_leads(enterprise)),
        "last_self_check": PreventionCheck.objects.filter(enterprise_id=pk, kind=CheckKind.SELF)
                                                  .aggregate(at=Max("checked_at"))["at"],
        "may_restart": not restarted and (ready or overridden),
        "restarted": restarted,
        "Status": FilingStatus,
    }}


def officer_cards(user) -> dict:
    if not user.has_perm("restart.view_review_queue"):
        return {}
    return {"review_waiting": queries.waiting_counts(), "inspections_due": queries.inspections_due_count()}
