"""`lianfu dashboard snapshot [--date YYYY-MM-DD] [--county CODE]`: write the
daily snapshot of every county's figures (dashboard/metrics.py) for a day
(default: today); run by `lianfu serve`'s sweep once a day and at demo load.
Running it again for a day replaces that day's snapshot.

`lianfu dashboard warm [--keep SECONDS]`: rebuild today's figures of every
county into the cache the overview reads (current.py), so no officer waits
for them; run by `lianfu serve`'s sweep."""
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lianfu.common.scoping import code_prefix
from lianfu.dashboard.current import warm
from lianfu.dashboard.snapshots import counties, take


class Command(BaseCommand):
    help = "Write the daily snapshot of each county's figures"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        snapshot = actions.add_parser("snapshot", help="write the snapshot of a day",
                                      description="Rebuild each county's figures of a day from the records "
                                                  "and store them (the trend on the overview reads them).")
        snapshot.add_argument("--date", dest="day", default="", help="the day, YYYY-MM-DD (default: today)")
        snapshot.add_argument("--county", default="", help="one county's 6- or 12-digit code (default: every "
                                                           "county with firms)")
        warm = actions.add_parser("warm", help="rebuild today's figures into the overview's cache")
        warm.add_argument("--keep", type=int, default=0, help="seconds to keep them (default: "
                                                               "LIANFU_OVERVIEW_CACHE_SECONDS)")

    def handle(self, *args, action, day="", county="", keep=0, **options):
        if action == "warm":
            return self.warm(keep)
        try:
            chosen = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {day!r}: expected YYYY-MM-DD") from None
        try:
            chosen_counties = counties(county)
        except LookupError as error:
            raise CommandError(str(error)) from None
        for division in chosen_counties:
            snapshot = take(division, chosen)
            total = snapshot.figures["total"]
            self.stdout.write(f"dashboard snapshot: {division.code[:6]} {chosen.isoformat()}: "
                              f"{total['restarted']:,} of {total['firms']:,} firms restarted")

    def warm(self, keep: int) -> None:
        today = timezone.localdate()
        for division in counties():
            started = time.perf_counter()
            warm(code_prefix(division.code), today, keep or None)
            self.stdout.write(f"dashboard warm: {division.code[:6]} {today.isoformat()} in "
                              f"{time.perf_counter() - started:.1f} s")
