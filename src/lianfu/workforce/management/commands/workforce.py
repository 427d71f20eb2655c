"""`lianfu workforce roster --check | --rebuild`: compare each firm's roster
by day (workforce.RosterDay, docs/metrics.md) with a rebuild from the
workers' state changes, or write it again from them. Every write of a state
change keeps it; this is the repair, and the check a release can run."""
import time

from django.core.management.base import BaseCommand, CommandError

from lianfu.workforce import roster_days


class Command(BaseCommand):
    help = "Check or rebuild each firm's roster by day from the workers' state changes"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        roster = actions.add_parser("roster", help="check or rebuild the roster by day",
                                    description="Compare the roster by day with the state changes, or write "
                                                "it again from them.")
        what = roster.add_mutually_exclusive_group(required=True)
        what.add_argument("--check", action="store_true", help="report rows that differ; exit 1 if any")
        what.add_argument("--rebuild", action="store_true", help="write every row again")

    def handle(self, *args, action, check=False, rebuild=False, **options):
        started = time.perf_counter()
        if rebuild:
            rows = roster_days.rebuild()
            self.stdout.write(f"workforce roster: {rows:,} rows written in {time.perf_counter() - started:.1f} s")
            return
        wrong, first = roster_days.differences()
        for firm, day, held, rebuilt in first:
            self.stdout.write(f"  firm {firm} on {day}: kept {held}, from the changes {rebuilt}")
        if wrong:
            raise CommandError(f"workforce roster: {wrong:,} rows differ from the state changes "
                               "(lianfu workforce roster --rebuild writes them again)")
        self.stdout.write(f"workforce roster: matches the state changes ({time.perf_counter() - started:.1f} s)")
