"""``lianfu import projects FILE [--county CODE]``: registered from ProjectsConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.projects.importing import jobs
from lianfu.projects.importing.columns import LABELS
from lianfu.registry.divisions import county_by_code


def add_arguments(parser) -> None:
    parser.add_argument("--county", help=(
        "the county whose library this is (6 or 12 digits); default: the --as user's county, else the home county"))


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("projects.manage_projects"):
        raise CommandError(f"{user.username!r} may not import projects (county officers and administrators may)")
    code = (options.get("county") or "").strip()
    if not code:
        return {}
    county = county_by_code(code)
    if county is None:
        raise CommandError(f"--county {code!r}: not a county code")
    own = jobs.library_of(user)
    if own is not None and own.code != county.code:
        raise CommandError(f"{user.username!r} keeps the library of {own.name} ({own.code[:6]}), not of {county.name}")
    return {"county": county.code}


KIND = CliKind(jobs.KIND, "a list of major projects: 项目编号, 项目名称, 所在镇街, 总投资, 年度投资, 责任领导, 责任人, "
               "当前阶段, 开工日期… (.xlsx, .xls, .csv)", LABELS, jobs.run_job, prepare, add_arguments,
               who="a county officer imports into their own county's library")
