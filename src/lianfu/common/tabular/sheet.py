"""A sheet as the file holds it: every non-blank row, with Excel's row numbers,
and the merged ranges. Which row is the header is not decided here: the import
machinery (common.importing.layout) finds it with the importer's vocabulary."""
from dataclasses import dataclass, field
from typing import Callable, Iterator

Row = tuple[int, list[str]]


@dataclass(frozen=True)
class Merge:
    """A merged range: Excel row numbers (1-based, inclusive) and column
    indexes into the row's cells (0-based, inclusive)."""
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    @property
    def vertical(self) -> bool:
        return self.last_row > self.first_row

    @property
    def horizontal(self) -> bool:
        return self.last_col > self.first_col


@dataclass
class Sheet:
    row_count: int                      # non-blank rows
    source_format: str                  # "csv" | "xlsx" | "xls"
    _iterate: Callable[[], Iterator[Row]]
    encoding: str | None = None         # csv only
    merges: list[Merge] = field(default_factory=list)
    # Formula cells that had no value stored by Excel: they read as their
    # formula text ("=SUM(B2:B4)"), never as an invented number.
    uncached_formulas: int = 0

    def rows(self) -> Iterator[Row]:
        """(Excel row number, cells) for every non-blank row; a fresh pass each call.
        Cells are strings (see cells.py); rows are not padded to a common width."""
        return self._iterate()
