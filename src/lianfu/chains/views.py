"""Chain pages: the county's chains, one chain's tree, gaps and outside
suppliers, a supplier's memberships. Hand-offs are in hand_off_views.py."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.http import urlencode

from lianfu.chains import exports, queries
from lianfu.chains.access import get_chain, home_county_code, own_chain_or_memberships, tree_view_for
from lianfu.chains.enums import DEFAULT_DEPTH, MAX_DEPTH
from lianfu.chains.graph import load_supplier_graph
from lianfu.chains.models import Chain
from lianfu.chains.tree import summary, unfold
from lianfu.common.pagination import page_of
from lianfu.registry.stages import STAGE_COLOURS, Stage


def _stage_legend():
    return [(s.value, s.label, STAGE_COLOURS[s]) for s in Stage]


@login_required
def chain_list(request):
    """The county view (officers); an enterprise goes to its own chain or memberships."""
    if not request.user.has_perm("chains.list_chains"):
        return own_chain_or_memberships(request.user, "chains:chain_detail")
    sort = request.GET.get("sort", "-completion")
    qs = queries.chains_with_stats(Chain.objects.all(), sort)
    if request.GET.get("export") == "xlsx":
        return exports.chain_list_xlsx(qs)
    return render(request, "chains/chain_list.html",
                  {"page": page_of(request, qs), "sort": sort, "query": urlencode({"sort": sort})})


def _depth(request) -> int:
    try:
        return min(max(int(request.GET.get("depth", DEFAULT_DEPTH)), 1), MAX_DEPTH)
    except ValueError:
        return DEFAULT_DEPTH


@login_required
def chain_detail(request, uscc: str):
    chain = get_chain(request.user, uscc)
    depth = _depth(request)
    counts = summary(load_supplier_graph(chain.lead_id, depth))
    return render(request, "chains/chain_detail.html", {
        "chain": chain, "depth": depth, "depths": range(1, MAX_DEPTH + 1), "summary": counts,
        # The four syncs from the tree's own counts: no second pass over the members.
        "legend": _stage_legend(),
        "report": queries.GapReport(total=counts["suppliers"], groups=[], done=counts["done"]),
        "can_import": request.user.has_perm("chains.import_suppliers", chain),
    })


@login_required
def tree_export(request, uscc: str):
    chain = get_chain(request.user, uscc)
    tree = unfold(load_supplier_graph(chain.lead_id, _depth(request)))
    return exports.tree_xlsx(chain, tree, tree_view_for(request.user))


@login_required
def chain_gaps(request, uscc: str):
    chain = get_chain(request.user, uscc)
    report = queries.gaps(chain)
    if request.GET.get("export") == "xlsx":
        return exports.gaps_xlsx(chain, report)
    return render(request, "chains/chain_gaps.html", {"chain": chain, "report": report, "legend": _stage_legend()})


@login_required
def chain_outside(request, uscc: str):
    chain = get_chain(request.user, uscc)
    groups = queries.hand_off_groups(home_county_code(chain), chain=chain)
    code = request.GET.get("export")
    if code is not None:
        group = next((g for g in groups if g.county_code == code), None)
        if group is None:
            raise PermissionDenied
        return exports.hand_off_xlsx(group, chain=chain)
    return render(request, "chains/chain_outside.html", {"chain": chain, "groups": groups})


@login_required
def memberships(request):
    if not request.user.has_perm("chains.view_memberships"):
        raise PermissionDenied
    rows = queries.memberships(request.user.enterprise_id)
    return render(request, "chains/memberships.html", {"rows": rows})


