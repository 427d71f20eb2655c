"""How close to the lower bound are the charter-trip plans, and how fast?

The instance is the demo county's (`lianfu demo --size small`, loaded into a
scratch database, or --var-dir to reuse one): every worker still away on the
demo's last day who wants to return, grouped by origin county and employer's
town exactly as the trip page does (workforce/trip_planning.waiting), with the
county's risk list of the next day (high-risk origins are never picked up).
About 27,000 workers of 12 provinces, 24,000 of them plannable.

--synthetic instead builds the earlier synthetic instance: ~20,000 workers
away in ~300 real counties of eight provinces (more from Anhui, Sichuan,
Guizhou and Henan), each county sending its workers to a few of ~20 towns of
Cixi (330282), 5% of the counties high-risk; deterministic from --seed.

For each vehicle type (bus 53, bus 45, train car 118, flight 180) and each
closeness rule (same city only, 300 km), prints: workers planned and excluded,
vehicles, the lower bound, their ratio (bar: <= 1.05, goal: 1.00), pick-ups per
vehicle (mean, max) against the pick-up bound, solve time and status. Every
plan is verified by check_plan. Usage:

    .venv/bin/python benchmarks/trips.py [--var-dir DIR] [--time-limit 10]
    .venv/bin/python benchmarks/trips.py --synthetic [--seed 2020] [--centroids PATH]
"""
import argparse
import csv
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from _bench_common import machine, peak_rss_mb, timer
from supplier_tree import setup_django  # also puts src/ on sys.path

from lianfu.workforce.trips import Group, Rules, check_plan, plan_trips

ROOT = Path(__file__).resolve().parents[1]
DIVISIONS = ROOT / "src/lianfu/registry/data/divisions.csv"
CENTROIDS = ROOT / "src/lianfu/workforce/data/centroids.csv"
HOME_COUNTY = "330282000000"  # Cixi
# Province code -> how many workers it sends, relatively (the four large labour exporters first).
PROVINCE_WEIGHT = {"34": 3.0, "51": 3.0, "52": 2.5, "41": 2.5, "36": 1.0, "53": 1.0, "33": 0.7, "43": 1.0}
VEHICLES = (("bus 53", 53), ("bus 45", 45), ("train car 118", 118), ("flight 180", 180))
DISTANCES_KM = (0.0, 300.0)


def _divisions() -> tuple[list[str], list[str]]:
    """(county codes of the provinces, 6 digits; town codes of the home county, 12 digits)."""
    counties, towns = [], []
    with DIVISIONS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "county" and row["code"][:2] in PROVINCE_WEIGHT:
                counties.append(row["code"][:6])
            elif row["level"] == "town" and row["parent_code"] == HOME_COUNTY:
                towns.append(row["code"])
    return sorted(counties), sorted(towns)


def synthetic_groups(seed: int = 2020, workers: int = 20_000, counties: int = 300, towns: int = 20,
                     high_risk_share: float = 0.05) -> list[Group]:
    rng = random.Random(seed)
    all_counties, all_towns = _divisions()
    chosen: list[str] = []
    pool = list(all_counties)
    while len(chosen) < counties:  # weighted sampling without replacement
        county = rng.choices(pool, weights=[PROVINCE_WEIGHT[c[:2]] for c in pool])[0]
        chosen.append(county)
        pool.remove(county)
    chosen.sort()
    destinations = sorted(rng.sample(all_towns, towns))
    popularity = [rng.lognormvariate(0, 0.8) for _ in destinations]
    size = {c: PROVINCE_WEIGHT[c[:2]] * rng.lognormvariate(0, 0.9) for c in chosen}
    scale = workers / sum(size.values())
    high_risk = set(rng.sample(chosen, round(high_risk_share * counties)))
    groups = []
    for county in chosen:
        away = max(1, round(size[county] * scale))
        # Workers of one county cluster in a few towns (they follow each other).
        served = sorted(set(rng.choices(destinations, weights=popularity, k=rng.randint(1, 6))))
        shares = [rng.random() + 0.2 for _ in served]
        counts = [int(away * s / sum(shares)) for s in shares]
        counts[0] += away - sum(counts)
        groups += [Group(county, county[:4], town, n, county in high_risk) for town, n in zip(served, counts) if n]
    return groups


