"""lianfu demo --size small|county --seed N: load the demo county."""
import time

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled
from rich.console import Console
from rich.table import Table

from lianfu.common.progress import rich_progress
from lianfu.demo.context import DEMO_PASSWORD, SIZES
from lianfu.demo.generate import generate
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
        print_logins(self.stdout, ctx.logins)


def print_logins(out, logins: list[dict]) -> None:
    # rich measures Chinese characters as double width, so the columns line up.
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})", title_justify="left")
    for column in ("username", "role", "where"):
        table.add_column(column)
    for row in logins:
        table.add_row(row["username"], row["role"], row["where"])
    Console(file=out, width=100).print(table)
