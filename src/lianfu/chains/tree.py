"""A lead firm's supplier tree: the supplier graph unfolded into paths.

A firm appears once per path that reaches it (under each buyer, and again
under each path to that buyer) but is counted once (graph.supplier_ids). A
firm already on its own path is shown as a leaf marked ``cycle`` and not
unfolded again. Unfolding every path of a dense network can explode, so the
tree has a node budget: once spent, a firm met again is shown as a leaf marked
``repeat`` (its suppliers are already drawn where it was first met)."""
from collections import Counter
from dataclasses import dataclass, field

from lianfu.chains.graph import Firm, Link, SupplierGraph
from lianfu.chains.location import county_label
from lianfu.registry.stages import STAGE_COLOURS, Stage, Sync, sync_done

NODE_BUDGET = 20_000


@dataclass
class Node:
    firm_id: int
    tier: int
    link: Link | None            # the link to the parent (None for the lead)
    path: frozenset[int]         # firms from the lead down to this one
    cycle: bool = False
    repeat: bool = False
    children: list["Node"] = field(default_factory=list)


@dataclass
class SupplierTree:
    graph: SupplierGraph
    root: Node
    node_count: int
    truncated: bool


def unfold(graph: SupplierGraph, budget: int = NODE_BUDGET) -> SupplierTree:
    """Breadth first, so that when the budget runs out the shallow tiers are complete."""
    root = Node(graph.lead_id, 0, None, frozenset([graph.lead_id]))
    queue = [root]
    expanded: set[int] = set()
    count, truncated = 1, False
    while queue:
        nxt = []
        for node in queue:
            if node.tier >= graph.depth or node.cycle:
                continue
            if node.firm_id in expanded and count >= budget:
                node.repeat, truncated = True, True
                continue
            expanded.add(node.firm_id)
            for link in graph.links_by_buyer.get(node.firm_id, ()):
                cycle = link.supplier_id in node.path
                child = Node(link.supplier_id, node.tier + 1, link, node.path | {link.supplier_id}, cycle=cycle)
                node.children.append(child)
                nxt.append(child)
            count += len(node.children)
        queue = nxt
    return SupplierTree(graph, root, count, truncated)


def summary(graph: SupplierGraph) -> dict:
    """Counts over the suppliers counted once; 'in the county' means the lead's county."""
    home_county = graph.firms[graph.lead_id].county_code
    suppliers = [graph.firms[pk] for pk in graph.supplier_ids]
    stages = Counter(f.stage for f in suppliers)
    total = len(suppliers)
    done = sync_done(stages)
    return {
        "suppliers": total,
        "by_tier": dict(sorted(Counter(graph.tier[f.pk] for f in suppliers).items())),
        "in_county": sum(f.county_code == home_county for f in suppliers),
        "out_of_county": sum(f.county_code != home_county for f in suppliers),
        "by_stage": {s.value: stages.get(s.value, 0) for s in Stage},
        "done": done,
        "completion": round(100 * done[Sync.RESTART] / total, 1) if total else 100.0,
    }


class TreeView:
    """What one viewer may read of each node. Everyone allowed to see the chain
    reads names, tiers, places, items, values and stages; the buyer's stock
    days only officers and the buyer itself; a link to the firm's own page only
    where the viewer's jurisdiction reaches (the page is scoped anyway)."""

    def __init__(self, *, sees_all_stock: bool, own_enterprise_id: int | None, reaches):
        self.sees_all_stock = sees_all_stock
        self.own_enterprise_id = own_enterprise_id
        self.reaches = reaches
        # Labels are lazy translations: resolve each once per request, not per node.
        self.stage_meta = {s.value: (str(s.label), STAGE_COLOURS[s]) for s in Stage}

    def fields(self, tree: SupplierTree, node: Node) -> dict:
        graph = tree.graph
        home = graph.firms[graph.lead_id].county_code
        firm: Firm = graph.firms[node.firm_id]
        out = {
            "uscc": firm.uscc,
            "name": firm.name,
            "tier": node.tier,
            "town": firm.town_name if firm.county_code == home else "",
            "county_code": firm.county_code,
            "county": county_label(firm.county_code),
            "in_county": firm.county_code == home,
            "stage": firm.stage,
            "stage_label": self.stage_meta[firm.stage][0],
            "colour": self.stage_meta[firm.stage][1],
            "detail": bool(self.reaches(firm)),
            "cycle": node.cycle,
            "repeat": node.repeat,
        }
        link = node.link
        if link is not None:
            total = graph.input_total(link.buyer_id)
            sees_stock = self.sees_all_stock or link.buyer_id == self.own_enterprise_id
            out.update({
                "item": link.item,
                "annual_value": link.annual_value,
                "share": round(link.annual_value / total, 4) if total else None,
                "essential": link.essential,
                "stock_days": link.stock_days if sees_stock else None,
            })
        return out

    def nested(self, tree: SupplierTree, node: Node | None = None) -> dict:
        node = node or tree.root
        return {**self.fields(tree, node), "children": [self.nested(tree, child) for child in node.children]}

    def rows(self, tree: SupplierTree):
        """One flat row per node below the lead, depth first (the Excel export),
        each with the name of the buyer above it."""
        stack = [(child, tree.root) for child in reversed(tree.root.children)]
        while stack:
            node, parent = stack.pop()
            yield tree.graph.firms[parent.firm_id].name, self.fields(tree, node)
            stack.extend((child, node) for child in reversed(node.children))