def read_city_centroids(path: Path) -> dict[str, tuple[float, float]]:
    """City code (4 digits) -> (lon, lat), from a code,lon,lat file of 12-digit codes."""
    centroids = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            if code[4:] == "00000000" and code[2:4] != "00":
                centroids[code[:4]] = (float(row["lon"]), float(row["lat"]))
    return centroids


def demo_groups(var_dir: Path | None, size: str) -> tuple[list[Group], dict, str]:
    """The demo county's waiting workers as the trip page groups them, the product's centroids, and a label."""
    setup_django(var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-trips-")), size)
    from django.conf import settings

    from lianfu.demo import workforce_days
    from lianfu.registry.models import Division
    from lianfu.workforce import trip_planning

    county = Division.objects.get(code=settings.LIANFU_HOME_COUNTY.ljust(12, "0"))
    day = workforce_days.LAST_DAY + dt.timedelta(days=1)
    found = trip_planning.waiting(county, trip_planning.high_risk_on(county, day))
    label = (f"demo --size {size}, waiting on {day}: {sum(g.workers for g in found.groups):,} workers "
             f"({sum(g.workers for g in found.groups if g.high_risk):,} in high-risk origins, "
             f"{found.unknown_origin} of unknown origin left out) of "
             f"{len({g.origin[:2] for g in found.groups})} provinces")
    return found.groups, trip_planning.city_centroids(), label


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", action="store_true", help="the synthetic instance, not the demo county's")
    parser.add_argument("--var-dir", type=Path, help="reuse this demo database (default: load a scratch one)")
    parser.add_argument("--size", default="small", help="demo size to load (default small)")
    parser.add_argument("--seed", type=int, default=2020, help="--synthetic only")
    parser.add_argument("--centroids", type=Path, default=CENTROIDS, help="--synthetic only")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per plan")
    parser.add_argument("--max-dropoffs", type=int, default=None)
    args = parser.parse_args()
    if args.synthetic:
        centroids, groups = read_city_centroids(args.centroids), synthetic_groups(args.seed)
        label = f"synthetic, seed {args.seed}"
    else:
        groups, centroids, label = demo_groups(args.var_dir, args.size)
    cities = {g.city for g in groups}
    print(f"{machine()}; {label}; {sum(g.workers for g in groups)} workers in {len(groups)} groups, "
          f"{len({g.origin for g in groups})} counties, {len(cities)} cities "
          f"({len(cities - set(centroids))} without centroid), {len({g.destination for g in groups})} towns; "
          f"time limit {args.time_limit:g} s, max drop-offs {args.max_dropoffs}")
    header = (f"{'vehicle':<14}{'km':>5}{'planned':>9}{'excluded':>9}{'vehicles':>9}{'bound':>7}{'ratio':>7}"
              f"{'pickups/v':>10}{'max':>5}{'pickups':>9}{'p.bound':>8}{'seconds':>9}  status")
    print(header)
    worst = 1.0
    for name, capacity in VEHICLES:
        for km in DISTANCES_KM:
            rules = Rules(capacity, km, args.max_dropoffs, args.time_limit)
            with timer() as t:
                plan = plan_trips(groups, rules, centroids)
            check_plan(groups, rules, centroids, plan)
            per_vehicle = [len(v.pickups) for v in plan.vehicles]
            worst = max(worst, plan.ratio)
            print(f"{name:<14}{km:>5.0f}{plan.workers_planned:>9}{plan.workers_excluded:>9}{len(plan.vehicles):>9}"
                  f"{plan.lower_bound:>7}{plan.ratio:>7.3f}{sum(per_vehicle) / len(per_vehicle):>10.2f}"
                  f"{max(per_vehicle):>5}{plan.pickups:>9}{plan.pickup_lower_bound:>8}{t.seconds:>9.2f}  {plan.status}"
                  f"{' (time limit hit)' if plan.timed_out else ''}")
    print(f"worst ratio vehicles / lower bound: {worst:.3f} (bar 1.05, goal 1.00); peak RSS {peak_rss_mb():.0f} MB")
    return 0 if worst <= 1.05 else 1


if __name__ == "__main__":
    sys.exit(main())
