"""Excel downloads: every list exports the columns it shows."""
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse

from lianfu.common.tabular import write_xlsx


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet_name: str,
                  title: str = "") -> FileResponse:
    """Write to a temporary file (constant memory, however long the list) and
    stream it; the file disappears when the response is closed."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    write_xlsx(handle.name, list(headers), rows, sheet_name=sheet_name, title=title)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename)
