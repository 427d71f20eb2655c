"""``lianfu import risks FILE [--county CODE]``: registered from WorkforceConfig.ready()."""
from django.core.management.base import CommandError

from lianfu.common.importing.cli_kinds import CliKind
from lianfu.registry.divisions import county_by_code
from lianfu.workforce.importing import risk_jobs
from lianfu.workforce.importing.risk_columns import LABELS
from lianfu.workforce.risk import keeping_county


def add_arguments(parser) -> None:
    parser.add_argument("--county", help=(
        "the county whose list this is (6 or 12 digits); default: the --as user's county, else the home county"))


def prepare(user, options: dict) -> dict:
    if user is not None and not user.has_perm("workforce.manage_risk"):
        raise CommandError(f"{user.username!r} may not import risk lists (labour officers and administrators may)")
    code = (options.get("county") or "").strip()
    if not code:
        return {}
    county = county_by_code(code)
    if county is None:
        raise CommandError(f"--county {code!r}: not a county code")
    own = keeping_county(user) if user is not None else None
    if own is not None and own.code != county.code:
        raise CommandError(f"{user.username!r} keeps the list of {own.name} ({own.code[:6]}), not of {county.name}")
    return {"county": county.code}


RISK_KIND = CliKind(
    risk_jobs.KIND, "a list of origin risk levels: 地区 or 行政区划代码, 风险等级, 生效日期, 截止日期, 来源 "
    "(.xlsx, .xls, .csv)", LABELS, risk_jobs.run_job, prepare, add_arguments,
    who="a labour officer imports into their own county's list")
