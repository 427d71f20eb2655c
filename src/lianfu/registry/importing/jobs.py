"""Running an enterprise import as a recorded job (web upload or CLI)."""
from functools import partial

from lianfu.common.importing.jobs import run_import_job
from lianfu.common.models import ImportJob
from lianfu.registry.importing.enterprises import import_enterprises

KIND = "enterprises"


def jurisdiction_of(user):
    """None for an administrator (anywhere), otherwise the user's division."""
    if user is None or user.is_superuser or user.division is None:
        return None
    return user.division


def run_job(job: ImportJob, progress=None) -> ImportJob:
    within = jurisdiction_of(job.created_by)
    return run_import_job(job, partial(import_enterprises, within=within),
                          division_code=getattr(within, "code", ""), progress=progress)
