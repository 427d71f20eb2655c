"""Streaming checks on one XML part of an .xlsx, fed in chunks.

Three things are looked for, without building a DOM:

1. ``<!DOCTYPE`` / ``<!ENTITY`` anywhere: no legitimate workbook needs them,
   and they are how billion-laughs and XXE attacks start.
2. ``<sst uniqueCount="N">``: calamine pre-allocates N strings, so a tiny file
   claiming four billion strings aborts the whole process.
3. Cell positions: calamine materialises the used range densely
   (rows x columns x 32 bytes), so one cell at A1 and one at XFD1048576 in a
   5 KB file asks for 512 GiB and aborts the process (a Rust allocation
   failure, not a Python exception). We find the largest position calamine
   would compute.

Speed matters (a 100k-row sheet is ~55 MB of XML), so the first pass only
collects a conservative bound: the largest letters and digits of every
`` r="..."`` attribute in the part, with C-speed regexes. Only if that bound
is too big, or some cell is not in the canonical ``<c r="B12"`` form that
Excel, WPS, LibreOffice, openpyxl and XlsxWriter all write (so its position
comes from calamine's implicit cursor), is the part re-read in exact mode,
which follows calamine's cursor tag by tag and ignores empty cells.
"""
import codecs
import re

FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_DECL_RE = re.compile(rb"<!\s*(?:doctype|entity)", re.IGNORECASE)
_SST_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst[\s>/][^>]*>")
_COUNT_RE = re.compile(rb"""\s(?:uniqueCount|count)\s*=\s*["']\s*(\d+)""")

# Fast pass. Every r="..." anywhere counts (duplicates, rows, even text that
# only looks like one): over-counting is safe, the exact pass settles it.
_LETTERS_RE = re.compile(rb' r="([A-Z]+)')
_DIGITS_RE = re.compile(rb' r="[A-Z]*(\d+)')
# Cells whose position the fast pass cannot see: a <c> whose first attribute
# is not r="...", prefixed <x:c>, lowercase references.
_ODD_RES = (
    re.compile(rb'<c(?![^\s>/])(?! r=")'),
    re.compile(rb":c[\s>/]"),
    re.compile(rb' r="[a-z]'),
)

# Exact pass: <row ...>, </row>, <c ...> with any namespace prefix.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CURSOR_RE = re.compile(rb"<(/?)" + _PREFIX + rb"(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR_RE = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]*)(\d*)""")

MAX_TAG_BYTES = 1 << 20  # no start tag in a real workbook is anywhere near this
MAX_DIGITS = 10  # anything longer is absurd; keeps int() cheap


class ScanError(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "entities", "sst", "tag", "too_many_cells"


def column_number(letters: bytes) -> int:
    """1-based column number of b"A", b"Z", b"AA", ... (b"" -> 0)."""
    if len(letters) > 4:
        raise ScanError("too_many_cells")
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _row_number(digits: bytes) -> int:
    digits = digits.lstrip(b"0") or b"0"
    if len(digits) > MAX_DIGITS:
        raise ScanError("too_many_cells")
    return int(digits)


class PartScanner:
    """Feed the decompressed bytes of one zip member, close(), then read ``cells``.

    After the fast pass, ``odd`` (some cell position was invisible to it) or
    a ``cells`` bound over the limit means: feed the same bytes again to
    ``PartScanner(..., exact=True)`` for the real figure.
    """

    def __init__(self, size_hint: int, *, exact: bool = False):
        self.size_hint = size_hint
        self.exact = exact
        self.odd = False
        # A formula element seen (<f> or <x:f>): only then does the reader look
        # for formulas without a cached value (common.tabular.formulas).
        self.formulas = False
        self.max_row = -1  # 0-based, as calamine counts
        self.max_col = -1
        self._carry = b""
        self._decoder = None
        self._started = False
        self._row = 0  # calamine's cursor (exact pass)
        self._col = 0

    @property
    def cells(self) -> int:
        """Cells in the dense range calamine would allocate (from A1: pessimistic)."""
        return (self.max_row + 1) * (self.max_col + 1)

    def feed(self, chunk: bytes) -> None:
        if not self._started:
            self._started = True
            self._decoder = _utf16_decoder(chunk)
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk).encode("utf-8")
        data = self._carry + chunk
        # Keep an unfinished tag for the next chunk: every pattern we look for
        # starts with "<" or sits inside a tag, so cutting at the last "<"
        # never splits a match.
        cut = data.rfind(b"<")
        if cut < 0 or b">" in data[cut:]:
            self._carry = b""
        else:
            data, self._carry = data[:cut], data[cut:]
            if len(self._carry) > MAX_TAG_BYTES:
                raise ScanError("tag")
        self._scan(data)

    def close(self) -> None:
        if self._decoder is not None:
            self._carry += self._decoder.decode(b"", final=True).encode("utf-8")
        if self._carry:
            self._scan(self._carry)
            self._carry = b""

    def _scan(self, data: bytes) -> None:
        if self.exact:
            self._scan_exact(data)
            return
        if _DECL_RE.search(data):
            raise ScanError("entities")
        if not self.formulas and FORMULA_RE.search(data):
            self.formulas = True
        if b"sst" in data:
            self._check_sst(data)
        if not self.odd and b"<" in data:
            self.odd = any(pattern.search(data) for pattern in _ODD_RES)
        if self.odd:
            return  # the exact pass will decide
        letters = set(_LETTERS_RE.findall(data))
        digits = _DIGITS_RE.findall(data)
        if any(len(c) > 4 for c in letters) or (digits and max(map(len, digits)) > MAX_DIGITS):
            # Absurd, but maybe only in text that looks like an attribute.
            self.odd = True
            return
        if letters:
            self._note(-1, max(map(column_number, letters)) - 1)
        if digits:
            self._note(max(map(int, digits)) - 1, -1)

    def _check_sst(self, data: bytes) -> None:
        for tag in _SST_RE.findall(data):
            for count in _COUNT_RE.findall(tag):
                # Every <si> takes at least five bytes ("<si/>").
                if len(count) > MAX_DIGITS or int(count) > self.size_hint // 5 + 1:
                    raise ScanError("sst")

    def _scan_exact(self, data: bytes) -> None:
        for closing, name, attrs in _CURSOR_RE.findall(data):
            if closing:
                if name == b"row":
                    self._row += 1
                    self._col = 0
                continue
            if attrs.endswith(b"/"):
                continue  # empty element: calamine ignores it entirely
            refs = [(c, d) for c, d in _R_ATTR_RE.findall(attrs) if c or d]
            if name == b"row":
                rows = [d for _, d in refs if d]
                if rows:
                    self._row = max(map(_row_number, rows)) - 1
                continue
            if refs:
                # With duplicate r attributes be pessimistic about all of them.
                for letters, digits in refs:
                    self._note(_row_number(digits) - 1, column_number(letters) - 1)
                self._col = column_number(refs[-1][0]) - 1
            else:
                self._note(self._row, self._col)
            self._col += 1

    def _note(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col


def _utf16_decoder(first: bytes):
    """XML parts may legally be UTF-16; re-encode them so the byte patterns match."""
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return codecs.getincrementaldecoder("utf-16")(errors="replace")
    if first.startswith(b"<\x00"):
        return codecs.getincrementaldecoder("utf-16-le")(errors="replace")
    if first.startswith(b"\x00<"):
        return codecs.getincrementaldecoder("utf-16-be")(errors="replace")
    return None
