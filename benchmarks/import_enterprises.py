"""How fast does the enterprise import land 100,000 rows on SQLite?

Prints rows/second for a first import (all created), a re-run (all unchanged) and
an update run (every row changed), next to a floor measured in the same run: the
same rows written by plain ``sqlite3.executemany`` into an equivalent table
(no validation, no history). The files are shaped as officials send them: a
title row above the header, a header we do not know mapped by the user's
choice (职工总数 → employees, as --map does) and a 合计 row at the bottom; the
same rows as a plain file (header in row 1, known headers) are imported in
the same run, so the cost of header detection and mapping is the ratio of the two. Usage:

    .venv/bin/python benchmarks/import_enterprises.py [--rows 100000] [--format csv|xlsx]
"""
import argparse
import csv
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(var_dir: Path) -> None:
    os.environ["LIANFU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_rows(n: int, seed: int = 42, registered_in: str = "330282") -> list[list[str]]:
    import random

    from lianfu.demo.codes import make_uscc
    from lianfu.registry.models import Division

    towns = list(Division.objects.filter(code__startswith="330282", level="town").values_list("name", flat=True))
    rng, used = random.Random(seed), set()
    industries = ["3857", "3670", "3812", "2929", "1712", "3311", "3451", "3251"]
    return [
        [make_uscc(rng, registered_in, used), f"慈溪市基准测试{i}有限公司", towns[i % len(towns)], industries[i % 8],
         "是" if i % 16 == 0 else "否", str(5 + i % 500), f"138{i:08d}"]
        for i in range(n)
    ]


HEADERS = ["统一社会信用代码", "企业名称", "所属镇街", "行业代码", "是否规上", "从业人数", "联系电话"]
MESSY_HEADERS = ["统一社会信用代码", "企业名称", "所属镇街", "行业代码", "是否规上", "职工总数", "联系电话"]
TITLE = "慈溪市规上工业企业名单（基准测试）"
CHOICES = {"职工总数": "employees"}


def write_file(path: Path, rows, fmt: str, *, messy: bool = True) -> Path:
    headers = MESSY_HEADERS if messy else HEADERS
    total = ["合计", "", "", "", "", str(sum(int(r[5]) for r in rows)), ""]
    body = [*rows, total] if messy else rows
    if fmt == "csv":
        with open(path, "w", encoding="gbk", newline="") as handle:
            writer = csv.writer(handle)
            if messy:
                writer.writerow([TITLE])
            writer.writerow(headers)
            writer.writerows(body)
    else:
        from lianfu.common.tabular import write_xlsx

        write_xlsx(path, headers, body, title=TITLE if messy else "")
    return path


def floor_seconds(rows, folder: Path) -> float:
    """Plain sqlite3 inserts of the same values: what the disk and SQLite cost alone."""
    db = sqlite3.connect(folder / "floor.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE e (id INTEGER PRIMARY KEY, uscc TEXT UNIQUE, name TEXT, town TEXT, industry TEXT,"
               " above INTEGER, employees INTEGER, phone TEXT)")
    started = time.perf_counter()
    with db:
        db.executemany("INSERT INTO e (uscc,name,town,industry,above,employees,phone) VALUES (?,?,?,?,?,?,?)", rows)
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def read_seconds(path: Path) -> float:
    """Reading the file as the import does (header found, columns mapped,
    totals skipped), without validating or saving: the reader's share."""
    from lianfu.common.importing import read_for_import
    from lianfu.registry.importing.parsing import vocabulary

    started = time.perf_counter()
    for _row in read_for_import(path, vocabulary(), max_bytes=2**30, choices=CHOICES).rows:
        pass
    return time.perf_counter() - started


def timed_import(path: Path, choices=CHOICES) -> tuple[float, object]:
    from django.conf import settings

    from lianfu.registry.importing.enterprises import import_enterprises

    started = time.perf_counter()
    result = import_enterprises(path, within=None, max_bytes=settings.LIANFU_IMPORT_MAX_BYTES, choices=choices)
    assert result.rejected == 0, result.rejections[:3]
    return time.perf_counter() - started, result


def plain_first_import(fmt: str, n: int, folder: Path) -> float:
    """Other rows of the same shape as a plain file (header in row 1, known
    headers, no mapping): run first, so the messy import meets the larger table."""
    rows = make_rows(n, seed=43, registered_in="330281")   # other codes: all created
    seconds, _result = timed_import(write_file(folder / f"plain.{fmt}", rows, fmt, messy=False), choices=None)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup_django(folder)
        plain = plain_first_import(args.format, args.rows, folder)
        rows = make_rows(args.rows)
        path = write_file(folder / f"registry.{args.format}", rows, args.format)
        floor = floor_seconds(rows, folder)
        reading = read_seconds(path)
        first, r1 = timed_import(path)
        again, r2 = timed_import(path)
        for row in rows:
            row[5] = str(int(row[5]) + 1)
        changed_path = write_file(folder / f"changed.{args.format}", rows, args.format)
        update, r3 = timed_import(changed_path)
    n = args.rows
    print(f"import_enterprises: {n:,} rows, {args.format}, SQLite (title row, mapped header, 合计 row)")
    print(f"  first import : {first:6.2f} s  {n / first:9,.0f} rows/s  "
          f"(created {r1.created:,}, rejected {r1.rejected})")
    print(f"  same file    : {again:6.2f} s  {n / again:9,.0f} rows/s  (unchanged {r2.unchanged:,})")
    print(f"  all changed  : {update:6.2f} s  {n / update:9,.0f} rows/s  (updated {r3.updated:,})")
    print(f"  floor (plain sqlite3 executemany, no validation/history): {floor:6.2f} s  {n / floor:9,.0f} rows/s")
    print(f"  reading the file alone: {reading:6.2f} s  {n / reading:9,.0f} rows/s")
    print(f"  plain file (header in row 1, no mapping), first import: {plain:6.2f} s  {n / plain:9,.0f} rows/s")
    print(f"  ratio first import / floor: {first / floor:.1f}x; / (floor + reading): {first / (floor + reading):.1f}x")
    print(f"  ratio messy / plain first import: {first / plain:.2f}x (cost of header detection and mapping)")


if __name__ == "__main__":
    main()
