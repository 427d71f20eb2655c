"""The daily report's lists (report.py writes the first sheet): the figures by
town and by industry with the overview exports' columns and a total row, the
chains not complete with their blocking suppliers (all of them), and the
tickets overdue at the report's moment with a count per owner."""
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianfu.dashboard.blocks import chains_behind, overdue_at, overdue_by_owner
from lianfu.dashboard.groups import industry_rows, town_rows
from lianfu.dashboard.headline import HEADLINE
from lianfu.dashboard.metrics import Figures, Tally
from lianfu.dashboard.report_layout import Code, ReportBook, ReportSheet
from lianfu.helpdesk.countdown import span

BLOCKING_NAMED = 10     # names per chain; past that "…等N家": a cell stays readable when printed


def _start(report: ReportBook, name: str, heading: tuple[str, str], columns: int) -> ReportSheet:
    title, date_line = heading
    sheet = report.sheet(name, columns)
    sheet.line(f"{title} · {name}", "title")
    sheet.line(date_line)
    return sheet


def groups_sheets(report: ReportBook, heading: tuple[str, str], figures: Figures, *, towns: bool) -> None:
    """By town (a county's report only: a town has one) and by industry."""
    if towns:
        _groups(report, heading, pgettext("daily report", "By town"), _("Town"), town_rows(figures), figures.total)
    _groups(report, heading, pgettext("daily report", "By industry"), _("Industry"), industry_rows(figures),
            figures.total)


def _tally_cells(tally: Tally) -> list:
    return [tally.firms, tally.restarted, *(getattr(tally, key) for key, _label, _note in HEADLINE)]


def _groups(report, heading, name: str, label: str, rows: list[dict], total: Tally) -> None:
    sheet = _start(report, name, heading, 3 + len(HEADLINE))
    sheet.header([label, _("Firms"), _("Restarted"), *(f"{title} (%)" for _key, title, _note in HEADLINE)])
    for row in rows:
        sheet.cells([row["name"], *_tally_cells(row["tally"])])
    sheet.cells([_("Total"), *_tally_cells(total)], style="subtitle")
    sheet.finish()


def blocking_text(blocking) -> str:
    names = "、".join(name for _uscc, name, _tier in blocking.named)
    if blocking.more:
        return pgettext("daily report", "%(names)s and others, %(count)d in all") % {"names": names,
                                                                                     "count": blocking.count}
    return names


def chains_sheet(report: ReportBook, heading: tuple[str, str], prefix: str, day: date) -> None:
    sheet = _start(report, pgettext("daily report", "Chains not complete"), heading, 7)
    sheet.header([_("No."), _("Lead firm"), _("Town"), _("Suppliers"), _("Restarted"), _("Completion %"),
                  _("Blocking suppliers")])
    rows = chains_behind(prefix, day, shown=BLOCKING_NAMED)
    for number, chain in enumerate(rows, 1):
        sheet.cells([Code(number), chain.lead_name, chain.town or None, chain.suppliers, chain.restarted,
                     float(chain.completion), blocking_text(chain.blocking)])
    if not rows:
        sheet.line(_("Every chain is complete: all their suppliers have restarted."))
    sheet.finish()


def overdue_sheet(report: ReportBook, heading: tuple[str, str], prefix: str, moment: datetime) -> None:
    sheet = _start(report, pgettext("daily report", "Overdue tickets"), heading, 7)
    sheet.header([_("Ticket"), _("Enterprise"), _("Category"), _("Owner"), _("Town"), _("Deadline"),
                  _("Overdue by")])
    tickets = list(overdue_at(prefix, moment).select_related("enterprise", "department", "town"))
    for ticket in tickets:
        owner = ticket.department.name if ticket.department_id else _("Town triage")
        late = span(int((moment - ticket.due_at).total_seconds() // 60))
        sheet.cells([Code(ticket.pk), ticket.enterprise.name, ticket.get_category_display(), owner,
                     ticket.town.name, ticket.due_at, late])
    if not tickets:
        sheet.line(_("No ticket is past its deadline."))
    sheet.blank()
    sheet.line(_("Overdue tickets by department"), "subtitle")
    sheet.cells([_("Owner"), _("Overdue tickets")], style="header")
    for row in overdue_by_owner(prefix, moment):
        sheet.cells([row.owner, row.overdue])
    sheet.finish()
