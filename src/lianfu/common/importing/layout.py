"""Finding the table in a sheet as officials send it: title and info rows
above, a one- or two-row header (merged group cells such as 从业人员 over
人数 / 其中外地), data, then totals and notes.

The header is the row among the first HEAD_ROWS that matches the most of the
importer's vocabulary; an adjacent row joins it when it completes a two-row
header. Everything above the header is skipped and listed, never reported as
a data error."""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lianfu.common.importing.columns import FUZZY_MIN, ColumnPlan, Vocabulary, match_columns
from lianfu.common.importing.headers import header_key
from lianfu.common.importing.skipping import is_info, looks_numeric
from lianfu.common.tabular import Merge, TabularError

HEAD_ROWS = 20
NO_HEADER = _("No header row was found in the first %(rows)s rows: none of them names a column we know "
              "(for example %(examples)s).")


@dataclass
class HeaderBlock:
    rows: list[int]              # Excel row numbers: one, or two for a two-row header
    headers: list[str]           # one name per column ("从业人员/人数" for a two-row header)
    lower: list[str] | None      # a two-row header's lower cells alone (matched too)
    above: list[tuple[int, list[str]]] = field(default_factory=list)   # rows above it
    raw: list[list[str]] = field(default_factory=list)                 # its rows as written

    @property
    def last_row(self) -> int:
        return self.rows[-1]


def _trimmed(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _score(vocabulary: Vocabulary, headers: list[str], lower: list[str] | None = None) -> tuple[int, int]:
    """(fields matched, key matched): how much this reads as our header."""
    fields = set()
    for i, header in enumerate(headers):
        readings = (header, lower[i]) if lower and i < len(lower) and lower[i] else (header,)
        good = [c for c in vocabulary.best_of(*readings) if c.score >= FUZZY_MIN]
        if good:
            fields.add(good[0].field)
    return len(fields), int(vocabulary.key_field in fields)


def _horizontal_merges(merges: list[Merge], row: int) -> list[Merge]:
    return [m for m in merges if m.first_row == row and m.horizontal]


def _composite(top: list[str], bottom: list[str], merges: list[Merge], top_row: int) -> tuple[list[str], list[str]]:
    """Column names of a two-row header: the upper cell (spread over its merged
    columns) joined to the lower one; a cell merged down both rows keeps its name."""
    width = max(len(top), len(bottom))
    top = top + [""] * (width - len(top))
    bottom = bottom + [""] * (width - len(bottom))
    spread = list(top)
    spans = _horizontal_merges(merges, top_row)
    for merge in spans:
        for col in range(merge.first_col + 1, min(merge.last_col + 1, width)):
            spread[col] = top[merge.first_col]
    if not spans:
        # No merge information (CSV): a group cell covers the blank cells to
        # its right that have a lower cell, as long as it has one itself.
        for col in range(1, width):
            if not top[col] and bottom[col] and spread[col - 1] and bottom[col - 1]:
                spread[col] = spread[col - 1]
    names = [f"{u}/{d}" if u and d else (u or d) for u, d in zip(spread, bottom)]
    return names, bottom


def _header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and not any(looks_numeric(c) or is_info(c) for c in filled)


def find_header(head: list[tuple[int, list[str]]], merges: list[Merge], vocabulary: Vocabulary) -> HeaderBlock:
    """The header block among the first rows of a sheet (``head``: non-blank rows)."""
    if not head:
        raise TabularError("empty")
    scores = [_score(vocabulary, _trimmed(cells)) for _n, cells in head]
    best = max(range(len(head)), key=lambda i: (scores[i], -i))
    if scores[best][0] == 0:
        raise TabularError("no_header", NO_HEADER, rows=len(head),
                           examples="、".join(col.aliases[0] for col in vocabulary.columns[:4] if col.aliases))
    number, cells = head[best]
    block = HeaderBlock(rows=[number], headers=_trimmed(cells), lower=None, above=head[:best], raw=[cells])
    return _two_row(block, head, best, merges, vocabulary, scores[best])


def _two_row(block: HeaderBlock, head, best: int, merges, vocabulary, single) -> HeaderBlock:
    number, cells = head[best]
    key_col = _key_column(vocabulary, block.headers)
    if best + 1 < len(head) and head[best + 1][0] == number + 1:
        below = head[best + 1][1]
        key_blank = key_col is None or key_col >= len(below) or not below[key_col]
        # A lower header row names the parts of a group (two or more cells); a
        # section title right under the header ("一、浒山街道") is one cell.
        parts = sum(1 for c in below if c) >= 2
        if key_blank and parts and _header_like(below):
            names, lower = _composite(_trimmed(cells), _trimmed(below), merges, number)
            if _score(vocabulary, names, lower) >= single:
                return HeaderBlock(rows=[number, number + 1], headers=names, lower=lower, above=head[:best],
                                   raw=[cells, below])
    if best > 0 and head[best - 1][0] == number - 1:
        above_number, above = head[best - 1]
        spans = _horizontal_merges(merges, above_number)
        grouped = spans or (not merges and sum(1 for c in above if c) >= 2)
        if grouped and _header_like(above) and not _title_merge(merges, above_number, len(block.headers)):
            names, lower = _composite(_trimmed(above), block.headers, merges, above_number)
            # Without merge information a row of plain cells above the header is a
            # group header only if joining it matches more (a title split over two
            # cells does not).
            better = _score(vocabulary, names, lower)
            if better > single or (spans and better >= single):
                return HeaderBlock(rows=[above_number, number], headers=names, lower=lower, above=head[:best - 1],
                                   raw=[above, cells])
    return block


def _title_merge(merges: list[Merge], row: int, width: int) -> bool:
    """A title merged across (nearly) the whole table is not a group header."""
    return any(m.first_row == row and m.last_col - m.first_col + 1 >= max(width - 1, 2) for m in merges)


def _key_column(vocabulary: Vocabulary, headers: list[str]) -> int | None:
    for i, header in enumerate(headers):
        good = [c for c in vocabulary.candidates(header) if c.score >= FUZZY_MIN]
        if good and good[0].field == vocabulary.key_field:
            return i
    return None


def plan_for(block: HeaderBlock, vocabulary: Vocabulary, *, choices=None, saved=None) -> ColumnPlan:
    return match_columns(block.headers, vocabulary, choices=choices, saved=saved, lower=block.lower)


def header_keys(block: HeaderBlock) -> list[str]:
    return [header_key(h) for h in block.headers]


def raw_header_keys(block: HeaderBlock) -> list[list[str]]:
    return [_trimmed([header_key(c) for c in row]) for row in block.raw]
