"""Finding divisions by code, by name within a parent, from old county codes
(ID numbers keep the code of the county of first registration) and in addresses;
towns by their current or old names (TownAlias) and the closest names to a wrong one."""
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from lianfu.common.scoping import code_prefix  # noqa: F401  (divisions.code_prefix is the registry's name for it)
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, DivisionAlias, TownAlias

# Suffixes people drop when they write a division's name ("慈溪" for 慈溪市).
NAME_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "市", "区", "县", "自治县", "省", "自治区")


def full_code(code: str) -> str | None:
    """Accept 2/4/6/9/12-digit codes and return the 12-digit form, or None."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        return None
    return code.ljust(12, "0")


def by_code(code: str) -> Division | None:
    code12 = full_code(code)
    return Division.objects.filter(code=code12).first() if code12 else None


def county_of_user(user) -> Division | None:
    """The county a user works for where a page needs one (a drill, a project, a
    liaison assignment): a county officer's own; an administrator's home county
    (LIANFU_HOME_COUNTY); None for everyone else."""
    from django.conf import settings

    from lianfu.common.roles import Role

    if user.role == Role.COUNTY_OFFICER:
        return user.division
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return Division.objects.filter(code=settings.LIANFU_HOME_COUNTY[:6].ljust(12, "0")).first()
    return None


def county_by_code(code: str) -> Division | None:
    """The county a command line names by its 6 or 12 digits (330282, 330282000000), or None."""
    code = (code or "").strip()
    if not (code.isdigit() and len(code) in (6, 12) and not code[6:].strip("0")):
        return None
    return Division.objects.filter(code=code[:6].ljust(12, "0"), level=DivisionLevel.COUNTY).first()


def _bare(name: str) -> str:
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def by_name(name: str, *, within: Division | None = None, level: DivisionLevel | None = None) -> Division | None:
    """The division called ``name`` inside ``within`` (exact name first, then
    without its suffix). None when absent or ambiguous."""
    name = (name or "").strip()
    if not name:
        return None
    qs = Division.objects.all()
    if within is not None:
        qs = qs.filter(code__startswith=within.prefix).exclude(code=within.code)
    if level is not None:
        qs = qs.filter(level=level)
    exact = list(qs.filter(name=name)[:2])
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    bare = _bare(name)
    candidates = [d for d in qs.filter(name__startswith=bare)[:20] if _bare(d.name) == bare]
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class CountyMatch:
    division: Division
    how: str  # "current" | "old_code" | "city_only"


def county_for_code(code6: str) -> CountyMatch | None:
    """The current county for a (possibly retired) 6-digit county code."""
    code6 = (code6 or "")[:6]
    if len(code6) != 6 or not code6.isdigit():
        return None
    current = Division.objects.filter(code=code6.ljust(12, "0"), level=DivisionLevel.COUNTY).first()
    if current:
        return CountyMatch(current, "current")
    alias = DivisionAlias.objects.select_related("division").filter(old_code=code6).first()
    if alias:
        return CountyMatch(alias.division, "old_code")
    city = Division.objects.filter(code=code6[:4].ljust(12, "0"), level=DivisionLevel.CITY).first()
    return CountyMatch(city, "city_only") if city else None


def county_for_id_number(id_number: str) -> CountyMatch | None:
    """ID numbers begin with the county code of first registration, often retired."""
    return county_for_code((id_number or "").strip()[:6])


@lru_cache(maxsize=1)
def _county_names() -> tuple[tuple[str, str, str], ...]:
    """(name, current county code, how) for every current and retired county name.
    Reference data changes only by migration, so one load per process is enough."""
    current = [(name, code, "current") for code, name in
               Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", "name")]
    retired = [(name, code, "old_code") for name, code in DivisionAlias.objects.values_list("old_name", "division_id")]
    return tuple((name, code, how) for name, code, how in current + retired if len(name) > 1)


def county_in_address(address: str) -> CountyMatch | None:
    """The county an address names, by its current or a retired name ("浙江省鄞县…"
    is 鄞州区). The longest name wins; a tie between different counties is None.
    When the address names a province first, only that province is searched."""
    address = (address or "").strip()
    if not address:
        return None
    province = next((p for p in Division.objects.filter(level=DivisionLevel.PROVINCE)
                     if address.startswith((p.name, _bare(p.name)))), None)
    prefix = province.prefix if province else ""
    hits = [(len(name), code, how) for name, code, how in _county_names()
            if code.startswith(prefix) and name in address]
    if not hits:
        return None
    longest = max(length for length, _code, _how in hits)
    best = {(code, how) for length, code, how in hits if length == longest}
    if len({code for code, _how in best}) != 1:
        return None
    code, how = min(best)  # "current" sorts before "old_code"
    return CountyMatch(Division.objects.get(code=code), how)


def town_in_address(address: str, county: Division) -> Division | None:
    """The one town of ``county`` whose name (with or without suffix) the address mentions."""
    if not address:
        return None
    towns = Division.objects.filter(level=DivisionLevel.TOWN, code__startswith=county.prefix)
    hits = {t.code: t for t in towns if t.name in address}
    if not hits:
        hits = {t.code: t for t in towns if len(_bare(t.name)) >= 2 and _bare(t.name) in address}
    return next(iter(hits.values())) if len(hits) == 1 else None



def resolve_town(text: str, *, area: Division | None) -> Division | None:
    """The current town ``text`` names. A current code (anywhere: the caller
    checks reach) or a current name inside ``area`` first, then the old names and
    codes the county of ``area`` recorded as town aliases. None when unknown or
    ambiguous."""
    text = (text or "").strip()
    if text.isdigit():
        town = by_code(text)
        if town is not None and town.level == DivisionLevel.TOWN:
            return town
        code12 = full_code(text) if len(text) in (9, 12) else None
        return _one_town(_aliases(area).filter(old_code=code12)) if code12 else None
    town = by_name(text, within=area, level=DivisionLevel.TOWN)
    if town is not None or not text:
        return town
    aliases = _aliases(area)
    exact = _one_town(aliases.filter(old_name=text))
    if exact is not None:
        return exact
    bare = _bare(text)  # "天元" finds the alias 天元镇, as by_name does for current names
    return _one_town([a for a in aliases.filter(old_name__startswith=bare) if _bare(a.old_name) == bare])


def _aliases(area: Division | None):
    """The aliases of the county (or counties) of ``area``; a town stands for its county."""
    aliases = TownAlias.objects.select_related("division")
    if area is None:
        return aliases
    county = area.parent if area.level == DivisionLevel.TOWN else area
    return aliases.filter(county__code__startswith=county.prefix)


def _one_town(aliases) -> Division | None:
    towns = {alias.division for alias in aliases}
    return towns.pop() if len(towns) == 1 else None


# A town name is 2–5 characters, half of it a suffix: two 街道 that share only
# "街道" score 0.5 and must not be offered, one wrong character of four scores 0.75.
CLOSE_ENOUGH = 0.6
# A clearly better match is offered alone: 浒山镇 gets 浒山街道 (1.0), not also
# 胜山镇 and 龙山镇 (0.67, sharing "山镇").
NEAR_BEST = 0.1


def closest_towns(name: str, *, area: Division | None, n: int = 3) -> list[str]:
    """The names of at most ``n`` current towns of ``area`` most like ``name``,
    best first (ties in code order), for the message rejecting an unknown town.
    Names are compared whole and without their suffix, so 浒山镇 finds 浒山街道."""
    if area is None:  # all of China: too many towns for a suggestion to mean anything
        return []
    name = (name or "").strip()
    bare = _bare(name)
    towns = Division.objects.filter(level=DivisionLevel.TOWN, code__startswith=area.prefix).exclude(code=area.code)
    scored = []
    for code, town in towns.values_list("code", "name"):
        score = max(_similarity(name, town), _similarity(bare, _bare(town)))
        if score >= CLOSE_ENOUGH:
            scored.append((-score, code, town))
    scored.sort()
    floor = -scored[0][0] - NEAR_BEST if scored else 0
    return [town for score, _code, town in scored[:n] if -score >= floor]


def _similarity(a: str, b: str) -> float:
    # The measure difflib.get_close_matches uses; we need the score itself to
    # keep the better of the two comparisons.
    return SequenceMatcher(None, a, b).ratio()
