"""``lianfu import projects FILE [--county CODE]``: registered from ProjectsConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.projects.importing import jobs
from lianfu.projects.importing.columns import LABELS
from lianfu.registry.county_option import add_county_argument, chosen_county


def add_arguments(parser) -> None:
    add_county_argument(parser, "library")


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("projects.manage_projects"):
        raise CommandError(f"{user.username!r} may not import projects (county officers and administrators may)")
    return chosen_county(options, user, jobs.library_of(user), "library")


KIND = CliKind(jobs.KIND, "a list of major projects: 项目编号, 项目名称, 所在镇街, 总投资, 年度投资, 责任领导, 责任人, "
               "当前阶段, 开工日期… (.xlsx, .xls, .csv)", LABELS, jobs.run_job, prepare, add_arguments,
               who="a county officer imports into their own county's library")
