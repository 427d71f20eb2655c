"""Loading the reference data kept in registry/data/ (see data/SOURCES.md).

Used by a data migration, so it takes the model classes as arguments and only
touches fields that exist in every version of them."""
import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVEL_ORDER = {"province": 0, "city": 1, "county": 2, "town": 3, "section": 0, "division": 1, "group": 2, "class": 3}


def read_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_divisions(Division, batch_size: int = 5000) -> int:
    rows = sorted(read_rows("divisions.csv"), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    existing = set(Division.objects.values_list("code", flat=True))
    new = [
        Division(code=r["code"], level=r["level"], name=r["name"], parent_id=r["parent_code"] or None)
        for r in rows if r["code"] not in existing
    ]
    Division.objects.bulk_create(new, batch_size=batch_size)
    return len(new)


def load_industries(Industry) -> int:
    rows = sorted(read_rows("industries.csv"), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    existing = set(Industry.objects.values_list("code", flat=True))
    new = [
        Industry(code=r["code"], level=r["level"], parent_id=r["parent_code"] or None,
                 name_zh=r["name_zh"], name_en=r["name_en"])
        for r in rows if r["code"] not in existing
    ]
    Industry.objects.bulk_create(new, batch_size=2000)
    return len(new)


def load_division_aliases(DivisionAlias, Division) -> int:
    known = set(Division.objects.values_list("code", flat=True))
    existing = set(DivisionAlias.objects.values_list("old_code", flat=True))
    new = []
    for r in read_rows("division_aliases.csv"):
        target = r["new_code"].ljust(12, "0")
        if r["old_code"] not in existing and target in known:
            new.append(
                DivisionAlias(old_code=r["old_code"], division_id=target, old_name=r["old_name"], note=r["note"])
            )
    DivisionAlias.objects.bulk_create(new, batch_size=2000)
    return len(new)
