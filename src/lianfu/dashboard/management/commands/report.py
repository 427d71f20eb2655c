"""`lianfu report daily [--date YYYY-MM-DD] --out FILE.xlsx [--county CODE]
[--town CODE] [--pdf]`: write the daily report (dashboard/report.py) of a
county, or of one of its towns, for a day (default today); --pdf also prints
it to FILE.pdf with LibreOffice (dashboard/pdf.py)."""
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lianfu.dashboard.pdf import PdfError, to_pdf
from lianfu.dashboard.report import build_daily_report
from lianfu.registry.divisions import by_code, county_by_code
from lianfu.registry.enums import DivisionLevel


class Command(BaseCommand):
    help = "Write the daily report (日报) of a county or a town as .xlsx (and PDF)"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        daily = actions.add_parser("daily", help="the daily report of a day",
                                   description="The headline figures with the day before, by town and by "
                                               "industry, the chains not complete and the overdue tickets, "
                                               "laid out for printing. Today's figures are read as of now; a past "
                                               "day's from its daily snapshot, or rebuilt from the records when "
                                               "there is none (or with --rebuild).")
        daily.add_argument("--date", dest="day", default="", help="the day, YYYY-MM-DD (default: today)")
        daily.add_argument("--out", required=True, help="the .xlsx file to write")
        daily.add_argument("--county", default="", help="the county's 6- or 12-digit code (default: "
                                                        "LIANFU_HOME_COUNTY, or the --town's county)")
        daily.add_argument("--town", default="", help="a town's 9- or 12-digit code: that town's report only")
        daily.add_argument("--pdf", action="store_true", help="also write FILE.pdf (needs LibreOffice)")
        daily.add_argument("--rebuild", action="store_true", help="rebuild every figure from the records, not "
                                                                  "the snapshots (after a back-dated correction)")

    def handle(self, *args, action, day, out, county, town, pdf, rebuild, **options):
        chosen = chosen_day(day)
        division = chosen_division(county, town)
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"--out {out!r}: the folder {str(target.parent)!r} does not exist")
        started = time.perf_counter()
        build_daily_report(target, division, chosen, rebuild=rebuild)
        self.stdout.write(f"report daily: {division.name} ({division.code}) {chosen.isoformat()} written to "
                          f"{target} in {time.perf_counter() - started:.1f} s")
        if pdf:
            started = time.perf_counter()
            try:
                printed = to_pdf(target, target.parent)
            except PdfError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"report daily: PDF written to {printed} in {time.perf_counter() - started:.1f} s")


def chosen_day(text: str) -> date:
    today = timezone.localdate()
    try:
        day = date.fromisoformat(text) if text else today
    except ValueError:
        raise CommandError(f"--date {text!r}: expected YYYY-MM-DD") from None
    if day > today:
        raise CommandError(f"--date {text}: in the future (today is {today.isoformat()}); a report tells "
                           "what has happened")
    return day


def chosen_division(county_code: str, town_code: str):
    county = None
    if county_code:
        county = county_by_code(county_code)
        if county is None:
            raise CommandError(f"--county {county_code!r}: not a county code (6 or 12 digits, e.g. 330282)")
    if not town_code:
        return county or _home_county()
    town = by_code(town_code) if len(town_code.strip()) in (9, 12) else None
    if town is None or town.level != DivisionLevel.TOWN:
        raise CommandError(f"--town {town_code!r}: not a town code (9 or 12 digits, e.g. 330282004)")
    if county is not None and not town.code.startswith(county.code[:6]):
        raise CommandError(f"--town {town_code}: {town.name} is not in {county.name} ({county.code[:6]})")
    return town


def _home_county():
    county = county_by_code(settings.LIANFU_HOME_COUNTY)
    if county is None:
        raise CommandError(f"LIANFU_HOME_COUNTY={settings.LIANFU_HOME_COUNTY!r} is not a county: give --county")
    return county
