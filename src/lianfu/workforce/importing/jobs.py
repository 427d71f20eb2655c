"""Running a worker import as a recorded job (web upload or CLI)."""
from lianfu.common.importing.jobs import run_import_job
from lianfu.common.models import ImportJob
from lianfu.registry.importing.jobs import jurisdiction_of
from lianfu.workforce.importing.workers import import_workers

KIND = "workers"


def run_job(job: ImportJob, progress=None) -> ImportJob:
    within = jurisdiction_of(job.created_by)

    def importer(path, **kwargs):
        return import_workers(path, within=within, full=bool(job.options.get("full")), **kwargs)

    return run_import_job(job, importer, division_code=getattr(within, "code", ""), progress=progress)
