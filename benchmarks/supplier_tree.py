"""How fast is the supplier tree of the county's largest lead firm?

Loads the `county` demo (≈30,000 firms, ≈300,000 links) into a fresh SQLite
database under a temporary directory (or reuses --var-dir if it already holds
one), picks the lead firm with the most direct suppliers, and times, best of
--repeat runs:

  1. building the tree: supplier graph (one query per tier) + unfolding paths;
  2. the API answer: GET /api/chains/{lead}/tree through Django's full request
     stack (middleware, scopes, permission, JSON rendering) as a county officer;
  3. the comparator, in the same process on the same data: the same traversal
     done naively, one query per node for its links, its firm and its stage.

Prints the figures and the ratio naive / ours. Usage:

    .venv/bin/python benchmarks/supplier_tree.py [--size county] [--var-dir DIR] [--repeat 3]
"""
import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(var_dir: Path, size: str) -> None:
    os.environ["LIANFU_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianfu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from lianfu.registry.models import Enterprise

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        if not Enterprise.objects.exists():
            started = time.perf_counter()
            call_command("demo", size=size, verbosity=0)
            print(f"demo --size {size} loaded in {time.perf_counter() - started:.1f} s")


def largest_lead():
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from lianfu.chains.models import Chain

    with scopes_disabled():
        return (Chain.objects.select_related("lead")
                .annotate(direct=Count("lead__purchase_links")).order_by("-direct").first())


def naive_tree(lead_id: int, depth: int) -> int:
    """The straightforward ORM traversal: for every node, one query for its
    links, one for the supplier and one for its stage. Returns the node count."""
    from lianfu.chains.models import SupplyLink
    from lianfu.registry.models import Enterprise
    from lianfu.restart.models import EnterpriseStage

    count = 0

    def visit(firm_id: int, tier: int, path: frozenset) -> dict:
        nonlocal count
        count += 1
        firm = Enterprise.objects.select_related("division").get(pk=firm_id)
        stage = EnterpriseStage.objects.filter(enterprise_id=firm_id).values_list("stage", flat=True).first()
        node = {"name": firm.name, "tier": tier, "stage": stage, "children": []}
        if tier < depth:
            for link in SupplyLink.objects.filter(buyer_id=firm_id).order_by("-annual_value"):
                if link.supplier_id in path:
                    continue
                node["children"].append(visit(link.supplier_id, tier + 1, path | {link.supplier_id}))
        return node

    visit(lead_id, 0, frozenset([lead_id]))
    return count


def best_of(repeat: int, fn):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county")
    parser.add_argument("--var-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="lianfu-bench-tree-"))
    setup_django(var_dir, args.size)

    from django.test import Client
    from django_scopes import scopes_disabled

    from lianfu.accounts.models import User
    from lianfu.chains.graph import load_supplier_graph
    from lianfu.chains.tree import unfold
    from lianfu.common.roles import Role

    chain = largest_lead()
    depth = chain.depth_limit
    with scopes_disabled():
        officer = User.objects.filter(role=Role.COUNTY_OFFICER).first()

    build_s, tree = best_of(args.repeat, lambda: unfold(load_supplier_graph(chain.lead_id, depth)))
    graph = tree.graph
    tiers: dict[int, int] = {}
    for pk in graph.supplier_ids:
        tiers[graph.tier[pk]] = tiers.get(graph.tier[pk], 0) + 1

    client = Client()
    client.force_login(officer)
    url = f"/api/chains/{chain.lead.uscc}/tree?depth={depth}"
    api_s, response = best_of(args.repeat, lambda: client.get(url))
    assert response.status_code == 200, response.status_code
    body = json.loads(response.content)

    with scopes_disabled():
        naive_s, naive_nodes = best_of(1, lambda: naive_tree(chain.lead_id, depth))

    print(f"lead firm: {chain.lead.name} — {chain.direct:,} direct suppliers, depth {depth}")
    print(f"suppliers counted once: {len(graph.supplier_ids):,} by tier {dict(sorted(tiers.items()))}")
    print(f"tree nodes (one per path): {tree.node_count:,} (naive traversal: {naive_nodes:,}); "
          f"truncated: {tree.truncated}")
    print(f"build tree (graph + unfold):   {build_s * 1000:8.1f} ms")
    print(f"API GET …/tree, full stack:    {api_s * 1000:8.1f} ms  ({len(response.content) / 1e6:.2f} MB JSON, "
          f"{body['nodes']:,} nodes)")
    print(f"naive, one query per node:     {naive_s * 1000:8.1f} ms")
    print(f"ratio naive / ours (build):    {naive_s / build_s:8.1f}×")
    print(f"ratio naive / ours (API):      {naive_s / api_s:8.1f}×")


if __name__ == "__main__":
    main()
