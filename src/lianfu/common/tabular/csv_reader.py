"""CSV: detect the encoding and delimiter, then stream rows with the csv module.

Encoding order: a BOM decides (UTF-8 with BOM -> "utf-8-sig", UTF-16 BOM ->
"utf-16", which is what Excel's "Unicode text" export writes); otherwise
strict UTF-8, then GB18030. GB18030 is a superset of GBK and GB2312 and
decodes their bytes identically, so files saved as "GBK" by WPS/Excel report
"gb18030". Strict UTF-8 goes first because GBK text almost never happens to
be valid UTF-8, while UTF-8 text often happens to be valid GB18030.

The first pass over the file validates the whole encoding (a bad byte on row
90,000 must not surface halfway through an import) and counts rows; the second \
pass, when the caller iterates, yields them.
"""
import csv

from .errors import TabularError
from .scan import count_rows
from .sheet import Sheet

SAMPLE_CHARS = 16 * 1024
DELIMITERS = ",\t;"


def read_csv(path, head: bytes, *, max_rows: int):
    if head.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        if encoding == "gb18030" and _head_is_utf8_text(head):
            # UTF-8 Chinese at the top but an invalid byte further down: this
            # is a damaged UTF-8 file, and GB18030 would decode it "fine" into
            # mojibake. Better to refuse than to import garbage silently.
            break
        try:
            delimiter = _sniff_delimiter(path, encoding)
            row_count = _count(path, encoding, delimiter, max_rows)
        except UnicodeError:
            continue
        return Sheet(row_count=row_count, source_format="csv", encoding=encoding,
                     _iterate=lambda: _rows(path, encoding, delimiter))
    raise TabularError("bad_encoding")


def _head_is_utf8_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")  # head cut mid-character
    return not text.isascii()


def _open(path, encoding):
    # newline="" lets the csv module see quoted newlines intact.
    return open(path, encoding=encoding, errors="strict", newline="")


def _records(handle, delimiter):
    # NUL bytes cannot be stored in PostgreSQL text and never mean anything in
    # a registry export, so they are dropped rather than failing the import.
    lines = (line.replace("\x00", "") if "\x00" in line else line for line in handle)
    try:
        yield from csv.reader(lines, delimiter=delimiter)
    except csv.Error as exc:  # e.g. a runaway quote swallowing 128 KB
        raise TabularError("corrupt") from exc


def _sniff_delimiter(path, encoding) -> str:
    with _open(path, encoding) as handle:
        sample = handle.read(SAMPLE_CHARS)
    if len(sample) == SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # don't sniff half a row
    first_line = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = None
    # The Sniffer is easily fooled by commas inside text; a real delimiter
    # must at least appear in the header line. Otherwise count in the header.
    if delimiter is None or delimiter not in first_line:
        counts = {d: first_line.count(d) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: counts[d])
        delimiter = best if counts[best] else ","
    return delimiter


def _is_blank(record) -> bool:
    return not "".join(record).strip()


def _count(path, encoding, delimiter, max_rows):
    with _open(path, encoding) as handle:
        return count_rows(_records(handle, delimiter), is_blank=_is_blank, max_rows=max_rows)


def _rows(path, encoding, delimiter):
    with _open(path, encoding) as handle:
        for number, record in enumerate(_records(handle, delimiter), 1):
            cells = [c.strip() for c in record]
            if any(cells):
                yield number, cells
