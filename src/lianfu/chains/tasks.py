from django.conf import settings
from django_tasks import task

from lianfu.chains.importing.columns import vocabulary
from lianfu.chains.importing.jobs import run_job
from lianfu.common.importing.mapping import run_preview
from lianfu.common.models import ImportJob


@task()
def preview_suppliers_task(job_id: int) -> None:
    run_preview(ImportJob.objects.select_related("created_by").get(pk=job_id), vocabulary(),
                max_bytes=settings.LIANFU_IMPORT_MAX_BYTES)


@task()
def import_suppliers_task(job_id: int) -> None:
    run_job(ImportJob.objects.select_related("created_by").get(pk=job_id))
