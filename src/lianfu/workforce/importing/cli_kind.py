"""``lianfu import workers FILE [--full]``: registered from WorkforceConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.workforce.importing import jobs
from lianfu.workforce.importing.columns import LABELS


def add_arguments(parser) -> None:
    parser.add_argument("--full", action="store_true", help=(
        "the file is the whole roster of every employer it names: their workers missing from it are flagged "
        "for the labour officer (never deleted)"))


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("workforce.import_workers"):
        raise CommandError(f"{user.username!r} may not import workers (labour officers and administrators may)")
    return {"full": bool(options.get("full"))}


KIND = CliKind(jobs.KIND, "worker records: social-insurance records or a roster (.xlsx, .xls, .csv)", LABELS,
               jobs.run_job, prepare, add_arguments)
