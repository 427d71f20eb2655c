from django.conf import settings
from django_tasks import task

from lianfu.common.importing.mapping import run_preview
from lianfu.common.models import ImportJob
from lianfu.workforce.importing.columns import vocabulary
from lianfu.workforce.importing.jobs import run_job


@task()
def preview_workers_task(job_id: int) -> None:
    run_preview(ImportJob.objects.select_related("created_by").get(pk=job_id), vocabulary(),
                max_bytes=settings.LIANFU_IMPORT_MAX_BYTES)


@task()
def import_workers_task(job_id: int) -> None:
    run_job(ImportJob.objects.select_related("created_by").get(pk=job_id))


@task()
def pack_trip_plan_task(plan_id: int) -> None:
    from django_scopes import scopes_disabled

    from lianfu.workforce.models import TripPlan
    from lianfu.workforce.trip_planning import high_risk_on, pack

    with scopes_disabled():
        plan = TripPlan.objects.select_related("county", "created_by").get(pk=plan_id)
    pack(plan, high_risk_on(plan.county, plan.departs_on))
