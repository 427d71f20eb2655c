"""The offline map boundaries (src/lianfu/workforce/data/maps/) against the registry's divisions.csv.

Plain pytest, no database.  The exact numbers are the ones documented in
src/lianfu/workforce/data/SOURCES.md; rebuild with scripts/build_map_data.py and update both together.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from lianfu.workforce import maps

ROOT = Path(__file__).resolve().parents[2]
DIVISIONS = ROOT / "src" / "lianfu" / "registry" / "data" / "divisions.csv"
MAPS_BUDGET_BYTES = 8_000_000
CHINA_BUDGET_BYTES = 400_000
CITIES_WITHOUT_SHAPE = 0
COUNTIES_WITHOUT_SHAPE = 147
COUNTIES_WITHOUT_SHAPE_REAL = 22  # not counting the 125 statistical units coded x71-x79 (development zones)
CITIES_WITHOUT_FILE = {"441900000000", "442000000000", "460300000000", "460400000000"}  # 东莞 中山 三沙 儋州
EXTRA_IN_CHINA = {"710000000000": "台湾省", "810000000000": "香港特别行政区", "820000000000": "澳门特别行政区"}


@cache
def divisions() -> dict[str, dict[str, str]]:
    with DIVISIONS.open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r for r in csv.DictReader(fh) if r["level"] != "town"}


def codes(level: str) -> list[str]:
    return sorted(c for c, r in divisions().items() if r["level"] == level)


@cache
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def features(path: Path) -> dict[str, str]:
    return {f["properties"]["code"]: f["properties"]["name"] for f in load(path)["features"]}


def test_every_file_is_a_feature_collection_of_polygons():
    files = sorted(maps.MAPS_DIR.glob("*.json"))
    assert len(files) == 1 + 31 + 342 - len(CITIES_WITHOUT_FILE)
    for path in files:
        data = load(path)
        assert data["type"] == "FeatureCollection", path.name
        assert data["features"], path.name
        for f in data["features"]:
            assert f["type"] == "Feature"
            assert f["geometry"]["type"] == "MultiPolygon"
            for poly in f["geometry"]["coordinates"]:
                for ring in poly:
                    assert len(ring) >= 4 and ring[0] == ring[-1], (path.name, f["properties"])


def test_china_has_every_province_with_code_and_name():
    china = features(maps.map_path(None))
    for code in codes("province"):
        assert china.get(code) == divisions()[code]["name"]
    assert {c: n for c, n in china.items() if c not in divisions()} == EXTRA_IN_CHINA


def test_province_files_hold_the_provinces_cities():
    for prov in codes("province"):
        path = maps.map_path(prov)
        assert path is not None, prov
        feats = features(path)
        for code, name in feats.items():
            assert divisions()[code]["parent_code"] == prov
            assert divisions()[code]["level"] == "city"
            assert name == divisions()[code]["name"]
    shaped = {c for p in codes("province") for c in features(maps.map_path(p))}
    assert len([c for c in codes("city") if c not in shaped]) == CITIES_WITHOUT_SHAPE


def test_city_files_hold_the_citys_counties():
    shaped = set()
    for city in codes("city"):
        path = maps.map_path(city)
        if city in CITIES_WITHOUT_FILE:
            assert path is None
            continue
        assert path is not None, city
        for code, name in features(path).items():
            assert divisions()[code]["parent_code"] == city
            assert divisions()[code]["level"] == "county"
            assert name == divisions()[code]["name"]
            shaped.add(code)
    missing = [c for c in codes("county") if c not in shaped]
    assert len(missing) == COUNTIES_WITHOUT_SHAPE
    assert len([c for c in missing if int(c[4:6]) < 70]) == COUNTIES_WITHOUT_SHAPE_REAL


def test_map_path():
    assert maps.map_path().name == "china.json"
    assert maps.map_path("340000000000").name == "340000000000.json"
    assert maps.map_path("340100000000").name == "340100000000.json"
    assert maps.map_path("340102000000") is None  # a county: nothing below it
    assert maps.map_path("441900000000") is None  # 东莞: no counties
    assert maps.map_path("../../etc/passwd") is None
    assert maps.map_path("34") is None


def test_centroids_cover_every_shape_and_lie_in_china():
    cents = maps.centroids()
    shaped = set(codes("province"))
    for code in codes("province") + codes("city"):
        path = maps.map_path(code)
        if path:
            shaped |= set(features(path))
    assert set(cents) == shaped
    assert list(cents) == sorted(cents)
    for code, (lon, lat) in cents.items():
        assert 73 <= lon <= 136 and 3 <= lat <= 54, code
    lon, lat = cents["340000000000"]  # 安徽省
    assert 114.8 <= lon <= 119.7 and 29.4 <= lat <= 34.7
    lon, lat = cents["330102000000"]  # 杭州 上城区
    assert 120.1 <= lon <= 120.4 and 30.1 <= lat <= 30.4
    assert maps.city_centroids().keys() == {c for c in cents if divisions()[c]["level"] == "city"}


@pytest.mark.parametrize("level,expected", [("province", 31), ("city", 342), ("county", 2975 - COUNTIES_WITHOUT_SHAPE)])
def test_centroid_counts(level, expected):
    assert sum(divisions()[c]["level"] == level for c in maps.centroids()) == expected


def test_maps_folder_fits_the_budget():
    total = sum(p.stat().st_size for p in maps.MAPS_DIR.iterdir() if p.is_file())
    assert total < MAPS_BUDGET_BYTES
    assert maps.map_path().stat().st_size < CHINA_BUDGET_BYTES
