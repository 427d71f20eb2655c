"""Which rows of a table are not data: totals (合计 / 总计 / 小计 / 累计, or a
row without a key whose numbers equal the column sums), notes (注：…, 填报人：…),
section titles merged across the table, and repeated header rows. They are
skipped and listed with the reason, never reported as data errors."""
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lianfu.common.importing.headers import header_key
from lianfu.common.tabular import Merge

_TOTALS = re.compile(r"^(?:.{0,12}?)(?:合计|总计|小计|累计|共计|总数)[:：]?$|^(?:合计|总计|小计|累计|共计)")
_NOTE = re.compile(r"^(?:注|备注|说明|附注|填表说明|填报说明|制表|填表人|填报人|审核人|"
                   r"审核|负责人|单位负责人|统计负责人|"
                   r"联系人|联系电话|数据来源|资料来源|报出日期|填报日期|填报单位|制表单位|制表日期|来源)\s*[:：\d一二三四五、.]")
_INFO = re.compile(r"[:：]")
_NUMBER = re.compile(r"^[+-]?[\d,，]*\.?\d+%?$")
TOLERANCE = 0.01   # sums of money in 万元 with two decimals


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def is_totals_word(text: str) -> bool:
    return bool(text) and bool(_TOTALS.search(_fold(text)))


def is_note(text: str) -> bool:
    return bool(_NOTE.match(_fold(text)))


def is_info(text: str) -> bool:
    """"填报单位：慈溪市经信局" — a label and a value in one cell."""
    return bool(_INFO.search(text))


def looks_numeric(text: str) -> bool:
    return bool(_NUMBER.match(_fold(text)))


def _number(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)   # the common case, and cheap: this runs on every data row
    except ValueError:
        pass
    if not looks_numeric(text):
        return None
    try:
        return float(Decimal(_fold(text).replace(",", "").replace("，", "").rstrip("%")))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Skipped:
    row: int
    why: str        # "title" | "info" | "above_header" | "totals" | "note" | "section" | "repeated_header"
    text: str       # the row's first cells, to recognise it by

    def as_dict(self) -> dict:
        return {"row": self.row, "why": self.why, "text": self.text}


def preview_text(cells: list[str], limit: int = 60) -> str:
    text = " | ".join(c for c in cells if c)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def above_header(number: int, cells: list[str]) -> Skipped:
    filled = [c for c in cells if c]
    why = "info" if any(is_info(c) for c in filled) else "title" if len(filled) == 1 else "above_header"
    return Skipped(number, why, preview_text(cells))


class RowSorter:
    """Tells data rows from totals, notes and titles, one row at a time. Keeps
    the running sums of the numeric columns (since the start and since the last
    subtotal) to recognise a totals row that carries no 合计 word."""

    def __init__(self, *, key_col: int | None, numeric_cols: list[int], header_keys: list[str],
                 merges: list[Merge], raw_header_keys: list[list[str]] = ()):
        self.key_col = key_col
        self.numeric_cols = numeric_cols
        self.header_keys = header_keys
        # Each row of a two-row header as written: pasted again, the lower one has no key.
        self.raw_header_keys = [keys for keys in raw_header_keys if any(keys)]
        self.section_cells = {(m.first_row, m.first_col) for m in merges if m.horizontal and not m.vertical}
        self.section_rows = {row for row, _col in self.section_cells}
        # The key column's own header: a row holding it there repeats the header.
        self.key_header = header_keys[key_col] if key_col is not None and key_col < len(header_keys) else None
        self.total = [0.0] * len(numeric_cols)
        self.since_subtotal = [0.0] * len(numeric_cols)

    def skip_reason(self, number: int, cells: list[str]) -> str | None:
        key = cells[self.key_col] if self.key_col is not None and self.key_col < len(cells) else ""
        # A section title merged across the table, or a header pasted again,
        # may stand in the key column: those rows are looked at below.
        if key and number not in self.section_rows and self._is_data_key(key):
            self._add(cells)
            return None
        filled = [(i, c) for i, c in enumerate(cells) if c]
        keys = [header_key(c) for c in cells[: len(self.header_keys)]]
        if keys == self.header_keys or self._is_key_header(key) or self._is_raw_header(keys):
            return "repeated_header"
        if any(is_totals_word(c) for _i, c in filled[:4]):
            self._subtotal()
            return "totals"
        if filled and is_note(filled[0][1]):
            return "note"
        if len(filled) == 1 and (number, filled[0][0]) in self.section_cells:
            return "section"
        # Numbers equal to the sums make a totals row only when they are all it
        # holds: a row naming a firm is that firm with its key missing.
        if all(looks_numeric(c) for _i, c in filled) and self._sums_match(cells):
            self._subtotal()
            return "totals"
        self._add(cells)
        return None

    def _is_data_key(self, key: str) -> bool:
        # The hot path: a code (ASCII) is neither a totals word nor a Chinese header.
        if key.isascii() and not (self.key_header or "").isascii():
            return True
        return not is_totals_word(key) and not self._is_key_header(key)

    def _is_raw_header(self, keys: list[str]) -> bool:
        return any(keys[: len(raw)] == raw and not any(keys[len(raw):]) for raw in self.raw_header_keys)

    def _is_key_header(self, key: str) -> bool:
        # Cheap test first (this runs on every data row): the header's first character.
        return (bool(key) and bool(self.key_header) and self.key_header[0] in unicodedata.normalize("NFKC", key).lower()
                and header_key(key) == self.key_header)

    def _values(self, cells: list[str]) -> list[float | None]:
        return [_number(cells[i]) if i < len(cells) else None for i in self.numeric_cols]

    def _add(self, cells: list[str]) -> None:
        for n, value in enumerate(self._values(cells)):
            if value is not None:
                self.total[n] += value
                self.since_subtotal[n] += value

    def _subtotal(self) -> None:
        self.since_subtotal = [0.0] * len(self.numeric_cols)

    def _sums_match(self, cells: list[str]) -> bool:
        values = self._values(cells)
        given = [(n, v) for n, v in enumerate(values) if v is not None]
        if not given:
            return False
        for sums in (self.total, self.since_subtotal):
            if all(abs(sums[n] - v) <= TOLERANCE for n, v in given) and any(sums[n] for n, _v in given):
                return True
        return False
