from pathlib import Path

from django.utils.translation import gettext as _

from lianfu.common.importing.result import Rejection
from lianfu.common.tabular import write_xlsx


def write_rejects_report(path: Path, rejections: list[Rejection]) -> None:
    """One line per rejected row: row number, column, the value given, the reason."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(
        path,
        [_("Row"), _("Column"), _("Value"), _("Reason")],
        ([r.row, r.field, r.value, r.reason] for r in rejections),
        sheet_name=_("Rejected rows"),
        column_widths={0: 8, 1: 18, 2: 30, 3: 60},
    )
