"""``lianfu import suppliers --lead USCC FILE``: registered from ChainsConfig.ready()."""
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from lianfu.chains.importing import jobs
from lianfu.chains.importing.columns import LABELS
from lianfu.common.importing.cli_kinds import CliKind
from lianfu.registry.models import Enterprise


def add_arguments(parser) -> None:
    parser.add_argument("--lead", required=True, help="the lead firm's credit code")


def prepare(user, options: dict) -> dict:
    code = options["lead"]
    with scopes_disabled():
        lead = Enterprise.objects.filter(uscc=code.strip().upper()).first()
    if lead is None:
        raise CommandError(f"--lead {code!r}: no enterprise has this credit code (import the registry first)")
    if user is not None and not user.has_perm("chains.import_suppliers", lead):
        raise CommandError(f"{user.username!r} may not import the suppliers of {lead.uscc} (administrators, "
                           "officers whose jurisdiction reaches it and the firm's own users may)")
    return {"lead": lead.pk}


KIND = CliKind(jobs.KIND, "a lead firm's supplier list (.xlsx, .xls, .csv)", LABELS, jobs.run_job, prepare,
               add_arguments, who="who must have the right")
