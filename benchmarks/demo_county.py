"""How long does the demo county take to load, step by step?

Migrates a fresh SQLite database in a temporary directory, runs every demo step
(demo.STEPS) timing each, then prints the network's figures (firms, links,
chains, the largest chain's direct suppliers and members by tier) and the total
against the budget the product issue sets for `lianfu demo --size county`
(well under 60 s on a 2-core machine). Usage:

    .venv/bin/python benchmarks/demo_county.py [--size county] [--seed 2020]
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

BUDGET_SECONDS = 60.0


def setup_django(var_dir: str) -> None:
    os.environ["LIANFU_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def run_steps(size: str, seed: int) -> float:
    from lianfu.demo.context import DemoContext
    from lianfu.demo.steps import STEPS

    ctx = DemoContext.start(size=size, seed=seed, progress=None)
    total = 0.0
    for step in STEPS:
        started = time.perf_counter()
        step(ctx)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"  {step.__name__:<16} {seconds:6.1f} s")
    return total


def print_network() -> None:
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.chains.models import Chain, ChainMember, SupplyLink
    from lianfu.registry.models import Enterprise

    with scopes_disabled():
        firms = Enterprise.objects.count()
        county = Enterprise.objects.filter(division__code__startswith="330282").count()
        print(f"firms {firms:,} ({county:,} in the county, {firms - county:,} outside), "
              f"links {SupplyLink.objects.count():,}, chains {Chain.objects.count()}")
        lead = User.objects.get(username="firm").enterprise
        tiers = dict(ChainMember.objects.filter(chain__lead=lead).values_list("tier")
                     .annotate(n=Count("pk")).order_by("tier"))
        outside = ChainMember.objects.filter(chain__lead=lead, in_county=False).count()
        print(f"largest chain ({lead.name}): {lead.purchase_links.count()} direct suppliers, "
              f"{sum(tiers.values()):,} members by tier {tiers}, {outside} outside the county")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        print(f"demo --size {args.size} --seed {args.seed}, {os.cpu_count()} cores:")
        total = run_steps(args.size, args.seed)
        print_network()
        print(f"total {total:.1f} s; budget {BUDGET_SECONDS:.0f} s; ratio budget/total {BUDGET_SECONDS / total:.1f}×")


if __name__ == "__main__":
    main()
