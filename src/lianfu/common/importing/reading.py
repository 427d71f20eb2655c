"""Reading a file for an import: find the header, decide every column's fate,
then yield the data rows, with merged grouping cells filled down and totals,
notes and titles skipped (and listed).

    table = read_for_import(path, vocabulary, max_bytes=..., choices=..., saved=...)
    table.plan.check()            # refuses missing or ambiguous columns
    for number, cells in table.rows: ...
"""
from dataclasses import dataclass, field
from itertools import islice
from typing import Iterator

from lianfu.common.importing.columns import ColumnPlan, Vocabulary
from lianfu.common.importing.layout import (
    HEAD_ROWS,
    HeaderBlock,
    find_header,
    header_keys,
    plan_for,
    raw_header_keys,
)
from lianfu.common.importing.skipping import RowSorter, Skipped, above_header, preview_text
from lianfu.common.tabular import Merge, Sheet, open_sheet


@dataclass
class ImportTable:
    sheet: Sheet
    block: HeaderBlock
    plan: ColumnPlan
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return self.block.headers

    @property
    def row_count(self) -> int:
        """Rows below the header (data, and any totals or notes among them)."""
        return max(self.sheet.row_count - len(self.block.above) - len(self.block.rows), 0)

    @property
    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(Excel row number, cells padded to the header's width) of each data row."""
        return self._data_rows()

    def _data_rows(self):
        width = len(self.headers)
        plan = self.plan
        key_field = plan.vocabulary.key_field
        sorter = RowSorter(
            key_col=plan.index.get(key_field) if key_field else None,
            numeric_cols=[plan.index[c.field] for c in plan.vocabulary.columns if c.numeric and plan.has(c.field)],
            header_keys=header_keys(self.block), merges=self.sheet.merges, raw_header_keys=raw_header_keys(self.block))
        filler = FillDown(self.sheet.merges, below=self.block.last_row)
        for number, cells in self.sheet.rows():
            if number <= self.block.last_row:
                continue
            cells = cells[:width]
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            filler(number, cells)
            if not any(cells):
                continue
            why = sorter.skip_reason(number, cells)
            if why:
                self.skipped.append(Skipped(number, why, preview_text(cells)))
                continue
            yield number, cells

    def summary(self) -> dict:
        """Where the table was found and what happened to each column and skipped row."""
        return {"header_rows": self.block.rows, "headers": self.headers, "columns": self.plan.summary(),
                "skipped": [s.as_dict() for s in self.skipped], "format": self.sheet.source_format,
                "encoding": self.sheet.encoding or "", "uncached_formulas": self.sheet.uncached_formulas}


class FillDown:
    """A grouping cell merged down several data rows (a town over its firms)
    gives its value to every row of the merge."""

    def __init__(self, merges: list[Merge], *, below: int):
        self.starts: dict[int, list[Merge]] = {}
        for merge in merges:
            if merge.vertical and merge.first_row > below:
                self.starts.setdefault(merge.first_row, []).append(merge)
        self.open: list[tuple[Merge, str]] = []

    def __call__(self, number: int, cells: list[str]) -> None:
        if not self.starts and not self.open:
            return
        self.open = [(m, v) for m, v in self.open if m.last_row >= number]
        for merge in self.starts.get(number, ()):
            if merge.first_col < len(cells):
                self.open.append((merge, cells[merge.first_col]))
        for merge, value in self.open:
            if merge.first_row < number:
                for col in range(merge.first_col, min(merge.last_col + 1, len(cells))):
                    if not cells[col]:
                        cells[col] = value


def read_for_import(path, vocabulary: Vocabulary, *, max_bytes: int, choices: dict | None = None,
                    saved: dict | None = None) -> ImportTable:
    """Open the file and lay out its table. The plan is not checked here: a
    preview shows an incomplete plan to the user; an import calls plan.check()."""
    sheet = open_sheet(path, max_bytes=max_bytes)
    head = list(islice(sheet.rows(), HEAD_ROWS))
    block = find_header(head, sheet.merges, vocabulary)
    table = ImportTable(sheet=sheet, block=block, plan=plan_for(block, vocabulary, choices=choices, saved=saved))
    table.skipped.extend(above_header(number, cells) for number, cells in block.above)
    return table


def samples(table: ImportTable, per_column: int = 3, rows: int = 200) -> list[list[str]]:
    """A few non-blank values of each column, for the mapping step."""
    found: list[list[str]] = [[] for _ in table.headers]
    for _number, cells in islice(table.rows, rows):
        for i, value in enumerate(cells):
            if value and len(found[i]) < per_column and value not in found[i]:
                found[i].append(value)
    # Sampling walked only the first rows: the totals and notes it met there are
    # not the whole story, so the preview lists only the rows above the header.
    table.skipped[:] = [s for s in table.skipped if s.why in ("title", "info", "above_header")]
    return found
