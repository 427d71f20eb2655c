"""The county's daily report (日报), as officers sent it upward every day in
2020: the headline figures with the day before, the counts, the definitions;
then by town (a county's report only), by industry, the chains not complete
with their blocking suppliers, and the overdue tickets (report_lists.py).

Every figure is figures_on's (docs/metrics.md), as the overview reads it
(current.figures_of_day): today's as of now (the cache `lianfu serve` keeps
warm), a past day's from its daily snapshot, rebuilt from the dated records
when there is none or when asked (``rebuild``): the same past day gives the
same cells whenever it is built (but the "generated" line). The lists (chains,
tickets) are always read from the records, as of the day's end or now."""
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django_scopes import scopes_disabled

from lianfu.common.scoping import code_prefix
from lianfu.dashboard.blocks import as_of
from lianfu.dashboard.current import figures_of_day
from lianfu.dashboard.headline import headline
from lianfu.dashboard.metrics import Tally
from lianfu.dashboard.report_layout import ReportBook
from lianfu.dashboard.report_lists import chains_sheet, groups_sheets, overdue_sheet
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

NOTES_COLUMN = 40      # the last column's width: each definition on one printed line where it can be
COUNTS = (
    ("firms", gettext_lazy("Firms")),
    ("restarted", gettext_lazy("Restarted")),
    ("above_scale", gettext_lazy("Above-scale firms")),
    ("above_scale_restarted", gettext_lazy("Above-scale firms restarted")),
    ("chains", gettext_lazy("Chains")),
    ("chains_complete", gettext_lazy("Chains complete")),
    ("resolved", gettext_lazy("Tickets resolved")),
    ("resolved_on_time", gettext_lazy("Tickets resolved on time")),
)


def definitions() -> list[str]:
    """One short line per figure, from docs/metrics.md."""
    return [
        _("Restart rate: firms whose restart was confirmed on or before the day, over all firms; "
          "above-scale: the same of above-scale firms."),
        _("Capacity recovered: each firm's capacity (its restart confirmation or latest survey, the newer), "
          "weighted by its surveyed headcount."),
        _("On-duty rate: workers on duty over headcount (roster or latest survey, the newer), "
          "over the firms that have a figure."),
        _("Chain completion: in the chains led by the division's firms, suppliers restarted over all suppliers; "
          "a chain is complete when all of them have restarted."),
        _("Tickets closed on time: of the tickets resolved on or before the day, those resolved within "
          "their deadline."),
        _("Overdue: past the deadline at the report's moment and not resolved by then."),
        _("A past day is rebuilt from the dated records. “—”: nothing to count (not 0)."),
    ]


def build_daily_report(target, division: Division, day: date, rebuild: bool = False) -> None:
    """Write the report of ``division`` (a county or a town) for ``day`` to
    ``target`` (a path or a binary file object)."""
    prefix = code_prefix(division.code)
    moment = as_of(day)
    with scopes_disabled():
        figures = figures_of_day(division, day, rebuild)
        before = figures_of_day(division, day - timedelta(days=1), rebuild)
        heading = (_("Daily restart report: %(division)s") % {"division": division.name}, date_line(day))
        with ReportBook(target) as report:
            summary_sheet(report, heading, day, figures.total, before.total)
            groups_sheets(report, heading, figures, towns=division.level == DivisionLevel.COUNTY)
            chains_sheet(report, heading, prefix, day)
            overdue_sheet(report, heading, prefix, moment)


def date_line(day: date) -> str:
    if day == timezone.localdate():
        return _("Date %(day)s, as of %(time)s") % {"day": day.isoformat(),
                                                     "time": timezone.localtime().strftime("%H:%M")}
    return _("Date %(day)s, as of the end of the day") % {"day": day.isoformat()}


def summary_sheet(report: ReportBook, heading: tuple[str, str], day: date, today: Tally, before: Tally) -> None:
    sheet = report.sheet(pgettext("daily report", "Daily report"), 5)
    sheet.widen(4, NOTES_COLUMN)
    for text, style in zip(heading, ("title", "line")):
        sheet.line(text, style)
    sheet.line(_("Units: rates in per cent, changes in percentage points; counts of firms, chains and tickets."))
    days = (day.isoformat(), (day - timedelta(days=1)).isoformat())
    sheet.header([pgettext("daily report", "Figure"), *days, pgettext("daily report", "Change"),
                  pgettext("daily report", "Of what")])
    for line in headline(today, before):
        sheet.cells([line.label, line.value, line.before, line.change, line.note])
    sheet.blank()
    sheet.header([pgettext("daily report", "Count"), *days, pgettext("daily report", "Change"), ""])
    for key, label in COUNTS:
        value, earlier = getattr(today, key), getattr(before, key)
        sheet.cells([str(label), value, earlier, value - earlier, ""])
    sheet.blank()
    sheet.line(pgettext("daily report", "Notes"), "subtitle")
    for text in definitions():
        sheet.line(text)
    sheet.blank()
    sheet.line(_("Generated by lianfu at %(moment)s") % {
        "moment": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
    sheet.finish()

