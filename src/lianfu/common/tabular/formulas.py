"""Formula cells with no cached value in an .xlsx (files written by scripts
such as openpyxl, never opened in Excel). calamine reads them as empty; we keep
their formula text instead, so the row says what the file really holds.

Only called after xlsx_guard has vetted the file (no DOCTYPE or entities, sizes
bounded), so ElementTree's iterparse is safe here."""
import posixpath
import re
import zipfile
from xml.etree.ElementTree import iterparse

from .xml_scan import FORMULA_RE, column_number

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]+)(\d+)")
CHUNK = 1 << 20
MAX_FORMULAS = 100_000


def uncached_formulas(path, parts_with_formulas: set[str] | None = None) -> dict[tuple[int, int], str]:
    """(Excel row number, 0-based absolute column) -> "=formula" for the first
    sheet's formula cells that have no cached value. ``parts_with_formulas``:
    the parts the guard saw formula elements in (None: look here)."""
    with zipfile.ZipFile(path) as zf:
        part = _first_sheet_part(zf)
        if part is None:
            return {}
        if parts_with_formulas is not None and part not in parts_with_formulas:
            return {}
        if parts_with_formulas is None and not _has_formulas(zf, part):
            return {}
        with zf.open(part) as handle:
            return _collect(handle)


def _first_sheet_part(zf: zipfile.ZipFile) -> str | None:
    with zf.open("xl/workbook.xml") as handle:
        first = next((el for _e, el in iterparse(handle) if el.tag == f"{_NS}sheet"), None)
    if first is None:
        return None
    rel_id = first.get(f"{_REL_NS}id")
    try:
        with zf.open("xl/_rels/workbook.xml.rels") as handle:
            for _e, el in iterparse(handle):
                if el.tag == f"{_PKG_REL_NS}Relationship" and el.get("Id") == rel_id:
                    target = el.get("Target", "")
                    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    except KeyError:
        return None
    return None


def _has_formulas(zf: zipfile.ZipFile, part: str) -> bool:
    # A cheap byte scan first: most uploads have no formulas at all, and
    # parsing 100,000 rows of XML in Python would cost seconds.
    carry = b""
    with zf.open(part) as handle:
        while chunk := handle.read(CHUNK):
            if FORMULA_RE.search(carry + chunk):
                return True
            carry = chunk[-16:]
    return False


def _collect(handle) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for _event, el in iterparse(handle):
        if el.tag != f"{_NS}c":
            continue
        formula = el.find(f"{_NS}f")
        value = el.find(f"{_NS}v")
        if formula is not None and (value is None or not (value.text or "").strip()):
            ref = _REF.fullmatch(el.get("r", ""))
            if ref:
                text = formula.text or ""
                found[int(ref.group(2)), column_number(ref.group(1).encode()) - 1] = f"={text}" if text else "="
                if len(found) >= MAX_FORMULAS:
                    break
        el.clear()
    return found
