"""read_table(): one entry point for every spreadsheet an official uploads."""
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from .csv_reader import read_csv
from .detect import HEAD_BYTES, detect_format
from .errors import TabularError
from .excel_reader import read_workbook
from .xls_guard import check_xls
from .xlsx_guard import check_xlsx

DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_UNCOMPRESSED = 200 * 2**20
# calamine holds the used range densely at 32 bytes a cell (an .xls also
# reserves 40 bytes a cell up front): 10 M cells is ~320 MB for an .xlsx,
# ~720 MB for an .xls. A 200 MiB XML cap allows roughly that much data anyway.
DEFAULT_MAX_CELLS = 10_000_000


@dataclass
class Table:
    headers: list[str]
    # (Excel row number, cells); single use, holds the file open until exhausted.
    rows: Iterator[tuple[int, list[str]]]
    row_count: int
    source_format: str  # "csv" | "xlsx" | "xls"
    encoding: str | None = None  # csv only


def read_table(
    path,
    *,
    max_bytes: int,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED,
    max_cells: int = DEFAULT_MAX_CELLS,
) -> Table:
    path = os.fspath(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise TabularError("unsupported_format")  # a FIFO or device would never end
    if info.st_size > max_bytes:
        raise TabularError("too_large", size_mb=_mb(info.st_size), limit_mb=_mb(max_bytes))
    if info.st_size == 0:
        raise TabularError("empty")
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    source_format = detect_format(head)
    if source_format == "csv":
        headers, rows, count, encoding = read_csv(path, head, max_rows=max_rows)
        return Table(headers, rows, count, "csv", encoding)
    if source_format == "xlsx":
        check_xlsx(path, max_uncompressed_bytes=max_uncompressed_bytes, max_cells=max_cells)
    else:
        check_xls(path, max_cells=max_cells)
    headers, rows, count = read_workbook(path, max_rows=max_rows)
    return Table(headers, rows, count, source_format, None)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"
