"""lianfu demo --size small|county --seed N: load the demo county."""
import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled
from rich.console import Console
from rich.table import Table

from lianfu.common.progress import rich_progress
from lianfu.dashboard.snapshots import counties, take_days
from lianfu.demo.context import DEMO_PASSWORD, SIZES
from lianfu.demo.generate import generate
from lianfu.demo.history_plan import DAYS, FIRST_DAY
from lianfu.registry.models import Enterprise


class Command(BaseCommand):
    help = "Load the demo county (deterministic for a seed) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when enterprises already exist")

    def handle(self, *args, size, seed, if_empty, **options):
        with scopes_disabled():
            existing = Enterprise.objects.count()
        if existing:
            if if_empty:
                self.stdout.write(f"demo: the database already holds {existing:,} enterprises; left as it is")
                return
            raise CommandError(f"the database already holds {existing:,} enterprises; the demo loads into an empty one")
        started = time.perf_counter()
        with rich_progress() as progress:
            ctx = generate(size=size, seed=seed, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"demo county loaded: {ctx.firm_count:,} enterprises in {time.perf_counter() - started:.1f} s "
            f"(seed {seed})"))
        for line in ctx.summary:
            self.stdout.write(line)
        days = write_snapshots()
        self.stdout.write(f"daily snapshots of the county's figures: {len(days)} days, "
                          f"{days[0].isoformat()} to {days[-1].isoformat()}")
        print_logins(self.stdout, ctx.logins)


def write_snapshots() -> list:
    """The trend on the overview: a snapshot of each day of the demo's history, and of yesterday."""
    first, last = date(*FIRST_DAY), date(*FIRST_DAY) + timedelta(days=DAYS - 1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    days.append(timezone.localdate() - timedelta(days=1))
    with scopes_disabled():
        for county in counties():
            take_days(county, days)
    return days


def print_logins(out, logins: list[dict]) -> None:
    # rich measures Chinese characters as double width, so the columns line up.
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})", title_justify="left")
    for column in ("username", "role", "where"):
        table.add_column(column)
    for row in logins:
        table.add_row(row["username"], row["role"], row["where"])
    Console(file=out, width=100).print(table)
