from django_tasks import task

from lianfu.analysis.models import EngineRun
from lianfu.analysis.runs import run_engine


@task()
def run_engine_task(run_id: int) -> None:
    run_engine(EngineRun.objects.get(pk=run_id))
