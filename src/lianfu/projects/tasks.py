"""The project import's background tasks: the mapping step's preview, then the import."""
from django.conf import settings
from django_tasks import task

from lianfu.common.importing.mapping import run_preview
from lianfu.common.models import ImportJob
from lianfu.projects.importing.columns import vocabulary
from lianfu.projects.importing.jobs import run_job


@task()
def preview_projects_task(job_id: int) -> None:
    run_preview(ImportJob.objects.select_related("created_by").get(pk=job_id), vocabulary(),
                max_bytes=settings.LIANFU_IMPORT_MAX_BYTES)


@task()
def import_projects_task(job_id: int) -> None:
    run_job(ImportJob.objects.select_related("created_by").get(pk=job_id))
