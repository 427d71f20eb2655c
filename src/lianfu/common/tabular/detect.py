"""Decide what a file is from its first bytes, never from its name.

Officials rename files freely (an .xls that is really HTML, a .csv that is
really an .xlsx), so the extension is ignored entirely.
"""
from .errors import HTML_MESSAGE, TabularError

HEAD_BYTES = 8192

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # normal archive, empty archive
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Common things people upload by mistake; named explicitly so a short file of
# this kind is not mistaken for odd text.
OTHER_BINARY_MAGICS = (
    b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf",
    b"\x1f\x8b", b"{\\rtf",
)
# Government systems often export an HTML table or SpreadsheetML 2003 and call
# it .xls; reading it as CSV would give a header row of "<html>".
MARKUP_STARTS = (b"<?xml", b"<html", b"<!doctype", b"<table", b"<meta", b"<head", b"<body")

# Bytes that never occur in UTF-8 or GB18030 text (tab, CR, LF, FF, VT and ESC
# are allowed). 0x7F never appears inside a GB18030 multi-byte sequence either.
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | frozenset(range(0x1C, 0x20)) | {0x7F}


def detect_format(head: bytes) -> str:
    """Return "xlsx", "xls" or "csv" for a non-empty file head, or raise."""
    if head.startswith(ZIP_MAGICS):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if head.startswith(UTF16_BOMS):
        return "csv"  # Excel's "Unicode text" export: UTF-16 with BOM, tab separated.
    if head.startswith(OTHER_BINARY_MAGICS):
        raise TabularError("unsupported_format")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(MARKUP_STARTS):
        raise TabularError("unsupported_format", HTML_MESSAGE)
    if _looks_binary(head):
        raise TabularError("unsupported_format")
    return "csv"


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    bad = sum(1 for b in head if b in _CONTROL)
    # A stray control character or two happens in hand-edited text; a binary
    # file has them everywhere.
    return bad > 1 and bad * 100 > len(head)
