"""read_table(): one entry point for every spreadsheet an official uploads."""
import os
import stat
import zipfile
from dataclasses import dataclass
from itertools import islice
from typing import Iterator
from xml.etree.ElementTree import ParseError

from .csv_reader import read_csv
from .detect import HEAD_BYTES, detect_format
from .errors import TabularError
from .excel_reader import read_workbook
from .formulas import uncached_formulas
from .scan import trim_header
from .sheet import Sheet
from .xls_guard import check_xls
from .xlsx_guard import check_xlsx

DEFAULT_MAX_ROWS = 1_000_000
# A county's social-insurance extract of 500,000 workers (8 columns, mostly
# unique strings) is ~330 MiB of XML: the cap leaves room for twice that. The
# zip-bomb defence is the compression ratio (xlsx_guard.MAX_RATIO) and the cell
# cap below; this bounds the XML a ratio-passing file may still carry.
DEFAULT_MAX_UNCOMPRESSED = 800 * 2**20
# calamine holds the used range densely at 32 bytes a cell (an .xls also
# reserves 40 bytes a cell up front): 10 M cells is ~320 MB for an .xlsx,
# ~720 MB for an .xls.
DEFAULT_MAX_CELLS = 10_000_000


@dataclass
class Table:
    headers: list[str]
    # (Excel row number, cells); single use, holds the file open until exhausted.
    rows: Iterator[tuple[int, list[str]]]
    row_count: int
    source_format: str  # "csv" | "xlsx" | "xls"
    encoding: str | None = None  # csv only


def open_sheet(
    path,
    *,
    max_bytes: int,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED,
    max_cells: int = DEFAULT_MAX_CELLS,
) -> Sheet:
    """Vet the file, then give its first sheet as rows (no header decided yet)."""
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
        return read_csv(path, head, max_rows=max_rows)
    formulas = None
    if source_format == "xlsx":
        with_formulas = check_xlsx(path, max_uncompressed_bytes=max_uncompressed_bytes, max_cells=max_cells)
        formulas = _uncached_formulas(path, with_formulas)
    else:
        check_xls(path, max_cells=max_cells)
    sheet = read_workbook(path, max_rows=max_rows, formulas=formulas)
    sheet.source_format = source_format
    return sheet


def read_table(path, *, max_bytes: int, **limits) -> Table:
    """The simple shape: the first non-blank row is the header; data rows are
    padded or cut to its width. (Imports find their header with
    common.importing.layout instead.)"""
    sheet = open_sheet(path, max_bytes=max_bytes, **limits)
    rows = sheet.rows()
    first = next(rows, None)
    if first is None:
        raise TabularError("empty")
    headers = trim_header(list(first[1]))
    width = len(headers)
    return Table(headers, _fitted(rows, width), _data_count(sheet, width), sheet.source_format, sheet.encoding)


def _fitted(rows, width: int):
    for number, cells in rows:
        cells = cells[:width]
        if not any(cells):
            continue
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        yield number, cells


def _data_count(sheet: Sheet, width: int) -> int:
    # Cells right of the header cannot make a row non-blank, so count again
    # within the header's width (cheap next to the import itself).
    return sum(1 for _ in _fitted(islice(sheet.rows(), 1, None), width))


def _uncached_formulas(path, parts_with_formulas: set[str]) -> dict:
    try:
        return uncached_formulas(path, parts_with_formulas)
    except (zipfile.BadZipFile, KeyError, ParseError, OSError, ValueError):
        return {}  # calamine will say what is wrong with the file, if anything


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"
