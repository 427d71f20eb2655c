"""``lianfu import risks FILE [--county CODE]``: registered from WorkforceConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.registry.county_option import add_county_argument, chosen_county
from lianfu.workforce.importing import risk_jobs
from lianfu.workforce.importing.risk_columns import LABELS
from lianfu.workforce.risk import keeping_county


def add_arguments(parser) -> None:
    add_county_argument(parser, "list")


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("workforce.manage_risk"):
        raise CommandError(f"{user.username!r} may not import risk lists (labour officers and administrators may)")
    return chosen_county(options, user, keeping_county(user) if user is not None else None, "list")


RISK_KIND = CliKind(
    risk_jobs.KIND, "a list of origin risk levels: 地区 or 行政区划代码, 风险等级, 生效日期, 截止日期, 来源 "
    "(.xlsx, .xls, .csv)", LABELS, risk_jobs.run_job, prepare, add_arguments,
    who="a labour officer imports into their own county's list")
