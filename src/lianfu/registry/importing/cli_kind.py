"""``lianfu import enterprises FILE``: registered from RegistryConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.registry.importing import jobs
from lianfu.registry.importing.parsing import LABELS


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("registry.import_enterprises"):
        raise CommandError(f"{user.username!r} may not import enterprises (county officers and administrators may)")
    return {}


KIND = CliKind(jobs.KIND, "an enterprise registry (.xlsx, .xls, .csv)", LABELS, jobs.run_job, prepare)
