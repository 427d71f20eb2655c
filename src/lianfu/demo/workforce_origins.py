"""Where the demo county's workers come from: a third from Zhejiang itself
(half of them from Cixi, most of the rest from Ningbo's other counties), the
others from the provinces that sent Cixi its migrant workers, each drawn from a
few well-known labour-exporting counties first and a tail of others, with
weights falling as 1/rank^1.2: about 250 counties, a heavy tail.

Besides the current county code, an ID number may begin with a retired one
(registry.DivisionAlias: the code of the county of first registration, renamed
or merged since: Cixi's own 330222 for people born 1983–1988) or with one the
registry cannot place at all; then the household address names the county
(origin_source "address", workforce/origins.py), or nothing does ("unknown")."""
import random
import re
from dataclasses import dataclass
from itertools import accumulate

from lianfu.demo.workforce_draws import pick_weighted
from lianfu.registry.divisions import county_in_address
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division, DivisionAlias

# (province, share of all workers, labour-exporting counties first, how many more drawn from the rest)
PROVINCES = (
    ("33", 0.32, "慈溪市 余姚市 鄞州区 海曙区 镇海区 北仑区 奉化区 宁海县 象山县 乐清市 瑞安市 平阳县 苍南县 "
                 "永嘉县 温岭市 临海市 天台县 仙居县 缙云县 青田县 开化县 常山县 江山市 龙游县 淳安县 文成县 "
                 "泰顺县", 8),
    ("34", 0.17, "临泉县 太和县 阜南县 颍上县 界首市 霍邱县 寿县 怀远县 灵璧县 泗县 萧县 砀山县 宿松县 "
                 "舒城县", 22),
    ("51", 0.10, "仪陇县 渠县 宣汉县 平昌县 岳池县 南部县 安岳县 大竹县 营山县 通江县 中江县 资中县", 22),
    ("52", 0.10, "威宁彝族回族苗族自治县 七星关区 大方县 织金县 纳雍县 赫章县 黔西市 金沙县 正安县 桐梓县 "
                 "湄潭县 思南县 松桃苗族自治县", 15),
    ("41", 0.09, "沈丘县 郸城县 太康县 鹿邑县 项城市 新蔡县 平舆县 固始县 商城县 潢川县 光山县 息县 淮滨县", 20),
    ("36", 0.07, "鄱阳县 余干县 都昌县 万年县 广丰区 玉山县 于都县 兴国县 宁都县 临川区 南丰县", 15),
    ("53", 0.06, "镇雄县 会泽县 宣威市 彝良县 威信县 昭阳区 鲁甸县 巧家县 永善县", 12),
    ("43", 0.025, "", 6), ("50", 0.02, "", 5), ("45", 0.015, "", 5), ("62", 0.01, "", 4), ("61", 0.01, "", 4),
    ("32", 0.01, "", 4),
)
LOCAL_PROVINCE = "33"
# Cixi: half of the Zhejiang workers. Within a province weights fall as 1/rank^1.2.
HOME_SHARE, RANK_EXPONENT = 0.5, 1.2
# Retired codes in ID numbers: 1 %; an ID region nothing knows but an address
# that names the county: 0.5 %; neither: a handful.
OLD_CODE_SHARE, ADDRESS_SHARE, UNKNOWN_PER_WORKER, UNKNOWN_AT_LEAST = 0.01, 0.005, 0.00005, 3
# Address-only origins come from the two largest senders of each province: an
# address check costs milliseconds (county_in_address), so few are checked.
BY_ADDRESS_RANKS = 2
NOT_A_TOWN = re.compile(r"[县市区旗州盟]")
YEARS_IN_USE = re.compile(r"code in use (\d{4})?-(\d{4})?")
CITY_SKIPPED = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass
class Place:
    """A county of origin and how a household address there begins."""
    code: str
    name: str
    address: str                       # province [city] county
    towns: list[str]
    weight: float
    local: bool
    rank: int                          # in its province, from 0
    risk: str = ""                     # "", "medium" or "high" (workforce_risk)
    address_safe: bool = False         # its address finds it again (county_in_address)
    unplaceable: str = ""              # a 6-digit code no table knows, in its province


@dataclass
class RetiredCode:
    old_code: str
    place: Place
    born: tuple[int, int]              # the years it was in use, within the workers' birth years


class Origins:
    """The places and retired codes, each drawn by its weight."""

    def __init__(self, places: list[Place], retired: list[RetiredCode]):
        self.places, self.retired = places, retired
        self.migrants = [p for p in places if not p.local]
        # Address-only and unknown origins: people from a place whose address finds it again.
        self.by_address = [p for p in self.migrants if p.address_safe and p.unplaceable]
        self._cumulative = {name: list(accumulate(weights)) for name, weights in (
            ("places", [p.weight for p in places]), ("migrants", [p.weight for p in self.migrants]),
            ("retired", [r.place.weight for r in retired]), ("by_address", [p.weight for p in self.by_address]))}

    def _draw(self, rng: random.Random, name: str):
        return pick_weighted(rng, getattr(self, name), self._cumulative[name])

    def draw(self, rng: random.Random) -> Place:
        return self._draw(rng, "places")

    def draw_migrant(self, rng: random.Random) -> Place:
        return self._draw(rng, "migrants")

    def draw_retired(self, rng: random.Random) -> RetiredCode:
        return self._draw(rng, "retired")

    def draw_by_address(self, rng: random.Random) -> Place:
        return self._draw(rng, "by_address")


