"""The rejects report: the rejected rows as the file had them (its own headers,
values and row numbers) plus the reason, so an official fixes the cells and
uploads this same file again; its two added columns are ignored on the way in."""
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.common.importing.result import Rejection
from lianfu.common.tabular import write_xlsx

ORIGINAL_ROW = gettext_lazy("Original row")
REASON = gettext_lazy("Rejection reason")


def grouped(rejections: list[Rejection]) -> list[tuple[int, tuple[str, ...], str]]:
    """(row, cells, every reason of that row in words), in row order."""
    rows: dict[int, tuple[tuple[str, ...], list[str]]] = {}
    for r in rejections:
        cells, reasons = rows.setdefault(r.row, (r.cells, []))
        reasons.append(f"{r.field}：{r.reason}" if r.field else r.reason)
    return [(row, cells, "；".join(reasons)) for row, (cells, reasons) in sorted(rows.items())]


def write_rejects_report(path: Path, rejections: list[Rejection], headers: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    width = len(headers)
    write_xlsx(
        path,
        [str(ORIGINAL_ROW), *headers, str(REASON)],
        ([row, *(list(cells[:width]) + [""] * (width - len(cells))), reason]
         for row, cells, reason in grouped(rejections)),
        sheet_name=_("Rejected rows"),
        column_widths={0: 8, width + 1: 60},
    )
