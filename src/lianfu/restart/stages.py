"""An enterprise's stage, derived from its workflow records and nothing else:

    restarted          it confirmed its restart
    prevention passed  its latest filing is approved and its latest inspection passed
    approved           its latest filing is approved
    filed              its latest filing waits for review
    surveyed           it has a survey
    not surveyed       none of the above

A returned filing counts for nothing until it is resubmitted."""
from django.utils import timezone

from lianfu.registry.models import EnterpriseStage
from lianfu.registry.stages import Stage
from lianfu.restart.enums import CheckKind, FilingStatus
from lianfu.restart.models import Filing, PreventionCheck, RestartConfirmation, Survey


def latest_filing(enterprise_id: int) -> Filing | None:
    return Filing.objects.filter(enterprise_id=enterprise_id).order_by("-created_at", "-id").first()


def latest_inspection(enterprise_id: int) -> PreventionCheck | None:
    return (PreventionCheck.objects.filter(enterprise_id=enterprise_id, kind=CheckKind.INSPECTION)
            .order_by("-checked_at", "-id").first())


def derive_stage(enterprise_id: int) -> Stage:
    if RestartConfirmation.objects.filter(enterprise_id=enterprise_id).exists():
        return Stage.RESTARTED
    filing = latest_filing(enterprise_id)
    if filing is not None and filing.status == FilingStatus.APPROVED:
        inspection = latest_inspection(enterprise_id)
        return Stage.PREVENTION_PASSED if inspection is not None and inspection.passed else Stage.APPROVED
    if filing is not None and filing.status == FilingStatus.SUBMITTED:
        return Stage.FILED
    if Survey.objects.filter(enterprise_id=enterprise_id).exists():
        return Stage.SURVEYED
    return Stage.NOT_SURVEYED


def refresh_stage(enterprise_id: int) -> Stage:
    """Write the derived stage (the caller holds the transaction and the scope).

    Insert-if-absent, then update-if-changed: never read-then-create, which two
    first surveys of one firm arriving together turn into a duplicate key on
    PostgreSQL. The INSERT … ON CONFLICT DO NOTHING waits for a concurrent
    insert of the same row to commit and then does nothing; the UPDATE then
    sees that row (each statement reads what is committed when it starts)."""
    stage = derive_stage(enterprise_id)
    now = timezone.now()
    EnterpriseStage.objects.bulk_create([EnterpriseStage(enterprise_id=enterprise_id, stage=stage, since=now)],
                                        ignore_conflicts=True)
    EnterpriseStage.objects.filter(enterprise_id=enterprise_id).exclude(stage=stage).update(stage=stage, since=now)
    return stage


def stage_of(enterprise_id: int) -> Stage:
    row = EnterpriseStage.objects.filter(enterprise_id=enterprise_id).values_list("stage", flat=True).first()
    return Stage(row) if row else Stage.NOT_SURVEYED
