"""The daily report as a download (/overview/report/?date=YYYY-MM-DD[&format=pdf]):
the reader's division as the overview reads it (a county officer their county,
a town officer their town, an administrator the home county).

Not audited: like every other export it holds figures and firm names the
reader may already see on the overview, no personal data (revealing personal
data is what the ActivityLog records)."""
import logging
import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.dashboard.current import division_of
from lianfu.dashboard.pdf import PdfError, pdf_available, to_pdf
from lianfu.dashboard.report import build_daily_report

logger = logging.getLogger(__name__)


def _refused(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _day(text: str) -> date | str:
    """The day asked for, or what was wrong with it."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(text) if text else today
    except ValueError:
        return _("The date must be written YYYY-MM-DD, e.g. %(today)s.") % {"today": today.isoformat()}
    if day > today:
        return _("%(day)s is in the future: a daily report can be built for today or an earlier day.") % {
            "day": day.isoformat()}
    return day


@login_required
@permission_required("dashboard.view_overview", raise_exception=True)
def daily_report(request):
    day = _day(request.GET.get("date", "").strip())
    if isinstance(day, str):
        return _refused(day, 400)
    wants_pdf = request.GET.get("format") == "pdf"
    if wants_pdf and not pdf_available():
        return _refused(_("PDF is not available on this server (LibreOffice is not installed); "
                          "download the Excel file instead."), 404)
    division = division_of(request.user)
    name = f"daily-report-{day.isoformat()}"
    if not wants_pdf:
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx")   # removed when the response is closed
        build_daily_report(handle.name, division, day)
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=f"{name}.xlsx")
    with tempfile.TemporaryDirectory(prefix="lianfu-report-") as folder:
        source = Path(folder) / f"{name}.xlsx"
        build_daily_report(source, division, day)
        try:
            printed = to_pdf(source, Path(folder)).read_bytes()
        except PdfError as error:
            logger.warning("daily report %s of %s: %s", day, division.code, error)
            return _refused(_("The PDF could not be made just now; download the Excel file instead."), 503)
    response = HttpResponse(printed, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
