"""Vet a legacy .xls before calamine parses it.

calamine reads every sheet of an .xls when the workbook is opened and sizes
its buffers from numbers in the file: the DIMENSIONS record (a reservation
of rows x columns cells), the cell coordinates (the used range is stored
densely) and the shared-string count. A 6 KB file can ask for terabytes,
and the resulting allocation failure aborts the process. We walk the same
records first (the BIFF record layout is simple) and refuse such files.
"""
import struct

from .cfb import Cfb, CfbError
from .errors import ENCRYPTED_MESSAGE, TabularError

BOF, EOF, BOUNDSHEET, FILEPASS, SST = 0x0809, 0x000A, 0x0085, 0x002F, 0x00FC
DIMENSIONS, MULRK = 0x0200, 0x00BD
# Records that place one cell at (row u16, col u16) in their first four bytes:
# NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA.
CELL_RECORDS = frozenset((0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006))

_HDR = struct.Struct("<HH")
_ROWCOL = struct.Struct("<HH")


def check_xls(path, *, max_cells: int) -> None:
    with open(path, "rb") as f:
        data = f.read()  # the caller has already capped the file size
    try:
        cfb = Cfb(data)
        names = cfb.names()
        if "EncryptedPackage" in names:
            # A password-protected .xlsx is wrapped in OLE2 like this.
            raise TabularError("corrupt", ENCRYPTED_MESSAGE)
        name = "Workbook" if "Workbook" in names else "Book" if "Book" in names else None
        if name is None:
            raise TabularError("unsupported_format")  # e.g. a Word .doc
        stream = cfb.stream(name)
    except (CfbError, struct.error, IndexError, ValueError) as exc:
        raise TabularError("corrupt") from exc
    positions = _scan_globals(stream)
    total = 0
    for pos in positions:
        rows, cols = _sheet_extent(stream, pos, max_cells)
        total += rows * cols
        if total > max_cells:
            raise TabularError("too_many_cells", rows=rows, cols=cols)


def _records(stream: bytes, pos: int):
    """(type, payload offset, payload length) until EOF or the stream ends."""
    end = len(stream)
    unpack = _HDR.unpack_from
    while pos + 4 <= end:
        typ, length = unpack(stream, pos)
        body = pos + 4
        if body + length > end:
            return  # calamine stops with an error here too
        yield typ, body, length
        if typ == EOF:
            return
        pos = body + length


def _scan_globals(stream: bytes) -> list:
    positions = []
    for typ, body, length in _records(stream, 0):
        if typ == FILEPASS and length >= 2 and struct.unpack_from("<H", stream, body)[0] != 0:
            raise TabularError("corrupt", ENCRYPTED_MESSAGE)
        elif typ == SST and length >= 8:
            (unique,) = struct.unpack_from("<i", stream, body + 4)
            # calamine reserves this many strings up front; each needs >= 3 bytes.
            if unique < 0 or unique > len(stream) // 3:
                raise TabularError("corrupt")
        elif typ == BOUNDSHEET and length >= 4:
            positions.append(struct.unpack_from("<I", stream, body)[0])
    return positions


def _sheet_extent(stream: bytes, pos: int, max_cells: int) -> tuple:
    """(rows, columns) of the dense range calamine will build for one sheet."""
    min_r = min_c = 1 << 32
    max_r = max_c = -1
    unpack = _ROWCOL.unpack_from
    for typ, body, length in _records(stream, pos):
        if typ in CELL_RECORDS and length >= 4:
            row, col = unpack(stream, body)
            cols = (col,)
        elif typ == MULRK and length >= 6:
            row, first = unpack(stream, body)
            (last,) = struct.unpack_from("<H", stream, body + length - 2)
            cols = (first, last)
        elif typ == DIMENSIONS:
            _check_dimensions(stream, body, length, max_cells)
            continue
        else:
            continue
        min_r, max_r = min(min_r, row), max(max_r, row)
        for col in cols:
            min_c, max_c = min(min_c, col), max(max_c, col)
    if max_r < 0:
        return 0, 0
    return max_r - min_r + 1, max_c - min_c + 1


def _check_dimensions(stream: bytes, body: int, length: int, max_cells: int) -> None:
    # Same decoding as calamine, which reserves rows x cols cells from it.
    if length == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", stream, body)
    elif length == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", stream, body)
    else:
        return  # calamine rejects the file itself
    if rl >= 1 and cl >= 1:
        end_r, end_c = rl - 1, cl - 1
    else:
        end_r, end_c = rf, cf
    if end_r < rf or end_c < cf:
        # calamine computes end - start + 1 in u32 and wraps to ~4 billion.
        raise TabularError("corrupt")
    rows, cols = end_r - rf + 1, end_c - cf + 1
    if rows * cols > max_cells:
        raise TabularError("too_many_cells", rows=rows, cols=cols)
