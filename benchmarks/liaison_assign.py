"""How good and how fast is the proposed assignment of liaison officers?

Loads the `county` demo like benchmarks/supplier_tree.py (or reuses --var-dir;
a demo loaded before the liaison step existed gets that step now: teams,
officers, buildings and last month's drifted assignment), builds the county's
problem from the records (liaison/proposals.problem_of: the units the rules
name, the teams' active officers, the current assignment), then, --repeat
times each, runs on the same problem in the same process:

  1. liaison.assign.solve (OR-Tools CP-SAT, one model per team);
  2. liaison.assign.greedy, the baseline written by hand (heaviest first, keep
     the current officers under a cap, else the least loaded).

Prints for both: seconds (best of the runs), spread (the highest max/min load
of any team), moves from the current assignment, officer places unfilled and
the shortfalls; then the bars (solve ≤ 10 s, spread ≤ 1.2, fewer moves than
greedy) with the ratios. Usage:

    .venv/bin/python benchmarks/liaison_assign.py [--var-dir DIR] [--repeat 3] [--seconds 8]
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

from supplier_tree import setup_django  # also puts src/ on sys.path

SOLVE_BAR_S, SPREAD_BAR = 10.0, 1.2


def ensure_liaison_data() -> None:
    from django_scopes import scopes_disabled

    from lianfu.demo.context import DemoContext
    from lianfu.demo.liaison_step import liaison_step
    from lianfu.liaison.models import ServiceTeam

    with scopes_disabled():
        if ServiceTeam.objects.exists():
            return
        started = time.perf_counter()
        ctx = DemoContext.start(size="county", seed=2020, progress=None)
        liaison_step(ctx)
        print(f"liaison demo step added to the loaded demo in {time.perf_counter() - started:.1f} s: "
              f"{'; '.join(ctx.summary)}")


def spread_text(spread) -> str:
    return "—" if spread is None else ("inf" if spread == float("inf") else f"{spread:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0, help="the solver's time limit")
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-"))
    setup_django(var_dir, "county")
    ensure_liaison_data()

    from django.conf import settings
    from django_scopes import scopes_disabled

    from lianfu.liaison.assign import greedy, solve
    from lianfu.liaison.assign.measure import relaxed_teams
    from lianfu.liaison.demand import needs_of
    from lianfu.liaison.proposals import current_pairs, problem_of
    from lianfu.registry.models import Division

    with scopes_disabled():
        county = Division.objects.get(code=settings.LIANFU_HOME_COUNTY.ljust(12, "0"))
        started = time.perf_counter()
        needs = needs_of(county)
        problem = problem_of(county, needs, current_pairs(county))
        built = time.perf_counter() - started
    firms = sum(n.key.startswith("firm:") for n in needs)
    print(f"county {county.name} ({county.code}): {firms:,} firms and {len(needs) - firms:,} buildings need "
          f"{sum(n.officers for n in needs):,} officer places; {len(problem.officers):,} officers in "
          f"{len(problem.teams)} teams; {sum(len(v) for v in problem.current.values()):,} current pairs "
          f"(problem read in {built:.2f} s)")

    results = {}
    for name, run in (("solver (CP-SAT)", lambda: solve(problem, time_limit_s=args.seconds)),
                      ("greedy baseline", lambda: greedy(problem))):
        best = None
        for _ in range(args.repeat):
            solution = run()
            if best is None or solution.seconds < best.seconds:
                best = solution
        results[name] = best
        loads = [v for v in best.loads.values()]
        print(f"{name}: {best.seconds:.2f} s [{best.status}], spread {spread_text(best.spread)}, load "
              f"{min(loads)}–{max(loads)} points, {best.moves:,} moves, {best.unfilled:,} places unfilled, "
              f"{len(best.shortfalls)} shortfalls")
    ours, base = results["solver (CP-SAT)"], results["greedy baseline"]
    for line in relaxed_teams(problem, ours):
        print(line)
    for short in ours.shortfalls:
        print(f"  short: {short.town} ({short.reason}): {short.officers_short} officer(s), {short.units} units")

    print()
    print(f"{'what':<28}{'ours':>12}{'bar or greedy':>22}{'ratio':>10}")
    print(f"{'solve time':<28}{ours.seconds:>10.2f} s{f'≤ {SOLVE_BAR_S:.0f} s':>20}"
          f"{' ok' if ours.seconds <= SOLVE_BAR_S else ' OVER':>6}{ours.seconds / SOLVE_BAR_S:>7.2f}×")
    spread_ok = ours.spread is not None and ours.spread <= SPREAD_BAR
    ratio = (base.spread / ours.spread) if ours.spread and base.spread not in (None, float("inf")) else float("nan")
    print(f"{'spread (max/min load)':<28}{spread_text(ours.spread):>12}{f'≤ {SPREAD_BAR}':>16}"
          f"{' ok' if spread_ok else ' OVER':>6}   greedy {spread_text(base.spread)} ({ratio:.2f}× ours)")
    fewer = ours.moves < base.moves
    print(f"{'moves from current':<28}{ours.moves:>12,}{f'greedy {base.moves:,}':>16}"
          f"{' ok' if fewer else ' NOT FEWER':>6}   {base.moves / max(ours.moves, 1):.2f}× ours")
    print(f"{'places unfilled':<28}{ours.unfilled:>12,}{f'greedy {base.unfilled:,}':>16}")
    print("ratio: ours / bar for time; greedy / ours for spread and moves")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
