from django_tasks import task

from lianfu.chains.importing.jobs import run_job
from lianfu.common.models import ImportJob


@task()
def import_suppliers_task(job_id: int) -> None:
    run_job(ImportJob.objects.select_related("created_by").get(pk=job_id))


@task()
def run_engine_task(run_id: int) -> None:
    from lianfu.chains.engine.runs import run_engine
    from lianfu.chains.models import EngineRun
    run_engine(EngineRun.objects.get(pk=run_id))
