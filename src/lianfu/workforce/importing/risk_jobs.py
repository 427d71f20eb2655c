"""Running a risk-list import as a recorded job (web upload or CLI)."""
from django.conf import settings

from lianfu.common.importing.jobs import run_import_job
from lianfu.common.models import ImportJob
from lianfu.registry.models import Division
from lianfu.workforce.importing.risks import import_risks
from lianfu.workforce.risk import keeping_county

KIND = "risks"


def county_of(job: ImportJob) -> Division:
    """The county whose list the file goes into: the one the job names (CLI
    --county), else the uploader's (risk.keeping_county), else the home county."""
    code = job.options.get("county") or ""
    county = Division.objects.filter(code=code).first() if code else keeping_county(job.created_by)
    return county or Division.objects.get(code=settings.LIANFU_HOME_COUNTY[:6].ljust(12, "0"))


def run_job(job: ImportJob, progress=None) -> ImportJob:
    county = county_of(job)

    def importer(path, **kwargs):
        return import_risks(path, county=county, **kwargs)

    return run_import_job(job, importer, division_code=county.code, progress=progress)
