"""xlsx and xls through python-calamine, after the guards have vetted the file.

The first sheet (by workbook order) is read. calamine gives formula cells
their cached value (what Excel last displayed), never the formula; a text
cell that merely starts with "=" comes back as that text.

Row numbers are Excel's: calamine's iter_rows() starts at row 1 even when
the data starts lower (it pads leading empty rows), so enumerate(..., 1) is
the number the user sees. Leading empty columns are dropped by calamine.
"""
import os

from python_calamine import CalamineWorkbook, PasswordError

from .cells import cell_to_str
from .errors import ENCRYPTED_MESSAGE, TabularError
from .scan import count_rows
from .sheet import Merge, Sheet


def read_workbook(path, *, max_rows: int, formulas: dict | None = None) -> Sheet:
    """The first sheet's non-blank rows and merged ranges. ``formulas``:
    (row, absolute column) -> text for formula cells Excel stored no value for."""
    sheet = _first_sheet(path)
    if sheet.start is None:  # no cells at all; iter_rows() would panic
        raise TabularError("empty")
    first_col = sheet.start[1]  # calamine drops leading empty columns
    count = count_rows(_guarded(sheet.iter_rows()), is_blank=_is_blank, max_rows=max_rows)
    formulas = {(row, col - first_col): text for (row, col), text in (formulas or {}).items() if col >= first_col}

    def rows():
        for number, row in enumerate(_guarded(sheet.iter_rows()), 1):
            if _is_blank(row) and not formulas:
                continue
            cells = [cell_to_str(v) for v in row]
            if formulas:
                _put_formulas(number, cells, formulas)
                if not any(cells):
                    continue
            yield number, cells

    return Sheet(row_count=count, source_format="", _iterate=rows, merges=_merges(sheet, first_col),
                 uncached_formulas=len(formulas))


def _put_formulas(number: int, cells: list[str], formulas: dict) -> None:
    for col in range(len(cells)):
        text = formulas.get((number, col))
        if text is not None and not cells[col]:
            cells[col] = text


def _merges(sheet, first_col: int) -> list[Merge]:
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # an .xls calamine cannot map merges for: no merges, not no file
        return []
    return [Merge(r0 + 1, max(c0 - first_col, 0), r1 + 1, c1 - first_col)
            for (r0, c0), (r1, c1) in ranges if c1 >= first_col]


def _first_sheet(path):
    try:
        workbook = CalamineWorkbook.from_path(os.fspath(path))
        try:
            return workbook.get_sheet_by_index(0)  # the sheet keeps its own data
        finally:
            workbook.close()
    except PasswordError as exc:
        raise TabularError("corrupt", ENCRYPTED_MESSAGE) from exc
    except Exception as exc:  # CalamineError and friends: a file it cannot parse
        raise TabularError("corrupt") from exc
    except BaseException as exc:
        raise _from_panic(exc) from exc


def _from_panic(exc: BaseException) -> BaseException:
    # A Rust panic surfaces as pyo3's PanicException, which derives from
    # BaseException so that plain "except Exception" does not swallow it.
    # Here it only means the file is malformed.
    if type(exc).__name__ == "PanicException":
        return TabularError("corrupt")
    return exc


def _guarded(iterator):
    try:
        yield from iterator
    except TabularError:
        raise
    except Exception as exc:
        raise TabularError("corrupt") from exc
    except BaseException as exc:
        raise _from_panic(exc) from exc


def _is_blank(row) -> bool:
    for value in row:
        if value.__class__ is not str or value.strip():
            return False
    return True
