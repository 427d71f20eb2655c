"""Provinces, cities and counties of origin as people write them: a code
(2, 4, 6 or 12 digits) or a name, whole ("安徽省阜阳市临泉县", "安徽阜阳") or alone
("临泉县", when only one division has that name). Names are read from the
registry's divisions (registry.divisions), never guessed: an ambiguous or
unknown name is None, and the caller says why."""
import re
import unicodedata
from functools import lru_cache

from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

ORIGIN_LEVELS = (DivisionLevel.PROVINCE, DivisionLevel.CITY, DivisionLevel.COUNTY)
# Cities that only group a province's counties: people skip them when writing a place.
PSEUDO_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_SPACES = re.compile(r"[\s\u3000/、,，·-]+")


def _clean(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or ""))


def _names(name: str) -> set[str]:
    """A division's name as written, and without its suffix ("阜阳市" → "阜阳")."""
    found = {name}
    for suffix in divisions.NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            found.add(name[: -len(suffix)])
            break
    return found


def by_code(text: str) -> Division | None:
    """A province, city or county by its code (None for a town or an unknown code)."""
    division = divisions.by_code(_clean(text))
    return division if division is not None and division.level in ORIGIN_LEVELS else None


@lru_cache(maxsize=1)
def _tree() -> tuple[dict, dict]:
    """code -> (name, level, parent code) of every province, city and county; and
    the children of each (None: the provinces). Reference data: one load per process."""
    rows = Division.objects.filter(level__in=ORIGIN_LEVELS).values_list("code", "name", "level", "parent_id")
    nodes, children = {}, {}
    for code, name, level, parent in rows:
        nodes[code] = (name, level, parent)
        children.setdefault(parent if level != DivisionLevel.PROVINCE else None, []).append(code)
    return nodes, children


def _longest_prefix(text: str, codes: list[str]) -> tuple[str | None, int]:
    """The division among ``codes`` whose name (or bare name) begins ``text``,
    the longest such name winning; (None, 0) when none does or two tie."""
    nodes, _children = _tree()
    best: dict[int, set[str]] = {}
    for code in codes:
        for name in _names(nodes[code][0]):
            if text.startswith(name):
                best.setdefault(len(name), set()).add(code)
    if not best:
        return None, 0
    length = max(best)
    return (best[length].pop(), length) if len(best[length]) == 1 else (None, 0)


def _below(code: str) -> list[str]:
    """The cities of a province and the counties of its pseudo-cities (北京市朝阳区,
    湖北省仙桃市); the counties of a city."""
    nodes, children = _tree()
    found = []
    for child in children.get(code, []):
        found.append(child)
        if nodes[child][0] in PSEUDO_CITIES:
            found.extend(children.get(child, []))
    return found


def _first_step(text: str) -> tuple[str | None, int]:
    """The division named at the start: a province, else a city, else a county
    ("阜阳市临泉县" without its province)."""
    nodes, children = _tree()
    found, length = _longest_prefix(text, children.get(None, []))
    for level in (DivisionLevel.CITY, DivisionLevel.COUNTY):
        if found is not None:
            break
        found, length = _longest_prefix(text, [code for code, (name, lv, _parent) in nodes.items()
                                               if lv == level and name not in PSEUDO_CITIES])
    return found, length


def _walk(text: str) -> Division | None:
    """Province, then city, then county, each named at the start of what is left."""
    current, length = _first_step(text)
    rest = text[length:]
    while current is not None and rest:
        found, length = _longest_prefix(rest, _below(current))
        if found is None:
            return None
        current, rest = found, rest[length:]
    return Division.objects.filter(code=current).first() if current else None


def _alone(text: str) -> Division | None:
    """A name on its own, when exactly one province, city or county has it."""
    nodes, _children = _tree()
    for exact in (True, False):
        hits = {code for code, (name, _level, _parent) in nodes.items()
                if name not in PSEUDO_CITIES and (text == name if exact else text in _names(name))}
        if len(hits) == 1:
            return Division.objects.filter(code=hits.pop()).first()
        if hits:
            return None
    return None


def named(text: str) -> Division | None:
    """The province, city or county ``text`` names, or None (unknown or ambiguous)."""
    text = _clean(text)
    if not text:
        return None
    return _walk(text) or _alone(text)


def resolve(text: str) -> Division | None:
    """A code or a name."""
    cleaned = _clean(text)
    return by_code(cleaned) if cleaned.isdigit() else named(cleaned)


def path_name(division: Division | None) -> str:
    """"安徽省阜阳市临泉县": the names from the province down (pseudo-cities left out)."""
    if division is None:
        return ""
    nodes, _children = _tree()
    names, code = [], division.code
    while code and code in nodes:
        name, _level, parent = nodes[code]
        if name not in PSEUDO_CITIES:
            names.append(name)
        code = parent
    return "".join(reversed(names)) or division.name
