"""Manual benchmark for lianfu.common.tabular (not collected by pytest).

    .venv/bin/python benchmarks/tabular_read.py [ROWS]

Builds 100,000 x 10 registry-like files in a temp dir (CSV in UTF-8 and GBK,
.xlsx with shared strings as Excel writes it, .xlsx with inline strings) and
times read_table() plus a full pass over the rows.
"""
import csv
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402

from lianfu.common.tabular import read_table, write_xlsx  # noqa: E402

HEADERS = ["统一社会信用代码", "企业名称", "所在街道", "联系人", "电话",
           "员工数", "年产值(万元)", "成立日期", "是否规上", "备注"]


def row(i: int) -> list:
    return [
        f"91330282MA2{i:07d}", f"宁波市慈溪市某某制造有限公司{i}", "宁波市慈溪市浒山街道", f"张{i % 100}",
        f"1380000{i % 10000:04d}", i % 5000, round(i * 0.37 % 10000, 2), dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 28),
        i % 2 == 0, "无" if i % 3 else "",
    ]


def build(folder: Path, n: int) -> dict[str, Path]:
    paths = {}
    for encoding in ("utf-8", "gbk"):
        paths[f"csv {encoding}"] = path = folder / f"big-{encoding}.csv"
        with open(path, "w", newline="", encoding=encoding) as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            writer.writerows([*r[:7], r[7].isoformat(), "是" if r[8] else "否", r[9]] for r in map(row, range(n)))
    for label, options in (("xlsx shared strings", {}), ("xlsx inline strings", {"constant_memory": True})):
        paths[label] = path = folder / f"{label.replace(' ', '-')}.xlsx"
        wb = xlsxwriter.Workbook(str(path), options)
        ws, date = wb.add_worksheet(), wb.add_format({"num_format": "yyyy-mm-dd"})
        ws.write_row(0, 0, HEADERS)
        for i in range(n):
            r = row(i)
            ws.write_row(i + 1, 0, r[:7])
            ws.write_datetime(i + 1, 7, r[7], date)
            ws.write_boolean(i + 1, 8, r[8])
            ws.write_string(i + 1, 9, r[9])
        wb.close()
    return paths


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = build(folder, n)
        for label, path in paths.items():
            best = None
            for _ in range(3):
                started = time.perf_counter()
                table = read_table(path, max_bytes=500 * 2**20)
                opened = time.perf_counter()
                count = sum(1 for _ in table.rows)
                done = time.perf_counter()
                if best is None or done - started < best[0]:
                    best = (done - started, opened - started, done - opened)
            assert count == table.row_count == n
            print(f"{label:22} {path.stat().st_size / 2**20:6.1f} MB  total {best[0]:.2f}s "
                  f"(read_table {best[1]:.2f}s + rows {best[2]:.2f}s)")
        started = time.perf_counter()
        write_xlsx(folder / "export.xlsx", HEADERS, map(row, range(n)))
        print(f"{'write_xlsx':22} {(folder / 'export.xlsx').stat().st_size / 2**20:6.1f} MB  "
              f"total {time.perf_counter() - started:.2f}s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
