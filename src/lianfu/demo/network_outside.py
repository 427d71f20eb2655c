"""Suppliers outside the demo county, declared on its firms' supplier lists.

They are real places (division codes checked against registry/data/divisions.csv):
the rest of Ningbo, Shaoxing, Taizhou and a few industrial counties further away.
Each is registered where it is (its credit code names its county), sits in a
real town of it or only in the county when the list did not say, and about half
are still pending (declared by a buyer, not confirmed by the firm itself)."""
import math
import random
from dataclasses import dataclass

from lianfu.demo import names
from lianfu.demo.codes import make_mobile, make_uscc
from lianfu.demo.network_sectors import CLUSTER_WORDS
from lianfu.registry.enums import DivisionLevel, EnterpriseStatus
from lianfu.registry.models import Division, Enterprise

# (county code, weight): nearer counties supply more.
COUNTIES = (
    ("330281", 22),  # 余姚市
    ("330203", 4), ("330205", 6), ("330206", 5), ("330211", 5), ("330212", 8), ("330213", 3),  # 宁波
    ("330602", 2), ("330603", 5), ("330604", 4),  # 绍兴: 越城, 柯桥, 上虞
    ("331002", 2), ("331003", 3), ("331004", 3), ("331081", 4),  # 台州: 椒江, 黄岩, 路桥, 温岭
    ("320583", 3), ("320509", 3), ("320581", 2), ("320582", 2),  # 苏州: 昆山, 吴江, 常熟, 张家港
    ("440604", 2), ("440606", 2),  # 佛山: 禅城, 顺德
    ("340123", 2), ("340111", 2),  # 合肥: 肥西, 包河
)
# Where a cluster's outside suppliers usually are (half of them): 柯桥 and
# 吴江 weave, 江北 and 余姚 roll copper, 余姚 and 黄岩 mould plastics, 温岭 makes motors.
HOMES = {
    "1712": ("330603", "320509"), "1752": ("330603", "320509"), "3251": ("330205", "330281"),
    "2929": ("330281", "331003"), "2927": ("330281", "331003"), "3812": ("331081",), "3813": ("331081",),
    "3670": ("331003", "331004"), "3857": ("440606", "340123"), "3311": ("330206", "320582"),
}
TOWN_KNOWN_SHARE = 0.6
PENDING_SHARE = 0.5
ABOVE_SCALE_SHARE = 0.2


@dataclass(frozen=True)
class County:
    code6: str
    label: str        # 浙江省宁波市余姚市
    name_prefix: str  # 余姚市 (a county-level city), 宁波市 (a district of it)
    towns: tuple[tuple[str, str], ...]  # (12-digit code, name)


def load_counties() -> dict[str, County]:
    codes = [code for code, _weight in COUNTIES]
    rows = {d.code[:6]: d for d in Division.objects.select_related("parent__parent")
            .filter(code__in=[c.ljust(12, "0") for c in codes], level=DivisionLevel.COUNTY)}
    missing = sorted(set(codes) - set(rows))
    if missing:
        raise RuntimeError(f"outside counties missing from the division data: {', '.join(missing)}")
    towns: dict[str, list] = {code: [] for code in codes}
    for code, name in (Division.objects.filter(level=DivisionLevel.TOWN, code__regex=r"^(" + "|".join(codes) + ")")
                       .order_by("code").values_list("code", "name")):
        towns[code[:6]].append((code, name))
    counties = {}
    for code in codes:
        county = rows[code]
        city, province = county.parent, county.parent.parent
        prefix = county.name if county.name.endswith("市") else city.name
        counties[code] = County(code, f"{province.name}{city.name}{county.name}", prefix, tuple(towns[code]))
    return counties


class OutsideSuppliers:
    """Outside firms, made on demand. A new link reuses a known firm of the
    wanted cluster with probability ``reuse`` (picked in proportion to the
    buyers it already has: a few big outside suppliers serve many), else a new
    firm appears. Keys continue after the county's firms (``first_key``)."""

    def __init__(self, rng: random.Random, counties: dict[str, County], industry_of: dict[str, str],
                 first_key: int, used_codes: set[str], reuse: float):
        self.rng, self.counties, self.industry_of = rng, counties, industry_of
        self.first_key, self.used_codes, self.reuse = first_key, used_codes, reuse
        self.firms: list[Enterprise] = []
        self.clusters: list[str] = []
        self._urn: dict[str, list[int]] = {}
        self._names: set[str] = set()
        self._codes = [code for code, _w in COUNTIES]
        self._weights = [w for _c, w in COUNTIES]

    def is_outside(self, key: int) -> bool:
        return key >= self.first_key

    def pick(self, cluster: str) -> int:
        urn = self._urn.setdefault(cluster, [])
        if urn and self.rng.random() < self.reuse:
            key = self.rng.choice(urn)
        else:
            key = self.first_key + len(self.firms)
            self.firms.append(self._new_firm(cluster))
            self.clusters.append(cluster)
        urn.append(key)
        return key

    def _county(self, cluster: str) -> County:
        homes = HOMES.get(cluster)
        if homes and self.rng.random() < 0.5:
            return self.counties[self.rng.choice(homes)]
        return self.counties[self.rng.choices(self._codes, weights=self._weights)[0]]

    def _new_firm(self, cluster: str) -> Enterprise:
        rng, county = self.rng, self._county(cluster)
        words = CLUSTER_WORDS[cluster]
        while True:
            brand = rng.choice(names.BRAND_CHARS) + rng.choice(names.BRAND_CHARS)
            name = f"{county.name_prefix}{brand}{rng.choice(words)}{rng.choice(names.COMPANY_FORMS)}"
            if name not in self._names:
                self._names.add(name)
                break
        town_code, town_name = (rng.choice(county.towns) if county.towns and rng.random() < TOWN_KNOWN_SHARE
                                else (county.code6.ljust(12, "0"), ""))
        above = rng.random() < ABOVE_SCALE_SHARE
        code = make_uscc(rng, county.code6, self.used_codes)
        street = f"{rng.choice(names.OUTSIDE_ROADS)}{rng.randint(1, 999)}号"
        return Enterprise(
            uscc=code, name=name, short_name=brand + words[0][:2],
            division_id=town_code, address=f"{county.label}{town_name}{street}",
            industry_id=self.industry_of[cluster], above_scale=above,
            employees=int(math.exp(rng.gauss(5.4 if above else 3.4, 0.8))),
            contact_name=rng.choice(names.SURNAMES) + rng.choice(names.GIVEN), contact_phone=make_mobile(rng),
            status=EnterpriseStatus.PENDING if rng.random() < PENDING_SHARE else EnterpriseStatus.ACTIVE,
        )
