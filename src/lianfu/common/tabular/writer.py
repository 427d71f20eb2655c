"""Export: write_xlsx() and the formula-injection defence it relies on: a text
cell that looks like a formula keeps its exact text and gets Excel's
quote-prefix cell format (the apostrophe Excel itself shows when one types
'=1+1), so it is never evaluated, not even after the user re-edits it."""
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
# write_string is used for every str anyway; these stop any other write path
# from guessing formulas, URLs or numbers (other writers of .xlsx reuse them).
SAFE_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would take as a formula if typed in; such
    cells are written with the quote-prefix format. Only the text is judged:
    the number -1 is written as a number, the string "-1" as quote-prefixed text."""
    return text.startswith(FORMULA_TRIGGERS)


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
            **SAFE_WORKBOOK_OPTIONS,
        },
    )
    try:
        sheet = workbook.add_worksheet(_safe_sheet_name(sheet_name))
        # (plain, quote-prefixed) formats for each kind of text cell.
        title_formats = text_formats(workbook, {"bold": True, "font_size": 14})
        header_formats = text_formats(workbook, {"bold": True})
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
            "text": text_formats(workbook, {}),
        }
        for col, width in (column_widths or {}).items():
            sheet.set_column(col, col, width)
        top = 1 if title else 0
        if title:
            write_text(sheet, 0, 0, str(title), title_formats)
        for col, header in enumerate(headers):
            write_text(sheet, top, col, str(header), header_formats)
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
        write_text(sheet, row, col, str(value), formats["text"])


def text_formats(workbook, properties: dict) -> tuple:
    """The format for ordinary text with ``properties`` (None when there are
    none: the default style) and the same format with the quote prefix."""
    plain = workbook.add_format(properties) if properties else None
    return plain, workbook.add_format({**properties, "quote_prefix": True})


def text_format(formats: tuple, text: str):
    """Of text_formats' pair, the one ``text`` is written with (a merged range needs it before the text)."""
    plain, quoted = formats
    return quoted if looks_like_formula(text) else plain


def write_text(sheet, row: int, col: int, text: str, formats: tuple) -> None:
    sheet.write_string(row, col, text, text_format(formats, text))


def _safe_sheet_name(name: str) -> str:
    # Excel forbids []:*?/\ and more than 31 characters; names often come
    # from user data (an enterprise name), so fix rather than fail.
    cleaned = _BAD_SHEET_CHARS.sub("_", name).strip("'")[:31]
    return cleaned or "Sheet1"
