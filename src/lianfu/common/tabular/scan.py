"""The first pass both readers make: find the header row and count data rows."""
from .errors import TabularError


def first_pass(records, *, is_blank, to_text, max_rows: int) -> tuple[int, list[str], int]:
    """(header row number, header cells, number of non-blank data rows).

    The header is the first non-blank row; cells right of it are dropped, so
    they cannot make a later row non-blank."""
    header_number, headers, count, width = None, None, 0, None
    for number, record in enumerate(records, 1):
        if is_blank(record[:width]):
            continue
        if headers is None:
            header_number, headers = number, trim_header([to_text(v) for v in record])
            width = len(headers)
            continue
        count += 1
        if count > max_rows:
            raise TabularError("too_many_rows", limit=max_rows)
    if headers is None:
        raise TabularError("empty")
    return header_number, headers, count


def trim_header(cells: list) -> list:
    # "a,b,c," exports leave empty trailing header cells; they name nothing.
    while cells and not cells[-1]:
        cells.pop()
    return cells
