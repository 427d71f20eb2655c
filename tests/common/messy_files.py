"""Spreadsheets as officials really send them, built in the tests.

A file is a list of rows (row 1 first; ``None`` or "" is an empty cell, ``[]``
an empty row) and a list of merged ranges ("A1:G1"). Three writers:

- ``openpyxl_book``: what a script or an online form exports. A ``Formula``
  (or a string starting with "=") is stored with no cached value, as openpyxl
  never computes one.
- ``xlsxwriter_book``: what Excel or WPS saves. A ``Formula`` is stored with
  its cached value (the number Excel last displayed).
- ``csv_file``: a CSV in the encoding asked for (WPS and Excel save "GBK").

Dates (``datetime.date``/``datetime``) become real date cells in both
workbooks. The helpers below turn an ImportResult into plain data that a test
compares exactly: each column's fate, the skipped rows, the rejections, and
the fate of every row of the file."""
import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.utils.cell import range_boundaries
from stdnum.cn.uscc import calc_check_digit


@dataclass(frozen=True)
class Formula:
    text: str               # "=SUM(E6:E8)"
    cached: object = None   # the value Excel stored with it (xlsxwriter only)


def _merged(merges) -> list[tuple[int, int, int, int]]:
    """(first_row, first_col, last_row, last_col), 0-based."""
    out = []
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        out.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
    return out


def _value_at(rows, r: int, c: int):
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def openpyxl_book(path: Path, rows: list[list], merges=(), *, sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            if isinstance(value, Formula):
                value = value.text
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


def xlsxwriter_book(path: Path, rows: list[list], merges=(), *, sheet: str = "Sheet1") -> Path:
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    ws = book.add_worksheet(sheet)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    spans = _merged(merges)
    covered = {(r, c) for r0, c0, r1, c1 in spans for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}

    def put(r: int, c: int, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, Formula):
            ws.write_formula(r, c, value.text, None, value.cached)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value)
        elif isinstance(value, (int, float, Decimal)):
            ws.write_number(r, c, float(value))
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, stamp)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
        else:
            ws.write_string(r, c, str(value))

    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) not in covered:
                put(r, c, value)
    for r0, c0, r1, c1 in spans:
        value = _value_at(rows, r0, c0)
        ws.merge_range(r0, c0, r1, c1, "")
        put(r0, c0, value)
    book.close()
    return path


def csv_file(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
    return path


# --- reading a result back as plain data ---------------------------------------

def column_fates(layout: dict) -> list[str]:
    """Each column's fate in one line:
    "B 统一社会信用代码 → uscc (synonym 1)", "A 序号 ✗ not_needed",
    "F 其中外地 ✗ unknown [employees]", "G 电话 ? [contact_phone] = H「手机」"."""
    out = []
    for col in layout["columns"]:
        head = f'{col["letter"]} {col["header"]}'
        candidates = f' [{", ".join(col["candidates"])}]' if col["candidates"] else ""
        other = f' = {col["other"]}' if col["other"] else ""
        if col["fate"] == "matched":
            out.append(f'{head} → {col["field"]} ({col["how"]} {col["score"]:g})')
        elif col["fate"] == "ignored":
            out.append(f'{head} ✗ {col["reason"]}{candidates}{other}')
        else:
            out.append(f'{head} ?{candidates}{other}')
    return out


def skipped_rows(layout: dict) -> list[tuple[int, str]]:
    return [(s["row"], s["why"]) for s in layout["skipped"]]


def rejections(result) -> list[tuple[int, str, str, str]]:
    """(row, column label, value, reason) of every rejection, in row order."""
    return [(r.row, r.field, r.value, r.reason) for r in result.rejections]


def row_fates(rows: list[list], result) -> dict[int, str]:
    """The fate of every non-blank row of the file as written: "header",
    "skipped:<why>", "rejected" or "landed" (a data row not rejected).
    Blank rows have no fate: they appear nowhere."""
    layout = result.layout
    skipped = {s["row"]: s["why"] for s in layout["skipped"]}
    rejected = {r.row for r in result.rejections}
    fates = {}
    for number, row in enumerate(rows, 1):
        if not any(v not in (None, "") for v in row):
            continue
        if number in layout["header_rows"]:
            fates[number] = "header"
        elif number in skipped:
            fates[number] = f"skipped:{skipped[number]}"
        elif number in rejected:
            fates[number] = "rejected"
        else:
            fates[number] = "landed"
    # Nothing outside the file's rows, no row both skipped and counted.
    assert set(skipped) | rejected <= set(fates), (skipped, rejected)
    assert result.rows == sum(1 for f in fates.values() if f in ("landed", "rejected"))
    return fates


def fates_by_kind(fates: dict[int, str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for number, fate in sorted(fates.items()):
        out.setdefault(fate, []).append(number)
    return out


# --- cell values typed the way officials type them ---------------------------------

def credit_code(n: int, county: str = "330282", series: str = "MA2H") -> str:
    """A valid credit code with letters in it (so case matters)."""
    body = f"91{county}{series}{n:05d}"
    return body + calc_check_digit(body)


def wrong_check(good: str) -> str:
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spaced(text: str) -> str:
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))

