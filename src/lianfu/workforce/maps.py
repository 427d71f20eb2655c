"""Offline map boundaries for the origin map (Django-free, standard library only).

``data/maps/china.json`` holds the provinces, ``data/maps/<province code>.json`` a province's cities
and ``data/maps/<city code>.json`` a city's counties; every feature has the properties ``code``
(12-digit division code) and ``name`` (as in the registry's divisions.csv).  ``data/centroids.csv``
has a label point for every province, city and county with a shape.  See ``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAPS_DIR = DATA_DIR / "maps"
_CODE = re.compile(r"\d{12}")


def map_path(code: str | None = None) -> Path | None:
    """The GeoJSON file to draw below ``code``: None -> china.json (provinces); a province's
    12-digit code -> its cities; a city's code -> its counties.  None when there is no such file
    (counties, cities without county shapes, unknown codes)."""
    if code is None:
        return MAPS_DIR / "china.json"
    if not _CODE.fullmatch(code):
        return None
    path = MAPS_DIR / f"{code}.json"
    return path if path.is_file() else None


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """12-digit code -> (lon, lat) for every province, city and county that has a shape."""
    with (DATA_DIR / "centroids.csv").open(encoding="utf-8", newline="") as fh:
        return {row["code"]: (float(row["lon"]), float(row["lat"])) for row in csv.DictReader(fh)}


def city_centroids() -> dict[str, tuple[float, float]]:
    """The centroids of the cities only (codes ending in 8 zeros, not provinces)."""
    return {c: p for c, p in centroids().items() if c.endswith("00000000") and not c.endswith("0000000000")}
