"""The layout every sheet of the daily report shares, as an officer prints and
sends it: a merged title row, one header row frozen and repeated on each printed
page, columns fitted to their text, landscape A4 one page wide with gridlines.
Every text cell goes through the exports' formula defence (common/tabular/writer.py):
firm names come from the records, and a name like "=HYPERLINK(…)" stays text."""
import datetime as dt
import unicodedata

import xlsxwriter
from django.utils import timezone

from lianfu.common.tabular.writer import SAFE_WORKBOOK_OPTIONS, text_format, text_formats, write_text

NOTHING = "—"          # a figure with nothing to count: never 0
A4 = 9                 # xlsxwriter's paper code
MIN_WIDTH, MAX_WIDTH = 6, 60
LINE_HEIGHT = 15       # points per line of 11-point text


class Code(int):
    """A number that names something (a ticket): no thousands separator."""


def display_width(text: str) -> int:
    # A Chinese character takes two columns of Excel's default font.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_of(width: int, column: int) -> int:
    return -(-width // column)


class ReportBook:
    """The workbook and its formats; a context manager that closes (writes) it."""

    def __init__(self, target):
        # Not constant_memory: merged titles and print settings need the whole sheet, and a report is small.
        self.workbook = xlsxwriter.Workbook(target, dict(SAFE_WORKBOOK_OPTIONS))
        add = self.workbook.add_format
        self.texts = {
            "title": text_formats(self.workbook, {"bold": True, "font_size": 16, "align": "center"}),
            "subtitle": text_formats(self.workbook, {"bold": True}),
            "line": text_formats(self.workbook, {"align": "left", "valign": "top", "text_wrap": True}),
            "header": text_formats(self.workbook, {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                                   "valign": "vcenter"}),
            "text": text_formats(self.workbook, {"text_wrap": True, "valign": "top"}),
            "nothing": text_formats(self.workbook, {"align": "right", "valign": "top"}),
        }
        self.numbers = {
            "pct": add({"num_format": "0.0", "valign": "top"}),
            "count": add({"num_format": "#,##0", "valign": "top"}),
            "code": add({"num_format": "0", "valign": "top"}),
            "datetime": add({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
        }

    def sheet(self, name: str, columns: int) -> "ReportSheet":
        return ReportSheet(self, str(name), columns)

    def __enter__(self) -> "ReportBook":
        return self

    def __exit__(self, *exc) -> None:
        self.workbook.close()


class ReportSheet:
    """Rows written top to bottom; ``finish`` sets the widths and the print settings.
    Values: None is "—", a float a percentage (one decimal), an int a count, a Code
    a number, a datetime local time, anything else text."""

    def __init__(self, book: ReportBook, name: str, columns: int):
        self.book, self.columns = book, columns
        self.sheet = book.workbook.add_worksheet(name)
        self.row = 0
        self.header_row: int | None = None
        self.widths = [MIN_WIDTH] * columns
        self.lines: list[tuple[int, str]] = []
        self.tall: dict[int, int] = {}      # row -> lines of wrapped text it needs

    def line(self, text: str, style: str = "line") -> None:
        """A row of text across every column: the title, the date, a note."""
        text = str(text)
        formats = self.book.texts[style]
        if self.columns > 1:
            self.sheet.merge_range(self.row, 0, self.row, self.columns - 1, "", text_format(formats, text))
        write_text(self.sheet, self.row, 0, text, formats)
        if style == "title":
            self.sheet.set_row(self.row, 2 * LINE_HEIGHT)
        else:
            self.lines.append((self.row, text))
        self.row += 1

    def widen(self, col: int, width: int) -> None:
        """At least ``width`` for a column, whatever its cells: room for the notes below a table."""
        self.widths[col] = max(self.widths[col], width)

    def blank(self) -> None:
        self.row += 1

    def header(self, labels) -> None:
        """Column headers; the sheet's first header row is frozen and printed on every page."""
        if self.header_row is None:
            self.header_row = self.row
        self.cells(labels, style="header")

    def cells(self, values, style: str = "text") -> None:
        for col, value in enumerate(values):
            width = display_width(self._write(col, value, style)) + 2
            self.widths[col] = max(self.widths[col], min(width, MAX_WIDTH))
            if width > MAX_WIDTH:    # wraps in its capped column: rows never grow by themselves when printed
                self.tall[self.row] = max(self.tall.get(self.row, 1), lines_of(width, MAX_WIDTH))
        self.row += 1

    def _write(self, col: int, value, style: str) -> str:
        """Write one cell; returns the text it shows (to fit the column)."""
        numbers = self.book.numbers
        if value is None:
            write_text(self.sheet, self.row, col, NOTHING, self.book.texts["nothing"])
            return NOTHING
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
            self.sheet.write_datetime(self.row, col, value, numbers["datetime"])   # Excel has no time zones
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            kind = "code" if isinstance(value, Code) else "pct" if isinstance(value, float) else "count"
            self.sheet.write_number(self.row, col, value, numbers[kind])
            return f"{value:.1f}" if kind == "pct" else f"{value:,}"
        text = str(value)
        write_text(self.sheet, self.row, col, text, self.book.texts[style])
        return text

    def finish(self) -> None:
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)
        across = sum(self.widths)
        for row, text in self.lines:     # a merged cell never grows by itself either
            self.tall[row] = lines_of(display_width(text), across)
        for row, lines in self.tall.items():
            if lines > 1:
                self.sheet.set_row(row, LINE_HEIGHT * lines)
        header = self.header_row if self.header_row is not None else 0
        self.sheet.freeze_panes(header + 1, 0)
        self.sheet.repeat_rows(0, header)   # the title with the header, on every printed page
        self.sheet.print_area(0, 0, max(self.row - 1, header), self.columns - 1)
        self.sheet.set_landscape()
        self.sheet.set_paper(A4)
        self.sheet.fit_to_pages(1, 0)        # one page wide, as many long as it takes
        self.sheet.hide_gridlines(0)         # 0: shown on screen and printed
        self.sheet.set_footer("&C&P / &N")