def special_counts(workers: int) -> dict[str, int]:
    """How many workers get a retired code, an address-only origin, no origin."""
    return {"old_code": round(workers * OLD_CODE_SHARE), "address": round(workers * ADDRESS_SHARE),
            "unknown": max(UNKNOWN_AT_LEAST, round(workers * UNKNOWN_PER_WORKER))}


def _counties(rng: random.Random, province: str, heads: list[str], more: int, home: str) -> list[Division]:
    counties = list(Division.objects.filter(level=DivisionLevel.COUNTY, code__startswith=province).order_by("code"))
    by_name = {c.name: c for c in counties}
    chosen = [by_name[name] for name in heads if name in by_name]
    if home.startswith(province) and home not in {c.code for c in chosen}:
        chosen.insert(0, next(c for c in counties if c.code == home))
    rest = [c for c in counties if c not in chosen and c.name.endswith(("县", "市"))]
    return chosen + rng.sample(rest, min(more, len(rest)))


def _weights(counties: list[Division], share: float, home: str) -> list[float]:
    ranked = [1 / rank ** RANK_EXPONENT for rank in range(1, len(counties) + 1)]
    if counties[0].code != home:
        return [share * w / sum(ranked) for w in ranked]
    others = ranked[1:]
    return [share * HOME_SHARE] + [share * (1 - HOME_SHARE) * w / sum(others) for w in others]


def _address_start(county: Division, names: dict[str, str]) -> str:
    province, city = names[county.code[:2].ljust(12, "0")], names.get(county.code[:4].ljust(12, "0"), "")
    with_city = county.name.endswith("区") and city not in CITY_SKIPPED
    return province + (city if with_city else "") + county.name


def _unplaceable(code6: str, known: set[str]) -> str:
    """A code of the county's city that is neither a current county nor a retired one ('' if none is free)."""
    return next((c for c in (code6[:4] + "01", code6[:4] + "00", code6[:4] + "99") if c not in known), "")


def load_places(rng: random.Random, home: str) -> list[Place]:
    counties, weights = [], []
    for province, share, heads, more in PROVINCES:
        chosen = _counties(rng, province, heads.split(), more, home)
        counties += chosen
        weights += _weights(chosen, share, home)
    codes = [c.code for c in counties]
    parents = {code[:n].ljust(12, "0") for code in codes for n in (2, 4)}
    names = dict(Division.objects.filter(code__in=parents).values_list("code", "name"))
    towns: dict[str, list[str]] = {code: [] for code in codes}
    for parent, name in (Division.objects.filter(level=DivisionLevel.TOWN, parent_id__in=codes)
                         .order_by("code").values_list("parent_id", "name")):
        towns[parent].append(name)
    places, rank = [], 0
    for i, (county, weight) in enumerate(zip(counties, weights)):
        rank = rank + 1 if i and county.code[:2] == counties[i - 1].code[:2] else 0
        places.append(Place(county.code, county.name, _address_start(county, names), towns[county.code] or ["城关镇"],
                            weight, county.code.startswith(LOCAL_PROVINCE), rank))
    return places


def _years(note: str) -> tuple[int, int]:
    found = YEARS_IN_USE.search(note or "")
    first, last = (int(found.group(1) or 0), int(found.group(2) or 9999)) if found else (0, 9999)
    return max(first, 1965), min(last, 2002)


def load_origins(rng: random.Random, home: str) -> Origins:
    """``home``: the demo county's 12-digit code."""
    places = load_places(rng, home)
    current = {code[:6] for code in Division.objects.filter(level=DivisionLevel.COUNTY).values_list("code", flat=True)}
    aliases = list(DivisionAlias.objects.order_by("old_code").values_list("old_code", "division_id", "note"))
    known = current | {old for old, _division, _note in aliases}
    by_code = {p.code: p for p in places}
    retired = []
    for old, division, note in aliases:
        born = _years(note)
        if old not in current and division in by_code and born[0] <= born[1]:
            retired.append(RetiredCode(old, by_code[division], born))
    for place in places:
        place.unplaceable = _unplaceable(place.code[:6], known)
        safe_towns = [t for t in place.towns if not NOT_A_TOWN.search(t)]
        if place.rank < BY_ADDRESS_RANKS and not place.local and safe_towns and place.unplaceable:
            found = county_in_address(place.address + safe_towns[0])
            place.address_safe = found is not None and found.division.code == place.code
            place.towns = safe_towns if place.address_safe else place.towns
    return Origins(places, retired)
