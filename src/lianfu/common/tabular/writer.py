"""Export: write_xlsx() and the formula-injection defence it relies on."""
import datetime as dt
import re
from decimal import Decimal
from typing import Iterable, Sequence

import xlsxwriter
from django.utils import timezone

# A cell starting with one of these is taken as a formula by Excel, WPS or
# LibreOffice when typed, pasted, re-edited or opened from CSV
# ("=HYPERLINK(...)", "+cmd|...", "-1+1", "@SUM(...)", tab/CR tricks).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def neutralise(value):
    """Prefix formula-looking strings with an apostrophe; leave everything else alone.

    Only strings are touched: -1 as an int stays the number -1, while the
    string "-1" becomes "'-1" (text that merely looks like a number).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_xlsx(
    target,
    headers: list[str],
    rows: Iterable[Sequence],
    *,
    sheet_name: str = "Sheet1",
    column_widths: dict[int, int] | None = None,
    title: str = "",
) -> None:
    """Stream rows into an .xlsx at ``target`` (a path or a binary file object).
    ``title``: a first row above the headers, as on the forms sent upward."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,  # rows are flushed as written: flat memory for 1 M rows
            # write_string is used for every str anyway; these stop any
            # other write path from guessing formulas, URLs or numbers.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        },
    )
    try:
        sheet = workbook.add_worksheet(_safe_sheet_name(sheet_name))
        bold = workbook.add_format({"bold": True})
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        }
        for col, width in (column_widths or {}).items():
            sheet.set_column(col, col, width)
        top = 1 if title else 0
        if title:
            sheet.write_string(0, 0, neutralise(str(title)), workbook.add_format({"bold": True, "font_size": 14}))
        for col, header in enumerate(headers):
            sheet.write_string(top, col, neutralise(str(header)), bold)
        sheet.freeze_panes(top + 1, 0)
        last_row, last_col = top, max(len(headers) - 1, 0)
        for row_index, row in enumerate(rows, top + 1):
            for col, value in enumerate(row):
                _write_cell(sheet, row_index, col, value, formats)
                last_col = max(last_col, col)
            last_row = row_index
        sheet.autofilter(top, 0, last_row, last_col)
    finally:
        workbook.close()


def _write_cell(sheet, row: int, col: int, value, formats) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, col, float(value) if isinstance(value, Decimal) else value)
    elif isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: show local time
        sheet.write_datetime(row, col, value, formats["datetime"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        # str, lazy translations, UUIDs, enums...: always literal text.
        sheet.write_string(row, col, neutralise(str(value)))


def _safe_sheet_name(name: str) -> str:
    # Excel forbids []:*?/\ and more than 31 characters; names often come
    # from user data (an enterprise name), so fix rather than fail.
    cleaned = _BAD_SHEET_CHARS.sub("_", name).strip("'")[:31]
    return cleaned or "Sheet1"
