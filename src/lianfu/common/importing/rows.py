"""Walking a table's data rows the way every importer does: counted into the
result, with progress reported every few thousand rows."""
from collections.abc import Callable, Iterator

from lianfu.common.importing.result import ImportResult, Rejection

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2000


def no_progress(step: str, done: int, total: int) -> None:
    """The progress callback of an import nobody watches."""


def counted_rows(table, result: ImportResult, progress: Progress) -> Iterator[tuple[int, list[str]]]:
    """(Excel row number, cells) for each data row; ``result.rows`` counts them.
    ``table``: an ImportTable (its skipped rows land in ``result.layout``)."""
    total = table.row_count
    for row, cells in table.rows:
        result.rows += 1
        yield row, cells
        if result.rows % PROGRESS_EVERY == 0:
            progress("validating", result.rows, max(total, result.rows))
    progress("validating", result.rows, result.rows)
    result.layout = table.summary()


def rejection(labels: dict, row: int, field: str, value: str, reason, cells=()) -> Rejection:
    """A rejected row as the report shows it: the column by its label, the reason in words."""
    return Rejection(row=row, field=str(labels.get(field, field)), value=value, reason=str(reason),
                     cells=tuple(cells))


def masked_rejection(masks: dict[str, Callable[[str], str]], plan, labels: dict, row: int, field: str, value: str,
                     reason, cells=()) -> Rejection:
    """rejection() for a file of personal data: the cells of ``masks``' fields (ID numbers,
    phones) masked in the value and in the row the rejects report repeats. ``plan``: the
    table's ColumnPlan (which column became which field). The official finds the row by
    its number in their own file, corrects it there and uploads again."""
    at = {fate.index: masks[fate.field] for fate in plan.fates if fate.field in masks}
    shown = tuple(at[i](str(c)) if i in at and c not in (None, "") else c for i, c in enumerate(cells))
    return rejection(labels, row, field, masks[field](str(value)) if field in masks and value else value, reason,
                     shown)

