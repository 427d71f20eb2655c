"""Which county a supplier is in, without a query per firm.

Order of evidence: a town-level division in our registry (officers set it);
else the registration authority code in the credit code (characters 3–8, a
county code, possibly retired); else the county an address names; else a
county-level division declared on a supplier list. '' when nothing says."""
from functools import lru_cache

from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, DivisionAlias


@lru_cache(maxsize=1)
def _county_codes() -> dict[str, str]:
    """6-digit code -> current county code, for current and retired codes.
    Reference data changes only by migration: one load per process."""
    current = {code[:6]: code[:6] for code in
               Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", flat=True)}
    retired = {old: new[:6] for old, new in DivisionAlias.objects.values_list("old_code", "division_id")}
    return {**retired, **current}


def county_from_uscc(uscc: str) -> str:
    """The county of the registration authority, or '' (city- or province-level
    authorities do not say which county)."""
    return _county_codes().get((uscc or "")[2:8], "")


@lru_cache(maxsize=8192)
def county_from_address(address: str) -> str:
    match = divisions.county_in_address(address)
    if match is None or match.division.level != DivisionLevel.COUNTY:
        return ""
    return match.division.code[:6]


def county_of(*, division_id: str | None, uscc: str, address: str = "") -> str:
    code = division_id or ""
    if len(divisions.code_prefix(code)) == 9:
        return code[:6]
    return county_from_uscc(uscc) or (address and county_from_address(address)) or (
        code[:6] if len(divisions.code_prefix(code)) == 6 else "")


@lru_cache(maxsize=4096)
def county_label(code6: str) -> str:
    """'宁波市余姚市', '绍兴市上虞区'; the county's name alone when the city adds nothing."""
    if not code6:
        return ""
    county = Division.objects.select_related("parent").filter(code=code6.ljust(12, "0")).first()
    if county is None:
        return code6
    parent = county.parent
    if parent is None or parent.level != DivisionLevel.CITY or parent.name in ("市辖区", "县", "省直辖县级行政区划"):
        return county.name
    return f"{parent.name}{county.name}"
