"""Running a supplier-list import as a recorded job (web upload or CLI).
``job.options``: ``lead`` (the lead firm's pk), optionally ``report``."""
from functools import partial

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from lianfu.chains.importing.suppliers import import_suppliers
from lianfu.common.importing.jobs import run_import_job
from lianfu.common.models import ImportJob
from lianfu.common.tabular import TabularError
from lianfu.registry.models import Enterprise

KIND = "suppliers"


def _lead_gone(*args, **kwargs):
    raise TabularError("no_lead", _("The lead firm of this import is no longer registered."))


def run_job(job: ImportJob, progress=None) -> ImportJob:
    with scopes_disabled():
        lead = Enterprise.objects.filter(pk=job.options.get("lead")).first()
    importer = partial(import_suppliers, lead=lead) if lead else _lead_gone
    # Filed under the lead's town, where its officers read the activity log.
    return run_import_job(job, importer, division_code=getattr(lead, "division_id", None) or "", progress=progress)
