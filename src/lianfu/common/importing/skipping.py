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
_NOTE = re.compile(r"^(?:注|备注|说明|附注|填表说明|填报说明|制表|填表人|填报人|审核人|审核|负责人|单位负责人|统计负责人|"
                   r"联系人|联系电话|数据来源|资料来源|报出日期|填报日期|填报单位|制表单位|制表日期|来源)\s*[:：\d一二三四五、.]")
_INFO = re.compile(r"[:：]")
_NUMBER = re.compile(r"^[+-]?[\d,，]*\.?\d+%?$")
TOLERANCE = Decimal("0.01")


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


def _number(text: str) -> Decimal | None:
    if not text or not looks_numeric(text):
        return None
    try:
        return Decimal(_fold(text).replace(",", "").replace("，", "").rstrip("%"))
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
                 merges: list[Merge]):
        self.key_col = key_col
        self.numeric_cols = numeric_cols
        self.header_keys = header_keys
        self.section_cells = {(m.first_row, m.first_col) for m in merges if m.horizontal and not m.vertical}
        self.total = [Decimal(0)] * len(numeric_cols)
        self.since_subtotal = [Decimal(0)] * len(numeric_cols)

    def skip_reason(self, number: int, cells: list[str]) -> str | None:
        key = cells[self.key_col] if self.key_col is not None and self.key_col < len(cells) else ""
        if key and not is_totals_word(key):
            self._add(cells)
            return None
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if [header_key(c) for c in cells[: len(self.header_keys)]] == self.header_keys:
            return "repeated_header"
        if any(is_totals_word(c) for _i, c in filled[:4]):
            self._subtotal()
            return "totals"
        if filled and is_note(filled[0][1]):
            return "note"
        if len(filled) == 1 and (number, filled[0][0]) in self.section_cells:
            return "section"
        if self._sums_match(cells):
            self._subtotal()
            return "totals"
        self._add(cells)
        return None

    def _values(self, cells: list[str]) -> list[Decimal | None]:
        return [_number(cells[i]) if i < len(cells) else None for i in self.numeric_cols]

    def _add(self, cells: list[str]) -> None:
        for n, value in enumerate(self._values(cells)):
            if value is not None:
                self.total[n] += value
                self.since_subtotal[n] += value

    def _subtotal(self) -> None:
        self.since_subtotal = [Decimal(0)] * len(self.numeric_cols)

    def _sums_match(self, cells: list[str]) -> bool:
        values = self._values(cells)
        given = [(n, v) for n, v in enumerate(values) if v is not None]
        if not given:
            return False
        for sums in (self.total, self.since_subtotal):
            if all(abs(sums[n] - v) <= TOLERANCE for n, v in given) and any(sums[n] for n, _v in given):
                return True
        return False
