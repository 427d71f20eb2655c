"""Running a project-list import as a recorded job (web upload or CLI)."""
from django.conf import settings

from lianfu.common.importing.jobs import run_import_job
from lianfu.common.models import ImportJob
from lianfu.common.roles import Role
from lianfu.projects.importing.projects import import_projects
from lianfu.registry.models import Division

KIND = "projects"


def home_county() -> Division:
    return Division.objects.get(code=settings.LIANFU_HOME_COUNTY[:6].ljust(12, "0"))


def library_of(user) -> Division | None:
    """The county whose library ``user`` keeps: a county officer's own; None for
    anyone else (an administrator names one, else the home county)."""
    if user is not None and user.role == Role.COUNTY_OFFICER:
        return user.division
    return None


def county_of(job: ImportJob) -> Division:
    """The county the file goes into: the one the job names (CLI --county), else
    the uploader's, else the home county."""
    code = job.options.get("county") or ""
    county = Division.objects.filter(code=code).first() if code else library_of(job.created_by)
    return county or home_county()


def run_job(job: ImportJob, progress=None) -> ImportJob:
    county = county_of(job)

    def importer(path, **kwargs):
        return import_projects(path, county=county, file_name=job.original_name, **kwargs)

    return run_import_job(job, importer, division_code=county.code, progress=progress)
