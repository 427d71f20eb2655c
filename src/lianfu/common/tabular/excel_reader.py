"""xlsx and xls through python-calamine, after the guards have vetted the file.

The first sheet (by workbook order) is read. calamine gives formula cells
their cached value (what Excel last displayed), never the formula; a text
cell that merely starts with "=" comes back as that text.

Row numbers are Excel's: calamine's iter_rows() starts at row 1 even when
the data starts lower (it pads leading empty rows), so enumerate(..., 1) is
the number the user sees. Leading empty columns are dropped by calamine.
"""
import os
from itertools import islice

from python_calamine import CalamineWorkbook, PasswordError

from .cells import cell_to_str
from .errors import ENCRYPTED_MESSAGE, TabularError
from .scan import first_pass


def read_workbook(path, *, max_rows: int):
    sheet = _first_sheet(path)
    if sheet.start is None:  # no cells at all; iter_rows() would panic
        raise TabularError("empty")
    header_number, headers, count = first_pass(
        _guarded(sheet.iter_rows()), is_blank=_is_blank, to_text=cell_to_str, max_rows=max_rows)
    return headers, _rows(sheet, header_number, len(headers)), count


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


def _rows(sheet, header_number: int, width: int):
    numbered = enumerate(_guarded(sheet.iter_rows()), 1)
    for number, row in islice(numbered, header_number, None):
        cells = [cell_to_str(v) for v in row[:width]]
        if not any(cells):
            continue
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        yield number, cells
