"""The first pass both readers make over a sheet: count its non-blank rows."""
from .errors import TabularError


def count_rows(records, *, is_blank, max_rows: int) -> int:
    """Non-blank rows, all of them (title, header, data and notes alike).
    Refuses a sheet of more than ``max_rows`` besides one header row."""
    count = 0
    for record in records:
        if is_blank(record):
            continue
        count += 1
        if count > max_rows + 1:  # the header row does not count
            raise TabularError("too_many_rows", limit=max_rows)
    if not count:
        raise TabularError("empty")
    return count


def trim_header(cells: list) -> list:
    # "a,b,c," exports leave empty trailing header cells; they name nothing.
    while cells and not cells[-1]:
        cells.pop()
    return cells
