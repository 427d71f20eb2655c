from django_tasks import task

from lianfu.common.models import ImportJob
from lianfu.registry.importing.jobs import run_job


@task()
def import_enterprises_task(job_id: int) -> None:
    run_job(ImportJob.objects.select_related("created_by").get(pk=job_id))
