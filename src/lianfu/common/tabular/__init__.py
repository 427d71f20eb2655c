"""Defensive reading and writing of the spreadsheets officials upload and download.

    from lianfu.common.tabular import read_table, write_xlsx, TabularError

    table = read_table(path, max_bytes=20 * 2**20)
    for row_number, cells in table.rows: ...

Reading (``read_table``):
- The format comes from magic bytes, never the file name: zip -> xlsx,
  OLE2 -> xls, anything else that looks like text -> csv. HTML/XML "xls"
  exports, other binaries, .xlsb, .ods and .docx -> ``unsupported_format``.
- Size is checked with stat() before a byte is read (``too_large``).
- .xlsx files are inflated and scanned in bounded chunks before calamine
  opens them: zip bombs (member count, declared size, ratio, and real bytes
  counted against the declared size), DOCTYPE/ENTITY (``xml_entities``) and
  workbooks whose used range or string table would make calamine allocate
  gigabytes (``too_many_cells`` past ``max_cells``, default 10 M; ``corrupt``).
  .xls files get the same allocation checks by walking their BIFF records.
  These checks cover every sheet, although only the first one is read.
- Only the first sheet is read. Header = first non-blank row; trailing empty
  header cells are dropped; data rows are padded/truncated to the header
  width; fully blank rows are skipped; row numbers are those Excel shows.
- Cells become str (see cells.py): stripped; 12.0 -> "12"; 0.1 -> "0.1"
  (15 significant digits, like Excel); bool -> "true"/"false"; dates ->
  "2020-03-06", datetimes -> "2020-03-06 08:30:00". Formula cells give their
  cached value; text such as "=SUM(A1)" stays that text.
- CSV encodings: BOM (utf-8-sig / utf-16), else strict utf-8, else gb18030
  (which also covers GBK/GB2312 files and is reported as "gb18030").

Writing (``write_xlsx``): XlsxWriter in constant_memory mode; every string is
written with write_string, never as a formula, URL or number. A string that
starts with a formula trigger (= + - @ tab CR) keeps its exact text and gets
Excel's quote-prefix cell format (quotePrefix="1", the apostrophe Excel shows
for text typed as '=1+1): it is shown as text, and stays text when a user
re-edits the cell. The text itself is not changed, so a round trip (export,
import) gives the value back exactly. Numbers stay numbers. A CSV export,
having no cell formats, would need the apostrophe in the text instead.

calamine is native code: a malformed file that slips past the guards can
still crash the process rather than raise, so run imports in a task worker,
not in a web request.
"""
from .errors import TabularError
from .reader import Table, open_sheet, read_table
from .sheet import Merge, Sheet
from .writer import write_xlsx

__all__ = ["Merge", "Sheet", "Table", "TabularError", "open_sheet", "read_table", "write_xlsx"]
