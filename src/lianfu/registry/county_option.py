"""The ``--county`` option of the `lianfu import` kinds whose lists belong to
a county (the origin risk list, the major-project library): which county a
file is for, and a user who keeps another county's list refused."""
from django.core.management.base import CommandError

from lianfu.registry.divisions import county_by_code


def add_county_argument(parser, what: str) -> None:
    parser.add_argument("--county", help=(
        f"the county whose {what} this is (6 or 12 digits); default: the --as user's county, else the home county"))


def chosen_county(options: dict, user, own, what: str) -> dict:
    """{"county": code} for the job, {} when no --county was given; ``own``: the
    county whose ``what`` the user keeps (None: any)."""
    code = (options.get("county") or "").strip()
    if not code:
        return {}
    county = county_by_code(code)
    if county is None:
        raise CommandError(f"--county {code!r}: not a county code")
    if own is not None and own.code != county.code:
        raise CommandError(f"{user.username!r} keeps the {what} of {own.name} ({own.code[:6]}), not of {county.name}")
    return {"county": county.code}
