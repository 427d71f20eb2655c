"""How fast does the worker import land 500,000 social-insurance records?

End to end, as `lianfu import workers FILE` runs it: an .xlsx with a title row,
read, every ID number validated (check character, birth date), origin placed,
keyed-hashed, the ID number, phone and address sealed (AES-256-GCM), written
with their first state change. Printed next to the floor measured in the same
run on the same database: a bare INSERT of the same stored rows into a plain
table of the same columns, without indexes (executemany on SQLite, COPY on
PostgreSQL; no reading, validation, hashing or encryption). Then the same
file again (all unchanged: the idempotent re-run). Peak memory of the process
is printed (the file is written by a child process first).

    .venv/bin/python benchmarks/import_workers.py [--rows 500000] [--postgres]

--postgres uses a scratch database on 127.0.0.1:5432 (trust auth), dropped at the end.
"""
import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "lianfu_bench_workers"
FIRMS = 3000
HEADERS = ["序号", "姓名", "公民身份号码", "单位统一社会信用代码", "手机号码", "户籍地址", "参保日期", "岗位"]
# Origins as Cixi's migrant workers have them (county codes), with addresses.
ORIGINS = [("341221", "安徽省阜阳市临泉县"), ("341282", "安徽省阜阳市界首市"), ("511923", "四川省巴中市平昌县"),
           ("520221", "贵州省六盘水市水城县"), ("411523", "河南省信阳市新县"), ("362427", "江西省吉安市遂川县"),
           ("532128", "云南省昭通市镇雄县"), ("330282", "浙江省宁波市慈溪市"), ("330227", "浙江省宁波市鄞县")]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def firm_codes(n: int) -> list[str]:
    from lianfu.demo.codes import make_uscc

    rng, used = random.Random(7), set()
    return [make_uscc(rng, "330282", used) for _ in range(n)]


def write_file(path: Path, rows: int) -> None:
    """The records file (child process: its memory is not the import's)."""
    from stdnum.cn import ric

    from lianfu.common.tabular import write_xlsx

    rng = random.Random(2020)
    firms = firm_codes(FIRMS)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"

    def body():
        for i in range(rows):
            region, address = ORIGINS[i % len(ORIGINS)]
            base = f"{region}{1965 + i % 37}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
            number = base + ric.calc_check_digit(base + "0")
            yield [str(i + 1), rng.choice(surnames) + rng.choice(given) + rng.choice(given), number,
                   firms[i % FIRMS], f"1{rng.randint(3, 9)}{i:09d}", f"{address}某某镇{i % 97}号",
                   f"{2010 + i % 10}-{1 + i % 12:02d}-01", "操作工"]

    write_xlsx(path, HEADERS, body(), title="慈溪市参保职工名册（基准测试）")


def setup_django(var_dir: Path, postgres: bool) -> None:
    os.environ["LIANFU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    if postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(PG_SERVER, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PG_NAME)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(PG_NAME)))
        os.environ["DATABASE_URL"] = PG_SERVER.rsplit("/", 1)[0] + "/" + PG_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_postgres() -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(PG_NAME)))


def create_firms() -> None:
    from django_scopes import scopes_disabled

    from lianfu.registry.models import Enterprise

    with scopes_disabled():
        Enterprise.objects.bulk_create([
            Enterprise(uscc=code, name=f"慈溪市基准{i}有限公司", division_id="330282004000", employees=100)
            for i, code in enumerate(firm_codes(FIRMS))])


def timed_import(path: Path):
    from lianfu.workforce.importing.workers import import_workers

    started = time.perf_counter()
    result = import_workers(path, within=None, max_bytes=2**31)
    assert result.rejected == 0, result.rejections[:3]
    return time.perf_counter() - started, result


def floor_seconds() -> float:
    """A bare INSERT of the rows the import stored, into a plain table with the same columns
    (no index): executemany on SQLite, COPY on PostgreSQL."""
    from django.db import connection, transaction

    from lianfu.common.bulk import insert_rows
    from lianfu.workforce.models import Worker

    fields = [f for f in Worker._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_floor AS SELECT {columns} FROM {table} WHERE 1 = 0")
        cursor.execute(f"SELECT {columns} FROM {table}")
        rows = cursor.fetchall()
    started = time.perf_counter()
    with transaction.atomic():   # the fastest bare insert there is: COPY on PostgreSQL, as the import uses
        insert_rows("bench_floor", [f.column for f in fields], rows)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--write-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_only:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
        import django

        django.setup()
        write_file(args.write_only, args.rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "参保名册.xlsx"
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--write-only", str(path)], check=True,
                       env={**os.environ, "LIANFU_VAR_DIR": str(folder)})
        written = time.perf_counter() - started
        megabytes = path.stat().st_size / 2**20
        setup_django(folder, args.postgres)
        try:
            create_firms()
            before = rss_mb()
            first, r1 = timed_import(path)
            peak = rss_mb()
            again, r2 = timed_import(path)
            floor = floor_seconds()
        finally:
            if args.postgres:
                drop_postgres()
    n, engine = args.rows, "PostgreSQL" if args.postgres else "SQLite"
    print(f"import_workers: {n:,} records (.xlsx, {megabytes:.0f} MB, "
          f"written in {written:.0f} s), {engine}, {os.cpu_count()} cores")
    print(f"  first import : {first:6.1f} s  {n / first:9,.0f} rows/s  (created {r1.created:,}; "
          f"validated, origin placed, hashed, sealed)")
    print(f"  same file    : {again:6.1f} s  {n / again:9,.0f} rows/s  (unchanged {r2.unchanged:,})")
    print(f"  floor (bare INSERT of the stored rows, same database): {floor:6.1f} s  {n / floor:9,.0f} rows/s")
    print(f"  ratio first import / floor: {first / floor:.1f}x    bar <= 60 s, goal <= 30 s: "
          f"{'goal met' if first <= 30 else 'bar met' if first <= 60 else 'NOT met'}")
    print(f"  peak memory: {peak:,.0f} MB (before the import: {before:,.0f} MB)")


if __name__ == "__main__":
    main()
